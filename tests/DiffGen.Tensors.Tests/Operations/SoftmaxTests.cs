using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses Σ softmax(x) ⊙ r and Σ log-softmax(x) ⊙ r along an axis.</summary>
public static partial class SoftmaxLosses
{
    [Differentiable]
    public static double Softmax(Tensor x, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Softmax(x, axis) * r);

    [Differentiable]
    public static double LogSoftmax(Tensor x, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.LogSoftmax(x, axis) * r);

    /// <summary>Both along two axes, one after the other: a seed that is itself a softmax's derivative.</summary>
    [Differentiable]
    public static double Stacked(Tensor x, int first, int second, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.LogSoftmax(Tensor.Softmax(x, first) * 3.0, second) * r);
}

public class SoftmaxTests
{
    public static TheoryData<int[], int> ShapesAndAxes()
    {
        var data = new TheoryData<int[], int>();
        foreach (var shape in new[] { new[] { 1 }, new[] { 7 }, new[] { 3, 5 }, new[] { 1, 3 }, new[] { 2, 3, 5 }, new[] { 3, 1, 5, 2 }, new[] { 2, 3, 1, 7 } })
            foreach (int axis in TestTensors.Axes(shape.Length)) data.Add(shape, axis);
        return data;
    }

    // The generated derivatives of a loss (x, axis, r) along one axis.
    private delegate double AxisLoss(Tensor x, int axis, Tensor r);
    private delegate double AxisGradient(Tensor x, int axis, Tensor r, ref Tensor dX);
    private delegate double AxisTangent(Tensor x, int axis, Tensor r, Tensor dX, out double tangent);

