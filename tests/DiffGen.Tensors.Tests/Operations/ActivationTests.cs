using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

public static partial class ActivationLosses
{
    /// <summary>A user's own element-wise function: mapped over a tensor with its generated derivative.</summary>
    [Differentiable] public static double Swish(double x) => x / (1 + Math.Exp(-1.5 * x));

    /// <summary>The same in float, for float32 tensors.</summary>
    [Differentiable] public static float SwishF(float x) => x / (1 + MathF.Exp(-1.5f * x));

    [Differentiable]
    public static double MappedSwish(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Map<SwishFunction>(x) * r);

    /// <summary>Every activation of the library in one composition.</summary>
    [Differentiable]
    public static double Chain(Tensor x, [NoDiff] Tensor r)
    {
        var h = Tensor.Relu(x) + Tensor.Sigmoid(x) * Tensor.Tanh(x) - Tensor.Gelu(x) + Tensor.GeluTanh(x) * Tensor.Silu(x);
        h = Tensor.Softplus(h) + Tensor.LeakyRelu(x, 0.2) * Tensor.Elu(x, 0.7) + Tensor.Elu(h);
        return (double)Tensor.Sum(h * r);
    }
}

public class ActivationTests
{
    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 3, 5 })]
    [InlineData(new[] { 2, 3, 4 })]
    public void Every_activation_composed(int[] shape)
    {
        var x = Tensor.RandomUniform(shape, -2, 2, 11, DType.Float64);
        var r = Tensor.RandomUniform(shape, -1, 1, 12, DType.Float64);
        TensorGradientCheck.CheckWeighted(ActivationLosses.Chain, ActivationLosses.ChainGradient, ActivationLosses.ChainTangent, x, r);
    }

    [Fact]
    public void A_users_scalar_function_maps_with_its_generated_derivative()
    {
        var x = Tensor.RandomUniform(new[] { 4, 9 }, -3, 3, 13, DType.Float64);
        var r = Tensor.RandomUniform(new[] { 4, 9 }, -1, 1, 14, DType.Float64);
        TensorGradientCheck.CheckWeighted(ActivationLosses.MappedSwish, ActivationLosses.MappedSwishGradient, ActivationLosses.MappedSwishTangent, x, r);
        var mapped = Tensor.Map<ActivationLosses.SwishFunction>(x).ToDoubleArray();
        var values = x.ToDoubleArray();
        for (int i = 0; i < values.Length; i++) Assert.Equal(ActivationLosses.Swish(values[i]), mapped[i]);
    }

    [Fact]
    public void A_float_function_maps_float32_tensors_and_refuses_float64_ones()
    {
        var x = Tensor.RandomUniform(new[] { 100_000 }, -3, 3, 15);
        var mapped = Tensor.Map<ActivationLosses.SwishFFunction>(x).ToArray();
        var values = x.ToArray();
        for (int i = 0; i < values.Length; i++) Assert.Equal(ActivationLosses.SwishF(values[i]), mapped[i]);
        var error = Assert.Throws<ArgumentException>(() => Tensor.Map<ActivationLosses.SwishFFunction>(Tensor.To(x, DType.Float64)));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("Float64", error.Message);
    }

    [Theory]
    [InlineData(1_003)]
    [InlineData(300_001)]
    public void Vector_pullbacks_of_relu_tanh_and_sigmoid_are_their_derivatives(int length)
    {
        // The vector paths (and, at 300,001 elements, the split over threads) against the generated scalar derivative.
        var x = Tensor.RandomUniform(new[] { length }, -4, 4, 17);
        var seed = Tensor.RandomUniform(new[] { length }, -1, 1, 18);
        var xs = x.ToArray();
        var ss = seed.ToArray();
        Check(Tensor.Relu, (Tensor v, Tensor r, Tensor s, ref Tensor g) => Tensor.MapPullback<ScalarFunctions.ReluFunction>(v, r, s, ref g), ScalarFunctions.ReluFunction.Derivative, 0);
        Check(Tensor.Tanh, (Tensor v, Tensor r, Tensor s, ref Tensor g) => Tensor.MapPullback<ScalarFunctions.TanhFunction>(v, r, s, ref g), ScalarFunctions.TanhFunction.Derivative, 1e-6);
        Check(Tensor.Sigmoid, (Tensor v, Tensor r, Tensor s, ref Tensor g) => Tensor.MapPullback<ScalarFunctions.SigmoidFunction>(v, r, s, ref g), ScalarFunctions.SigmoidFunction.Derivative, 1e-6);

        void Check(Func<Tensor, Tensor> f, PullbackOf pullback, Func<float, float> derivative, double tolerance)
        {
            var gradient = Tensor.Full(new[] { length }, 0.5);
            pullback(x, f(x), seed, ref gradient);
            var g = gradient.ToArray();
            for (int i = 0; i < length; i++)
            {
                double expected = 0.5 + (double)derivative(xs[i]) * ss[i];
                Assert.True(Math.Abs(g[i] - expected) <= tolerance + 1e-6 * Math.Abs(expected), $"element {i}: {g[i]} vs {expected}");
            }
        }
    }

    private delegate void PullbackOf(Tensor x, Tensor result, Tensor seed, ref Tensor gradient);

    [Fact]
    public void Float32_activations_agree_with_float64()
    {
        var x64 = Tensor.RandomUniform(new[] { 5, 7 }, -4, 4, 16, DType.Float64);
        var x32 = Tensor.To(x64, DType.Float32);
        foreach (var (name, f) in new (string, Func<Tensor, Tensor>)[]
                 { ("relu", Tensor.Relu), ("sigmoid", Tensor.Sigmoid), ("tanh", Tensor.Tanh), ("gelu", Tensor.Gelu), ("gelu_tanh", Tensor.GeluTanh), ("silu", Tensor.Silu), ("softplus", Tensor.Softplus), ("elu", t => Tensor.Elu(t)), ("leaky_relu", t => Tensor.LeakyRelu(t)) })
        {
            var a = f(x32).ToArray();
            var b = f(x64).ToDoubleArray();
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-6 * Math.Max(1, Math.Abs(b[i])), $"{name}[{i}]: float {a[i]}, double {b[i]}");
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.5, 0.9661051464753107)]
    [InlineData(-2.0, -0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(3.5, 0.9999992569016276)]
    [InlineData(-4.0, -0.9999999845827421)]
    [InlineData(5.0, 0.9999999999984626)]
    [InlineData(7.0, 1.0)]
    public void Erf_to_fifteen_digits(double x, double expected)
    {
        // Tabulated values (erf to 16 significant digits), on both sides of the series/continued-fraction switch at 3.
        Assert.True(Math.Abs(SpecialFunctions.Erf(x) - expected) <= 1e-15, $"erf({x}) = {SpecialFunctions.Erf(x):R}, expected {expected:R}");
    }
}
