using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over layer and batch normalization: x, weight and bias all differentiated.</summary>
public static partial class NormalizationLosses
{
    [Differentiable]
    public static double LayerNorm(Tensor x, Tensor weight, Tensor bias, int normalizedAxes, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.LayerNorm(x, normalizedAxes, weight, bias) * r);

    /// <summary>A larger ε, and the result fed on (a seed that is not constant).</summary>
    [Differentiable]
    public static double LayerNormSquared(Tensor x, Tensor weight, Tensor bias, int normalizedAxes, [NoDiff] Tensor r)
    {
        var y = Tensor.LayerNorm(x, normalizedAxes, weight, bias, 0.1);
        return (double)Tensor.Sum(y * y * r);
    }

    [Differentiable]
    public static double BatchNorm(Tensor x, Tensor weight, Tensor bias, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.BatchNorm(x, weight, bias) * r);

    [Differentiable]
    public static double BatchNormSquared(Tensor x, Tensor weight, Tensor bias, [NoDiff] Tensor r)
    {
        var y = Tensor.BatchNorm(x, weight, bias, 0.1);
        return (double)Tensor.Sum(y * y * r);
    }
}

public class NormalizationTests
{
    public static TheoryData<int[], int> LayerCases() => new()
    {
        { new[] { 7 }, 1 },
        { new[] { 3, 5 }, 1 },
        { new[] { 3, 5 }, 2 },
        { new[] { 2, 3, 4 }, 1 },
        { new[] { 2, 3, 4 }, 2 },
        { new[] { 2, 3, 4 }, 3 },
        { new[] { 2, 1, 3, 5 }, 2 },
        { new[] { 3, 2, 1, 3 }, 3 },
        { new[] { 3, 1 }, 1 },
    };

    private static Tensor[] LayerInputs(int[] shape, int normalizedAxes, int seed)
    {
        var trailing = shape.Skip(shape.Length - normalizedAxes).ToArray();
        return new[] { TestTensors.Uniform(shape, -1, 1, seed), TestTensors.Uniform(trailing, 0.5, 1.5, seed + 1), TestTensors.Uniform(trailing, -1, 1, seed + 2) };
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void LayerNorm_gradient(int[] shape, int normalizedAxes)
    {
        var inputs = LayerInputs(shape, normalizedAxes, 1);
        var r = TestTensors.Weights(shape);
        CheckLayer(NormalizationLosses.LayerNorm, NormalizationLosses.LayerNormGradient, NormalizationLosses.LayerNormTangent, inputs, normalizedAxes, r);
        CheckLayer(NormalizationLosses.LayerNormSquared, NormalizationLosses.LayerNormSquaredGradient, NormalizationLosses.LayerNormSquaredTangent, inputs, normalizedAxes, r);
    }

    // The generated derivatives of a layer-norm loss (x, w, b, normalizedAxes, r).
    private delegate double LayerLoss(Tensor x, Tensor w, Tensor b, int normalizedAxes, Tensor r);
    private delegate double LayerGradient(Tensor x, Tensor w, Tensor b, int normalizedAxes, Tensor r, ref Tensor dX, ref Tensor dW, ref Tensor dB);
    private delegate double LayerTangent(Tensor x, Tensor w, Tensor b, int normalizedAxes, Tensor r, Tensor dX, Tensor dW, Tensor dB, out double tangent);

    private static void CheckLayer(LayerLoss loss, LayerGradient gradient, LayerTangent tangent, Tensor[] inputs, int normalizedAxes, Tensor r)
        => TensorGradientCheck.Check(v => loss(v[0], v[1], v[2], normalizedAxes, r),
            (v, g) => gradient(v[0], v[1], v[2], normalizedAxes, r, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], v[1], v[2], normalizedAxes, r, d[0], d[1], d[2], out t), inputs);

    public static TheoryData<int[]> BatchShapes() => new() { new[] { 4, 3 }, new[] { 5, 1 }, new[] { 1, 3, 5 }, new[] { 3, 2, 5 }, new[] { 2, 3, 2, 3 }, new[] { 3, 1, 1, 7 }, new[] { 1, 2, 3, 1 } };

