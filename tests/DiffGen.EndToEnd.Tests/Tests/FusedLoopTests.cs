using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Loops reverse mode fuses (each pass's adjoint right after the pass) and look-alikes it must not
/// (<see cref="FusedLoops"/>): finite differences, forward against reverse, the seeded overload against the plain one,
/// and Hessian-vector products against differences of the gradient.
/// </summary>
public class FusedLoopTests
{
    private static readonly double[] X = [0.7, -1.3, 0.4, 2.1, -0.2, 0.9];
    private static readonly double[] Y = [1.1, 0.3, -0.8, 0.5, 1.7, -0.6];

    [Fact]
    public void NegatedSum()
    {
        DerivativeAssert.Check(FusedLoops.NegatedSum, FusedLoops.NegatedSumGradient, FusedLoops.NegatedSumTangent, X);
        AssertSeeded(X, (x, g) => FusedLoops.NegatedSumGradient(x, g), (x, seed, g) => FusedLoops.NegatedSumGradient(x, seed, g));
        AssertHessianVector(X, (x, g) => FusedLoops.NegatedSumGradient(x, g), (x, g, d, h) => FusedLoops.NegatedSumGradientTangent(x, g, d, h));
    }

    [Fact]
    public void TwoAccumulators()
        => DerivativeAssert.Check(FusedLoops.TwoAccumulators, FusedLoops.TwoAccumulatorsGradient, FusedLoops.TwoAccumulatorsTangent, X, Y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.7)]
    public void BranchySum(double threshold)
    {
        DerivativeAssert.Check(FusedLoops.BranchySum, FusedLoops.BranchySumGradient, FusedLoops.BranchySumTangent, X, threshold);
        AssertSeeded(X, (x, g) => FusedLoops.BranchySumGradient(x, threshold, g, out _), (x, seed, g) => FusedLoops.BranchySumGradient(x, threshold, seed, g, out _));
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(-1.4)]
    public void SharedInvariant(double c)
    {
        var gradient = DerivativeAssert.Check(FusedLoops.SharedInvariant, FusedLoops.SharedInvariantGradient, FusedLoops.SharedInvariantTangent, X, c);
        // ∂/∂c by hand: scale = c² + x0, s = x0·c + Σ_{i≥1} scale·cos(x_i c), F = s + scale².
        double scale = c * c + X[0];
        double expected = X[0] + 2 * scale * 2 * c;
        for (int i = 1; i < X.Length; i++) expected += 2 * c * Math.Cos(X[i] * c) - scale * X[i] * Math.Sin(X[i] * c);
        DerivativeAssert.AssertClose(expected, gradient[1][0], 1e-13, "∂F/∂c");
        AssertSeeded(X, (x, g) => FusedLoops.SharedInvariantGradient(x, c, g, out _), (x, seed, g) => FusedLoops.SharedInvariantGradient(x, c, seed, g, out _));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    [InlineData(1)]
    public void ScratchPerPass(int width)
    {
        var w = Y.Take(width).ToArray();
        DerivativeAssert.CheckParts(
            p => FusedLoops.ScratchPerPass(p[0], p[1], width),
            (p, g) => FusedLoops.ScratchPerPassGradient(p[0], p[1], width, g[0], g[1]),
            (double[][] p, double[][] s, out double t) => FusedLoops.ScratchPerPassTangent(p[0], p[1], width, s[0], s[1], out t),
            [Part.Array("w", w), Part.Array("x", X)]);
        AssertHessianVector(X, (x, g) => FusedLoops.ScratchPerPassGradient(w, x, width, new double[width], g),
            (x, g, d, h) => FusedLoops.ScratchPerPassGradientTangent(w, x, width, new double[width], g, new double[width], d, new double[width], h));
    }

    [Fact]
    public void CarriedState()
        => DerivativeAssert.Check(FusedLoops.CarriedState, FusedLoops.CarriedStateGradient, FusedLoops.CarriedStateTangent, X);

    [Fact]
    public void CrossPassArray()
        => DerivativeAssert.Check(FusedLoops.CrossPassArray, FusedLoops.CrossPassArrayGradient, FusedLoops.CrossPassArrayTangent, X);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ReadAhead(int width)
        => DerivativeAssert.Check(
            v => FusedLoops.ReadAhead(v, width),
            (v, g) => FusedLoops.ReadAheadGradient(v, width, g),
            (double[] v, ReadOnlySpan<double> s, out double t) => FusedLoops.ReadAheadTangent(v, width, s, out t),
            X);

    [Fact]
    public void SquaredSum()
        => DerivativeAssert.Check(FusedLoops.SquaredSum, FusedLoops.SquaredSumGradient, FusedLoops.SquaredSumTangent, X);

    [Fact]
    public void ReassignedAfter()
        => DerivativeAssert.Check(FusedLoops.ReassignedAfter, FusedLoops.ReassignedAfterGradient, FusedLoops.ReassignedAfterTangent, X, 0.6);

    /// <summary>The seeded overload adds seed times the gradient, for a negative seed too.</summary>
    private static void AssertSeeded(double[] x, Func<double[], double[], double> plain, Func<double[], double, double[], double> seeded)
    {
        var expected = new double[x.Length];
        double value = plain(x, expected);
        foreach (double seed in new[] { 2.5, -0.75 })
        {
            var actual = new double[x.Length];
            Assert.Equal(value, seeded(x, seed, actual));
            for (int i = 0; i < x.Length; i++) DerivativeAssert.AssertClose(seed * expected[i], actual[i], 1e-14, $"seed {seed}, ∂/∂x[{i}]");
        }
    }

    private delegate double GradientTangent(double[] x, double[] gradient, double[] direction, double[] product);

    /// <summary>H·d against central differences of the gradient along d, and the gradient it returns against Gradient.</summary>
    private static void AssertHessianVector(double[] x, ArrayGradient gradient, GradientTangent gradientTangent)
    {
        var direction = x.Select((_, i) => 0.3 + 0.2 * i * (i % 2 == 0 ? 1 : -1)).ToArray();
        var g = new double[x.Length];
        var product = new double[x.Length];
        gradientTangent(x, g, direction, product);
        var expected = new double[x.Length];
        gradient(x, expected);
        for (int i = 0; i < x.Length; i++) DerivativeAssert.AssertClose(expected[i], g[i], 1e-14, $"GradientTangent's gradient [{i}]");

        DerivativeAssert.HessianVector(x, direction, gradient, product);
    }
}
