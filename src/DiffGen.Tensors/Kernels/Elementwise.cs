using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors.Kernels;

/// <summary>Element-wise kernels over spans: binary operations with NumPy broadcasting and the sums that undo it.</summary>
internal static class Elementwise
{
    /// <summary>y += x.</summary>
    public static void AddInto<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => Run<T, AddOperation<T>>(y, x, y);

    /// <summary>z = op(x, y), all of one length.</summary>
    public static void Run<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperation<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        ref T zs = ref MemoryMarshal.GetReference(z);
        int n = z.Length, i = 0;
        for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
        {
            TOp.Apply(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref zs, i) = TOp.Apply(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
    }

    /// <summary>z = op(x, y) where y repeats: x and z are whole blocks of y's length, one after the other.</summary>
    public static void RunRepeated<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperation<T>
    {
        int block = y.Length;
        ref T ys = ref MemoryMarshal.GetReference(y);
        for (int start = 0; start < z.Length; start += block)
        {
            ref T xs = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), start);
            ref T zs = ref Unsafe.Add(ref MemoryMarshal.GetReference(z), start);
            int i = 0;
            for (; i <= block - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                TOp.Apply(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
            }
            for (; i < block; i++) Unsafe.Add(ref zs, i) = TOp.Apply(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>z = op(x, s) or op(s, x) (<paramref name="scalarFirst"/>) for a scalar s.</summary>
    public static void RunScalar<T, TOp>(ReadOnlySpan<T> x, T s, bool scalarFirst, Span<T> z)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperation<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T zs = ref MemoryMarshal.GetReference(z);
        int n = z.Length, i = 0;
        var sv = Vector256.Create(s);
        if (scalarFirst)
        {
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(sv, Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
            for (; i < n; i++) Unsafe.Add(ref zs, i) = TOp.Apply(s, Unsafe.Add(ref xs, i));
        }
        else
        {
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.LoadUnsafe(ref xs, (nuint)i), sv).StoreUnsafe(ref zs, (nuint)i);
            for (; i < n; i++) Unsafe.Add(ref zs, i) = TOp.Apply(Unsafe.Add(ref xs, i), s);
        }
    }

    /// <summary>
    /// z = op(x, y) with NumPy broadcasting: <paramref name="zShape"/> is the broadcast shape, the strides are the inputs'
    /// row-major strides seen from it (0 on broadcast axes). The innermost axis runs as one of the four vector loops.
    /// </summary>
    public static void RunBroadcast<T, TOp>(ReadOnlySpan<T> x, int[] xStrides, ReadOnlySpan<T> y, int[] yStrides, Span<T> z, int[] zShape)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperation<T>
    {
        int rank = zShape.Length;
        if (rank == 0)
        {
            z[0] = TOp.Apply(x[0], y[0]);
            return;
        }
        int inner = zShape[rank - 1];
        int sx = xStrides[rank - 1], sy = yStrides[rank - 1];
        int rows = inner == 0 ? 0 : z.Length / inner;
        Span<int> index = stackalloc int[rank];
        int xo = 0, yo = 0;
        for (int row = 0; row < rows; row++)
        {
            var zRow = z.Slice(row * inner, inner);
            if (sx != 0 && sy != 0) Run<T, TOp>(x.Slice(xo, inner), y.Slice(yo, inner), zRow);
            else if (sx != 0) RunScalar<T, TOp>(x.Slice(xo, inner), y[yo], false, zRow);
            else if (sy != 0) RunScalar<T, TOp>(y.Slice(yo, inner), x[xo], true, zRow);
            else zRow.Fill(TOp.Apply(x[xo], y[yo]));
            // The next row: an odometer over the outer axes.
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                xo += xStrides[axis];
                yo += yStrides[axis];
                if (++index[axis] < zShape[axis]) break;
                xo -= xStrides[axis] * zShape[axis];
                yo -= yStrides[axis] * zShape[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>
    /// y += x summed over the axes on which y (row-major strides <paramref name="yStrides"/> seen from x's shape, 0 on
    /// broadcast axes) was broadcast: the reverse of <see cref="RunBroadcast"/>.
    /// </summary>
    public static void SumInto<T>(ReadOnlySpan<T> x, int[] xShape, Span<T> y, int[] yStrides) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = xShape.Length;
        if (rank == 0)
        {
            y[0] += x[0];
            return;
        }
        int inner = xShape[rank - 1];
        int sy = yStrides[rank - 1];
        int rows = inner == 0 ? 0 : x.Length / inner;
        Span<int> index = stackalloc int[rank];
        int yo = 0;
        for (int row = 0; row < rows; row++)
        {
            var xRow = x.Slice(row * inner, inner);
            if (sy != 0) AddInto(xRow, y.Slice(yo, inner));
            else y[yo] += Reductions.Sum(xRow);
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                yo += yStrides[axis];
                if (++index[axis] < xShape[axis]) break;
                yo -= yStrides[axis] * xShape[axis];
                index[axis] = 0;
            }
        }
    }

    /// <summary>y = s·x.</summary>
    public static void Scale<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => RunScalar<T, MultiplyOperation<T>>(x, s, false, y);
}
