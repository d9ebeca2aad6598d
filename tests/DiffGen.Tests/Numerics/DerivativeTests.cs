using Xunit.Abstractions;

namespace DiffGen.Tests.Numerics;

/// <summary>Richardson-extrapolated <see cref="NumericalDiff.Derivative(Func{double, double}, double, double)"/>.</summary>
public sealed class DerivativeTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> Cases => KnownFunctions.Cases;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Derivative_MatchesClosedForm_ToNineDigits(string name, double x)
    {
        var function = KnownFunctions.ByName[name];
        double expected = function.Derivative(x);

        double actual = NumericalDiff.Derivative(function.F, x);

        double relative = KnownFunctions.RelativeError(actual, expected);
        output.WriteLine($"{name} at {x}: {actual:R} vs {expected:R}, relative error {relative:E2}");
        Assert.True(relative <= 1e-9, $"relative error {relative:E2} at x = {x}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ErrorEstimate_IsSmallAndBoundsTheActualError(string name, double x)
    {
        var function = KnownFunctions.ByName[name];
        double expected = function.Derivative(x);

        double actual = NumericalDiff.Derivative(function.F, x, out double estimate);

        double error = Math.Abs(actual - expected);
        double scale = Math.Max(1, Math.Abs(expected));
        output.WriteLine($"{name} at {x}: actual error {error:E2}, estimate {estimate:E2}");
        Assert.True(estimate >= 0, "an error estimate is never negative");
        // Small: the estimate itself promises about nine digits or better.
        Assert.True(estimate <= 1e-9 * scale, $"estimate {estimate:E2} is not small");
        // Honest: the true error stays within a modest multiple of it, down to the rounding level.
        Assert.True(error <= 10 * estimate,
            $"actual error {error:E2} exceeds 10 × estimate {estimate:E2}");
    }

    [Fact]
    public void ErrorEstimate_IsNotZeroWhenTheTableauHappensToAgree()
    {
        // At sin'(0) every extrapolation agrees to the last bit; the rounding noise is still there.
        NumericalDiff.Derivative(Math.Sin, 0.0, out double estimate);

        Assert.True(estimate > 0);
    }

    [Theory]
    [InlineData(6.0, 4.0)]
    [InlineData(-1.0, -10.0)]
    [InlineData(4.5, 1.0)]
    public void ErrorEstimate_CoversTheDocumentedLossExample(double w, double exact)
    {
        // docs/API.md compares a generated gradient with Derivative(Loss) within 10 × the estimate.
        static double Loss(double w) => (w - 4) * (w - 4);

        double numeric = NumericalDiff.Derivative(Loss, w, out double estimate);

        Assert.True(Math.Abs(numeric - exact) <= 10 * estimate, $"{numeric:R} vs {exact}, estimate {estimate:E2}");
        Assert.True(estimate < 1e-10);
    }

    [Fact]
    public void OverloadWithoutEstimate_ReturnsTheSameValue()
    {
        double withEstimate = NumericalDiff.Derivative(Math.Sin, 0.3, out _, 0.05);
        double without = NumericalDiff.Derivative(Math.Sin, 0.3, 0.05);

        Assert.Equal(withEstimate, without);
    }

    [Fact]
    public void Derivative_IsFarMoreAccurateThanAPlainCentralDifference()
    {
        // The point of extrapolation: at the same starting step it beats the O(h²) difference by many digits.
        double exact = Math.Cos(1.0);
        double plain = Math.Abs(NumericalDiff.CentralDifference(Math.Sin, 1.0, NumericalDiff.DefaultStep) - exact);
        double extrapolated = Math.Abs(NumericalDiff.Derivative(Math.Sin, 1.0) - exact);

        Assert.True(extrapolated * 1e4 < plain, $"extrapolated {extrapolated:E2}, plain {plain:E2}");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-1)]
    [InlineData(0.5)]
    public void Derivative_IsAccurateForARangeOfInitialSteps(double h)
    {
        double actual = NumericalDiff.Derivative(Math.Exp, 1.0, out double estimate, h);

        Assert.True(KnownFunctions.RelativeError(actual, Math.E) <= 1e-9, $"h = {h}: {actual:R}, estimate {estimate:E2}");
    }

    [Fact]
    public void Derivative_OfAConstantIsZero()
    {
        Assert.Equal(0.0, NumericalDiff.Derivative(_ => 42.0, 3.0));
    }

    [Fact]
    public void Derivative_OfALinearFunctionIsItsSlope()
    {
        Assert.Equal(-2.5, NumericalDiff.Derivative(x => 1 - 2.5 * x, 0.75), 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    public void FloatDerivative_MatchesClosedFormToSinglePrecisionNoise(float x)
    {
        float actual = NumericalDiff.Derivative(MathF.Sin, x);

        // float evaluations carry ~6e-8 relative noise, amplified by 1/h; five digits is what can be expected.
        Assert.Equal(MathF.Cos(x), actual, 1e-4f);
    }

    [Fact]
    public void FloatDerivative_OfAPolynomial()
    {
        // d/dx (3x² + 5x) at x = 1 is 11.
        float actual = NumericalDiff.Derivative(x => 3 * x * x + 5 * x, 1f);

        Assert.Equal(11f, actual, 1e-3f);
    }
}
