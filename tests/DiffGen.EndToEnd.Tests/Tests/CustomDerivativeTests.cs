using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

public class CustomDerivativeTests
{
    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(2.5)]
    public void A_hand_written_gradient_is_used_by_callers(double w)
    {
        const double x = 1.7;
        double value = CustomDerivatives.SoftplusLossGradient(w, x, out double dW);
        double sigma = 1 / (1 + Math.Exp(-w * x));
        Assert.Equal(sigma * x - 1, dW, 14);
        Assert.Equal(CustomDerivatives.SoftplusLoss(w, x), value, 12);
        CustomDerivatives.SoftplusLossTangent(w, x, 1, out double tangent);
        Assert.Equal(dW, tangent, 12);
    }

    [Theory]
    [InlineData(800.0)]
    [InlineData(-800.0)]
    public void The_stable_derivative_stays_finite_where_the_naive_one_overflows(double x)
    {
        double value = CustomDerivatives.SoftplusGradient(x, out double dX);
        Assert.True(double.IsFinite(value));
        Assert.Equal(x > 0 ? 1.0 : 0.0, dX, 12);
        Assert.Equal(double.PositiveInfinity, CustomDerivatives.Softplus(800));  // what the naive formula gives
    }

    [Theory]
    [InlineData(0.3, 0.1, 0.8)]
    [InlineData(-1.2, 0.4, 1.5)]
    [InlineData(2.0, 1.0, 0.7)]
    public void A_registered_derivative_of_a_foreign_function_is_exact(double x, double mu, double sigma)
    {
        double value = CustomDerivatives.NormalCdfGradient(x, mu, sigma, out double dX, out double dMu, out double dSigma);
        Assert.Equal(CustomDerivatives.NormalCdf(x, mu, sigma), value);
        double z = (x - mu) / sigma, density = Math.Exp(-z * z / 2) / (sigma * Math.Sqrt(2 * Math.PI));
        Assert.Equal(density, dX, 12);
        Assert.Equal(-density, dMu, 12);
        Assert.Equal(-density * z, dSigma, 12);
        Assert.Equal(dX, NumericalDiff.Derivative(t => CustomDerivatives.NormalCdf(t, mu, sigma), x), 8);

        CustomDerivatives.NormalCdfTangent(x, mu, sigma, 0.3, -0.2, 0.5, out double tangent);
        Assert.Equal(0.3 * dX - 0.2 * dMu + 0.5 * dSigma, tangent, 12);
    }

    [Fact]
    public void StopGradient_treats_its_argument_as_a_constant()
    {
        // x·sg(x·y) + y: ∂/∂x = x·y (the stopped factor), ∂/∂y = 1.
        double value = CustomDerivatives.StoppedGradient(1.5, -2.0, out double dX, out double dY);
        Assert.Equal(CustomDerivatives.Stopped(1.5, -2.0), value);
        Assert.Equal(-3.0, dX);
        Assert.Equal(1.0, dY);
        CustomDerivatives.StoppedTangent(1.5, -2.0, 1, 0, out double tangent);
        Assert.Equal(-3.0, tangent);
    }

    [Fact]
    public void A_NoDiff_method_is_a_constant_to_its_callers()
    {
        // Quantize(x)·x²: ∂/∂x = 2x·Quantize(x).
        CustomDerivatives.UsesQuantizedGradient(1.1, out double dX);
        Assert.Equal(2 * 1.1 * CustomDerivatives.Quantize(1.1), dX, 14);
    }
}
