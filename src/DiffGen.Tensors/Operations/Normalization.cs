using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>Layer and batch normalization (training mode), kernels with hand-written derivatives for x, weight and bias.</summary>
public sealed partial class Tensor
{
    // ---- layer normalization ----

    /// <summary>
    /// PyTorch's <c>layer_norm(x, normalized_shape, weight, bias, eps)</c> with normalized_shape = the last
    /// <paramref name="normalizedAxes"/> axes of x: each slice over them becomes (x − μ)/√(σ² + ε) ⊙ weight + bias,
    /// σ² the biased variance. <paramref name="weight"/> and <paramref name="bias"/> have that trailing shape.
    /// </summary>
    [Differentiable]
    public static Tensor LayerNorm(Tensor x, int normalizedAxes, Tensor weight, Tensor bias, [NoDiff] double eps = 1e-5)
    {
        int d = CheckLayerNorm(x, normalizedAxes, weight, bias);
        var result = EmptyLike(x);
        if (IsFloat32(x)) Normalization.LayerNorm(x.Span<float>(), d, weight.Span<float>(), bias.Span<float>(), (float)eps, result.Span<float>());
        else Normalization.LayerNorm(x.Span<double>(), d, weight.Span<double>(), bias.Span<double>(), eps, result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="LayerNorm"/>: r·(dX − mean dX − x̂·mean(dX ⊙ x̂)) ⊙ weight + x̂ ⊙ dWeight + dBias per slice.</summary>
    public static Tensor LayerNormTangent(Tensor x, int normalizedAxes, Tensor weight, Tensor bias, double eps, Tensor dX, Tensor dWeight, Tensor dBias, out Tensor tangent)
    {
        int d = CheckLayerNorm(x, normalizedAxes, weight, bias);
        CheckLike(dX, x, nameof(dX));
        CheckLike(dWeight, weight, nameof(dWeight));
        CheckLike(dBias, bias, nameof(dBias));
        var result = LayerNorm(x, normalizedAxes, weight, bias, eps);
        tangent = EmptyLike(x);
        if (IsFloat32(x)) Normalization.LayerNormTangent(x.Span<float>(), d, weight.Span<float>(), (float)eps, dX.Span<float>(), dWeight.Span<float>(), dBias.Span<float>(), tangent.Span<float>());
        else Normalization.LayerNormTangent(x.Span<double>(), d, weight.Span<double>(), eps, dX.Span<double>(), dWeight.Span<double>(), dBias.Span<double>(), tangent.Span<double>());
        return result;
    }

    /// <summary>
    /// Reverse mode of <see cref="LayerNorm"/>: dWeight += Σ seed ⊙ x̂, dBias += Σ seed, dX += r·(ĝ − mean ĝ − x̂·mean(ĝ ⊙ x̂))
    /// with ĝ = seed ⊙ weight; the mean and r = 1/√(σ² + ε) of each slice are recomputed from x.
    /// </summary>
    public static void LayerNormPullback(Tensor x, int normalizedAxes, Tensor weight, Tensor bias, double eps, Tensor result, Tensor seed, ref Tensor dX, ref Tensor dWeight, ref Tensor dBias)
    {
        int d = CheckLayerNorm(x, normalizedAxes, weight, bias);
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        var gw = GradientBuffer(ref dWeight!, weight, nameof(dWeight));
        var gb = GradientBuffer(ref dBias!, bias, nameof(dBias));
        if (IsFloat32(x)) Normalization.LayerNormPullback(x.Span<float>(), d, weight.Span<float>(), (float)eps, seed.Span<float>(), gx.Span<float>(), gw.Span<float>(), gb.Span<float>());
        else Normalization.LayerNormPullback(x.Span<double>(), d, weight.Span<double>(), eps, seed.Span<double>(), gx.Span<double>(), gw.Span<double>(), gb.Span<double>());
    }

    /// <summary>The checks of <see cref="LayerNorm"/>; returns the length of a normalized slice.</summary>
    private static int CheckLayerNorm(Tensor x, int normalizedAxes, Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (normalizedAxes < 1 || normalizedAxes > x.Rank)
        {
            throw new ArgumentException($"A layer norm normalizes over 1 to {x.Rank} trailing axes of a tensor of shape {ShapeChecks.Text(x.shape)}; got {normalizedAxes}.", nameof(normalizedAxes));
        }
        var trailing = x.shape.AsSpan(x.Rank - normalizedAxes);
        CheckParameter(weight, x, trailing, nameof(weight), $"x's last {normalizedAxes} axes");
        CheckParameter(bias, x, trailing, nameof(bias), $"x's last {normalizedAxes} axes");
        return ShapeChecks.Product(trailing);
    }

    private static void CheckParameter(Tensor parameter, Tensor x, ReadOnlySpan<int> shape, string name, string what)
    {
        ShapeChecks.CheckSameType(x, parameter, nameof(x), name);
        if (!parameter.shape.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"'{name}' has shape {ShapeChecks.Text(parameter.shape)}; it must have the shape of {what}, {ShapeChecks.Text(shape)} (x has shape {ShapeChecks.Text(x.shape)}).", name);
        }
    }

    // ---- batch normalization ----

    /// <summary>
    /// PyTorch's <c>batch_norm(x, None, None, weight, bias, training=True, eps=eps)</c>: x is N×C or N×C×… (NCHW for
    /// images); each channel is normalized with its batch statistics over N and the trailing axes, (x − μ)/√(σ² + ε)
    /// with the biased σ², then scaled by weight and shifted by bias (both of shape [C]). Running statistics are the
    /// caller's: see <see cref="BatchNormStatistics"/>.
    /// </summary>
    [Differentiable]
    public static Tensor BatchNorm(Tensor x, Tensor weight, Tensor bias, [NoDiff] double eps = 1e-5)
    {
        var (n, c, s) = CheckBatchNorm(x, weight, bias);
        var result = EmptyLike(x);
        if (IsFloat32(x)) Normalization.BatchNorm(x.Span<float>(), n, c, s, weight.Span<float>(), bias.Span<float>(), (float)eps, result.Span<float>());
        else Normalization.BatchNorm(x.Span<double>(), n, c, s, weight.Span<double>(), bias.Span<double>(), eps, result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="BatchNorm"/>: weight·r·(dX − mean dX − x̂·mean(dX ⊙ x̂)) + x̂·dWeight + dBias per channel.</summary>
    public static Tensor BatchNormTangent(Tensor x, Tensor weight, Tensor bias, double eps, Tensor dX, Tensor dWeight, Tensor dBias, out Tensor tangent)
    {
        var (n, c, s) = CheckBatchNorm(x, weight, bias);
        CheckLike(dX, x, nameof(dX));
        CheckLike(dWeight, weight, nameof(dWeight));
        CheckLike(dBias, bias, nameof(dBias));
        var result = BatchNorm(x, weight, bias, eps);
        tangent = EmptyLike(x);
        if (IsFloat32(x))
        {
            Normalization.BatchNormChain(x.Span<float>(), n, c, s, weight.Span<float>(), (float)eps, dX.Span<float>(), tangent.Span<float>(), dWeight.Span<float>(), dBias.Span<float>(), true);
        }
        else
        {
            Normalization.BatchNormChain(x.Span<double>(), n, c, s, weight.Span<double>(), eps, dX.Span<double>(), tangent.Span<double>(), dWeight.Span<double>(), dBias.Span<double>(), true);
        }
        return result;
    }

    /// <summary>
    /// Reverse mode of <see cref="BatchNorm"/>: dWeight += Σ seed ⊙ x̂, dBias += Σ seed, dX += weight·r·(seed − mean seed −
    /// x̂·mean(seed ⊙ x̂)) per channel; the batch statistics are recomputed from x.
    /// </summary>
    public static void BatchNormPullback(Tensor x, Tensor weight, Tensor bias, double eps, Tensor result, Tensor seed, ref Tensor dX, ref Tensor dWeight, ref Tensor dBias)
    {
        var (n, c, s) = CheckBatchNorm(x, weight, bias);
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        var gw = GradientBuffer(ref dWeight!, weight, nameof(dWeight));
        var gb = GradientBuffer(ref dBias!, bias, nameof(dBias));
        if (IsFloat32(x))
        {
            Normalization.BatchNormChain(x.Span<float>(), n, c, s, weight.Span<float>(), (float)eps, seed.Span<float>(), gx.Span<float>(), gw.Span<float>(), gb.Span<float>(), false);
        }
        else
        {
            Normalization.BatchNormChain(x.Span<double>(), n, c, s, weight.Span<double>(), eps, seed.Span<double>(), gx.Span<double>(), gw.Span<double>(), gb.Span<double>(), false);
        }
    }

    /// <summary>
    /// The per-channel batch mean and unbiased variance of x (N×C or N×C×…), shapes [C]: what PyTorch folds into its
    /// running statistics in training mode (running = (1 − momentum)·running + momentum·statistic).
    /// </summary>
    [NoDiff]
    public static (Tensor Mean, Tensor Var) BatchNormStatistics(Tensor x)
    {
        var (n, c, s) = BatchSplit(x);
        var mean = Empty(x.DType, c);
        var variance = Empty(x.DType, c);
        if (IsFloat32(x)) Normalization.ChannelMoments(x.Span<float>(), n, c, s, mean.Span<float>(), variance.Span<float>());
        else Normalization.ChannelMoments(x.Span<double>(), n, c, s, mean.Span<double>(), variance.Span<double>());
        // The moments hold Σ (x − μ)²: ÷ (count − 1) for the unbiased variance.
        using var divided = Divide(variance, (double)n * s - 1);
        if (IsFloat32(x)) divided.Span<float>().CopyTo(variance.Span<float>());
        else divided.Span<double>().CopyTo(variance.Span<double>());
        return (mean, variance);
    }

    private static (int N, int C, int S) CheckBatchNorm(Tensor x, Tensor weight, Tensor bias)
    {
        var (n, c, s) = BatchSplit(x);
        ReadOnlySpan<int> channels = [c];
        CheckParameter(weight, x, channels, nameof(weight), "x's channel axis (1)");
        CheckParameter(bias, x, channels, nameof(bias), "x's channel axis (1)");
        return (n, c, s);
    }

    /// <summary>x as [N, C, S] (S the product of the axes after the channels), checked to hold more than one value per channel.</summary>
    private static (int N, int C, int S) BatchSplit(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 2) throw new ArgumentException($"Batch normalization needs a tensor of shape N×C or N×C×…; got shape {ShapeChecks.Text(x.shape)}.", nameof(x));
        int s = ShapeChecks.Product(x.shape.AsSpan(2));
        if ((long)x.shape[0] * s <= 1)
        {
            // As PyTorch in training mode: one value per channel has no variance to normalize by.
            throw new ArgumentException($"Batch normalization needs more than one value per channel; got shape {ShapeChecks.Text(x.shape)}.", nameof(x));
        }
        return (x.shape[0], x.shape[1], s);
    }
}
