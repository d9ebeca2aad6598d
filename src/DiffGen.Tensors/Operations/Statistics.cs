namespace DiffGen.Tensors;

/// <summary>Variance and standard deviation, along an axis or over everything: composites, so their derivatives are generated.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The variance along <paramref name="axis"/> (negative counts from the end): Σ (x − mean)² ÷ (n − 1), or ÷ n when not
    /// <paramref name="unbiased"/> (PyTorch's <c>var(dim, unbiased, keepdim)</c>; NaN for n − 1 = 0, as PyTorch).
    /// </summary>
    [Differentiable]
    public static Tensor Var(Tensor x, int axis, bool keepDim = false, bool unbiased = true)
    {
        int n = Size(x, axis);
        int divisor = unbiased ? n - 1 : n;
        var deviation = x - Mean(x, axis, true);
        return Sum(deviation * deviation, axis, keepDim) / divisor;
    }

    /// <summary>The standard deviation along <paramref name="axis"/>: √<see cref="Var(Tensor, int, bool, bool)"/>.</summary>
    [Differentiable]
    public static Tensor Std(Tensor x, int axis, bool keepDim = false, bool unbiased = true) => Sqrt(Var(x, axis, keepDim, unbiased));

    /// <summary>The variance of every element, as a tensor of shape [] (÷ (n − 1), or ÷ n when not <paramref name="unbiased"/>).</summary>
    [Differentiable]
    public static Tensor Var(Tensor x, bool unbiased = true)
    {
        int n = Count(x);
        int divisor = unbiased ? n - 1 : n;
        var deviation = x - Mean(x);
        return Sum(deviation * deviation) / divisor;
    }

    /// <summary>The standard deviation of every element, as a tensor of shape []: √<see cref="Var(Tensor, bool)"/>.</summary>
    [Differentiable]
    public static Tensor Std(Tensor x, bool unbiased = true) => Sqrt(Var(x, unbiased));

    /// <summary>The number of elements (PyTorch's <c>numel()</c>).</summary>
    [NoDiff]
    public static int Count(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Length;
    }
}