    private static Tensor[] BatchInputs(int[] shape, int seed)
        => new[] { TestTensors.Uniform(shape, -1, 1, seed), TestTensors.Uniform(new[] { shape[1] }, 0.5, 1.5, seed + 1), TestTensors.Uniform(new[] { shape[1] }, -1, 1, seed + 2) };

    [Theory]
    [MemberData(nameof(BatchShapes))]
    public void BatchNorm_gradient(int[] shape)
    {
        var inputs = BatchInputs(shape, 2);
        var r = TestTensors.Weights(shape);
        CheckBatch(NormalizationLosses.BatchNorm, NormalizationLosses.BatchNormGradient, NormalizationLosses.BatchNormTangent, inputs, r);
        CheckBatch(NormalizationLosses.BatchNormSquared, NormalizationLosses.BatchNormSquaredGradient, NormalizationLosses.BatchNormSquaredTangent, inputs, r);
    }

    // The generated derivatives of a batch-norm loss (x, w, b, r).
    private delegate double BatchLoss(Tensor x, Tensor w, Tensor b, Tensor r);
    private delegate double BatchGradient(Tensor x, Tensor w, Tensor b, Tensor r, ref Tensor dX, ref Tensor dW, ref Tensor dB);
    private delegate double BatchTangent(Tensor x, Tensor w, Tensor b, Tensor r, Tensor dX, Tensor dW, Tensor dB, out double tangent);

