using System.Numerics;
using System.Numerics.Tensors;
using DiffGen.CompilerServices;

namespace DiffGen;

public static partial class Vectorized
{
    /// <summary>
    /// log Σ exp(x[i]), computed as m + log Σ exp(x[i] − m) with m = max(x): no overflow for large x, no underflow to
    /// −∞ for very negative x. −∞ for an empty span.
    /// </summary>
    /// <param name="x">The values (logits).</param>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x) => LogSumExpCore(x);

    /// <inheritdoc cref="LogSumExp(ReadOnlySpan{double})"/>
    [Differentiable]
    public static float LogSumExp(ReadOnlySpan<float> x) => LogSumExpCore(x);

    /// <summary>
    /// Reverse mode of <see cref="LogSumExp(ReadOnlySpan{double})"/>: returns log Σ exp(x[i]) and adds softmax(x)[i] =
    /// exp(x[i] − LogSumExp(x)) to dX[i].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double LogSumExpGradient(ReadOnlySpan<double> x, Span<double> dX) => LogSumExpGradientCore(x, 1d, dX);

    /// <inheritdoc cref="LogSumExpGradient(ReadOnlySpan{double}, Span{double})"/>
    public static float LogSumExpGradient(ReadOnlySpan<float> x, Span<float> dX) => LogSumExpGradientCore(x, 1f, dX);

    /// <summary>
    /// Seeded reverse mode of <see cref="LogSumExp(ReadOnlySpan{double})"/>: returns log Σ exp(x[i]) and adds
    /// seed·softmax(x)[i] to dX[i].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double LogSumExpGradient(ReadOnlySpan<double> x, double seed, Span<double> dX) => LogSumExpGradientCore(x, seed, dX);

    /// <inheritdoc cref="LogSumExpGradient(ReadOnlySpan{double}, double, Span{double})"/>
    public static float LogSumExpGradient(ReadOnlySpan<float> x, float seed, Span<float> dX) => LogSumExpGradientCore(x, seed, dX);

    /// <summary>
    /// Forward mode of <see cref="LogSumExp(ReadOnlySpan{double})"/>: returns log Σ exp(x[i]) and sets
    /// <paramref name="tangent"/> = Σ softmax(x)[i]·dX[i].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double LogSumExpTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double tangent) => LogSumExpTangentCore(x, dX, out tangent);

    /// <inheritdoc cref="LogSumExpTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, out double)"/>
    public static float LogSumExpTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> dX, out float tangent) => LogSumExpTangentCore(x, dX, out tangent);

    [NoDiff]
    private static T LogSumExpCore<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return T.NegativeInfinity;
        T shift = Shift(x);
        Span<T> block = stackalloc T[BlockLength];
        return shift + T.Log(SumOfShiftedExp(x, shift, block, keep: false));
    }

    private static T LogSumExpGradientCore<T>(ReadOnlySpan<T> x, T seed, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        if (x.IsEmpty) return T.NegativeInfinity;
        T shift = Shift(x);
        var exps = Rent(x.Length, stackalloc T[BlockLength], out var rented);
        try
        {
            // exps[i] = exp(x[i] − m), kept; ∂/∂x[i] = exps[i] / Σ exps.
            T sum = SumOfShiftedExp(x, shift, exps, keep: true);
            TensorPrimitives.MultiplyAdd(exps, seed / sum, dX, dX);
            return shift + T.Log(sum);
        }
        finally
        {
            Return(rented);
        }
    }

    private static T LogSumExpTangentCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dX, out T tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        if (x.IsEmpty)
        {
            tangent = T.Zero;
            return T.NegativeInfinity;
        }
        T shift = Shift(x);
        Span<T> scratch = stackalloc T[BlockLength];
        // One pass: the sum of exponentials (block by block, as LogSumExp sums them) and their dot product with dX.
        T sum = T.Zero, weighted = T.Zero;
        for (int start = 0; start < x.Length; start += BlockLength)
        {
            int length = Math.Min(BlockLength, x.Length - start);
            var block = scratch[..length];
            TensorPrimitives.Subtract(x.Slice(start, length), shift, block);
            TensorPrimitives.Exp(block, block);
            sum += TensorPrimitives.Sum<T>(block);
            weighted += TensorPrimitives.Dot<T>(block, dX.Slice(start, length));
        }
        tangent = weighted / sum;
        return shift + T.Log(sum);
    }
}
