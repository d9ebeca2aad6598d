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
        if (inner == 1)
        {
            // Contiguous rows (the last axis): vector passes instead of a compare-and-branch per element.
            for (int o = 0; o < outer; o++)
            {
                int at = ArgMax(x.Slice(o * size, size));
                y[o] = x[o * size + at];
                argMax[o] = at;
            }
            return;
        }
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

    /// <summary>
    /// The index of the first maximum of a non-empty row (of the first NaN when there is one): the maximum in one vector
    /// pass, then the first element equal to it in another. A NaN sends the row to the scalar loop, whose rule it is.
    /// </summary>
    private static int ArgMax<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(row);
        int n = row.Length, w = Vector256<T>.Count, i;
        if (n < 2 * w) return ArgMaxScalar(row);
        var m = Vector256.LoadUnsafe(ref xs);
        var nan = ~Vector256.Equals(m, m);
        for (i = w; i <= n - w; i += w)
        {
            var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
            m = Vector256.Max(m, v);
            nan |= ~Vector256.Equals(v, v);
        }
        for (; i < n; i++) if (T.IsNaN(Unsafe.Add(ref xs, i))) return ArgMaxScalar(row);
        if (nan != Vector256<T>.Zero) return ArgMaxScalar(row);
        T best = m[0];
        for (int k = 1; k < w; k++) if (m[k] > best) best = m[k];
        for (i = (n / w) * w; i < n; i++) if (Unsafe.Add(ref xs, i) > best) best = Unsafe.Add(ref xs, i);
        // −0 and +0 compare equal, so the first zero is found whichever the maximum kept, as the scalar loop does.
        var target = Vector256.Create(best);
        for (i = 0; i <= n - w; i += w)
        {
            uint hits = Vector256.Equals(Vector256.LoadUnsafe(ref xs, (nuint)i), target).ExtractMostSignificantBits();
            if (hits != 0) return i + BitOperations.TrailingZeroCount(hits);
        }
        for (; i < n; i++) if (Unsafe.Add(ref xs, i) == best) return i;
        return 0;
    }

    private static int ArgMaxScalar<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = row[0];
        int at = 0;
        for (int k = 1; k < row.Length; k++)
        {
            T v = row[k];
            if (v > best || (T.IsNaN(v) && !T.IsNaN(best)))
            {
                best = v;
                at = k;
            }
        }
        return at;
    }
}
