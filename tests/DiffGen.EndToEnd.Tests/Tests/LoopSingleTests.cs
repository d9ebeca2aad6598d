using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Single-precision loops and arrays (<see cref="LoopsF"/>), each against its double twin as well.</summary>
public class LoopSingleTests
{
    [Fact]
    public void Dot()
        => DerivativeAssert.Check(
            (a, b) => LoopsF.Dot(a, b),
            (a, b, dA, dB) => LoopsF.DotGradient(a, b, dA, dB),
            (float[] a, float[] b, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, out float t) => LoopsF.DotTangent(a, b, dA, dB, out t),
            [0.5f, -1.5f, 2f], [1.25f, 0.75f, -3f],
            (a, b, dA, dB) => Loops.DotGradient(a, b, dA, dB));

    [Theory]
    [InlineData(0.7f)]
    [InlineData(-1.3f)]
    public void Horner(float x)
        => DerivativeAssert.Check(LoopsF.Horner, LoopsF.HornerGradient, LoopsF.HornerTangent, [1f, -2f, 0.5f, 3f], x, Loops.HornerGradient);

    [Theory]
    [InlineData(1.3f, 5)]
    [InlineData(-0.7f, 3)]
    [InlineData(2f, 0)]
    public void Power(float x, int n)
        => DerivativeAssert.Check(
            v => LoopsF.Power(v, n),
            (float v, out float dV) => LoopsF.PowerGradient(v, n, out dV),
            (float v, float dV, out float t) => LoopsF.PowerTangent(v, n, dV, out t),
            x,
            (double v, out double dV) => Loops.PowerGradient(v, n, out dV));

    [Theory]
    [InlineData(2f)]
    [InlineData(0.3f)]
    [InlineData(17f)]
    public void NewtonSqrt(float a)
    {
        var gradient = DerivativeAssert.Check(LoopsF.NewtonSqrt, LoopsF.NewtonSqrtGradient, LoopsF.NewtonSqrtTangent, a, Loops.NewtonSqrtGradient);
        DerivativeAssert.AssertClose(0.5 / Math.Sqrt(a), gradient[0], 1e-5, "1/(2√a)");
    }

    [Theory]
    [InlineData(new[] { 0.5f, 1.5f, -2f, 3f })]
    [InlineData(new[] { 1f, 2f, 3f })]
    public void SquaresUntilNegative(float[] v)
        => DerivativeAssert.Check(LoopsF.SquaresUntilNegative, LoopsF.SquaresUntilNegativeGradient, LoopsF.SquaresUntilNegativeTangent, v,
            Loops.SquaresUntilNegativeGradient);

    [Fact]
    public void ProductOfSines()
        => DerivativeAssert.Check(LoopsF.ProductOfSines, LoopsF.ProductOfSinesGradient, LoopsF.ProductOfSinesTangent, [0.5f, 1.2f, 2f, -0.3f],
            Loops.ProductOfSinesGradient);

    [Fact]
    public void ForEachSpan()
        => DerivativeAssert.Check(
            a => LoopsF.ForEachSpan(a),
            (a, dA) => LoopsF.ForEachSpanGradient(a, dA),
            (float[] a, ReadOnlySpan<float> dA, out float t) => LoopsF.ForEachSpanTangent(a, dA, out t),
            [0.5f, -1.5f, 2f, 0.1f],
            (a, dA) => Loops.ForEachSpanGradient(a, dA));

    [Fact]
    public void QuadraticForm()
    {
        float[] a = [2f, -1f, 0.5f, 0.25f, 3f, -2f, 1.5f, 0.75f, -0.5f];
        double[] wide = a.Select(v => (double)v).ToArray();
        DerivativeAssert.Check(
            v => LoopsF.QuadraticForm(v, a),
            (v, dV) => LoopsF.QuadraticFormGradient(v, a, dV),
            (float[] v, ReadOnlySpan<float> dV, out float t) => LoopsF.QuadraticFormTangent(v, a, dV, out t),
            [0.5f, -1.5f, 2f],
            (v, dV) => Loops.QuadraticFormGradient(v, wide, dV));
    }

    [Fact]
    public void LogSumExp()
        => DerivativeAssert.Check(
            v => LoopsF.LogSumExp(v),
            (v, dV) => LoopsF.LogSumExpGradient(v, dV),
            (float[] v, ReadOnlySpan<float> dV, out float t) => LoopsF.LogSumExpTangent(v, dV, out t),
            [0.5f, -1.2f, 2f, 1.9f],
            (v, dV) => ArrayModels.LogSumExpGradient(v, dV));

    [Fact]
    public void PerceptronLoss()
    {
        float[] x = [1f, -0.5f, 2f];
        double[] wideX = x.Select(v => (double)v).ToArray();
        const float Target = 0.5f;
        DerivativeAssert.CheckParts(
            p => LoopsF.PerceptronLoss(p[0], p[1], p[2], p[3][0], x, Target),
            (p, g) => LoopsF.PerceptronLossGradient(p[0], p[1], p[2], p[3][0], x, Target, g[0], g[1], g[2], out g[3][0]),
            (float[][] p, float[][] s, out float t) => LoopsF.PerceptronLossTangent(p[0], p[1], p[2], p[3][0], x, Target, s[0], s[1], s[2], s[3][0], out t),
            [
                PartF.Array("w1", 0.5f, -0.3f, 0.8f, -0.6f, 0.2f, 0.4f, 0.1f, 0.9f, -0.7f, 0.3f, -0.2f, 0.6f),
                PartF.Array("b1", 0.1f, -0.2f, 0.05f, 0.3f),
                PartF.Array("w2", 0.7f, -0.4f, 0.25f, -0.9f),
                PartF.Scalar("b2", 0.1f),
            ],
            (p, g) => ArrayModels.PerceptronLossGradient(p[0], p[1], p[2], p[3][0], wideX, Target, g[0], g[1], g[2], out g[3][0]));
    }
}
