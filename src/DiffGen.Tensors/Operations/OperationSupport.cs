using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>What every operation's derivative shares: checks of seeds and gradient buffers, and broadcasting's sums.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The gradient buffer a pullback adds into: created (zeros) when null, otherwise checked to have the input's shape
    /// and type. Called before anything is written.
    /// </summary>
    internal static Tensor GradientBuffer(ref Tensor? gradient, Tensor input, string gradientName)
    {
        if (gradient is null) return gradient = ZerosLike(input);
        if (gradient.DType != input.DType || !gradient.shape.AsSpan().SequenceEqual(input.shape))
        {
            throw new ArgumentException($"The gradient buffer '{gradientName}' has shape {ShapeChecks.Text(gradient.shape)} ({gradient.DType}); it must have its input's shape {ShapeChecks.Text(input.shape)} ({input.DType}).", gradientName);
        }
        return gradient;
    }

    /// <summary>
    /// The gradient buffer of an input whose gradient the caller needs, checked as <see cref="GradientBuffer"/> does;
    /// null when the caller passed none: generated code passes null for a [NoDiff] input (a target, a mask, a weight
    /// tensor r), and its share of the work is skipped, as PyTorch skips inputs that do not require grad.
    /// </summary>
    internal static Tensor? NeededBuffer(ref Tensor? gradient, Tensor input, string gradientName)
        => gradient is null ? null : GradientBuffer(ref gradient, input, gradientName);

    /// <summary>Checks that a seed (or a tangent) has the shape and type of the value it belongs to.</summary>
    internal static void CheckLike(Tensor? value, Tensor like, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.DType != like.DType || !value.shape.AsSpan().SequenceEqual(like.shape))
        {
            throw new ArgumentException($"'{name}' has shape {ShapeChecks.Text(value.shape)} ({value.DType}); it must have shape {ShapeChecks.Text(like.shape)} ({like.DType}).", name);
        }
    }

    /// <summary><paramref name="gradient"/> += <paramref name="value"/> summed over the axes it was broadcast along.</summary>
    internal static void AddReduced(Tensor gradient, Tensor value)
    {
        if (gradient.shape.AsSpan().SequenceEqual(value.shape))
        {
            if (IsFloat32(gradient)) Elementwise.AddInto(value.Span<float>(), gradient.Span<float>());
            else Elementwise.AddInto(value.Span<double>(), gradient.Span<double>());
            return;
        }
        var shape = ShapeChecks.Broadcast(gradient.shape, value.shape, nameof(gradient), nameof(value));
        if (shape.AsSpan().SequenceEqual(value.shape))
        {
            // The value is larger: sum it over the axes the gradient's input was broadcast along.
            var strides = ShapeChecks.BroadcastStrides(gradient.shape, value.shape);
            if (IsFloat32(gradient)) Elementwise.SumInto(value.Span<float>(), value.shape, gradient.Span<float>(), strides);
            else Elementwise.SumInto(value.Span<double>(), value.shape, gradient.Span<double>(), strides);
        }
        else if (shape.AsSpan().SequenceEqual(gradient.shape))
        {
            // The value is smaller (a reduction's seed): spread it over the gradient.
            var own = ShapeChecks.BroadcastStrides(gradient.shape, shape);
            var spread = ShapeChecks.BroadcastStrides(value.shape, shape);
            if (IsFloat32(gradient)) Elementwise.RunBroadcast<float, AddOperation<float>>(gradient.Span<float>(), own, value.Span<float>(), spread, gradient.Span<float>(), shape);
            else Elementwise.RunBroadcast<double, AddOperation<double>>(gradient.Span<double>(), own, value.Span<double>(), spread, gradient.Span<double>(), shape);
        }
        else
        {
            using var reduced = Empty(value.DType, ReducedShape(value.shape, gradient.shape));
            if (IsFloat32(reduced)) reduced.Span<float>().Clear();
            else reduced.Span<double>().Clear();
            AddReduced(reduced, value);
            AddReduced(gradient, reduced);
        }
    }

    /// <summary>The value's shape with the axes the target lacks or has as 1 summed away (kept as 1).</summary>
    private static int[] ReducedShape(int[] value, int[] target)
    {
        var shape = (int[])value.Clone();
        for (int i = 0; i < shape.Length; i++)
        {
            int t = i - (value.Length - target.Length);
            if (t < 0 || target[t] == 1) shape[i] = 1;
        }
        return shape;
    }

    internal static bool IsFloat32(Tensor x) => x.DType == DType.Float32;

    /// <summary>op(a, b) with broadcasting, into a new tensor.</summary>
    internal static Tensor Broadcasting<TFloat, TDouble>(Tensor a, Tensor b, string nameA = "a", string nameB = "b")
        where TFloat : IBinaryOperation<float> where TDouble : IBinaryOperation<double>
    {
        ShapeChecks.CheckSameType(a, b, nameA, nameB);
        var shape = ShapeChecks.Broadcast(a.shape, b.shape, nameA, nameB);
        var result = Empty(a.DType, shape);
        if (IsFloat32(a)) Run<float, TFloat>(a, b, result);
        else Run<double, TDouble>(a, b, result);
        return result;
    }

    private static void Run<T, TOp>(Tensor a, Tensor b, Tensor result) where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOperation<T>
    {
        if (a.shape.AsSpan().SequenceEqual(b.shape))
        {
            Elementwise.Run<T, TOp>(a.Span<T>(), b.Span<T>(), result.Span<T>());
        }
        else if (b.Length == 1)
        {
            Elementwise.RunScalar<T, TOp>(a.Span<T>(), b.Span<T>()[0], false, result.Span<T>());
        }
        else if (a.Length == 1)
        {
            Elementwise.RunScalar<T, TOp>(b.Span<T>(), a.Span<T>()[0], true, result.Span<T>());
        }
        else if (a.Length == result.Length && IsTrailingBlock(b.shape, result.shape))
        {
            // b repeats along the leading axes (a bias row over a batch): whole blocks of b's length, no odometer.
            Elementwise.RunRepeated<T, TOp>(a.Span<T>(), b.Span<T>(), result.Span<T>());
        }
        else
        {
            Elementwise.RunBroadcast<T, TOp>(a.Span<T>(), ShapeChecks.BroadcastStrides(a.shape, result.shape), b.Span<T>(), ShapeChecks.BroadcastStrides(b.shape, result.shape), result.Span<T>(), result.shape);
        }
    }

    /// <summary>Whether <paramref name="shape"/>, aligned right, is 1 on leading axes and equal to <paramref name="target"/> after.</summary>
    private static bool IsTrailingBlock(int[] shape, int[] target)
    {
        int offset = target.Length - shape.Length, first = 0;
        while (first < shape.Length && shape[first] == 1) first++;
        for (int i = first; i < shape.Length; i++)
        {
            if (shape[i] != target[i + offset]) return false;
        }
        return true;
    }

    /// <summary>op(x, s) (or op(s, x)) for a number s, into a new tensor.</summary>
    internal static Tensor WithScalar<TFloat, TDouble>(Tensor x, double s, bool scalarFirst, string name)
        where TFloat : IBinaryOperation<float> where TDouble : IBinaryOperation<double>
    {
        ArgumentNullException.ThrowIfNull(x, name);
        var result = EmptyLike(x);
        if (IsFloat32(x)) Elementwise.RunScalar<float, TFloat>(x.Span<float>(), (float)s, scalarFirst, result.Span<float>());
        else Elementwise.RunScalar<double, TDouble>(x.Span<double>(), s, scalarFirst, result.Span<double>());
        return result;
    }

    /// <summary>Σ x·y over all elements (same shapes), in double.</summary>
    internal static double Dot(Tensor x, Tensor y)
    {
        double s = 0;
        if (IsFloat32(x))
        {
            var xs = x.Span<float>();
            var ys = y.Span<float>();
            for (int i = 0; i < xs.Length; i++) s += (double)xs[i] * ys[i];
        }
        else
        {
            var xs = x.Span<double>();
            var ys = y.Span<double>();
            for (int i = 0; i < xs.Length; i++) s += xs[i] * ys[i];
        }
        return s;
    }

    /// <summary>Σ x over all elements, in double.</summary>
    internal static double Total(Tensor x)
        => IsFloat32(x) ? Reductions.Sum<float>(x.Span<float>()) : Reductions.Sum<double>(x.Span<double>());
}
