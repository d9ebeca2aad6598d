using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors.Kernels;

/// <summary>Fused element-wise updates (one pass over memory where two operations would take two).</summary>
internal static class Fused
{
    /// <summary>y += a·x.</summary>
    public static void MultiplyAddInto<T>(ReadOnlySpan<T> x, T a, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        var av = Vector256.Create(a);
        int n = y.Length, i = 0;
        for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            (av * Vector256.LoadUnsafe(ref xs, (nuint)i) + Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref ys, i) += a * Unsafe.Add(ref xs, i);
    }
}
