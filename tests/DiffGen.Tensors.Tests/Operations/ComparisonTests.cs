using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over maximum, minimum and clamp.</summary>
public static partial class ComparisonLosses
{
    /// <summary>Σ (maximum(a, b) + minimum(a, b)·a) ⊙ r.</summary>
    [Differentiable]
    public static double Extremes(Tensor a, Tensor b, [NoDiff] Tensor r)
        => (double)Tensor.Sum((Tensor.Maximum(a, b) + Tensor.Minimum(a * 0.5, b) * a) * r);

    /// <summary>Σ maximum(a, b) ⊙ r.</summary>
    [Differentiable]
    public static double Largest(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Maximum(a, b) * r);

    /// <summary>Σ minimum(a, b) ⊙ r.</summary>
    [Differentiable]
    public static double Smallest(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Minimum(a, b) * r);

    /// <summary>Σ clamp(x, min, max)² ⊙ r.</summary>
    [Differentiable]
    public static double Clamped(Tensor x, double min, double max, [NoDiff] Tensor r)
    {
        var c = Tensor.Clamp(x, min, max);
        return (double)Tensor.Sum(c * c * r);
    }

    /// <summary>A two-layer perceptron with ReLU as maximum(h, 0) (a broadcast constant) and clamped logits picked by one-hot labels.</summary>
    [Differentiable]
    public static double Perceptron(Tensor x, Tensor w1, Tensor w2, [NoDiff] Tensor zero, [NoDiff] int[] labels)
    {
        var h = Tensor.Maximum(Tensor.MatMul(x, w1), zero);
        var logits = Tensor.Clamp(Tensor.MatMul(h, w2), -0.8, 0.8);
        return (double)Tensor.Sum(Tensor.OneHot(labels, 4, DType.Float64) * logits);
    }
}

