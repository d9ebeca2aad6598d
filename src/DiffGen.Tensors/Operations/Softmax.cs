using DiffGen.Tensors.Kernels;

namespace DiffGen.Tensors;

/// <summary>Softmax and log-softmax along any axis: stable kernels (the maximum subtracted), derivatives from the result.</summary>
public sealed partial class Tensor
{
    // ---- softmax ----

    /// <summary>exp(x − max) ÷ Σ exp(x − max) along <paramref name="axis"/> (negative counts from the end), as PyTorch's <c>softmax(dim)</c>.</summary>
    [Differentiable]
    public static Tensor Softmax(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        var result = EmptyLike(x);
        if (IsFloat32(x)) Normalization.Softmax(x.Span<float>(), outer, size, inner, result.Span<float>(), false);
        else Normalization.Softmax(x.Span<double>(), outer, size, inner, result.Span<double>(), false);
        return result;
    }

    /// <summary>Forward mode of <see cref="Softmax(Tensor, int)"/>: y ⊙ (dX − Σ dX ⊙ y).</summary>
    public static Tensor SoftmaxTangent(Tensor x, int axis, Tensor dX, out Tensor tangent)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        CheckLike(dX, x, nameof(dX));
        var result = Softmax(x, axis);
        tangent = EmptyLike(x);
        if (IsFloat32(x)) Normalization.SoftmaxChain(result.Span<float>(), dX.Span<float>(), outer, size, inner, tangent.Span<float>(), false);
        else Normalization.SoftmaxChain(result.Span<double>(), dX.Span<double>(), outer, size, inner, tangent.Span<double>(), false);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Softmax(Tensor, int)"/>: dX += y ⊙ (seed − Σ seed ⊙ y), from the result alone.</summary>
    public static void SoftmaxPullback(Tensor x, int axis, Tensor result, Tensor seed, ref Tensor dX)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) Normalization.SoftmaxChain(result.Span<float>(), seed.Span<float>(), outer, size, inner, gx.Span<float>(), true);
        else Normalization.SoftmaxChain(result.Span<double>(), seed.Span<double>(), outer, size, inner, gx.Span<double>(), true);
    }

    // ---- log-softmax ----

    /// <summary>x − max − log Σ exp(x − max) along <paramref name="axis"/>, as PyTorch's <c>log_softmax(dim)</c>.</summary>
    [Differentiable]
    public static Tensor LogSoftmax(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        var result = EmptyLike(x);
        if (IsFloat32(x)) Normalization.Softmax(x.Span<float>(), outer, size, inner, result.Span<float>(), true);
        else Normalization.Softmax(x.Span<double>(), outer, size, inner, result.Span<double>(), true);
        return result;
    }

    /// <summary>Forward mode of <see cref="LogSoftmax(Tensor, int)"/>: dX − Σ exp(y) ⊙ dX.</summary>
    public static Tensor LogSoftmaxTangent(Tensor x, int axis, Tensor dX, out Tensor tangent)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        CheckLike(dX, x, nameof(dX));
        var result = LogSoftmax(x, axis);
        tangent = EmptyLike(x);
        if (IsFloat32(x)) Normalization.LogSoftmaxTangent(result.Span<float>(), dX.Span<float>(), outer, size, inner, tangent.Span<float>());
        else Normalization.LogSoftmaxTangent(result.Span<double>(), dX.Span<double>(), outer, size, inner, tangent.Span<double>());
        return result;
    }

    /// <summary>Reverse mode of <see cref="LogSoftmax(Tensor, int)"/>: dX += seed − exp(y)·Σ seed, from the result alone.</summary>
    public static void LogSoftmaxPullback(Tensor x, int axis, Tensor result, Tensor seed, ref Tensor dX)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) Normalization.LogSoftmaxPullback(result.Span<float>(), seed.Span<float>(), outer, size, inner, gx.Span<float>());
        else Normalization.LogSoftmaxPullback(result.Span<double>(), seed.Span<double>(), outer, size, inner, gx.Span<double>());
    }
}
