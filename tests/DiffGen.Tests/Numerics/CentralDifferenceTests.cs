namespace DiffGen.Tests.Numerics;

/// <summary>The plain central difference: exact for quadratics, O(h²) truncation error otherwise.</summary>
public sealed class CentralDifferenceTests
{
    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(7.5)]
    public void CentralDifference_IsExactForQuadraticsUpToRounding(double x)
    {
        // (f(x+h) − f(x−h)) / 2h has no truncation error for a quadratic: only rounding, about ε·|f|/h.
        double actual = NumericalDiff.CentralDifference(v => 3 * v * v + 5 * v, x);

        Assert.Equal(6 * x + 5, actual, 1e-8);
    }

    [Theory]
    [InlineData("sin", 1.0)]
    [InlineData("exp", 0.0)]
    [InlineData("log", 2.0)]
    [InlineData("x^x", 1.5)]
    public void CentralDifference_ErrorShrinksFourfoldWhenTheStepHalves(string name, double x)
    {
        var function = KnownFunctions.ByName[name];
        double exact = function.Derivative(x);
        double ErrorAt(double h) => NumericalDiff.CentralDifference(function.F, x, h) - exact;

        // Steps large enough that truncation error dominates rounding error by many orders of magnitude.
        double e1 = ErrorAt(0.02), e2 = ErrorAt(0.01), e3 = ErrorAt(0.005);

        Assert.InRange(e1 / e2, 3.95, 4.05);
        Assert.InRange(e2 / e3, 3.98, 4.02);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.001)]
    public void CentralDifference_LeadingErrorIsThirdDerivativeTimesHSquaredOverSix(double h)
    {
        // sin‴ = −cos, so the difference quotient undershoots cos(1) by cos(1)·h²/6.
        double error = NumericalDiff.CentralDifference(Math.Sin, 1.0, h) - Math.Cos(1.0);

        double expected = -Math.Cos(1.0) * h * h / 6;
        Assert.True(Math.Abs(error / expected - 1) < 1e-3, $"error {error:E4}, expected {expected:E4}");
    }

    [Fact]
    public void CentralDifference_DefaultStepGivesAboutEightDigits()
    {
        double actual = NumericalDiff.CentralDifference(Math.Exp, 1.0);

        Assert.True(KnownFunctions.RelativeError(actual, Math.E) < 1e-8);
    }

    [Fact]
    public void CentralDifference_EvaluatesExactlyAtXPlusAndMinusH()
    {
        var seen = new List<double>();

        NumericalDiff.CentralDifference(v => { seen.Add(v); return v; }, 2.0, 0.5);

        Assert.Equal([1.5, 2.5], seen.Order());
    }
}
