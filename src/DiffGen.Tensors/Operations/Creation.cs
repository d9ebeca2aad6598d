using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>Creating tensors (constants: their results carry no derivative).</summary>
public sealed partial class Tensor
{
    /// <summary>A float32 tensor holding a copy of <paramref name="data"/>, of the given shape (its product must be data's length).</summary>
    [NoDiff]
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        var result = FromData(data?.Length, shape, DType.Float32, nameof(data));
        data.AsSpan().CopyTo(result.Span<float>());
        return result;
    }

    /// <summary>A float64 tensor holding a copy of <paramref name="data"/>, of the given shape.</summary>
    [NoDiff]
    public static Tensor FromArray(double[] data, params int[] shape)
    {
        var result = FromData(data?.Length, shape, DType.Float64, nameof(data));
        data.AsSpan().CopyTo(result.Span<double>());
        return result;
    }

    private static Tensor FromData(int? length, int[] shape, DType dtype, string name)
    {
        ArgumentNullException.ThrowIfNull(length, name);
        ShapeChecks.CheckShape(shape, nameof(shape));
        if (ShapeChecks.Product(shape) != length) throw new ArgumentException($"'{name}' has {length} elements; shape {ShapeChecks.Text(shape)} needs {ShapeChecks.Product(shape)}.", nameof(shape));
        return Empty(dtype, shape);
    }

    /// <summary>A float32 tensor of zeros.</summary>
    [NoDiff]
    public static Tensor Zeros(params int[] shape) => Full(shape, 0, DType.Float32);

    /// <summary>A tensor of zeros of the given element type.</summary>
    [NoDiff]
    public static Tensor Zeros(DType dtype, params int[] shape) => Full(shape, 0, dtype);

    /// <summary>A float32 tensor of ones.</summary>
    [NoDiff]
    public static Tensor Ones(params int[] shape) => Full(shape, 1, DType.Float32);

    /// <summary>A tensor of ones of the given element type.</summary>
    [NoDiff]
    public static Tensor Ones(DType dtype, params int[] shape) => Full(shape, 1, dtype);

    /// <summary>A tensor filled with <paramref name="value"/> (PyTorch's <c>torch.full</c>).</summary>
    [NoDiff]
    public static Tensor Full(int[] shape, double value, DType dtype = DType.Float32)
    {
        var result = Empty(dtype, shape);
        if (dtype == DType.Float32) result.Span<float>().Fill((float)value);
        else result.Span<double>().Fill(value);
        return result;
    }

    /// <summary>Zeros shaped and typed like <paramref name="like"/>.</summary>
    [NoDiff]
    public static Tensor ZerosLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        var result = EmptyLike(like);
        if (IsFloat32(result)) result.Span<float>().Clear();
        else result.Span<double>().Clear();
        return result;
    }

    /// <summary>Ones shaped and typed like <paramref name="like"/>.</summary>
    [NoDiff]
    public static Tensor OnesLike(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Full(like.Shape, 1, like.DType);
    }

    /// <summary>0, 1, …, end − 1 (PyTorch's <c>torch.arange(end)</c>).</summary>
    [NoDiff]
    public static Tensor Arange(int end, DType dtype = DType.Float32) => Arange(0, end, 1, dtype);

    /// <summary>start, start + step, … while below <paramref name="end"/> (above it for a negative step).</summary>
    [NoDiff]
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32)
    {
        if (step == 0 || double.IsNaN(step)) throw new ArgumentException("The step must not be zero.", nameof(step));
        int count = Math.Max(0, (int)Math.Ceiling((end - start) / step));
        var result = Empty(dtype, count);
        for (int i = 0; i < count; i++)
        {
            double v = start + i * step;
            if (dtype == DType.Float32) result.Span<float>()[i] = (float)v;
            else result.Span<double>()[i] = v;
        }
        return result;
    }

    /// <summary>Normally distributed values (mean 0, deviation 1), reproducible from <paramref name="seed"/> (Box–Muller over <see cref="Random"/>).</summary>
    [NoDiff]
    public static Tensor RandomNormal(int[] shape, int seed, DType dtype = DType.Float32)
    {
        var result = Empty(dtype, shape);
        var random = new Random(seed);
        for (int i = 0; i < result.Length; i++)
        {
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            double z = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
            if (dtype == DType.Float32) result.Span<float>()[i] = (float)z;
            else result.Span<double>()[i] = z;
        }
        return result;
    }

    /// <summary>Uniform values in [low, high), reproducible from <paramref name="seed"/>.</summary>
    [NoDiff]
    public static Tensor RandomUniform(int[] shape, float low, float high, int seed, DType dtype = DType.Float32)
    {
        if (!(high >= low)) throw new ArgumentException($"'high' ({high}) must not be below 'low' ({low}).", nameof(high));
        var result = Empty(dtype, shape);
        var random = new Random(seed);
        for (int i = 0; i < result.Length; i++)
        {
            double z = low + (high - (double)low) * random.NextDouble();
            if (dtype == DType.Float32) result.Span<float>()[i] = (float)z;
            else result.Span<double>()[i] = z;
        }
        return result;
    }

    /// <summary>A copy converted to another element type (PyTorch's <c>to(dtype)</c>); a copy even when the type is the same.</summary>
    [NoDiff]
    public static Tensor To(Tensor x, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = Empty(dtype, x.shape);
        if (dtype == DType.Float32) x.ToArray().CopyTo(result.Span<float>());
        else x.ToDoubleArray().CopyTo(result.Span<double>());
        return result;
    }

    /// <summary>A copy (PyTorch's <c>clone()</c>): differentiable, its derivative the identity.</summary>
    [Differentiable]
    public static Tensor Clone(Tensor x) => To(x, x.DType);

    /// <summary>Forward mode of <see cref="Clone"/>.</summary>
    public static Tensor CloneTangent(Tensor x, Tensor dX, out Tensor tangent)
    {
        CheckLike(dX, x, nameof(dX));
        tangent = To(dX, dX.DType);
        return Clone(x);
    }

    /// <summary>Reverse mode of <see cref="Clone"/>: dX += seed.</summary>
    public static void ClonePullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX)
    {
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        AddReduced(gx, seed);
    }
}
