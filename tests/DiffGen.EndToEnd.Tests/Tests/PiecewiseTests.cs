using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Kinks and jumps (<see cref="Piecewise"/>, <see cref="PiecewiseF"/>): the full checks at points away from them,
/// on both sides of each; at the kink itself, forward and reverse must agree and pick a one-sided derivative.
/// </summary>
public class PiecewiseTests
{
    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.3)]
    [InlineData(-0.05)]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void Abs(double x)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Abs, Piecewise.AbsGradient, Piecewise.AbsTangent, x);
        Assert.Equal(x < 0 ? -1.0 : 1.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, 2.0)]
    public void AbsOfExpression(double x, double y)
        => DerivativeAssert.Check(Piecewise.AbsOfExpression, Piecewise.AbsOfExpressionGradient, Piecewise.AbsOfExpressionTangent, x, y);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.95, 1.0)]
    [InlineData(1.05, 1.0)]
    [InlineData(-0.5, -1.5)]
    [InlineData(-1.5, -0.5)]
    public void Max(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Max, Piecewise.MaxGradient, Piecewise.MaxTangent, x, y);
        Assert.Equal(x > y ? new[] { 1.0, 0.0 } : new[] { 0.0, 1.0 }, gradient);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, 0.5)]
    [InlineData(1.5, 1.2)]
    public void MaxOfExpressions(double x, double y)
        => DerivativeAssert.Check(Piecewise.MaxOfExpressions, Piecewise.MaxOfExpressionsGradient, Piecewise.MaxOfExpressionsTangent, x, y);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.95, 1.0)]
    [InlineData(1.05, 1.0)]
    [InlineData(-0.5, -1.5)]
    [InlineData(-1.5, -0.5)]
    public void Min(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Min, Piecewise.MinGradient, Piecewise.MinTangent, x, y);
        Assert.Equal(x < y ? new[] { 1.0, 0.0 } : new[] { 0.0, 1.0 }, gradient);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(0.5, 0.5)]
    [InlineData(2.0, -1.0)]
    [InlineData(-1.0, -0.5)]
    public void MinOfExpressions(double x, double y)
        => DerivativeAssert.Check(Piecewise.MinOfExpressions, Piecewise.MinOfExpressionsGradient, Piecewise.MinOfExpressionsTangent, x, y);

    [Theory]
    [InlineData(0.5, -1.0, 1.0, new[] { 1.0, 0.0, 0.0 })]
    [InlineData(-2.0, -1.0, 1.0, new[] { 0.0, 1.0, 0.0 })]
    [InlineData(3.0, -1.0, 1.5, new[] { 0.0, 0.0, 1.0 })]
    [InlineData(0.2, 0.5, 2.0, new[] { 0.0, 1.0, 0.0 })]
    [InlineData(0.45, 0.5, 2.0, new[] { 0.0, 1.0, 0.0 })]
    [InlineData(0.55, 0.5, 2.0, new[] { 1.0, 0.0, 0.0 })]
    [InlineData(1.95, 0.5, 2.0, new[] { 1.0, 0.0, 0.0 })]
    [InlineData(2.05, 0.5, 2.0, new[] { 0.0, 0.0, 1.0 })]
    public void Clamp(double x, double low, double high, double[] expected)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Clamp, Piecewise.ClampGradient, Piecewise.ClampTangent, x, low, high);
        Assert.Equal(expected, gradient);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(-1.2)]
    public void ClampConstantBounds(double x)
        => DerivativeAssert.Check(Piecewise.ClampConstantBounds, Piecewise.ClampConstantBoundsGradient, Piecewise.ClampConstantBoundsTangent, x);

    // sign(x)·x² = x|x| is differentiable everywhere, also at 0 (see SignAtZeroIsZeroInBothModes).
    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.4)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void Sign(double x)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Sign, Piecewise.SignGradient, Piecewise.SignTangent, x);
        DerivativeAssert.AssertClose(2 * Math.Abs(x), gradient[0], 1e-15, "analytic 2|x|");
    }

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(-0.5, 0.7)]
    public void SignOfDifference(double x, double y)
        => DerivativeAssert.Check(Piecewise.SignOfDifference, Piecewise.SignOfDifferenceGradient, Piecewise.SignOfDifferenceTangent, x, y);

    [Theory]
    [InlineData(-1.3)]
    [InlineData(-0.5)]
    [InlineData(-0.05)]
    [InlineData(0.05)]
    [InlineData(0.4)]
    [InlineData(0.95)]
    [InlineData(1.05)]
    [InlineData(2.7)]
    public void Floor(double x)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Floor, Piecewise.FloorGradient, Piecewise.FloorTangent, x);
        Assert.Equal(Math.Floor(x), gradient[0]);
    }

    [Theory]
    [InlineData(-1.3)]
    [InlineData(-0.5)]
    [InlineData(0.95)]
    [InlineData(1.05)]
    [InlineData(2.7)]
    public void Ceiling(double x)
        => DerivativeAssert.Check(Piecewise.Ceiling, Piecewise.CeilingGradient, Piecewise.CeilingTangent, x);

    [Theory]
    [InlineData(0.1)]
    [InlineData(-1.4)]
    [InlineData(2.6)]
    [InlineData(0.9)]
    [InlineData(2.45)]
    [InlineData(2.55)]
    public void Round(double x)
        => DerivativeAssert.Check(Piecewise.Round, Piecewise.RoundGradient, Piecewise.RoundTangent, x);

    [Theory]
    [InlineData(-1.3)]
    [InlineData(-0.5)]
    [InlineData(-0.05)]
    [InlineData(0.05)]
    [InlineData(0.4)]
    [InlineData(2.7)]
    public void Truncate(double x)
        => DerivativeAssert.Check(Piecewise.Truncate, Piecewise.TruncateGradient, Piecewise.TruncateTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(2.25)]
    public void FloorAlone(double x)
    {
        var gradient = DerivativeAssert.Check(Piecewise.FloorAlone, Piecewise.FloorAloneGradient, Piecewise.FloorAloneTangent, x);
        Assert.Equal(0.0, gradient[0]);
    }

    [Theory]
    [InlineData(5.3, 2.0)]
    [InlineData(-5.3, 2.0)]
    [InlineData(7.1, -3.0)]
    [InlineData(0.7, 1.5)]
    [InlineData(3.9, 2.0)]
    [InlineData(4.1, 2.0)]
    public void Remainder(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Piecewise.Remainder, Piecewise.RemainderGradient, Piecewise.RemainderTangent, x, y);
        Assert.Equal(1.0, gradient[0]);
        DerivativeAssert.AssertClose(-Math.Truncate(x / y), gradient[1], 1e-14, "analytic −trunc(x/y)");
    }

    [Theory]
    [InlineData(1.5, 0.5)]
    [InlineData(2.0, 1.2)]
    [InlineData(-1.3, 0.1)]
    public void RemainderOfExpressions(double x, double y)
        => DerivativeAssert.Check(Piecewise.RemainderOfExpressions, Piecewise.RemainderOfExpressionsGradient, Piecewise.RemainderOfExpressionsTangent, x, y);

    // ---- at the kink itself: no finite differences, but a one-sided derivative, the same in both modes ----

    [Fact]
    public void AbsAtZeroGivesASubgradientInBothModes()
    {
        Assert.Equal(0.0, Piecewise.AbsGradient(0.0, out double dX));
        Assert.Equal(0.0, Piecewise.AbsTangent(0.0, 1.0, out double tangent));
        Assert.InRange(dX, -1.0, 1.0);
        Assert.Equal(dX, tangent);
    }

    [Fact]
    public void MaxAndMinAtATieSplitTheGradientConsistently()
    {
        Assert.Equal(1.5, Piecewise.MaxGradient(1.5, 1.5, out double maxX, out double maxY));
        Assert.Equal(1.0, maxX + maxY);
        Assert.Equal(1.5, Piecewise.MaxTangent(1.5, 1.5, 1, 0, out double maxTangentX));
        Assert.Equal(1.5, Piecewise.MaxTangent(1.5, 1.5, 0, 1, out double maxTangentY));
        Assert.Equal(new[] { maxX, maxY }, new[] { maxTangentX, maxTangentY });

        Assert.Equal(1.5, Piecewise.MinGradient(1.5, 1.5, out double minX, out double minY));
        Assert.Equal(1.0, minX + minY);
        Assert.Equal(1.5, Piecewise.MinTangent(1.5, 1.5, 1, 0, out double minTangentX));
        Assert.Equal(1.5, Piecewise.MinTangent(1.5, 1.5, 0, 1, out double minTangentY));
        Assert.Equal(new[] { minX, minY }, new[] { minTangentX, minTangentY });
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void ClampAtABoundGivesOneSidedDerivativeInBothModes(double x)
    {
        Assert.Equal(x, Piecewise.ClampGradient(x, 0.5, 2.0, out double dX, out double dLow, out double dHigh));
        Assert.Equal(1.0, dX + dLow + dHigh);
        Piecewise.ClampTangent(x, 0.5, 2.0, 1, 0, 0, out double tX);
        Piecewise.ClampTangent(x, 0.5, 2.0, 0, 1, 0, out double tLow);
        Piecewise.ClampTangent(x, 0.5, 2.0, 0, 0, 1, out double tHigh);
        Assert.Equal(new[] { dX, dLow, dHigh }, new[] { tX, tLow, tHigh });
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    public void FloorAtAJumpIsZeroInBothModes(double x)
    {
        Assert.Equal(Math.Floor(x), Piecewise.FloorAloneGradient(x, out double dX));
        Assert.Equal(Math.Floor(x), Piecewise.FloorAloneTangent(x, 1.0, out double tangent));
        Assert.Equal(0.0, dX);
        Assert.Equal(0.0, tangent);
    }

    // x|x| has derivative 0 at 0, but finite differences converge only linearly there (|x| in the second derivative).
    [Fact]
    public void SignAtZeroIsZeroInBothModes()
    {
        Assert.Equal(0.0, Piecewise.SignGradient(0.0, out double dX));
        Assert.Equal(0.0, Piecewise.SignTangent(0.0, 1.0, out double tangent));
        Assert.Equal(0.0, dX);
        Assert.Equal(0.0, tangent);
    }

    // ---- float ----

    [Theory]
    [InlineData(-2f)]
    [InlineData(-0.05f)]
    [InlineData(0.05f)]
    [InlineData(2f)]
    public void AbsSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Abs, PiecewiseF.AbsGradient, PiecewiseF.AbsTangent, x, Piecewise.AbsGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(2f, 1f)]
    [InlineData(-1f, 2f)]
    public void AbsThroughMathSingle(float x, float y)
        => DerivativeAssert.Check(PiecewiseF.AbsThroughMath, PiecewiseF.AbsThroughMathGradient, PiecewiseF.AbsThroughMathTangent, x, y, Piecewise.AbsOfExpressionGradient);

    [Theory]
    [InlineData(0.95f, 1f)]
    [InlineData(1.05f, 1f)]
    [InlineData(-1.5f, -0.5f)]
    public void MaxSingle(float x, float y)
        => DerivativeAssert.Check(PiecewiseF.Max, PiecewiseF.MaxGradient, PiecewiseF.MaxTangent, x, y, Piecewise.MaxGradient);

    [Theory]
    [InlineData(0.95f, 1f)]
    [InlineData(1.05f, 1f)]
    [InlineData(-1.5f, -0.5f)]
    public void MinSingle(float x, float y)
        => DerivativeAssert.Check(PiecewiseF.Min, PiecewiseF.MinGradient, PiecewiseF.MinTangent, x, y, Piecewise.MinGradient);

    [Theory]
    [InlineData(0.45f, 0.5f, 2f)]
    [InlineData(0.55f, 0.5f, 2f)]
    [InlineData(1.95f, 0.5f, 2f)]
    [InlineData(2.05f, 0.5f, 2f)]
    public void ClampSingle(float x, float low, float high)
        => DerivativeAssert.Check(PiecewiseF.Clamp, PiecewiseF.ClampGradient, PiecewiseF.ClampTangent, x, low, high, Piecewise.ClampGradient);

    [Theory]
    [InlineData(-0.4f)]
    [InlineData(0.05f)]
    [InlineData(2f)]
    public void SignSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Sign, PiecewiseF.SignGradient, PiecewiseF.SignTangent, x, Piecewise.SignGradient);

    [Theory]
    [InlineData(-0.05f)]
    [InlineData(0.05f)]
    [InlineData(0.95f)]
    [InlineData(1.05f)]
    public void FloorSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Floor, PiecewiseF.FloorGradient, PiecewiseF.FloorTangent, x, Piecewise.FloorGradient);

    [Theory]
    [InlineData(-1.3f)]
    [InlineData(0.95f)]
    [InlineData(1.05f)]
    public void CeilingSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Ceiling, PiecewiseF.CeilingGradient, PiecewiseF.CeilingTangent, x, Piecewise.CeilingGradient);

    [Theory]
    [InlineData(0.1f)]
    [InlineData(2.45f)]
    [InlineData(2.55f)]
    public void RoundSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Round, PiecewiseF.RoundGradient, PiecewiseF.RoundTangent, x, Piecewise.RoundGradient);

    [Theory]
    [InlineData(-0.05f)]
    [InlineData(0.05f)]
    [InlineData(2.7f)]
    public void TruncateSingle(float x)
        => DerivativeAssert.Check(PiecewiseF.Truncate, PiecewiseF.TruncateGradient, PiecewiseF.TruncateTangent, x, Piecewise.TruncateGradient);

    [Theory]
    [InlineData(5.3f, 2f)]
    [InlineData(-5.3f, 2f)]
    [InlineData(3.9f, 2f)]
    [InlineData(4.1f, 2f)]
    public void RemainderSingle(float x, float y)
        => DerivativeAssert.Check(PiecewiseF.Remainder, PiecewiseF.RemainderGradient, PiecewiseF.RemainderTangent, x, y, Piecewise.RemainderGradient);
}
