using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>Gathering and choosing elements: index_select (embeddings), where, one-hot labels and argmax.</summary>
public sealed partial class Tensor
{
    // ---- index_select ----

    /// <summary>
    /// The entries <paramref name="indices"/> of <paramref name="axis"/>, in that order, repeats allowed (PyTorch's
    /// <c>index_select</c>): the axis gets indices.Length entries. An embedding lookup is <c>IndexSelect(table, 0, ids)</c>.
    /// </summary>
    [Differentiable]
    public static Tensor IndexSelect(Tensor x, int axis, [NoDiff] int[] indices)
    {
        var (outer, size, inner, shape) = IndexSelectSizes(x, axis, indices);
        var result = Empty(x.DType, shape);
        if (IsFloat32(x)) Gather<float>(x.Span<float>(), result.Span<float>(), outer, size, inner, indices, false);
        else Gather<double>(x.Span<double>(), result.Span<double>(), outer, size, inner, indices, false);
        return result;
    }

    /// <summary>Forward mode of <see cref="IndexSelect"/>.</summary>
    public static Tensor IndexSelectTangent(Tensor x, int axis, int[] indices, Tensor dX, out Tensor tangent)
    {
        var result = IndexSelect(x, axis, indices);
        CheckLike(dX, x, nameof(dX));
        tangent = IndexSelect(dX, axis, indices);
        return result;
    }

