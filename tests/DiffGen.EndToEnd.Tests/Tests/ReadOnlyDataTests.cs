using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary><see cref="ReadOnlyData"/>: strings, [NoDiff] collections and slices, in both modes against finite differences.</summary>
public class ReadOnlyDataTests
{
    [Theory]
    [InlineData(0.7, "abc")]
    [InlineData(0.7, "bcb")]
    [InlineData(-1.2, "xyz")]
    public void ByName(double x, string name)
        => DerivativeAssert.Check(
            v => ReadOnlyData.ByName(v, name),
            (double v, out double dV) => ReadOnlyData.ByNameGradient(v, name, out dV),
            (double v, double dV, out double t) => ReadOnlyData.ByNameTangent(v, name, dV, out t),
            x);

    [Fact]
    public void FromList()
    {
        var weights = new List<double> { 1.5, -2.0, 0.5 };
        var gradient = DerivativeAssert.Check(
            v => ReadOnlyData.FromList(v, weights),
            (double v, out double dV) => ReadOnlyData.FromListGradient(v, weights, out dV),
            (double v, double dV, out double t) => ReadOnlyData.FromListTangent(v, weights, dV, out t),
            0.8);
        DerivativeAssert.AssertClose(-2.0 + 2 * 0.5 * 0.8, gradient[0], 1e-14, "analytic");
    }

    [Theory]
    [InlineData(2, 0.5, -1.0, 2.0, 1.5, 0.3, -0.7)]
    [InlineData(3, 1.2, 0.4, -0.6, 2.0, -1.1, 0.9)]
    public void RowSums(int columns, double m0, double m1, double m2, double m3, double m4, double m5)
    {
        double[] m = [m0, m1, m2, m3, m4, m5];
        double[] scale = m.Select((_, i) => 0.5 + i).ToArray();
        DerivativeAssert.Check(
            v => ReadOnlyData.RowSums(v, scale, columns),
            (double[] v, Span<double> dV) => ReadOnlyData.RowSumsGradient(v, scale, columns, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => ReadOnlyData.RowSumsTangent(v, scale, columns, dV, out t),
            m);
    }

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2, 1.5)]
    [InlineData(-1.5, 2.5, 0.4, 1.2, 0.1, 2.2)]
    public void Slices(double a, params double[] x)
        => DerivativeAssert.Check(ReadOnlyData.Slices, ReadOnlyData.SlicesGradient, ReadOnlyData.SlicesTangent, x, a);

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2, 1.5)]
    [InlineData(-1.5, 2.5, 0.4, 1.1)]
    public void ArrayRange(double a, params double[] x)
        => DerivativeAssert.Check(ReadOnlyData.ArrayRange, ReadOnlyData.ArrayRangeGradient, ReadOnlyData.ArrayRangeTangent, x, a);

    [Theory]
    [InlineData(1.0, 3.0, 0.2, 1.5)]
    [InlineData(-1.5, 2.5, 0.4)]
    public void SliceOfLocalArray(params double[] x)
        => DerivativeAssert.Check(ReadOnlyData.SliceOfLocalArray, ReadOnlyData.SliceOfLocalArrayGradient, ReadOnlyData.SliceOfLocalArrayTangent, x);

    [Theory]
    [InlineData(2, 0.5, -1.0, 2.0, 1.5, 0.3, -0.7)]
    [InlineData(3, 1.2, 0.4, -0.6, 2.0, -1.1, 0.9)]
    public void RowNorms(int columns, double m0, double m1, double m2, double m3, double m4, double m5)
        => DerivativeAssert.Check(
            v => ReadOnlyData.RowNorms(v, columns),
            (double[] v, Span<double> dV) => ReadOnlyData.RowNormsGradient(v, columns, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => ReadOnlyData.RowNormsTangent(v, columns, dV, out t),
            [m0, m1, m2, m3, m4, m5]);

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2, 1.5)]
    [InlineData(-1.5, 2.5, 0.4, 1.2)]
    public void SlicesToCallees(double a, params double[] x)
    {
        double[] w = x.Select((_, i) => 0.25 * i - 0.3).ToArray();
        DerivativeAssert.Check(
            (double[] v, double s) => ReadOnlyData.SlicesToCallees(v, w, s),
            (double[] v, double s, Span<double> dV, out double dS) => ReadOnlyData.SlicesToCalleesGradient(v, w, s, dV, out dS),
            (double[] v, double s, ReadOnlySpan<double> dV, double dS, out double t) => ReadOnlyData.SlicesToCalleesTangent(v, w, s, dV, dS, out t),
            x, a);
    }
}
