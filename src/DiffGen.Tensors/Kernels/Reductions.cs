using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors.Kernels;

/// <summary>Reductions over spans, vectorized, accumulating in the element type (as PyTorch's CPU kernels do).</summary>
internal static class Reductions
{
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
        int w = Vector256<T>.Count;
        for (; i <= n - 4 * w; i += 4 * w)
        {
            a0 += Vector256.LoadUnsafe(ref xs, (nuint)i);
            a1 += Vector256.LoadUnsafe(ref xs, (nuint)(i + w));
            a2 += Vector256.LoadUnsafe(ref xs, (nuint)(i + 2 * w));
            a3 += Vector256.LoadUnsafe(ref xs, (nuint)(i + 3 * w));
        }
        for (; i <= n - w; i += w) a0 += Vector256.LoadUnsafe(ref xs, (nuint)i);
        T s = Vector256.Sum((a0 + a1) + (a2 + a3));
        for (; i < n; i++) s += Unsafe.Add(ref xs, i);
        return s;
    }

    /// <summary>
    /// Sums over the middle axis of x viewed as [outer, size, inner] into y [outer, inner] (added into when
    /// <paramref name="accumulate"/>).
    /// </summary>
    public static void SumAxis<T>(ReadOnlySpan<T> x, int outer, int size, int inner, Span<T> y, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!accumulate) y.Clear();
        for (int o = 0; o < outer; o++)
        {
            var target = y.Slice(o * inner, inner);
            if (inner == 1)
            {
                target[0] += Sum(x.Slice(o * size, size));
                continue;
            }
            for (int k = 0; k < size; k++) Elementwise.AddInto(x.Slice((o * size + k) * inner, inner), target);
        }
    }

    /// <summary>The maximum over the middle axis of x as [outer, size, inner], and the index of the first maximum.</summary>
    public static void MaxAxis<T>(ReadOnlySpan<T> x, int outer, int size, int inner, Span<T> y, Span<int> argMax) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int baseIndex = o * size * inner + j;
                T best = x[baseIndex];
                int at = 0;
                for (int k = 1; k < size; k++)
                {
                    T v = x[baseIndex + k * inner];
                    // NaN wins, as in PyTorch: the maximum of anything with a NaN is NaN.
                    if (v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                    {
                        best = v;
                        at = k;
                    }
                }
                y[o * inner + j] = best;
                argMax[o * inner + j] = at;
            }
    }
}
