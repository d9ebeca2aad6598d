using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>Sums, means and maxima, over everything (a one-element tensor) or along one axis; and reading a number.</summary>
public sealed partial class Tensor
{
    // ---- Σ x ----

    /// <summary>The sum of every element, as a one-element tensor of shape [] (read it with <c>(float)t</c>).</summary>
    [Differentiable]
    public static Tensor Sum(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = Empty(x.DType);
        if (IsFloat32(x)) result.Span<float>()[0] = Reductions.Sum<float>(x.Span<float>());
        else result.Span<double>()[0] = Reductions.Sum<double>(x.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="Sum(Tensor)"/>.</summary>
    public static Tensor SumTangent(Tensor x, Tensor dX, out Tensor tangent)
    {
        tangent = Sum(dX);
        return Sum(x);
    }

    /// <summary>Reverse mode of <see cref="Sum(Tensor)"/>: dX += seed everywhere.</summary>
    public static void SumPullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        AddReduced(gx, seed);
    }

    /// <summary>The mean of every element, as a one-element tensor of shape [].</summary>
    [Differentiable]
    public static Tensor Mean(Tensor x) => Sum(x) / Math.Max(x.Length, 1);

    // ---- Σ along an axis ----

    /// <summary>The sum along <paramref name="axis"/> (negative counts from the end); the axis is dropped unless <paramref name="keepDim"/>.</summary>
    [Differentiable]
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, shape) = AxisSplit(x, axis, keepDim, nameof(axis));
        var result = Empty(x.DType, shape);
        if (IsFloat32(x)) Reductions.SumAxis<float>(x.Span<float>(), outer, size, inner, result.Span<float>(), false);
        else Reductions.SumAxis<double>(x.Span<double>(), outer, size, inner, result.Span<double>(), false);
        return result;
    }

    /// <summary>Forward mode of <see cref="Sum(Tensor, int, bool)"/>.</summary>
    public static Tensor SumTangent(Tensor x, int axis, bool keepDim, Tensor dX, out Tensor tangent)
    {
        tangent = Sum(dX, axis, keepDim);
        return Sum(x, axis, keepDim);
    }

    /// <summary>Reverse mode of <see cref="Sum(Tensor, int, bool)"/>: the seed spread back along the axis.</summary>
    public static void SumPullback(Tensor x, int axis, bool keepDim, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        var (_, _, _, kept) = AxisSplit(x, axis, true, nameof(axis));
        using var view = seed.View(kept);
        AddReduced(gx, view);
    }

    /// <summary>The mean along <paramref name="axis"/>.</summary>
    [Differentiable]
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false)
        => Sum(x, axis, keepDim) / Math.Max(Size(x, axis), 1);

    /// <summary>The size of <paramref name="axis"/> (negative counts from the end): PyTorch's <c>x.size(dim)</c>.</summary>
    [NoDiff]
    public static int Size(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.shape[ShapeChecks.Axis(axis, x.Rank, nameof(axis), x)];
    }

    // ---- max along an axis ----

    /// <summary>The maximum along <paramref name="axis"/>; its gradient goes to the first maximal element (as PyTorch's <c>max(dim)</c>).</summary>
    [Differentiable]
    public static Tensor Max(Tensor x, int axis, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (outer, size, inner, shape) = AxisSplit(x, axis, keepDim, nameof(axis));
        if (size == 0) throw new ArgumentException($"The maximum along an empty axis is undefined (shape {ShapeChecks.Text(x.shape)}, axis {axis}).", nameof(axis));
        var result = Empty(x.DType, shape);
        var at = new int[result.Length];
        if (IsFloat32(x)) Reductions.MaxAxis<float>(x.Span<float>(), outer, size, inner, result.Span<float>(), at);
        else Reductions.MaxAxis<double>(x.Span<double>(), outer, size, inner, result.Span<double>(), at);
        return result;
    }

    /// <summary>Forward mode of <see cref="Max(Tensor, int, bool)"/>: the tangent of the maximal element.</summary>
    public static Tensor MaxTangent(Tensor x, int axis, bool keepDim, Tensor dX, out Tensor tangent)
    {
        CheckLike(dX, x, nameof(dX));
        var (outer, size, inner, shape) = AxisSplit(x, axis, keepDim, nameof(axis));
        var result = Max(x, axis, keepDim);
        var at = ArgMaxIndices(x, outer, size, inner);
        tangent = Empty(x.DType, shape);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int source = (o * size + at[o * inner + j]) * inner + j;
                if (IsFloat32(x)) tangent.Span<float>()[o * inner + j] = dX.Span<float>()[source];
                else tangent.Span<double>()[o * inner + j] = dX.Span<double>()[source];
            }
        return result;
    }

    /// <summary>Reverse mode of <see cref="Max(Tensor, int, bool)"/>: the seed goes to the first maximal element.</summary>
    public static void MaxPullback(Tensor x, int axis, bool keepDim, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        var (outer, size, inner, _) = AxisSplit(x, axis, keepDim, nameof(axis));
        var at = ArgMaxIndices(x, outer, size, inner);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int target = (o * size + at[o * inner + j]) * inner + j;
                if (IsFloat32(x)) gx.Span<float>()[target] += seed.Span<float>()[o * inner + j];
                else gx.Span<double>()[target] += seed.Span<double>()[o * inner + j];
            }
    }

    private static int[] ArgMaxIndices(Tensor x, int outer, int size, int inner)
    {
        var at = new int[outer * inner];
        if (IsFloat32(x)) Reductions.MaxAxis<float>(x.Span<float>(), outer, size, inner, new float[at.Length], at);
        else Reductions.MaxAxis<double>(x.Span<double>(), outer, size, inner, new double[at.Length], at);
        return at;
    }

    /// <summary>x viewed as [outer, size, inner] around <paramref name="axis"/>, and the reduced shape.</summary>
    internal static (int Outer, int Size, int Inner, int[] Shape) AxisSplit(Tensor x, int axis, bool keepDim, string name)
    {
        int a = ShapeChecks.Axis(axis, x.Rank, name, x);
        int outer = 1, inner = 1;
        for (int i = 0; i < a; i++) outer *= x.shape[i];
        for (int i = a + 1; i < x.Rank; i++) inner *= x.shape[i];
        var shape = keepDim
            ? x.shape.Select((d, i) => i == a ? 1 : d).ToArray()
            : x.shape.Where((_, i) => i != a).ToArray();
        return (outer, x.shape[a], inner, shape);
    }

    // ---- (float)t, (double)t ----

    /// <summary>The value of a one-element tensor: differentiable (<see cref="ToSingle"/>).</summary>
    public static explicit operator float(Tensor x) => ToSingle(x);

    /// <summary>The value of a one-element tensor: differentiable (<see cref="ToDouble"/>).</summary>
    public static explicit operator double(Tensor x) => ToDouble(x);

    /// <summary>The value of a one-element tensor as a float; its derivative flows back into the tensor.</summary>
    [Differentiable]
    public static float ToSingle(Tensor x) => (float)ItemAsDouble(x, nameof(x));

    /// <summary>Forward mode of <see cref="ToSingle"/>.</summary>
    public static float ToSingleTangent(Tensor x, Tensor dX, out float tangent)
    {
        tangent = (float)ItemAsDouble(dX, nameof(dX));
        return ToSingle(x);
    }

    /// <summary>Reverse mode of <see cref="ToSingle"/>.</summary>
    public static void ToSinglePullback(Tensor x, float result, float seed, ref Tensor dX)
    {
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(gx)) gx.Span<float>()[0] += seed;
        else gx.Span<double>()[0] += seed;
    }

    /// <summary>The value of a one-element tensor as a double; its derivative flows back into the tensor.</summary>
    [Differentiable]
    public static double ToDouble(Tensor x) => ItemAsDouble(x, nameof(x));

    /// <summary>Forward mode of <see cref="ToDouble"/>.</summary>
    public static double ToDoubleTangent(Tensor x, Tensor dX, out double tangent)
    {
        tangent = ItemAsDouble(dX, nameof(dX));
        return ToDouble(x);
    }

    /// <summary>Reverse mode of <see cref="ToDouble"/>.</summary>
    public static void ToDoublePullback(Tensor x, double result, double seed, ref Tensor dX)
    {
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(gx)) gx.Span<float>()[0] += (float)seed;
        else gx.Span<double>()[0] += seed;
    }
}
