namespace DiffGen.Tensors;

/// <summary>
/// The library's element-wise activations as <c>[Differentiable]</c> scalar functions, each for float and double:
/// the generator writes their derivatives and the <c>{Name}Function</c> structs that <see cref="Tensor.Map{TF}"/> applies
/// (PyTorch's formulas). A user's own function is written the same way.
/// </summary>
public static partial class ScalarFunctions
{
    /// <summary>max(x, 0); derivative 0 at 0, as PyTorch.</summary>
    [Differentiable] public static float Relu(float x) => x > 0 ? x : 0;

    /// <summary>max(x, 0).</summary>
    [Differentiable] public static double Relu(double x) => x > 0 ? x : 0;

    /// <summary>1 / (1 + e^−x).</summary>
    [Differentiable] public static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    /// <summary>1 / (1 + e^−x).</summary>
    [Differentiable] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>tanh x.</summary>
    [Differentiable] public static float Tanh(float x) => MathF.Tanh(x);

    /// <summary>tanh x.</summary>
    [Differentiable] public static double Tanh(double x) => Math.Tanh(x);

    /// <summary>x·Φ(x) = x/2·(1 + erf(x/√2)): GELU with the exact Gaussian CDF (PyTorch's default).</summary>
    [Differentiable] public static float Gelu(float x) => (float)Gelu((double)x);

    /// <summary>x/2·(1 + erf(x/√2)).</summary>
    [Differentiable] public static double Gelu(double x) => 0.5 * x * (1 + SpecialFunctions.Erf(x * 0.70710678118654752440));

    /// <summary>x/2·(1 + tanh(√(2/π)(x + 0.044715x³))): PyTorch's <c>gelu(approximate='tanh')</c>.</summary>
    [Differentiable] public static float GeluTanh(float x) => 0.5f * x * (1 + MathF.Tanh(0.7978845608028654f * (x + 0.044715f * x * x * x)));

    /// <summary>x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    [Differentiable] public static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(0.79788456080286535588 * (x + 0.044715 * x * x * x)));

    /// <summary>x·σ(x) (SiLU, swish).</summary>
    [Differentiable] public static float Silu(float x) => x / (1 + MathF.Exp(-x));

    /// <summary>x·σ(x).</summary>
    [Differentiable] public static double Silu(double x) => x / (1 + Math.Exp(-x));

    /// <summary>log(1 + eˣ), x itself above 20 (PyTorch's threshold), computed without overflow.</summary>
    [Differentiable]
    public static float Softplus(float x) => x > 20 ? x : MathF.Max(x, 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(x)));

    /// <summary>log(1 + eˣ), x itself above 20.</summary>
    [Differentiable]
    public static double Softplus(double x) => x > 20 ? x : Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>ELU with α = 1: x for x &gt; 0, eˣ − 1 otherwise.</summary>
    [Differentiable] public static float Elu(float x) => x > 0 ? x : MathF.Exp(x) - 1;

    /// <summary>ELU with α = 1.</summary>
    [Differentiable] public static double Elu(double x) => x > 0 ? x : Math.Exp(x) - 1;
}
