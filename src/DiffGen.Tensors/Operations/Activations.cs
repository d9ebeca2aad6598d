namespace DiffGen.Tensors;

/// <summary>
/// Activations: each maps a <c>[Differentiable]</c> scalar function of <see cref="ScalarFunctions"/> over the elements
/// (<see cref="Map{TF}"/>), so their derivatives are the generator's; those with a parameter compose them.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>max(x, 0) element-wise.</summary>
    [Differentiable] public static Tensor Relu(Tensor x) => Map<ScalarFunctions.ReluFunction>(x);

    /// <summary>1 / (1 + e^−x) element-wise.</summary>
    [Differentiable] public static Tensor Sigmoid(Tensor x) => Map<ScalarFunctions.SigmoidFunction>(x);

    /// <summary>tanh element-wise.</summary>
    [Differentiable] public static Tensor Tanh(Tensor x) => Map<ScalarFunctions.TanhFunction>(x);

    /// <summary>GELU with the exact Gaussian CDF, x/2·(1 + erf(x/√2)) (PyTorch's <c>gelu</c>).</summary>
    [Differentiable] public static Tensor Gelu(Tensor x) => Map<ScalarFunctions.GeluFunction>(x);

    /// <summary>GELU's tanh approximation (PyTorch's <c>gelu(x, approximate='tanh')</c>).</summary>
    [Differentiable] public static Tensor GeluTanh(Tensor x) => Map<ScalarFunctions.GeluTanhFunction>(x);

    /// <summary>x·σ(x) element-wise (SiLU, swish).</summary>
    [Differentiable] public static Tensor Silu(Tensor x) => Map<ScalarFunctions.SiluFunction>(x);

    /// <summary>log(1 + eˣ) element-wise (x itself above 20, as PyTorch).</summary>
    [Differentiable] public static Tensor Softplus(Tensor x) => Map<ScalarFunctions.SoftplusFunction>(x);

    /// <summary>x for x &gt; 0, <paramref name="negativeSlope"/>·x otherwise.</summary>
    [Differentiable]
    public static Tensor LeakyRelu(Tensor x, [NoDiff] double negativeSlope = 0.01) => Relu(x) - negativeSlope * Relu(-x);

    /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    [Differentiable]
    public static Tensor Elu(Tensor x, [NoDiff] double alpha = 1.0)
    {
        var positive = Relu(x);
        return positive + alpha * (Map<ScalarFunctions.EluFunction>(x) - positive);
    }
}
