using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>Moving elements without arithmetic: transposing, reshaping, slicing and concatenating.</summary>
public sealed partial class Tensor
{
    // ---- transpose ----

    /// <summary>The last two axes swapped (PyTorch's <c>x.transpose(-2, -1)</c>, as a copy); the rank must be at least 2.</summary>
    [Differentiable]
    public static Tensor Transpose(Tensor x)
    {
        var (batch, rows, columns) = TransposeSizes(x, nameof(x));
        var shape = (int[])x.shape.Clone();
        (shape[^2], shape[^1]) = (columns, rows);
        var result = Empty(x.DType, shape);
        if (IsFloat32(x)) TransposeInto<float>(x.Span<float>(), result.Span<float>(), batch, rows, columns, false);
        else TransposeInto<double>(x.Span<double>(), result.Span<double>(), batch, rows, columns, false);
        return result;
    }

    /// <summary>Forward mode of <see cref="Transpose"/>.</summary>
    public static Tensor TransposeTangent(Tensor x, Tensor dX, out Tensor tangent)
    {
        CheckLike(dX, x, nameof(dX));
        tangent = Transpose(dX);
        return Transpose(x);
    }

    /// <summary>Reverse mode of <see cref="Transpose"/>: dX += seedᵀ, added in place.</summary>
    public static void TransposePullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        // The seed has the swapped shape: transposing it back lands on x's layout.
        var (batch, rows, columns) = TransposeSizes(x, nameof(x));
        if (IsFloat32(x)) TransposeInto<float>(seed.Span<float>(), gx.Span<float>(), batch, columns, rows, true);
        else TransposeInto<double>(seed.Span<double>(), gx.Span<double>(), batch, columns, rows, true);
    }

    private static (int Batch, int Rows, int Columns) TransposeSizes(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Rank < 2) throw new ArgumentException($"'{name}' has shape {ShapeChecks.Text(x.shape)}; Transpose swaps the last two axes, so it needs rank 2 or more.", name);
        int rows = x.shape[^2], columns = x.shape[^1];
        return (ShapeChecks.Product(x.shape.AsSpan(0, x.Rank - 2)), rows, columns);
    }

    /// <summary>y[b, j, i] = x[b, i, j] (or +=) for x of [batch, rows, columns].</summary>
    private static void TransposeInto<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int rows, int columns, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Tiles of 32×32 keep both the rows read and the columns written in cache.
        const int Tile = 32;
        int size = rows * columns;
        for (int b = 0; b < batch; b++)
        {
            var source = x.Slice(b * size, size);
            var target = y.Slice(b * size, size);
            for (int i0 = 0; i0 < rows; i0 += Tile)
                for (int j0 = 0; j0 < columns; j0 += Tile)
                {
                    int i1 = Math.Min(i0 + Tile, rows), j1 = Math.Min(j0 + Tile, columns);
                    for (int i = i0; i < i1; i++)
                        for (int j = j0; j < j1; j++)
                        {
                            if (accumulate) target[j * rows + i] += source[i * columns + j];
                            else target[j * rows + i] = source[i * columns + j];
                        }
                }
        }
    }

    // ---- reshape ----

    /// <summary>
    /// The same elements in another shape of the same length, sharing storage (a view: no copy). One size may be −1: it
    /// is inferred from the others, as in PyTorch's <c>reshape</c>.
    /// </summary>
    [Differentiable]
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.View(ResolveShape(x, shape));
    }

    /// <summary>Forward mode of <see cref="Reshape"/>.</summary>
    public static Tensor ReshapeTangent(Tensor x, int[] shape, Tensor dX, out Tensor tangent)
    {
        var result = Reshape(x, shape);
        CheckLike(dX, x, nameof(dX));
        tangent = Reshape(dX, shape);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Reshape"/>: dX += the seed in x's shape.</summary>
    public static void ReshapePullback(Tensor x, int[] shape, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        using var view = seed.View((int[])x.shape.Clone());
        AddReduced(gx, view);
    }

    private static int[] ResolveShape(Tensor x, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (inferred >= 0) throw new ArgumentException($"Only one size may be −1; got {ShapeChecks.Text(shape)} for a tensor of shape {ShapeChecks.Text(x.shape)}.", nameof(shape));
                inferred = i;
            }
            else if (shape[i] < 0)
            {
                throw new ArgumentException($"A shape has no negative sizes but −1; got {ShapeChecks.Text(shape)} for a tensor of shape {ShapeChecks.Text(x.shape)}.", nameof(shape));
            }
            else known *= shape[i];
        }
        var resolved = (int[])shape.Clone();
        if (inferred >= 0)
        {
            // As PyTorch: −1 beside a zero size is ambiguous.
            if (known == 0 || x.Length % known != 0) throw new ArgumentException($"Shape {ShapeChecks.Text(shape)} is invalid for a tensor of shape {ShapeChecks.Text(x.shape)} ({x.Length} elements).", nameof(shape));
            resolved[inferred] = (int)(x.Length / known);
        }
        else if (known != x.Length)
        {
            throw new ArgumentException($"Shape {ShapeChecks.Text(shape)} is invalid for a tensor of shape {ShapeChecks.Text(x.shape)} ({x.Length} elements).", nameof(shape));
        }
        return resolved;
    }

    // ---- slice ----

    /// <summary>
    /// <paramref name="length"/> entries of <paramref name="axis"/> from <paramref name="start"/> (PyTorch's
    /// <c>narrow</c>; a negative axis or start counts from the end). A view sharing storage when the slice is one
    /// contiguous block (axis 0, or only axes of size 1 before it); a copy otherwise.
    /// </summary>
    [Differentiable]
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        var (outer, size, inner, from, shape) = SliceSizes(x, axis, start, length);
        if (outer == 1) return x.View(shape, from * inner);
        var result = Empty(x.DType, shape);
        if (IsFloat32(x)) SliceCopy<float>(x.Span<float>(), result.Span<float>(), outer, size, inner, from, length, false);
        else SliceCopy<double>(x.Span<double>(), result.Span<double>(), outer, size, inner, from, length, false);
        return result;
    }

    /// <summary>Forward mode of <see cref="Slice"/>.</summary>
    public static Tensor SliceTangent(Tensor x, int axis, int start, int length, Tensor dX, out Tensor tangent)
    {
        var result = Slice(x, axis, start, length);
        CheckLike(dX, x, nameof(dX));
        tangent = Slice(dX, axis, start, length);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Slice"/>: the seed added into the slice of dX.</summary>
    public static void SlicePullback(Tensor x, int axis, int start, int length, Tensor result, Tensor seed, ref Tensor dX)
    {
        var (outer, size, inner, from, _) = SliceSizes(x, axis, start, length);
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) SliceCopy<float>(gx.Span<float>(), seed.Span<float>(), outer, size, inner, from, length, true);
        else SliceCopy<double>(gx.Span<double>(), seed.Span<double>(), outer, size, inner, from, length, true);
    }

    private static (int Outer, int Size, int Inner, int From, int[] Shape) SliceSizes(Tensor x, int axis, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, _) = AxisSplit(x, axis, true, nameof(axis));
        int from = start < 0 ? start + size : start;
        if (from < 0 || from > size) throw new ArgumentException($"Start {start} is out of range for axis {axis} of a tensor of shape {ShapeChecks.Text(x.shape)}.", nameof(start));
        if (length < 0 || from + length > size) throw new ArgumentException($"Length {length} from {from} runs past axis {axis} (size {size}) of a tensor of shape {ShapeChecks.Text(x.shape)}.", nameof(length));
        var shape = (int[])x.shape.Clone();
        shape[ShapeChecks.Axis(axis, x.Rank, nameof(axis), x)] = length;
        return (outer, size, inner, from, shape);
    }

    /// <summary>Slice = x[:, from:from+length, :] for x as [outer, size, inner]; or, reversed, x[…] += slice.</summary>
    private static void SliceCopy<T>(Span<T> x, Span<T> slice, int outer, int size, int inner, int from, int length, bool addIntoX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = length * inner;
        for (int o = 0; o < outer; o++)
        {
            var source = x.Slice((o * size + from) * inner, block);
            var target = slice.Slice(o * block, block);
            if (addIntoX) Elementwise.AddInto<T>(target, source);
            else source.CopyTo(target);
        }
    }

    // ---- concatenate ----

    /// <summary>a and b joined along <paramref name="axis"/> (PyTorch's <c>torch.cat([a, b], dim)</c>); the other sizes must match.</summary>
    [Differentiable]
    public static Tensor Concat(Tensor a, Tensor b, int axis) => ConcatCore(new[] { a, b }, axis, new[] { nameof(a), nameof(b) });

    /// <summary>Forward mode of <see cref="Concat(Tensor, Tensor, int)"/>.</summary>
    public static Tensor ConcatTangent(Tensor a, Tensor b, int axis, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Concat(a, b, axis);
        CheckLike(dA, a, nameof(dA));
        CheckLike(dB, b, nameof(dB));
        tangent = Concat(dA, dB, axis);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Concat(Tensor, Tensor, int)"/>: each input gets its part of the seed.</summary>
    public static void ConcatPullback(Tensor a, Tensor b, int axis, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        var gradients = new[] { dA, dB };
        ConcatBackward(new[] { a, b }, axis, result, seed, gradients, new[] { nameof(a), nameof(b) }, new[] { nameof(dA), nameof(dB) }, null);
        (dA, dB) = (gradients[0], gradients[1]);
    }

    /// <summary>a, b and c joined along <paramref name="axis"/>.</summary>
    [Differentiable]
    public static Tensor Concat(Tensor a, Tensor b, Tensor c, int axis) => ConcatCore(new[] { a, b, c }, axis, new[] { nameof(a), nameof(b), nameof(c) });

    /// <summary>Forward mode of <see cref="Concat(Tensor, Tensor, Tensor, int)"/>.</summary>
    public static Tensor ConcatTangent(Tensor a, Tensor b, Tensor c, int axis, Tensor dA, Tensor dB, Tensor dC, out Tensor tangent)
    {
        var result = Concat(a, b, c, axis);
        CheckLike(dA, a, nameof(dA));
        CheckLike(dB, b, nameof(dB));
        CheckLike(dC, c, nameof(dC));
        tangent = Concat(dA, dB, dC, axis);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Concat(Tensor, Tensor, Tensor, int)"/>.</summary>
    public static void ConcatPullback(Tensor a, Tensor b, Tensor c, int axis, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB, ref Tensor dC)
    {
        var gradients = new[] { dA, dB, dC };
        ConcatBackward(new[] { a, b, c }, axis, result, seed, gradients, new[] { nameof(a), nameof(b), nameof(c) }, new[] { nameof(dA), nameof(dB), nameof(dC) }, null);
        (dA, dB, dC) = (gradients[0], gradients[1], gradients[2]);
    }

    /// <summary>
    /// The tensors joined along <paramref name="axis"/> (<c>torch.cat(xs, dim)</c>). Not <c>[Differentiable]</c>: the
    /// generator does not pass arrays of tensors yet; differentiate it by hand with
    /// <see cref="ConcatPullback(Tensor[], int, Tensor, Tensor, Tensor[])"/>, or use the two- and three-input overloads.
    /// </summary>
    public static Tensor Concat(Tensor[] xs, int axis)
    {
        ArgumentNullException.ThrowIfNull(xs);
        return ConcatCore(xs, axis, xs.Select((_, i) => $"{nameof(xs)}[{i}]").ToArray(), nameof(xs));
    }

    /// <summary>
    /// Reverse mode of <see cref="Concat(Tensor[], int)"/>: <c>gradients[i]</c> += xs[i]'s part of the seed; a null
    /// entry is created (zeros), a present one must have its input's shape and type.
    /// </summary>
    public static void ConcatPullback(Tensor[] xs, int axis, Tensor result, Tensor seed, Tensor[] gradients)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Length != xs.Length) throw new ArgumentException($"'gradients' has {gradients.Length} entries; one per input ({xs.Length}) is needed.", nameof(gradients));
        ConcatBackward(xs, axis, result, seed, gradients, xs.Select((_, i) => $"{nameof(xs)}[{i}]").ToArray(), xs.Select((_, i) => $"{nameof(gradients)}[{i}]").ToArray(), nameof(gradients));
    }

    private static Tensor ConcatCore(Tensor[] xs, int axis, string[] names, string? parameter = null)
    {
        var (outer, shape) = ConcatSizes(xs, axis, names, parameter);
        var result = Empty(xs[0].DType, shape);
        if (IsFloat32(result)) ConcatCopy<float>(xs, result, outer, false);
        else ConcatCopy<double>(xs, result, outer, false);
        return result;
    }

    /// <summary>
    /// The pullback of every Concat: checks all inputs, the seed and every present buffer before creating or writing any.
    /// <paramref name="arrayParameter"/> is the gradients array's name when the inputs came as an array (the ParamName
    /// of its errors), null when each has its own parameter.
    /// </summary>
    private static void ConcatBackward(Tensor[] xs, int axis, Tensor result, Tensor seed, Tensor?[] gradients, string[] inputNames, string[] gradientNames, string? arrayParameter)
    {
        var (outer, _) = ConcatSizes(xs, axis, inputNames, arrayParameter is null ? null : nameof(xs));
        CheckLike(seed, result, nameof(seed));
        for (int i = 0; i < xs.Length; i++)
        {
            var g = gradients[i];
            if (g is not null && (g.DType != xs[i].DType || !g.shape.AsSpan().SequenceEqual(xs[i].shape)))
            {
                throw new ArgumentException($"The gradient buffer '{gradientNames[i]}' has shape {ShapeChecks.Text(g.shape)} ({g.DType}); it must have its input's shape {ShapeChecks.Text(xs[i].shape)} ({xs[i].DType}).", arrayParameter ?? gradientNames[i]);
            }
        }
        var buffers = new Tensor[xs.Length];
        for (int i = 0; i < xs.Length; i++) buffers[i] = GradientBuffer(ref gradients[i], xs[i], gradientNames[i]);
        if (IsFloat32(seed)) ConcatCopy<float>(buffers, seed, outer, true);
        else ConcatCopy<double>(buffers, seed, outer, true);
    }

    private static (int Outer, int[] Shape) ConcatSizes(Tensor[] xs, int axis, string[] names, string? parameter)
    {
        if (xs.Length == 0) throw new ArgumentException("Concat needs at least one tensor.", parameter ?? names[0]);
        for (int i = 0; i < xs.Length; i++) ArgumentNullException.ThrowIfNull(xs[i], parameter ?? names[i]);
        var first = xs[0];
        if (first.Rank == 0) throw new ArgumentException($"'{names[0]}' has shape []; a tensor of rank 0 cannot be concatenated.", parameter ?? names[0]);
        int a = ShapeChecks.Axis(axis, first.Rank, nameof(axis), first);
        var shape = (int[])first.shape.Clone();
        for (int i = 1; i < xs.Length; i++)
        {
            var x = xs[i];
            if (x.DType != first.DType) throw new ArgumentException($"'{names[0]}' is {first.DType} and '{names[i]}' is {x.DType}; convert one (Tensor.To) first.", parameter ?? names[i]);
            bool fits = x.Rank == first.Rank;
            for (int d = 0; fits && d < x.Rank; d++) fits = d == a || x.shape[d] == first.shape[d];
            if (!fits) throw new ArgumentException($"'{names[0]}' of shape {ShapeChecks.Text(first.shape)} and '{names[i]}' of shape {ShapeChecks.Text(x.shape)} do not concatenate along axis {axis}: the other sizes must match.", parameter ?? names[i]);
            shape[a] += x.shape[a];
        }
        ShapeChecks.Product(shape);
        return (ShapeChecks.Product(shape.AsSpan(0, a)), shape);
    }

    /// <summary>Copies the parts into the joined tensor, or (reversed) adds the joined tensor's parts into them.</summary>
    private static void ConcatCopy<T>(Tensor[] parts, Tensor joined, int outer, bool addIntoParts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var whole = joined.Span<T>();
        int row = whole.Length / Math.Max(outer, 1), at = 0;
        foreach (var part in parts)
        {
            var p = part.Span<T>();
            int block = outer == 0 ? 0 : p.Length / outer;
            for (int o = 0; o < outer; o++)
            {
                var source = p.Slice(o * block, block);
                var target = whole.Slice(o * row + at, block);
                if (addIntoParts) Elementwise.AddInto<T>(target, source);
                else source.CopyTo(target);
            }
            at += block;
        }
    }
}
