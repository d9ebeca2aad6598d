using System.Numerics;
using System.Runtime.Intrinsics;
using DiffGen.Tensors.Kernels;

namespace DiffGen.Tensors;

/// <summary>Element-wise maxima, minima and clamping, with PyTorch's gradients at ties and bounds.</summary>
public sealed partial class Tensor
{
    // ---- maximum, minimum ----

    /// <summary>The element-wise maximum, broadcasting (PyTorch's <c>torch.maximum</c>; a NaN wins). At a tie each input gets half the gradient; beside a NaN, each gets all of it (as PyTorch).</summary>
    [Differentiable]
    public static Tensor Maximum(Tensor a, Tensor b) => Broadcasting<MaximumOperation<float>, MaximumOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Maximum"/>: the tangent of the larger input (their mean at a tie).</summary>
    public static Tensor MaximumTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Maximum(a, b);
        tangent = ExtremumTangent(a, b, dA, dB, result.shape, 1);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Maximum"/>: the seed to the larger input, half to each at a tie.</summary>
    public static void MaximumPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        var gb = GradientBuffer(ref dB!, b, nameof(dB));
        ExtremumPullback(a, b, seed, ga, gb, 1);
    }

    /// <summary>The element-wise minimum, broadcasting (PyTorch's <c>torch.minimum</c>; a NaN wins). At a tie each input gets half the gradient; beside a NaN, each gets all of it (as PyTorch).</summary>
    [Differentiable]
    public static Tensor Minimum(Tensor a, Tensor b) => Broadcasting<MinimumOperation<float>, MinimumOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Minimum"/>: the tangent of the smaller input (their mean at a tie).</summary>
    public static Tensor MinimumTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Minimum(a, b);
        tangent = ExtremumTangent(a, b, dA, dB, result.shape, -1);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Minimum"/>: the seed to the smaller input, half to each at a tie.</summary>
    public static void MinimumPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        var gb = GradientBuffer(ref dB!, b, nameof(dB));
        ExtremumPullback(a, b, seed, ga, gb, -1);
    }

    /// <summary>
    /// Who takes the derivative at each element of the broadcast shape: <see cref="AWins"/>, <see cref="BWins"/>,
    /// <see cref="Tie"/> (half each) or <see cref="Unordered"/> (a NaN: each takes all of it, as PyTorch's
    /// backward, which masks out only the input that compares smaller for the maximum, larger for the minimum).
    /// <paramref name="sign"/> is 1 for the maximum, −1 for the minimum.
    /// </summary>
    private static byte[] Winners(Tensor a, Tensor b, int[] shape, int sign)
    {
        var (ao, bo) = (BroadcastOffsets(a.shape, shape), BroadcastOffsets(b.shape, shape));
        return IsFloat32(a) ? Winners<float>(a.Span<float>(), ao, b.Span<float>(), bo, sign) : Winners<double>(a.Span<double>(), ao, b.Span<double>(), bo, sign);
    }

    private const byte AWins = 0, BWins = 1, Tie = 2, Unordered = 3;

    /// <summary>a's and b's shares of the derivative, by <see cref="Winners(Tensor, Tensor, int[], int)"/>'s codes.</summary>
    private static readonly double[] ShareOfA = { 1, 0, 0.5, 1 }, ShareOfB = { 0, 1, 0.5, 1 };

    private static byte[] Winners<T>(ReadOnlySpan<T> x, int[] ao, ReadOnlySpan<T> y, int[] bo, int sign) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var winners = new byte[ao.Length];
        for (int i = 0; i < winners.Length; i++)
        {
            T u = x[ao[i]], v = y[bo[i]];
            int order = u > v ? sign : u < v ? -sign : 0;
            winners[i] = T.IsNaN(u) || T.IsNaN(v) ? Unordered : order > 0 ? AWins : order < 0 ? BWins : Tie;
        }
        return winners;
    }

    private static Tensor ExtremumTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, int[] shape, int sign)
    {
        CheckLike(dA, a, nameof(dA));
        CheckLike(dB, b, nameof(dB));
        var winners = Winners(a, b, shape, sign);
        var (ao, bo) = (BroadcastOffsets(a.shape, shape), BroadcastOffsets(b.shape, shape));
        var tangent = Empty(a.DType, shape);
        if (IsFloat32(a)) ExtremumTangentRun<float>(winners, ao, bo, dA.Span<float>(), dB.Span<float>(), tangent.Span<float>());
        else ExtremumTangentRun<double>(winners, ao, bo, dA.Span<double>(), dB.Span<double>(), tangent.Span<double>());
        return tangent;
    }

    private static void ExtremumTangentRun<T>(byte[] winners, int[] ao, int[] bo, ReadOnlySpan<T> da, ReadOnlySpan<T> db, Span<T> tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < tangent.Length; i++)
        {
            tangent[i] = T.CreateTruncating(ShareOfA[winners[i]]) * da[ao[i]] + T.CreateTruncating(ShareOfB[winners[i]]) * db[bo[i]];
        }
    }

    private static void ExtremumPullback(Tensor a, Tensor b, Tensor seed, Tensor ga, Tensor gb, int sign)
    {
        var winners = Winners(a, b, seed.shape, sign);
        using var toA = EmptyLike(seed);
        using var toB = EmptyLike(seed);
        if (IsFloat32(seed)) SplitByWinner<float>(winners, seed.Span<float>(), toA.Span<float>(), toB.Span<float>());
        else SplitByWinner<double>(winners, seed.Span<double>(), toA.Span<double>(), toB.Span<double>());
        AddReduced(ga, toA);
        AddReduced(gb, toB);
    }

    private static void SplitByWinner<T>(byte[] winners, ReadOnlySpan<T> seed, Span<T> toA, Span<T> toB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < seed.Length; i++)
        {
            toA[i] = T.CreateTruncating(ShareOfA[winners[i]]) * seed[i];
            toB[i] = T.CreateTruncating(ShareOfB[winners[i]]) * seed[i];
        }
    }

    // ---- clamp ----

    /// <summary>
    /// x limited to [min, max] (PyTorch's <c>torch.clamp</c>: min(max(x, min), max), so max wins when min &gt; max; a
    /// NaN stays NaN). The gradient reaches x where min ≤ x ≤ max (the bounds included, as PyTorch), min where x &lt; min
    /// and max where x &gt; max.
    /// </summary>
    [Differentiable]
    public static Tensor Clamp(Tensor x, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = EmptyLike(x);
        if (IsFloat32(x)) ClampRun<float>(x.Span<float>(), (float)min, (float)max, result.Span<float>());
        else ClampRun<double>(x.Span<double>(), min, max, result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="Clamp"/>.</summary>
    public static Tensor ClampTangent(Tensor x, double min, double max, Tensor dX, double dMin, double dMax, out Tensor tangent)
    {
        var result = Clamp(x, min, max);
        CheckLike(dX, x, nameof(dX));
        tangent = EmptyLike(x);
        if (IsFloat32(x)) ClampTangentRun<float>(x.Span<float>(), (float)min, (float)max, dX.Span<float>(), (float)dMin, (float)dMax, tangent.Span<float>());
        else ClampTangentRun<double>(x.Span<double>(), min, max, dX.Span<double>(), dMin, dMax, tangent.Span<double>());
        return result;
    }

    /// <summary>Reverse mode of <see cref="Clamp"/>: dX += the seed inside the bounds, dMin and dMax = the seed's sums where they bind.</summary>
    public static void ClampPullback(Tensor x, double min, double max, Tensor result, Tensor seed, ref Tensor dX, out double dMin, out double dMax)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) (dMin, dMax) = ClampPullbackRun<float>(x.Span<float>(), (float)min, (float)max, seed.Span<float>(), gx.Span<float>());
        else (dMin, dMax) = ClampPullbackRun<double>(x.Span<double>(), min, max, seed.Span<double>(), gx.Span<double>());
    }

    private static void ClampRun<T>(ReadOnlySpan<T> x, T min, T max, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Vector256.Max/Min propagate NaN as T.Max/T.Min do, so both loops give PyTorch's values.
        var (low, high) = (Vector256.Create(min), Vector256.Create(max));
        int i = 0;
        for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            Vector256.Min(Vector256.Max(Vector256.Create(x.Slice(i, Vector256<T>.Count)), low), high).CopyTo(y.Slice(i, Vector256<T>.Count));
        }
        for (; i < x.Length; i++) y[i] = T.Min(T.Max(x[i], min), max);
    }

    /// <summary>
    /// Which value the result at x is: 0 x itself, 1 the lower bound, 2 the upper bound (PyTorch's masks). A NaN x is
    /// its own result: no bound gets its gradient (and x's mask, x ≥ min ∧ x ≤ max, is false).
    /// </summary>
    private static int ClampSource<T>(T x, T min, T max) where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsNaN(x) || (x >= min && x <= max) ? 0 : x > max || min > max ? 2 : x < min ? 1 : 0;

    private static void ClampTangentRun<T>(ReadOnlySpan<T> x, T min, T max, ReadOnlySpan<T> dx, T dMin, T dMax, Span<T> tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            tangent[i] = ClampSource(x[i], min, max) switch { 1 => dMin, 2 => dMax, _ => T.IsNaN(x[i]) || x[i] < min || x[i] > max ? T.Zero : dx[i] };
        }
    }

    private static (double DMin, double DMax) ClampPullbackRun<T>(ReadOnlySpan<T> x, T min, T max, ReadOnlySpan<T> seed, Span<T> gx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double dMin = 0, dMax = 0;
        for (int i = 0; i < x.Length; i++)
        {
            switch (ClampSource(x[i], min, max))
            {
                case 1: dMin += double.CreateTruncating(seed[i]); break;
                case 2: dMax += double.CreateTruncating(seed[i]); break;
                default: if (x[i] >= min && x[i] <= max) gx[i] += seed[i]; break;
            }
        }
        return (dMin, dMax);
    }
}