    /// <summary>Reverse mode of <see cref="IndexSelect"/>: the seed scatter-added back (a repeated index gets the sum).</summary>
    public static void IndexSelectPullback(Tensor x, int axis, int[] indices, Tensor result, Tensor seed, ref Tensor dX)
    {
        var (outer, size, inner, _) = IndexSelectSizes(x, axis, indices);
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) Gather<float>(gx.Span<float>(), seed.Span<float>(), outer, size, inner, indices, true);
        else Gather<double>(gx.Span<double>(), seed.Span<double>(), outer, size, inner, indices, true);
    }

    private static (int Outer, int Size, int Inner, int[] Shape) IndexSelectSizes(Tensor x, int axis, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        var (outer, size, inner, shape) = AxisSplit(x, axis, true, nameof(axis));
        for (int i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)size) throw new ArgumentException($"indices[{i}] = {indices[i]} is out of range for axis {axis} (size {size}) of a tensor of shape {ShapeChecks.Text(x.shape)}.", nameof(indices));
        }
        shape[ShapeChecks.Axis(axis, x.Rank, nameof(axis), x)] = indices.Length;
        ShapeChecks.Product(shape);
        return (outer, size, inner, shape);
    }

    /// <summary>picked[o, i, :] = x[o, indices[i], :]; or, reversed, x[o, indices[i], :] += picked[o, i, :].</summary>
    private static void Gather<T>(Span<T> x, Span<T> picked, int outer, int size, int inner, int[] indices, bool scatterAdd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < indices.Length; i++)
            {
                var row = x.Slice((o * size + indices[i]) * inner, inner);
                var slot = picked.Slice((o * indices.Length + i) * inner, inner);
                if (scatterAdd) Elementwise.AddInto<T>(slot, row);
                else row.CopyTo(slot);
            }
    }

    // ---- where ----

    /// <summary>
    /// a where <paramref name="condition"/> is nonzero, b elsewhere (PyTorch's <c>torch.where</c>), the three
    /// broadcast together. The condition may be of either element type; a and b must share theirs.
    /// </summary>
    [Differentiable]
    public static Tensor Where([NoDiff] Tensor condition, Tensor a, Tensor b)
    {
        var shape = WhereShape(condition, a, b);
        var result = Empty(a.DType, shape);
        var chosen = Chosen(condition, shape);
        if (IsFloat32(a)) WhereRun<float>(chosen, a, b, result);
        else WhereRun<double>(chosen, a, b, result);
        return result;
    }

    /// <summary>Forward mode of <see cref="Where"/>: the tangent of the side chosen.</summary>
    public static Tensor WhereTangent(Tensor condition, Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Where(condition, a, b);
        CheckLike(dA, a, nameof(dA));
        CheckLike(dB, b, nameof(dB));
        tangent = Where(condition, dA, dB);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Where"/>: dA += the seed where the condition holds, dB += it elsewhere (summed over broadcast axes).</summary>
    public static void WherePullback(Tensor condition, Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        var shape = WhereShape(condition, a, b);
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        var gb = GradientBuffer(ref dB!, b, nameof(dB));
        var chosen = Chosen(condition, shape);
        using var toA = Empty(seed.DType, shape);
        using var toB = Empty(seed.DType, shape);
        if (IsFloat32(seed)) WhereSplit<float>(chosen, seed.Span<float>(), toA.Span<float>(), toB.Span<float>());
        else WhereSplit<double>(chosen, seed.Span<double>(), toA.Span<double>(), toB.Span<double>());
        AddReduced(ga, toA);
        AddReduced(gb, toB);
    }

    private static int[] WhereShape(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ShapeChecks.CheckSameType(a, b, nameof(a), nameof(b));
        var ab = ShapeChecks.Broadcast(a.shape, b.shape, nameof(a), nameof(b));
        if (!TryBroadcast(condition.shape, ab, out var shape))
        {
            throw new ArgumentException($"'condition' of shape {ShapeChecks.Text(condition.shape)} does not broadcast with 'a' of shape {ShapeChecks.Text(a.shape)} and 'b' of shape {ShapeChecks.Text(b.shape)}.", nameof(condition));
        }
        return shape;
    }

    /// <summary>Whether the condition is nonzero, at each element of the broadcast shape.</summary>
    private static bool[] Chosen(Tensor condition, int[] shape)
    {
        var offsets = BroadcastOffsets(condition.shape, shape);
        var chosen = new bool[offsets.Length];
        if (IsFloat32(condition))
        {
            var c = condition.Span<float>();
            for (int i = 0; i < chosen.Length; i++) chosen[i] = c[offsets[i]] != 0;
        }
        else
        {
            var c = condition.Span<double>();
            for (int i = 0; i < chosen.Length; i++) chosen[i] = c[offsets[i]] != 0;
        }
        return chosen;
    }

    private static void WhereRun<T>(bool[] chosen, Tensor a, Tensor b, Tensor result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (ao, bo) = (BroadcastOffsets(a.shape, result.shape), BroadcastOffsets(b.shape, result.shape));
        Span<T> x = a.Span<T>(), y = b.Span<T>(), z = result.Span<T>();
        for (int i = 0; i < z.Length; i++) z[i] = chosen[i] ? x[ao[i]] : y[bo[i]];
    }

    private static void WhereSplit<T>(bool[] chosen, ReadOnlySpan<T> seed, Span<T> toA, Span<T> toB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < seed.Length; i++)
        {
            toA[i] = chosen[i] ? seed[i] : T.Zero;
            toB[i] = chosen[i] ? T.Zero : seed[i];
        }
    }

    // ---- one-hot, argmax ----

    /// <summary>
    /// [labels.Length, classes]: row i is 1 at column labels[i], 0 elsewhere (PyTorch's <c>one_hot</c>, as floats).
    /// <paramref name="classes"/> = −1 takes the largest label + 1, as PyTorch does.
    /// </summary>
    [NoDiff]
    public static Tensor OneHot(int[] labels, int classes, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classes == -1)
        {
            if (labels.Length == 0) throw new ArgumentException("The number of classes cannot be inferred from no labels: pass it.", nameof(classes));
            classes = labels.Max() + 1;
        }
        if (classes < 0) throw new ArgumentException($"The number of classes must be positive or −1; got {classes}.", nameof(classes));
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes) throw new ArgumentException($"labels[{i}] = {labels[i]} is not a class in [0, {classes}).", nameof(labels));
        }
        var result = Zeros(dtype, labels.Length, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            if (dtype == DType.Float32) result.Span<float>()[i * classes + labels[i]] = 1;
            else result.Span<double>()[i * classes + labels[i]] = 1;
        }
        return result;
    }

    /// <summary>
    /// The index of the maximum along <paramref name="axis"/>, for each position of the other axes (row-major, the axis
    /// dropped): PyTorch's <c>argmax(dim)</c>. The first maximum wins; a NaN counts as the maximum.
    /// </summary>
    [NoDiff]
    public static int[] ArgMax(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, false, nameof(axis));
        if (size == 0) throw new ArgumentException($"The argmax along an empty axis is undefined (shape {ShapeChecks.Text(x.shape)}, axis {axis}).", nameof(axis));
        return ArgMaxIndices(x, outer, size, inner);
    }

    // ---- broadcasting of more than two operands ----

    /// <summary>The NumPy broadcast of two shapes, or false.</summary>
    private static bool TryBroadcast(int[] a, int[] b, out int[] shape)
    {
        int rank = Math.Max(a.Length, b.Length);
        shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return false;
            shape[i] = da == 1 ? db : da;
        }
        return true;
    }

    /// <summary>For each element of <paramref name="target"/> (row-major), the index of the element of a tensor of <paramref name="shape"/> broadcast to it.</summary>
    private static int[] BroadcastOffsets(int[] shape, int[] target)
    {
        int length = ShapeChecks.Product(target);
        var offsets = new int[length];
        if (shape.AsSpan().SequenceEqual(target))
        {
            for (int i = 0; i < length; i++) offsets[i] = i;
            return offsets;
        }
        var strides = ShapeChecks.BroadcastStrides(shape, target);
        var index = new int[target.Length];
        int at = 0;
        for (int i = 0; i < length; i++)
        {
            offsets[i] = at;
            for (int axis = target.Length - 1; axis >= 0; axis--)
            {
                at += strides[axis];
                if (++index[axis] < target[axis]) break;
                at -= strides[axis] * target[axis];
                index[axis] = 0;
            }
        }
        return offsets;
    }
}
