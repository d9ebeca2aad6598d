using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over the variance and the standard deviation.</summary>
public static partial class StatisticsLosses
{
    [Differentiable]
    public static double Var(Tensor x, int axis, bool keepDim, bool unbiased, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Var(x, axis, keepDim, unbiased) * r);

    [Differentiable]
    public static double Std(Tensor x, int axis, bool keepDim, bool unbiased, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Std(x, axis, keepDim, unbiased) * r);

    [Differentiable]
    public static double VarAll(Tensor x, bool unbiased) => (double)Tensor.Var(x, unbiased);

    [Differentiable]
    public static double StdAll(Tensor x, bool unbiased) => (double)Tensor.Std(x, unbiased) * 3.0;
}

public class StatisticsTests
{
    public static TheoryData<int[], int, bool, bool> Cases()
    {
        var data = new TheoryData<int[], int, bool, bool>();
        foreach (var shape in new[] { new[] { 7 }, new[] { 3, 5 }, new[] { 2, 3, 5 }, new[] { 3, 1, 5, 2 } })
            foreach (int axis in TestTensors.Axes(shape.Length))
            {
                if (shape[axis < 0 ? axis + shape.Length : axis] == 1) continue; // an unbiased variance of one value is NaN
                data.Add(shape, axis, false, true);
                data.Add(shape, axis, true, false);
            }
        return data;
    }

    // The generated derivatives of a loss (x, axis, keepDim, unbiased, r) and of one over the whole tensor (x, unbiased).
    private delegate double AxisLoss(Tensor x, int axis, bool keepDim, bool unbiased, Tensor r);
    private delegate double AxisGradient(Tensor x, int axis, bool keepDim, bool unbiased, Tensor r, ref Tensor dX);
    private delegate double AxisTangent(Tensor x, int axis, bool keepDim, bool unbiased, Tensor r, Tensor dX, out double tangent);
    private delegate double AllLoss(Tensor x, bool unbiased);
    private delegate double AllGradient(Tensor x, bool unbiased, ref Tensor dX);
    private delegate double AllTangent(Tensor x, bool unbiased, Tensor dX, out double tangent);

    /// <summary>
    /// Checks a loss along <paramref name="axis"/> at x uniform in [−1, 1) from <paramref name="seed"/>, weighted by r of
    /// the shape of <paramref name="statistic"/>(x).
    /// </summary>
    private static void CheckAlongAxis(Func<Tensor, int, bool, bool, Tensor> statistic, AxisLoss loss, AxisGradient gradient, AxisTangent tangent,
        int[] shape, int axis, bool keepDim, bool unbiased, int seed)
    {
        var x = TestTensors.Uniform(shape, -1, 1, seed);
        var r = TestTensors.Weights(statistic(x, axis, keepDim, unbiased).Shape);
        TensorGradientCheck.Check(v => loss(v[0], axis, keepDim, unbiased, r),
            (v, g) => gradient(v[0], axis, keepDim, unbiased, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], axis, keepDim, unbiased, r, d[0], out t), new[] { x });
    }

    private static void CheckWhole(AllLoss loss, AllGradient gradient, AllTangent tangent, Tensor x, bool unbiased)
        => TensorGradientCheck.Check(v => loss(v[0], unbiased), (v, g) => gradient(v[0], unbiased, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], unbiased, d[0], out t), new[] { x });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Var_gradient(int[] shape, int axis, bool keepDim, bool unbiased)
        => CheckAlongAxis(Tensor.Var, StatisticsLosses.Var, StatisticsLosses.VarGradient, StatisticsLosses.VarTangent, shape, axis, keepDim, unbiased, seed: 1);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Std_gradient(int[] shape, int axis, bool keepDim, bool unbiased)
        => CheckAlongAxis(Tensor.Std, StatisticsLosses.Std, StatisticsLosses.StdGradient, StatisticsLosses.StdTangent, shape, axis, keepDim, unbiased, seed: 2);

    [Theory]
    [InlineData(new[] { 7 }, true)]
    [InlineData(new[] { 3, 5 }, false)]
    [InlineData(new[] { 2, 3, 5 }, true)]
    [InlineData(new[] { 3, 1, 5, 2 }, false)]
    public void Full_tensor_gradients(int[] shape, bool unbiased)
    {
        var x = TestTensors.Uniform(shape, -1, 1, 3);
        CheckWhole(StatisticsLosses.VarAll, StatisticsLosses.VarAllGradient, StatisticsLosses.VarAllTangent, x, unbiased);
        CheckWhole(StatisticsLosses.StdAll, StatisticsLosses.StdAllGradient, StatisticsLosses.StdAllTangent, x, unbiased);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_match_a_direct_computation(int[] shape, int axis, bool keepDim, bool unbiased)
    {
        var x = TestTensors.Uniform(shape, -3, 5, 4);
        var xv = x.ToDoubleArray();
        int a = axis < 0 ? axis + shape.Length : axis;
        int outer = shape.Take(a).Aggregate(1, (p, d) => p * d), size = shape[a], inner = shape.Skip(a + 1).Aggregate(1, (p, d) => p * d);
        var expected = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                var values = Enumerable.Range(0, size).Select(k => xv[(o * size + k) * inner + j]).ToArray();
                double mean = values.Average();
                expected[o * inner + j] = values.Sum(v => (v - mean) * (v - mean)) / (unbiased ? size - 1 : size);
            }
        var variance = Tensor.Var(x, axis, keepDim, unbiased);
        var expectedShape = keepDim ? shape.Select((d, i) => i == a ? 1 : d).ToArray() : shape.Where((_, i) => i != a).ToArray();
        Assert.Equal(expectedShape, variance.Shape);
        TestTensors.Near(expected, variance);
        TestTensors.Near(expected.Select(Math.Sqrt).ToArray(), Tensor.Std(x, axis, keepDim, unbiased));

        double all = xv.Average();
        double squares = xv.Sum(v => (v - all) * (v - all));
        Assert.Empty(Tensor.Var(x).Shape);
        Assert.Equal(squares / (xv.Length - 1), (double)Tensor.Var(x), 12);
        Assert.Equal(squares / xv.Length, (double)Tensor.Var(x, false), 12);
        Assert.Equal(Math.Sqrt(squares / (xv.Length - 1)), (double)Tensor.Std(x), 12);
        Assert.Equal(Math.Sqrt(squares / xv.Length), (double)Tensor.Std(x, unbiased: false), 12);
    }

    [Fact]
    public void One_value_has_a_NaN_unbiased_variance_as_in_PyTorch()
    {
        var x = Tensor.FromArray(new[] { 1.0, 2, 3 }, 3, 1);
        TestTensors.Near(new[] { double.NaN, double.NaN, double.NaN }, Tensor.Var(x, 1));
        TestTensors.Near(new[] { 0.0, 0, 0 }, Tensor.Var(x, 1, unbiased: false));
        Assert.True(double.IsNaN((double)Tensor.Var(Tensor.Ones(DType.Float64, 1))));
    }

    [Fact]
    public void Float32_matches_float64()
    {
        var x = TestTensors.Uniform(new[] { 4, 37 }, -2, 3, 5);
        TestTensors.SinglesMatchDoubles(v => Tensor.Var(v[0], 1), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Std(v[0], -2, true, false), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Var(v[0]), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Std(v[0]), new[] { x });
    }

    [Fact]
    public void Argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Var(x, 2));
        Assert.Equal("axis", e.ParamName);
        Assert.Contains("[2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Std(x, -3));
        Assert.Equal("axis", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => Tensor.Var(null!));
    }
}