    /// <summary>Checks a loss along <paramref name="axis"/> at x uniform in [−2, 2) from <paramref name="seed"/>, weighted by r.</summary>
    private static void CheckAlongAxis(AxisLoss loss, AxisGradient gradient, AxisTangent tangent, int[] shape, int axis, int seed)
    {
        var x = TestTensors.Uniform(shape, -2, 2, seed);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.Check(v => loss(v[0], axis, r), (v, g) => gradient(v[0], axis, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], axis, r, d[0], out t), new[] { x });
    }

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void Softmax_gradient(int[] shape, int axis)
        => CheckAlongAxis(SoftmaxLosses.Softmax, SoftmaxLosses.SoftmaxGradient, SoftmaxLosses.SoftmaxTangent, shape, axis, seed: 1);

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void LogSoftmax_gradient(int[] shape, int axis)
        => CheckAlongAxis(SoftmaxLosses.LogSoftmax, SoftmaxLosses.LogSoftmaxGradient, SoftmaxLosses.LogSoftmaxTangent, shape, axis, seed: 2);

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, 0)]
    [InlineData(1, -1)]
    [InlineData(2, 2)]
    public void Stacked_gradient(int first, int second)
    {
        var shape = new[] { 3, 4, 5 };
        var x = TestTensors.Uniform(shape, -1, 1, 3);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.Check(v => SoftmaxLosses.Stacked(v[0], first, second, r), (v, g) => SoftmaxLosses.StackedGradient(v[0], first, second, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => SoftmaxLosses.StackedTangent(v[0], first, second, r, d[0], out t), new[] { x });
    }

    /// <summary>softmax and log-softmax computed directly: every slice along the axis, as doubles.</summary>
    private static (double[] Softmax, double[] LogSoftmax) Direct(double[] x, int[] shape, int axis)
    {
        int a = axis < 0 ? axis + shape.Length : axis;
        int outer = shape.Take(a).Aggregate(1, (p, d) => p * d), size = shape[a], inner = shape.Skip(a + 1).Aggregate(1, (p, d) => p * d);
        var softmax = new double[x.Length];
        var log = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                var at = Enumerable.Range(0, size).Select(k => (o * size + k) * inner + j).ToArray();
                double m = at.Max(i => x[i]);
                double s = at.Sum(i => Math.Exp(x[i] - m));
                foreach (int i in at)
                {
                    softmax[i] = Math.Exp(x[i] - m) / s;
                    log[i] = x[i] - m - Math.Log(s);
                }
            }
        return (softmax, log);
    }

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void Values_match_a_direct_computation(int[] shape, int axis)
    {
        // Large logits: without the maximum subtracted, exp would overflow.
        var x = TestTensors.Uniform(shape, -500, 800, 4);
        var (softmax, log) = Direct(x.ToDoubleArray(), shape, axis);
        TestTensors.Near(softmax, Tensor.Softmax(x, axis), 1e-13);
        TestTensors.Near(log, Tensor.LogSoftmax(x, axis), 1e-13);
        Assert.Equal(shape, Tensor.Softmax(x, axis).Shape);
    }

    [Fact]
    public void Pullbacks_use_the_result_and_add()
    {
        var shape = new[] { 2, 5, 3 };
        var x = TestTensors.Uniform(shape, -2, 2, 5);
        var g = TestTensors.Weights(shape);
        var y = Tensor.Softmax(x, 1);
        var logY = Tensor.LogSoftmax(x, 1);
        var yv = y.ToDoubleArray();
        var gv = g.ToDoubleArray();
        var expected = new double[yv.Length];
        var expectedLog = new double[yv.Length];
        for (int o = 0; o < 2; o++)
            for (int j = 0; j < 3; j++)
            {
                var at = Enumerable.Range(0, 5).Select(k => (o * 5 + k) * 3 + j).ToArray();
                double dot = at.Sum(i => gv[i] * yv[i]), sum = at.Sum(i => gv[i]);
                foreach (int i in at)
                {
                    expected[i] = 1 + yv[i] * (gv[i] - dot);
                    expectedLog[i] = 1 + gv[i] - yv[i] * sum;
                }
            }
        var dX = Tensor.OnesLike(x);
        Tensor.SoftmaxPullback(x, 1, y, g, ref dX);
        TestTensors.Near(expected, dX, 1e-14);
        dX = Tensor.OnesLike(x);
        Tensor.LogSoftmaxPullback(x, 1, logY, g, ref dX);
        TestTensors.Near(expectedLog, dX, 1e-14);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Float32_matches_float64(int axis)
    {
        var x = TestTensors.Uniform(new[] { 9, 37 }, -5, 5, 6);
        var g = TestTensors.Weights(new[] { 9, 37 });
        TestTensors.SinglesMatchDoubles(v => Tensor.Softmax(v[0], axis), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.LogSoftmax(v[0], axis), new[] { x });
        TestTensors.SinglesMatchDoubles(v =>
        {
            Tensor? dX = null;
            Tensor.SoftmaxPullback(v[0], axis, Tensor.Softmax(v[0], axis), v[1], ref dX!);
            Tensor.LogSoftmaxPullback(v[0], axis, Tensor.LogSoftmax(v[0], axis), v[1], ref dX!);
            return dX;
        }, new[] { x, g });
    }

    [Fact]
    public void Argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3);
        foreach (int axis in new[] { 2, -3 })
        {
            var e = Assert.Throws<ArgumentException>(() => Tensor.Softmax(x, axis));
            Assert.Equal("axis", e.ParamName);
            Assert.Contains("[2, 3]", e.Message);
            e = Assert.Throws<ArgumentException>(() => Tensor.LogSoftmaxTangent(x, axis, x, out _));
            Assert.Equal("axis", e.ParamName);
        }
        var y = Tensor.Softmax(x, 1);
        var dX = Tensor.Full(new[] { 2, 3 }, 5, DType.Float64);
        var e2 = Assert.Throws<ArgumentException>(() => Tensor.SoftmaxPullback(x, 1, y, Tensor.Ones(DType.Float64, 3, 2), ref dX));
        Assert.Equal("seed", e2.ParamName);
        Assert.Contains("[3, 2]", e2.Message);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LogSoftmaxPullback(x, 5, y, y, ref dX));
        Assert.Equal("axis", e2.ParamName);
        Assert.Equal(Enumerable.Repeat(5.0, 6), dX.ToDoubleArray());
        var wrong = Tensor.Full(new[] { 3, 2 }, 5, DType.Float64);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.LogSoftmaxPullback(x, 1, y, y, ref wrong));
        Assert.Equal("dX", e2.ParamName);
        Assert.Contains("[3, 2]", e2.Message);
        Assert.Contains("[2, 3]", e2.Message);
        Assert.Equal(Enumerable.Repeat(5.0, 6), wrong.ToDoubleArray());
        e2 = Assert.Throws<ArgumentException>(() => Tensor.SoftmaxTangent(x, 0, Tensor.Ones(2, 3), out _));
        Assert.Equal("dX", e2.ParamName);
    }
}