    private static void CheckBatch(BatchLoss loss, BatchGradient gradient, BatchTangent tangent, Tensor[] inputs, Tensor r)
        => TensorGradientCheck.Check(v => loss(v[0], v[1], v[2], r),
            (v, g) => gradient(v[0], v[1], v[2], r, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], v[1], v[2], r, d[0], d[1], d[2], out t), inputs);

    /// <summary>(x − μ)/√(σ² + ε)·w + b over the given groups of flat indices, each group with its own w and b index.</summary>
    private static double[] Normalized(double[] x, double[] w, double[] b, double eps, IEnumerable<(int[] Members, Func<int, int> Parameter)> groups)
    {
        var y = new double[x.Length];
        foreach (var (members, parameter) in groups)
        {
            double mean = members.Average(i => x[i]);
            double variance = members.Average(i => (x[i] - mean) * (x[i] - mean));
            foreach (int i in members) y[i] = (x[i] - mean) / Math.Sqrt(variance + eps) * w[parameter(i)] + b[parameter(i)];
        }
        return y;
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void LayerNorm_values_match_a_direct_computation(int[] shape, int normalizedAxes)
    {
        var inputs = LayerInputs(shape, normalizedAxes, 3);
        int d = shape.Skip(shape.Length - normalizedAxes).Aggregate(1, (p, s) => p * s);
        var groups = Enumerable.Range(0, inputs[0].Length / d).Select(row => (Enumerable.Range(row * d, d).ToArray(), (Func<int, int>)(i => i % d)));
        foreach (double eps in new[] { 1e-5, 0.5 })
        {
            var expected = Normalized(inputs[0].ToDoubleArray(), inputs[1].ToDoubleArray(), inputs[2].ToDoubleArray(), eps, groups);
            TestTensors.Near(expected, Tensor.LayerNorm(inputs[0], normalizedAxes, inputs[1], inputs[2], eps), 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(BatchShapes))]
    public void BatchNorm_values_and_statistics_match_a_direct_computation(int[] shape)
    {
        var inputs = BatchInputs(shape, 4);
        int c = shape[1], s = shape.Skip(2).Aggregate(1, (p, q) => p * q);
        var groups = Enumerable.Range(0, c).Select(ch => (Enumerable.Range(0, inputs[0].Length).Where(i => i / s % c == ch).ToArray(), (Func<int, int>)(_ => ch))).ToArray();
        var x = inputs[0].ToDoubleArray();
        foreach (double eps in new[] { 1e-5, 0.5 })
        {
            var expected = Normalized(x, inputs[1].ToDoubleArray(), inputs[2].ToDoubleArray(), eps, groups);
            TestTensors.Near(expected, Tensor.BatchNorm(inputs[0], inputs[1], inputs[2], eps), 1e-12);
        }
        var (mean, variance) = Tensor.BatchNormStatistics(inputs[0]);
        Assert.Equal(new[] { c }, mean.Shape);
        Assert.Equal(new[] { c }, variance.Shape);
        TestTensors.Near(groups.Select(g => g.Item1.Average(i => x[i])).ToArray(), mean);
        TestTensors.Near(groups.Select(g =>
        {
            double m = g.Item1.Average(i => x[i]);
            return g.Item1.Sum(i => (x[i] - m) * (x[i] - m)) / (g.Item1.Length - 1);
        }).ToArray(), variance);
    }

    [Fact]
    public void Pullbacks_add_into_their_buffers()
    {
        var inputs = LayerInputs(new[] { 2, 3, 4 }, 2, 5);
        var seed = TestTensors.Weights(new[] { 2, 3, 4 });
        var y = Tensor.LayerNorm(inputs[0], 2, inputs[1], inputs[2]);
        Tensor? dX = null, dW = null, dB = null;
        Tensor.LayerNormPullback(inputs[0], 2, inputs[1], inputs[2], 1e-5, y, seed, ref dX!, ref dW!, ref dB!);
        var once = new[] { dX.ToDoubleArray(), dW.ToDoubleArray(), dB.ToDoubleArray() };
        Tensor.LayerNormPullback(inputs[0], 2, inputs[1], inputs[2], 1e-5, y, seed, ref dX!, ref dW!, ref dB!);
        TestTensors.Near(once[0].Select(v => 2 * v).ToArray(), dX);
        TestTensors.Near(once[1].Select(v => 2 * v).ToArray(), dW);
        TestTensors.Near(once[2].Select(v => 2 * v).ToArray(), dB);
        // dBias is the seed summed over the rows; each row's dX sums to zero (the mean is subtracted).
        var sv = seed.ToDoubleArray();
        TestTensors.Near(Enumerable.Range(0, 12).Select(j => 2 * (sv[j] + sv[12 + j])).ToArray(), dB);
        Assert.True(Math.Abs(dX.ToDoubleArray().Take(12).Sum()) < 1e-12);

        var batch = BatchInputs(new[] { 3, 2, 5 }, 6);
        var seed2 = TestTensors.Weights(new[] { 3, 2, 5 });
        var z = Tensor.BatchNorm(batch[0], batch[1], batch[2]);
        dX = null;
        dW = null;
        dB = null;
        Tensor.BatchNormPullback(batch[0], batch[1], batch[2], 1e-5, z, seed2, ref dX!, ref dW!, ref dB!);
        var s2 = seed2.ToDoubleArray();
        TestTensors.Near(Enumerable.Range(0, 2).Select(ch => Enumerable.Range(0, 30).Where(i => i / 5 % 2 == ch).Sum(i => s2[i])).ToArray(), dB);
    }

    [Fact]
    public void Float32_matches_float64()
    {
        var layer = LayerInputs(new[] { 4, 3, 37 }, 1, 7);
        TestTensors.SinglesMatchDoubles(v => Tensor.LayerNorm(v[0], 1, v[1], v[2]), layer, 1e-4);
        var seed = TestTensors.Weights(new[] { 4, 3, 37 });
        TestTensors.SinglesMatchDoubles(v =>
        {
            Tensor? dX = null, dW = null, dB = null;
            Tensor.LayerNormPullback(v[0], 1, v[1], v[2], 1e-5, Tensor.LayerNorm(v[0], 1, v[1], v[2]), v[3], ref dX!, ref dW!, ref dB!);
            return dX;
        }, layer.Append(seed).ToArray(), 1e-4);
        // NCHW, and N×C (whose kernels run along rows).
        foreach (var shape in new[] { new[] { 5, 3, 4, 3 }, new[] { 17, 37 } })
        {
            var batch = BatchInputs(shape, 8);
            TestTensors.SinglesMatchDoubles(v => Tensor.BatchNorm(v[0], v[1], v[2]), batch, 1e-4);
            TestTensors.SinglesMatchDoubles(v => Tensor.BatchNormStatistics(v[0]).Var, batch, 1e-5);
            var seed2 = TestTensors.Weights(shape);
            TestTensors.SinglesMatchDoubles(v =>
            {
                Tensor? dX = null, dW = null, dB = null;
                Tensor.BatchNormPullback(v[0], v[1], v[2], 1e-5, Tensor.BatchNorm(v[0], v[1], v[2]), v[3], ref dX!, ref dW!, ref dB!);
                return dX;
            }, batch.Append(seed2).ToArray(), 1e-4);
        }
    }

    [Fact]
    public void LayerNorm_argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3, 4);
        var w = Tensor.Ones(DType.Float64, 3, 4);
        var b = Tensor.Zeros(DType.Float64, 3, 4);
        foreach (int k in new[] { 0, 4, -1 })
        {
            var e = Assert.Throws<ArgumentException>(() => Tensor.LayerNorm(x, k, w, b));
            Assert.Equal("normalizedAxes", e.ParamName);
            Assert.Contains("[2, 3, 4]", e.Message);
        }
        var e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNorm(x, 1, w, b));
        Assert.Equal("weight", e2.ParamName);
        Assert.Contains("[3, 4]", e2.Message);
        Assert.Contains("[4]", e2.Message);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNorm(x, 2, w, Tensor.Zeros(DType.Float64, 4)));
        Assert.Equal("bias", e2.ParamName);
        Assert.Contains("[4]", e2.Message);
        Assert.Contains("[3, 4]", e2.Message);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNorm(x, 2, Tensor.Ones(3, 4), b));
        Assert.Equal("weight", e2.ParamName);
        Assert.Contains("Float32", e2.Message);

        // A wrong buffer among three: none of them is written.
        var y = Tensor.LayerNorm(x, 2, w, b);
        var dX = Tensor.Full(new[] { 2, 3, 4 }, 5, DType.Float64);
        var dW = Tensor.Full(new[] { 3, 4 }, 5, DType.Float64);
        var dB = Tensor.Full(new[] { 4, 3 }, 5, DType.Float64);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNormPullback(x, 2, w, b, 1e-5, y, y, ref dX, ref dW, ref dB));
        Assert.Equal("dBias", e2.ParamName);
        Assert.Contains("[4, 3]", e2.Message);
        Assert.Contains("[3, 4]", e2.Message);
        Assert.All(dX.ToDoubleArray().Concat(dW.ToDoubleArray()).Concat(dB.ToDoubleArray()), v => Assert.Equal(5, v));
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNormPullback(x, 2, w, b, 1e-5, y, w, ref dX, ref dW, ref dB));
        Assert.Equal("seed", e2.ParamName);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LayerNormTangent(x, 2, w, b, 1e-5, x, b, Tensor.Ones(DType.Float64, 12), out _));
        Assert.Equal("dBias", e2.ParamName);
        Assert.Contains("[12]", e2.Message);
    }

    [Fact]
    public void BatchNorm_argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3, 4, 4);
        var w = Tensor.Ones(DType.Float64, 3);
        var b = Tensor.Zeros(DType.Float64, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Tensor.Ones(DType.Float64, 3), w, b));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("[3]", e.Message);
        // One value per channel: no batch statistics (PyTorch refuses it in training mode too).
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(Tensor.Ones(DType.Float64, 1, 3), w, b));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("[1, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormStatistics(Tensor.Ones(DType.Float64, 1, 3, 1, 1)));
        Assert.Equal("x", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(x, Tensor.Ones(DType.Float64, 4), b));
        Assert.Equal("weight", e.ParamName);
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2, 3, 4, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNorm(x, w, Tensor.Zeros(3)));
        Assert.Equal("bias", e.ParamName);

        var y = Tensor.BatchNorm(x, w, b);
        var dX = Tensor.Full(new[] { 2, 3, 4, 4 }, 5, DType.Float64);
        var dW = Tensor.Full(new[] { 2 }, 5, DType.Float64);
        Tensor dB = null!;
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormPullback(x, w, b, 1e-5, y, y, ref dX, ref dW, ref dB));
        Assert.Equal("dWeight", e.ParamName);
        Assert.Contains("[2]", e.Message);
        Assert.All(dX.ToDoubleArray().Concat(dW.ToDoubleArray()), v => Assert.Equal(5, v));
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormTangent(x, w, b, 1e-5, Tensor.Ones(DType.Float64, 2, 3), w, b, out _));
        Assert.Equal("dX", e.ParamName);
    }
}
