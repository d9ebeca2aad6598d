using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Arrays and spans passed to other [Differentiable] methods (<see cref="ArrayCalls"/>, issue 3).</summary>
public class ArrayCallTests
{
    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0 })]
    [InlineData(new[] { 3.0 })]
    public void Norm(double[] v)
    {
        var gradient = DerivativeAssert.Check(ArrayCalls.Norm, ArrayCalls.NormGradient, ArrayCalls.NormTangent, v);
        double norm = Math.Sqrt(v.Sum(e => e * e));
        for (int i = 0; i < v.Length; i++)
            DerivativeAssert.AssertClose(v[i] / norm, gradient[i], 1e-14, $"v[{i}]/‖v‖");
    }

    [Fact]
    public void CosineSimilarity()
        => DerivativeAssert.Check(
            (a, b) => ArrayCalls.CosineSimilarity(a, b),
            (a, b, dA, dB) => ArrayCalls.CosineSimilarityGradient(a, b, dA, dB),
            (double[] a, double[] b, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, out double t) => ArrayCalls.CosineSimilarityTangent(a, b, dA, dB, out t),
            [0.5, -1.5, 2.0], [1.25, 0.75, -3.0]);

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void CrossEntropyViaLogSumExp(int label)
    {
        double[] z = [0.5, -1.2, 2.0, 1.9];
        var gradient = DerivativeAssert.Check(
            v => ArrayCalls.CrossEntropyViaLogSumExp(v, label),
            (v, dV) => ArrayCalls.CrossEntropyViaLogSumExpGradient(v, label, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => ArrayCalls.CrossEntropyViaLogSumExpTangent(v, label, dV, out t),
            z);
        var reference = new double[z.Length];
        ArrayModels.SoftmaxCrossEntropyGradient(z, label, reference);
        for (int i = 0; i < z.Length; i++)
            DerivativeAssert.AssertClose(reference[i], gradient[i], 1e-14, $"the same as SoftmaxCrossEntropy's ∂/∂z[{i}]");
    }

    [Fact]
    public void HornerOfNorm()
        => DerivativeAssert.Check(ArrayCalls.HornerOfNorm, ArrayCalls.HornerOfNormGradient, ArrayCalls.HornerOfNormTangent,
            [1.0, -2.0, 0.5], [0.3, -0.4, 0.5]);

    [Fact]
    public void BatchPerceptronLoss()
    {
        double[] x = [1.0, -0.5, 2.0], targets = [0.5, -0.25, 1.0];
        DerivativeAssert.CheckParts(
            p => ArrayCalls.BatchPerceptronLoss(p[0], p[1], p[2], p[3][0], x, targets),
            (p, g) => ArrayCalls.BatchPerceptronLossGradient(p[0], p[1], p[2], p[3][0], x, targets, g[0], g[1], g[2], out g[3][0]),
            (double[][] p, double[][] s, out double t) => ArrayCalls.BatchPerceptronLossTangent(p[0], p[1], p[2], p[3][0], x, targets, s[0], s[1], s[2], s[3][0], out t),
            [
                Part.Array("w1", 0.5, -0.3, 0.8, -0.6, 0.2, 0.4),
                Part.Array("b1", 0.1, -0.2),
                Part.Array("w2", 0.7, -0.4),
                Part.Scalar("b2", 0.1),
            ]);
    }

    [Theory]
    [InlineData(0.5, 0.5, -1.5, 2.0)]
    [InlineData(-1.2, 1.1, 0.3)]
    public void NormOfSquares(double a, params double[] v)
        => DerivativeAssert.Check(ArrayCalls.NormOfSquares, ArrayCalls.NormOfSquaresGradient, ArrayCalls.NormOfSquaresTangent, v, a);

    [Fact]
    public void LogSumExpOfSquares()
    {
        double[] v = [0.5, -1.5, 2.0];
        var gradient = DerivativeAssert.Check(ArrayCalls.LogSumExpOfSquares, ArrayCalls.LogSumExpOfSquaresGradient, ArrayCalls.LogSumExpOfSquaresTangent, v);
        double total = v.Sum(e => Math.Exp(e * e));
        for (int i = 0; i < v.Length; i++)
            DerivativeAssert.AssertClose(2 * v[i] * Math.Exp(v[i] * v[i]) / total, gradient[i], 1e-14, $"2v[{i}]·softmax(v²)[{i}]");
    }

    [Fact]
    public void CosineSimilaritySingle()
        => DerivativeAssert.Check(
            (a, b) => ArrayCalls.CosineSimilarityF(a, b),
            (a, b, dA, dB) => ArrayCalls.CosineSimilarityFGradient(a, b, dA, dB),
            (float[] a, float[] b, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, out float t) => ArrayCalls.CosineSimilarityFTangent(a, b, dA, dB, out t),
            [0.5f, -1.5f, 2f], [1.25f, 0.75f, -3f],
            (a, b, dA, dB) => ArrayCalls.CosineSimilarityGradient(a, b, dA, dB));

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        double[] u = [0.5, -1.5, 2.0], v = [1.25, 0.75, -3.0], du = new double[3], dv = new double[3];
        Assert.Equal(0, LoopAllocationTests.Allocated(() => ArrayCalls.CosineSimilarityGradient(u, v, du, dv)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => ArrayCalls.CosineSimilarityTangent(u, v, u, v, out _)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => ArrayCalls.LogSumExpOfSquaresGradient(u, du)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => ArrayCalls.LogSumExpOfSquaresTangent(u, v, out _)));
    }
}