public class ComparisonTests
{
    [Fact]
    public void Gradient_of_a_relu_perceptron_composed_with_one_hot_labels()
    {
        var labels = new[] { 3, 0, 1, 3, 2 };
        var zero = Tensor.Zeros(DType.Float64);
        var x = TensorGradientCheck.Inputs(45, new[] { 5, 3 }, new[] { 3, 6 }, new[] { 6, 4 });
        TensorGradientCheck.Check(
            v => ComparisonLosses.Perceptron(v[0], v[1], v[2], zero, labels),
            (v, g) => ComparisonLosses.PerceptronGradient(v[0], v[1], v[2], zero, labels, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => ComparisonLosses.PerceptronTangent(v[0], v[1], v[2], zero, labels, d[0], d[1], d[2], out t),
            x);
        // The labels pick one logit per row: ArgMax of the one-hot rows gives them back.
        Assert.Equal(labels, Tensor.ArgMax(Tensor.OneHot(labels, 4), 1));
    }

    // ---- maximum, minimum ----

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 3, 1 }, new[] { 1, 5 })]
    [InlineData(new[] { 2, 3, 5 }, new[] { 3, 1 })]
    [InlineData(new[] { 7 }, new[] { 1 })]
    [InlineData(new int[0], new[] { 2, 3 })]
    public void Gradient_of_maximum_and_minimum_with_broadcasting(int[] shapeA, int[] shapeB)
    {
        var x = TensorGradientCheck.Inputs(41, shapeA, shapeB);
        var r = Tensor.RandomUniform(Broadcast(shapeA, shapeB), -1, 1, 42, DType.Float64);
        TensorGradientCheck.Check(
            v => ComparisonLosses.Extremes(v[0], v[1], r),
            (v, g) => ComparisonLosses.ExtremesGradient(v[0], v[1], r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => ComparisonLosses.ExtremesTangent(v[0], v[1], r, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Maximum_and_minimum_values()
    {
        var a = Tensor.FromArray(new double[] { 1, 5, -2, 4 }, 2, 2);
        var b = Tensor.FromArray(new double[] { 3, 0 }, 2);
        Assert.Equal(new double[] { 3, 5, 3, 4 }, Tensor.Maximum(a, b).ToDoubleArray());
        Assert.Equal(new double[] { 1, 0, -2, 0 }, Tensor.Minimum(a, b).ToDoubleArray());
        var f = Tensor.Maximum(Tensor.To(a, DType.Float32), Tensor.To(b, DType.Float32));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new double[] { 3, 5, 3, 4 }, f.ToDoubleArray());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void A_nan_wins_as_in_pytorch(DType dtype)
    {
        // Ten elements: the vector loop and the scalar tail both meet a NaN on either side.
        var a = Tensor.To(Tensor.FromArray(new[] { double.NaN, 1, 2, 3, 4, 5, 6, 7, double.NaN, 1 }, 10), dtype);
        var b = Tensor.To(Tensor.FromArray(new[] { 1, double.NaN, 0, 9, 4, 5, 6, 7, 1, double.NaN }, 10), dtype);
        Assert.Equal(new[] { double.NaN, double.NaN, 2, 9, 4, 5, 6, 7, double.NaN, double.NaN }, Tensor.Maximum(a, b).ToDoubleArray());
        Assert.Equal(new[] { double.NaN, double.NaN, 0, 3, 4, 5, 6, 7, double.NaN, double.NaN }, Tensor.Minimum(a, b).ToDoubleArray());
        // PyTorch's backward masks out only the input that compares smaller (larger for the minimum): beside a NaN
        // nothing compares, so both get the whole seed; ties (4…7) split it.
        Tensor dA = null!, dB = null!;
        var max = Tensor.Maximum(a, b);
        Tensor.MaximumPullback(a, b, max, Tensor.OnesLike(max), ref dA, ref dB);
        Assert.Equal(new[] { 1, 1, 1, 0, 0.5, 0.5, 0.5, 0.5, 1, 1 }, dA.ToDoubleArray());
        Assert.Equal(new[] { 1, 1, 0, 1, 0.5, 0.5, 0.5, 0.5, 1, 1 }, dB.ToDoubleArray());
        (dA, dB) = (null!, null!);
        var min = Tensor.Minimum(a, b);
        Tensor.MinimumPullback(a, b, min, Tensor.OnesLike(min), ref dA, ref dB);
        Assert.Equal(new[] { 1, 1, 0, 1, 0.5, 0.5, 0.5, 0.5, 1, 1 }, dA.ToDoubleArray());
        Assert.Equal(new[] { 1, 1, 1, 0, 0.5, 0.5, 0.5, 0.5, 1, 1 }, dB.ToDoubleArray());
    }

    [Fact]
    public void Ties_split_the_gradient_in_half()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 }, 3);
        var b = Tensor.FromArray(new double[] { 1, 0, 5 }, 3);
        var r = Tensor.FromArray(new double[] { 2, 2, 2 }, 3);
        var (dA, dB) = (Tensor.ZerosLike(a), Tensor.ZerosLike(b));
        ComparisonLosses.LargestGradient(a, b, r, ref dA, ref dB);
        Assert.Equal(new double[] { 1, 2, 0 }, dA.ToDoubleArray());
        Assert.Equal(new double[] { 1, 0, 2 }, dB.ToDoubleArray());
        (dA, dB) = (Tensor.ZerosLike(a), Tensor.ZerosLike(b));
        ComparisonLosses.SmallestGradient(a, b, r, ref dA, ref dB);
        Assert.Equal(new double[] { 1, 0, 2 }, dA.ToDoubleArray());
        Assert.Equal(new double[] { 1, 2, 0 }, dB.ToDoubleArray());
        // Forward mode agrees: the mean of both tangents at the tie.
        ComparisonLosses.LargestTangent(a, b, r, Tensor.FromArray(new double[] { 1, 0, 0 }, 3), Tensor.FromArray(new double[] { 3, 0, 0 }, 3), out double t);
        Assert.Equal(4, t);
        // A broadcast input's halves are summed: b = [1] ties with both entries of a.
        var one = Tensor.FromArray(new double[] { 1 }, 1);
        var twice = Tensor.FromArray(new double[] { 1, 1 }, 2);
        Tensor gA = null!, gB = null!;
        Tensor.MaximumPullback(twice, one, Tensor.Maximum(twice, one), Tensor.OnesLike(twice), ref gA, ref gB);
        Assert.Equal(new double[] { 0.5, 0.5 }, gA.ToDoubleArray());
        Assert.Equal(new double[] { 1 }, gB.ToDoubleArray());
    }

    [Fact]
    public void Bad_maximums_throw_before_writing()
    {
        var a = Tensor.Zeros(DType.Float64, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Maximum(a, Tensor.Zeros(DType.Float64, 4)));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Tensor.Minimum(a, Tensor.Zeros(2, 3))).ParamName);
        var result = Tensor.Maximum(a, a);
        var dA = Tensor.Ones(DType.Float64, 2, 3);
        var dB = Tensor.Ones(DType.Float64, 3);
        var buffer = Assert.Throws<ArgumentException>(() => Tensor.MaximumPullback(a, a, result, Tensor.OnesLike(result), ref dA, ref dB));
        Assert.Equal("dB", buffer.ParamName);
        Assert.Contains("[3]", buffer.Message);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    // ---- clamp ----

    [Theory]
    [InlineData(new[] { 3, 4 }, -0.3, 0.5)]
    [InlineData(new[] { 7 }, -2.0, 2.0)]
    [InlineData(new[] { 2, 3, 5 }, 0.1, 0.2)]
    [InlineData(new[] { 1 }, -0.5, 0.5)]
    [InlineData(new[] { 5, 1 }, 0.4, -0.4)]
    public void Gradient_of_clamp(int[] shape, double min, double max)
    {
        var x = TensorGradientCheck.Inputs(43, shape);
        var r = Tensor.RandomUniform(shape, -1, 1, 44, DType.Float64);
        TensorGradientCheck.Check(
            v => ComparisonLosses.Clamped(v[0], min, max, r),
            (v, g) => ComparisonLosses.ClampedGradient(v[0], min, max, r, ref g[0], out _, out _),
            (Tensor[] v, Tensor[] d, out double t) => ComparisonLosses.ClampedTangent(v[0], min, max, r, d[0], 0, 0, out t),
            x);

        // The bounds' derivatives, against central differences, and forward mode along them.
        var dX = Tensor.ZerosLike(x[0]);
        ComparisonLosses.ClampedGradient(x[0], min, max, r, ref dX, out double dMin, out double dMax);
        double h = 1e-6;
        double numericMin = (ComparisonLosses.Clamped(x[0], min + h, max, r) - ComparisonLosses.Clamped(x[0], min - h, max, r)) / (2 * h);
        double numericMax = (ComparisonLosses.Clamped(x[0], min, max + h, r) - ComparisonLosses.Clamped(x[0], min, max - h, r)) / (2 * h);
        Assert.Equal(numericMin, dMin, 7);
        Assert.Equal(numericMax, dMax, 7);
        ComparisonLosses.ClampedTangent(x[0], min, max, r, Tensor.ZerosLike(x[0]), 0.3, -0.7, out double along);
        Assert.Equal(0.3 * dMin - 0.7 * dMax, along, 10);
    }

    [Fact]
    public void Clamp_values_and_the_gradient_at_the_bounds()
    {
        var x = Tensor.FromArray(new double[] { -2, -1, 0, 1, 2, double.NaN }, 6);
        var c = Tensor.Clamp(x, -1, 1);
        Assert.Equal(new double[] { -1, -1, 0, 1, 1, double.NaN }, c.ToDoubleArray());
        var f = Tensor.Clamp(Tensor.To(x, DType.Float32), -1, 1);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(c.ToDoubleArray(), f.ToDoubleArray());
        // PyTorch's mask (x ≥ min) & (x ≤ max): exactly at a bound the gradient passes to x.
        Tensor dX = null!;
        Tensor.ClampPullback(x, -1, 1, c, Tensor.OnesLike(c), ref dX, out double dMin, out double dMax);
        Assert.Equal(new double[] { 0, 1, 1, 1, 0, 0 }, dX.ToDoubleArray());
        Assert.Equal(1, dMin);
        Assert.Equal(1, dMax);
        // min > max: every element is max, and max takes the whole gradient.
        var swapped = Tensor.Clamp(x, 1, -1);
        Assert.Equal(new double[] { -1, -1, -1, -1, -1, double.NaN }, swapped.ToDoubleArray());
        dX = null!;
        Tensor.ClampPullback(x, 1, -1, swapped, Tensor.OnesLike(swapped), ref dX, out dMin, out dMax);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.Equal(0, dMin);
        Assert.Equal(5, dMax);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Clamp_of_a_long_tensor_matches_the_formula(DType dtype)
    {
        // Long enough for the vector loop and a tail, with NaNs in both.
        var values = Enumerable.Range(0, 37).Select(i => i % 11 == 5 ? double.NaN : Math.Sin(i) * 2).ToArray();
        var c = Tensor.Clamp(Tensor.To(Tensor.FromArray(values, 37), dtype), -0.5, 1.25).ToDoubleArray();
        for (int i = 0; i < values.Length; i++) Assert.Equal(Math.Min(Math.Max(dtype == DType.Float32 ? (float)values[i] : values[i], -0.5), 1.25), c[i]);
    }

    [Fact]
    public void Bad_clamp_buffers_throw_before_writing()
    {
        var x = Tensor.Zeros(DType.Float64, 2, 3);
        var result = Tensor.Clamp(x, 0, 1);
        var dX = Tensor.Ones(DType.Float64, 3, 2);
        var e = Assert.Throws<ArgumentException>(() => Tensor.ClampPullback(x, 0, 1, result, Tensor.OnesLike(result), ref dX, out _, out _));
        Assert.Equal("dX", e.ParamName);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        var seed = Assert.Throws<ArgumentException>(() => Tensor.ClampPullback(x, 0, 1, result, Tensor.Ones(2, 3), ref dX, out _, out _));
        Assert.Equal("seed", seed.ParamName);
        Assert.Equal("dX", Assert.Throws<ArgumentException>(() => Tensor.ClampTangent(x, 0, 1, Tensor.Ones(DType.Float64, 6), 0, 0, out _)).ParamName);
    }

    private static int[] Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        return Enumerable.Range(0, rank).Select(i =>
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            return Math.Max(da, db);
        }).ToArray();
    }
}
