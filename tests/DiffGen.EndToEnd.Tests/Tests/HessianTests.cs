using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>
/// Second derivatives (forward over reverse): each Hessian entry against central differences of the generated
/// gradient, symmetry, the gradient it also returns, and Newton's method.
/// </summary>
public class HessianTests
{
    private delegate void Gradient3(double a, double b, double c, out double dA, out double dB, out double dC);

    [Theory]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.3, -0.7)]
    [InlineData(1.0, 1.0)]
    public void Rosenbrock_hessian_is_the_exact_matrix(double x, double y)
    {
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        double value = SecondOrder.RosenbrockHessian(x, y, g, h);

        Assert.Equal(SecondOrder.Rosenbrock(x, y), value);
        SecondOrder.RosenbrockGradient(x, y, out double dX, out double dY);
        Assert.Equal(dX, g[0]);
        Assert.Equal(dY, g[1]);
        // ∂²/∂x² = 2 − 400(y − 3x²), ∂²/∂x∂y = −400x, ∂²/∂y² = 200
        Assert.Equal(2 - 400 * (y - 3 * x * x), h[0], 9);
        Assert.Equal(-400 * x, h[1], 9);
        Assert.Equal(-400 * x, h[2], 9);
        Assert.Equal(200, h[3], 9);
    }

    [Theory]
    [InlineData(0.7, 1.3, 0.4, 3)]
    [InlineData(0.2, 0.9, 1.1, -2)]
    [InlineData(1.5, 2.0, 0.3, 1)]
    public void Mixed_hessian_matches_differences_of_the_gradient(double a, double b, double c, int n)
    {
        Span<double> g = stackalloc double[3];
        Span<double> h = stackalloc double[9];
        double value = SecondOrder.MixedHessian(a, b, c, n, g, h);
        Assert.Equal(SecondOrder.Mixed(a, b, c, n), value);

        DerivativeAssert.Hessian([a, b, c], p =>
        {
            SecondOrder.MixedGradient(p[0], p[1], p[2], n, out double d0, out double d1, out double d2);
            return [d0, d1, d2];
        }, h);
    }

    [Theory]
    [InlineData(0.7, 1.3, 2)]
    [InlineData(-0.4, 0.9, 0)]
    public void A_method_that_calls_other_differentiable_methods_has_a_Hessian(double x, double y, int n)
    {
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        double value = ArraySecondOrder.ComposedHessian(x, y, n, g, h);
        Assert.Equal(ArraySecondOrder.Composed(x, y, n), value);
        ArraySecondOrder.ComposedGradient(x, y, n, out double dX, out double dY);
        Assert.Equal(dX, g[0]);
        Assert.Equal(dY, g[1]);
        DerivativeAssert.Hessian([x, y], p =>
        {
            ArraySecondOrder.ComposedGradient(p[0], p[1], n, out double d0, out double d1);
            return [d0, d1];
        }, h);
    }

    [Theory]
    [InlineData(0.4, 1.3)]
    [InlineData(2.1, -0.6)]
    public void An_instance_method_has_a_Hessian_with_respect_to_its_parameters(double t, double amplitude)
    {
        var oscillator = new Oscillator();
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        double value = oscillator.DisplacementHessian(t, amplitude, g, h);
        Assert.Equal(oscillator.Displacement(t, amplitude), value);
        var dThis = new Oscillator { Omega = 0, Damping = 0 };
        oscillator.DisplacementGradient(t, amplitude, dThis, out double dT, out double dAmplitude);
        Assert.Equal(dT, g[0]);
        Assert.Equal(dAmplitude, g[1]);
        DerivativeAssert.Hessian([t, amplitude], p =>
        {
            oscillator.DisplacementGradient(p[0], p[1], new Oscillator { Omega = 0, Damping = 0 }, out double d0, out double d1);
            return [d0, d1];
        }, h);
    }

    [Fact]
    public void The_Hessian_vector_product_is_the_Hessian_times_the_direction()
    {
        Span<double> h = stackalloc double[4];
        Span<double> g = stackalloc double[2];
        SecondOrder.QuadraticHessian(0.4, -1.3, 5, g, h);
        double value = SecondOrder.QuadraticGradientTangent(0.4, -1.3, 5, 0.6, -0.8, out double gradX, out double gradY, out double hvX, out double hvY);

        Assert.Equal(SecondOrder.Quadratic(0.4, -1.3, 5), value);
        Assert.Equal(g[0], gradX);
        Assert.Equal(g[1], gradY);
        Assert.Equal(h[0] * 0.6 + h[1] * -0.8, hvX, 12);
        Assert.Equal(h[2] * 0.6 + h[3] * -0.8, hvY, 12);
        Assert.Equal(new[] { 6.0, -2.0, -2.0, 10.0 }, h.ToArray());
    }

    [Fact]
    public void Float_methods_get_a_float_Hessian()
    {
        Span<float> g = stackalloc float[2];
        Span<float> h = stackalloc float[4];
        SecondOrder.SingleHessian(0.5f, 0.8f, g, h);
        // f = e^{xy} + cos(x)·y: f_xx = y²e^{xy} − cos(x)·y, f_xy = (1 + xy)e^{xy} − sin x, f_yy = x²e^{xy}
        double x = 0.5, y = 0.8, e = Math.Exp(x * y);
        Assert.Equal(y * y * e - Math.Cos(x) * y, h[0], 4);
        Assert.Equal((1 + x * y) * e - Math.Sin(x), h[1], 4);
        Assert.Equal(h[1], h[2], 5);
        Assert.Equal(x * x * e, h[3], 4);
    }

    [Fact]
    public void Newton_with_the_generated_Hessian_finds_the_Rosenbrock_minimum()
    {
        var (x, y, steps) = Newton.MinimizeRosenbrock(-1.2, 1.0);
        Assert.Equal(1.0, x, 12);
        Assert.Equal(1.0, y, 12);
        Assert.True(steps < 20, $"Newton took {steps} steps");
    }

    [Fact]
    public void Buffers_of_the_wrong_length_are_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => SecondOrder.RosenbrockHessian(1, 1, new double[2], new double[3]));
        Assert.Equal("hessian", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => SecondOrder.RosenbrockHessian(1, 1, new double[1], new double[4]));
        Assert.Equal("gradient", error.ParamName);
    }

    [Fact]
    public void A_Hessian_call_allocates_nothing()
    {
        var g = new double[3];
        var h = new double[9];
        SecondOrder.MixedHessian(0.7, 1.3, 0.4, 3, g, h);
        long before = GC.GetAllocatedBytesForCurrentThread();
        SecondOrder.MixedHessian(0.7, 1.3, 0.4, 3, g, h);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Hessian_vector_products_through_loops_and_arrays()
    {
        var x = new[] { 0.3, -0.8, 1.1, 0.5, -0.2 };
        var d = new[] { 0.7, -0.2, 0.4, 1.0, -0.6 };

        var gradient = new double[5];
        var product = new double[5];
        double value = ArraySecondOrder.RosenbrockGradientTangent(x, gradient, d, product);
        Assert.Equal(ArraySecondOrder.Rosenbrock(x), value);
        var expected = new double[5];
        ArraySecondOrder.RosenbrockGradient(x, expected);
        Assert.Equal(expected, gradient);
        DerivativeAssert.HessianVector(x, d, (p, g) => ArraySecondOrder.RosenbrockGradient(p, g), product);

        gradient = new double[5];
        product = new double[5];
        ArraySecondOrder.LogSumExpGradientTangent(x, gradient, d, product);
        DerivativeAssert.HessianVector(x, d, (p, g) => ArraySecondOrder.LogSumExpGradient(p, g), product);
    }

    [Fact]
    public void Hessian_vector_products_with_local_arrays_and_scalars()
    {
        var x = new[] { 0.3, -0.8, 1.1 };
        var d = new[] { 0.7, -0.2, 0.4 };
        var gradient = new double[3];
        var product = new double[3];
        ArraySecondOrder.ChainGradientTangent(x, 1.2, gradient, d, 0.5, product, out double gradScale, out double hvScale);
        ArraySecondOrder.ChainGradient(x, 1.2, new double[3], out double dScale);
        Assert.Equal(dScale, gradScale);

        // Along (d, 0.5): the x part against differences of the x-gradient, the scale part of the scale-gradient.
        const double h = 1e-5;
        var plus = new double[3];
        var minus = new double[3];
        ArraySecondOrder.ChainGradient(x.Zip(d, (a, b) => a + h * b).ToArray(), 1.2 + h * 0.5, plus, out double sPlus);
        ArraySecondOrder.ChainGradient(x.Zip(d, (a, b) => a - h * b).ToArray(), 1.2 - h * 0.5, minus, out double sMinus);
        for (int i = 0; i < 3; i++) Assert.Equal((plus[i] - minus[i]) / (2 * h), product[i], 6);
        Assert.Equal((sPlus - sMinus) / (2 * h), hvScale, 6);
    }

    [Fact]
    public void Hessian_vector_products_accumulate_into_their_buffers()
    {
        var x = new[] { 0.3, -0.8, 1.1, 0.5 };
        var d = new[] { 0.7, -0.2, 0.4, 1.0 };
        var g1 = new double[4];
        var p1 = new double[4];
        ArraySecondOrder.RosenbrockGradientTangent(x, g1, d, p1);
        var g2 = new double[4];
        var p2 = new double[4];
        ArraySecondOrder.RosenbrockGradientTangent(x, g2, d, p2);
        ArraySecondOrder.RosenbrockGradientTangent(x, g2, d, p2);
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(2 * g1[i], g2[i], 10);
            Assert.Equal(2 * p1[i], p2[i], 10);
        }
    }
}
