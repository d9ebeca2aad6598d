using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Loops over arrays and spans (<see cref="Loops"/>, issue 3). The points sit away from branch switches and from
/// changes of trip count that move the value, so that finite differences are meaningful.
/// </summary>
public class LoopTests
{
    // ---- simple reductions ----

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0 })]
    [InlineData(new[] { 3.0 })]
    [InlineData(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1 })]
    public void SumOfSquares(double[] v)
    {
        var gradient = DerivativeAssert.Check(Loops.SumOfSquares, Loops.SumOfSquaresGradient, Loops.SumOfSquaresTangent, v);
        Assert.Equal(v.Select(x => 2 * x), gradient);
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0 }, new[] { 1.25, 0.75, -3.0 })]
    [InlineData(new[] { 2.0 }, new[] { -0.5 })]
    public void Dot(double[] u, double[] v)
    {
        var gradient = DerivativeAssert.Check(
            (a, b) => Loops.Dot(a, b),
            (a, b, dA, dB) => Loops.DotGradient(a, b, dA, dB),
            (double[] a, double[] b, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, out double t) => Loops.DotTangent(a, b, dA, dB, out t),
            u, v);
        Assert.Equal(v, gradient[0]);
        Assert.Equal(u, gradient[1]);
    }

    [Theory]
    [InlineData(new[] { 1.0, -2.0, 0.5, 3.0 }, 0.7)]
    [InlineData(new[] { 1.0, -2.0, 0.5, 3.0 }, -1.3)]
    [InlineData(new[] { 0.25 }, 2.0)]
    public void Horner(double[] c, double x)
    {
        var gradient = DerivativeAssert.Check(Loops.Horner, Loops.HornerGradient, Loops.HornerTangent, c, x);
        for (int i = 0; i < c.Length; i++)
            DerivativeAssert.AssertClose(Math.Pow(x, i), gradient[0][i], 1e-14, $"∂/∂c[{i}] = x^{i}");
        double derivative = 0;
        for (int i = 1; i < c.Length; i++)
            derivative += i * c[i] * Math.Pow(x, i - 1);
        DerivativeAssert.AssertClose(derivative, gradient[1][0], 1e-14, "∂/∂x = Σ i·c[i]·x^(i−1)");
    }

    // ---- integer trip counts ----

    [Theory]
    [InlineData(1.3, 5)]
    [InlineData(-0.7, 3)]
    [InlineData(2.0, 1)]
    [InlineData(2.0, 0)]
    [InlineData(0.9, 12)]
    public void Power(double x, int n)
    {
        var gradient = DerivativeAssert.Check(
            v => Loops.Power(v, n),
            (double v, out double dV) => Loops.PowerGradient(v, n, out dV),
            (double v, double dV, out double t) => Loops.PowerTangent(v, n, dV, out t),
            x);
        DerivativeAssert.AssertClose(n * Math.Pow(x, n - 1), gradient[0], 1e-13, "n·x^(n−1)");
    }

    [Theory]
    [InlineData(0.3, 2.5, 6)]
    [InlineData(0.6, 1.2, 0)]
    [InlineData(0.2, 3.2, 10)]
    [InlineData(0.45, 0.8, 1)]
    public void IterateMap(double x, double a, int n)
        => DerivativeAssert.Check(
            (p, q) => Loops.IterateMap(p, q, n),
            (double p, double q, out double dP, out double dQ) => Loops.IterateMapGradient(p, q, n, out dP, out dQ),
            (double p, double q, double dP, double dQ, out double t) => Loops.IterateMapTangent(p, q, n, dP, dQ, out t),
            x, a);

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(1)]
    [InlineData(0)]
    public void StridedPartialSum(int count)
    {
        double[] v = [0.5, -1.0, 0.25, 2.0, -0.5, 1.5];
        var gradient = DerivativeAssert.Check(
            a => Loops.StridedPartialSum(a, count),
            (a, dA) => Loops.StridedPartialSumGradient(a, count, dA),
            (double[] a, ReadOnlySpan<double> dA, out double t) => Loops.StridedPartialSumTangent(a, count, dA, out t),
            v);
        for (int i = 0; i < v.Length; i++)
            Assert.Equal(i < count && i % 2 == 0 ? Math.Exp(v[i]) * (i + 1) : 0.0, gradient[i]);
    }

    // ---- trip counts from active values ----

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.3)]
    [InlineData(17.0)]
    [InlineData(1e4)]
    public void NewtonSqrt(double a)
    {
        var gradient = DerivativeAssert.Check(Loops.NewtonSqrt, Loops.NewtonSqrtGradient, Loops.NewtonSqrtTangent, a);
        DerivativeAssert.AssertClose(Math.Sqrt(a), Loops.NewtonSqrt(a), 1e-15, "√a");
        DerivativeAssert.AssertClose(0.5 / Math.Sqrt(a), gradient[0], 1e-12, "1/(2√a)");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(10.0)]
    public void LambertW(double a)
    {
        var gradient = DerivativeAssert.Check(Loops.LambertW, Loops.LambertWGradient, Loops.LambertWTangent, a);
        double w = Loops.LambertW(a);
        DerivativeAssert.AssertClose(a, w * Math.Exp(w), 1e-14, "W(a)·e^W(a) = a");
        DerivativeAssert.AssertClose(w / (a * (1 + w)), gradient[0], 1e-12, "W′(a) = W/(a(1 + W))");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void ExpSeries(double x)
    {
        var gradient = DerivativeAssert.Check(Loops.ExpSeries, Loops.ExpSeriesGradient, Loops.ExpSeriesTangent, x);
        DerivativeAssert.AssertClose(Math.Exp(x), gradient[0], 1e-13, "eˣ");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    public void FixedPoint(double a)
    {
        var gradient = DerivativeAssert.Check(Loops.FixedPoint, Loops.FixedPointGradient, Loops.FixedPointTangent, a);
        double x = Loops.FixedPoint(a);
        DerivativeAssert.AssertClose(1 / (1 + 0.5 * Math.Sin(x)), gradient[0], 1e-12, "implicit function theorem: 1/(1 + sin(x)/2)");
    }

    [Theory]
    [InlineData(0.5, 1.7)]   // six passes, y ends near 15
    [InlineData(12.0, 1.1)]  // a do-while runs once even though y starts above the threshold
    [InlineData(-0.3, 2.2)]  // y runs away downwards: the pass limit of 50 ends it
    public void GrowUntil(double x, double rate)
        => DerivativeAssert.Check(Loops.GrowUntil, Loops.GrowUntilGradient, Loops.GrowUntilTangent, x, rate);

    // ---- break, continue, return ----

    [Theory]
    [InlineData(new[] { 0.5, 1.5, -2.0, 3.0 })]
    [InlineData(new[] { 1.0, 2.0, 3.0 })]
    [InlineData(new[] { -1.0, 2.0 })]
    public void SquaresUntilNegative(double[] v)
    {
        var gradient = DerivativeAssert.Check(Loops.SquaresUntilNegative, Loops.SquaresUntilNegativeGradient, Loops.SquaresUntilNegativeTangent, v);
        int stop = Array.FindIndex(v, e => e < 0);
        if (stop < 0) stop = v.Length;
        Assert.Equal(v.Select((e, i) => i < stop ? 2 * e : 0.0), gradient);
    }

    [Theory]
    [InlineData(new[] { 0.05, 1.2, -0.7, 0.01, 2.0 }, 0.1)]
    [InlineData(new[] { 0.05, 1.2, -0.7, 0.01, 2.0 }, 1.0)]
    [InlineData(new[] { 0.5 }, 0.75)]
    public void SkipSmall(double[] v, double threshold)
        => DerivativeAssert.Check(Loops.SkipSmall, Loops.SkipSmallGradient, Loops.SkipSmallTangent, v, threshold);

    [Theory]
    [InlineData(new[] { 0.2, 0.8, 1.5, 3.0 }, 1.0)]  // returns at i = 2
    [InlineData(new[] { 0.2, 0.8, 1.5, 3.0 }, 0.1)]  // returns at i = 0
    [InlineData(new[] { 0.2, 0.8, 1.5, 3.0 }, 5.0)]  // runs to the end
    public void FirstAbove(double[] v, double t)
        => DerivativeAssert.Check(Loops.FirstAbove, Loops.FirstAboveGradient, Loops.FirstAboveTangent, v, t);

    [Theory]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(0)]
    public void BreakOnIndex(int limit)
        => DerivativeAssert.Check(
            v => Loops.BreakOnIndex(v, limit),
            (v, dV) => Loops.BreakOnIndexGradient(v, limit, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => Loops.BreakOnIndexTangent(v, limit, dV, out t),
            [0.5, -1.0, 0.25, 2.0, -0.5, 1.5]);

    // ---- foreach ----

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0 }, 0.7)]
    [InlineData(new[] { 1.0 }, -2.0)]
    public void ForEachArray(double[] v, double a)
    {
        var gradient = DerivativeAssert.Check(Loops.ForEachArray, Loops.ForEachArrayGradient, Loops.ForEachArrayTangent, v, a);
        DerivativeAssert.AssertClose(v.Sum(e => e * Math.Cos(a * e)), gradient[1][0], 1e-14, "Σ e·cos(a·e)");
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.1 })]
    [InlineData(new[] { -3.0 })]
    public void ForEachSpan(double[] v)
    {
        var gradient = DerivativeAssert.Check(
            a => Loops.ForEachSpan(a),
            (a, dA) => Loops.ForEachSpanGradient(a, dA),
            (double[] a, ReadOnlySpan<double> dA, out double t) => Loops.ForEachSpanTangent(a, dA, out t),
            v);
        for (int i = 0; i < v.Length; i++)
            DerivativeAssert.AssertClose(2 * v[i] / (1 + v[i] * v[i]), gradient[i], 1e-14, $"2v[{i}]/(1 + v[{i}]²)");
    }

    // ---- overwritten values ----

    [Theory]
    [InlineData(new[] { 0.5, 1.2, 2.0, -0.3 })]
    [InlineData(new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 })]
    public void ProductOfSines(double[] a)
    {
        var gradient = DerivativeAssert.Check(Loops.ProductOfSines, Loops.ProductOfSinesGradient, Loops.ProductOfSinesTangent, a);
        double p = a.Aggregate(1.0, (q, e) => q * Math.Sin(e));
        for (int i = 0; i < a.Length; i++)
            DerivativeAssert.AssertClose(p / Math.Tan(a[i]), gradient[i], 1e-13, $"∏sin · cot(a[{i}])");
    }

    [Theory]
    [InlineData(1.1, 4)]
    [InlineData(-0.8, 3)]
    [InlineData(2.5, 0)]
    public void RepeatedSquaring(double x, int n)
    {
        var gradient = DerivativeAssert.Check(
            v => Loops.RepeatedSquaring(v, n),
            (double v, out double dV) => Loops.RepeatedSquaringGradient(v, n, out dV),
            (double v, double dV, out double t) => Loops.RepeatedSquaringTangent(v, n, dV, out t),
            x);
        DerivativeAssert.AssertClose((1 << n) / x, gradient[0], 1e-13, "2ⁿ/x");
    }

    [Theory]
    [InlineData(0.5, 1.2, 5)]
    [InlineData(-0.3, 0.8, 8)]
    [InlineData(1.5, 2.0, 1)]
    public void Recurrence(double x, double y, int n)
        => DerivativeAssert.Check(
            (p, q) => Loops.Recurrence(p, q, n),
            (double p, double q, out double dP, out double dQ) => Loops.RecurrenceGradient(p, q, n, out dP, out dQ),
            (double p, double q, double dP, double dQ, out double t) => Loops.RecurrenceTangent(p, q, n, dP, dQ, out t),
            x, y);

    // ---- nested loops ----

    [Fact]
    public void QuadraticForm()
    {
        double[] a = [2.0, -1.0, 0.5, 0.25, 3.0, -2.0, 1.5, 0.75, -0.5];
        double[] x = [0.5, -1.5, 2.0];
        var gradient = DerivativeAssert.Check(
            v => Loops.QuadraticForm(v, a),
            (v, dV) => Loops.QuadraticFormGradient(v, a, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => Loops.QuadraticFormTangent(v, a, dV, out t),
            x);
        for (int i = 0; i < 3; i++)
        {
            double expected = 0;
            for (int j = 0; j < 3; j++)
                expected += (a[i * 3 + j] + a[j * 3 + i]) * x[j];
            DerivativeAssert.AssertClose(expected, gradient[i], 1e-14, $"((A + Aᵀ)x)[{i}]");
        }
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.75 })]
    [InlineData(new[] { 1.0 })]
    public void Triangular(double[] x)
        => DerivativeAssert.Check(Loops.Triangular, Loops.TriangularGradient, Loops.TriangularTangent, x);

    [Theory]
    [InlineData(new[] { 0.5, 1.2, -0.8, 0.9 }, 0.3)]
    [InlineData(new[] { 1.5, -0.4, 0.7, 2.0, -1.1 }, -0.2)]
    public void NestedWithBranches(double[] x, double c)
        => DerivativeAssert.Check(Loops.NestedWithBranches, Loops.NestedWithBranchesGradient, Loops.NestedWithBranchesTangent, x, c);

    [Fact]
    public void NestedWhile()
        // Inner trip counts 3 (break), 1, 0 and 2.
        => DerivativeAssert.Check(Loops.NestedWhile, Loops.NestedWhileGradient, Loops.NestedWhileTangent, [0.5, 3.5, 6.0, 2.0]);

    // ---- calls inside loops ----

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0 }, 0.25)]
    [InlineData(new[] { 3.0 }, -1.0)]
    public void SumOfSigmoids(double[] w, double b)
    {
        double[] x = [1.5, -0.5, 0.75];
        var gradient = DerivativeAssert.Check(
            (v, a) => Loops.SumOfSigmoids(v, a, x),
            (double[] v, double a, Span<double> dV, out double dA) => Loops.SumOfSigmoidsGradient(v, a, x, dV, out dA),
            (double[] v, double a, ReadOnlySpan<double> dV, double dA, out double t) => Loops.SumOfSigmoidsTangent(v, a, x, dV, dA, out t),
            w, b);
        double db = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double s = 1 / (1 + Math.Exp(-(w[i] * x[i] + b)));
            DerivativeAssert.AssertClose(s * (1 - s) * x[i], gradient[0][i], 1e-14, $"σ′·x[{i}]");
            db += s * (1 - s);
        }
        DerivativeAssert.AssertClose(db, gradient[1][0], 1e-14, "Σσ′");
    }
}
