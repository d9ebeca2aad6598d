using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over the poolings: their generated derivatives are what the tests check.</summary>
public static partial class PoolingLosses
{
    /// <summary>Σ max_pool2d(x) ⊙ r.</summary>
    [Differentiable]
    public static double Max(Tensor x, [NoDiff] Tensor r, int kernelSize, int stride, int padding)
        => (double)Tensor.Sum(Tensor.MaxPool2d(x, kernelSize, stride, padding) * r);

    /// <summary>Σ avg_pool2d(x) ⊙ r.</summary>
    [Differentiable]
    public static double Average(Tensor x, [NoDiff] Tensor r, int kernelSize, int stride, int padding)
        => (double)Tensor.Sum(Tensor.AvgPool2d(x, kernelSize, stride, padding) * r);

    /// <summary>Both with the stride and padding left out (stride = window, no padding), on the same input.</summary>
    [Differentiable]
    public static double Defaults(Tensor x, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.MaxPool2d(x, 2) * r) + (double)Tensor.Sum(Tensor.AvgPool2d(x * x, 2) * r);
}

public class PoolingOperationTests
{
    // (N, C, H, W, window, stride (−1: the window), padding): odd sizes, overlapping and disjoint windows, padding 0/1.
    public static TheoryData<int, int, int, int, int, int, int> Cases() => new()
    {
        { 1, 1, 5, 5, 2, -1, 0 },
        { 2, 3, 7, 6, 3, 2, 1 },
        { 1, 2, 6, 7, 3, 1, 1 },
        { 2, 2, 8, 8, 2, 2, 0 },
        { 1, 1, 5, 5, 3, 2, 1 },
        { 2, 1, 9, 7, 4, 3, 2 },
        { 1, 2, 3, 3, 3, 1, 0 },
    };

    // The generated derivatives of a pooling loss (x, r, kernelSize, stride, padding).
    private delegate double PoolLoss(Tensor x, Tensor r, int kernelSize, int stride, int padding);
    private delegate double PoolGradient(Tensor x, Tensor r, int kernelSize, int stride, int padding, ref Tensor dX);
    private delegate double PoolTangent(Tensor x, Tensor r, int kernelSize, int stride, int padding, Tensor dX, out double tangent);

    /// <summary>Checks a pooling loss at <paramref name="x"/>, weighted by r of the pooled shape (from <paramref name="weightSeed"/>).</summary>
    private static void CheckPooling(Func<Tensor, int, int, int, Tensor> pool, PoolLoss loss, PoolGradient gradient, PoolTangent tangent,
        Tensor[] x, int kernelSize, int stride, int padding, int weightSeed)
    {
        var weights = ConvolutionTests.RandomLike(pool(x[0], kernelSize, stride, padding), weightSeed);
        TensorGradientCheck.Check(
            v => loss(v[0], weights, kernelSize, stride, padding),
            (v, g) => gradient(v[0], weights, kernelSize, stride, padding, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], weights, kernelSize, stride, padding, d[0], out t),
            x);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Max_gradient(int n, int c, int h, int w, int kernelSize, int stride, int padding)
        => CheckPooling(Tensor.MaxPool2d, PoolingLosses.Max, PoolingLosses.MaxGradient, PoolingLosses.MaxTangent,
            TensorGradientCheck.Inputs(n * 1000 + c * 100 + h * 10 + kernelSize, [n, c, h, w]), kernelSize, stride, padding, weightSeed: 91);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Average_gradient(int n, int c, int h, int w, int kernelSize, int stride, int padding)
        => CheckPooling(Tensor.AvgPool2d, PoolingLosses.Average, PoolingLosses.AverageGradient, PoolingLosses.AverageTangent,
            TensorGradientCheck.Inputs(n * 2000 + c * 100 + w * 10 + kernelSize, [n, c, h, w]), kernelSize, stride, padding, weightSeed: 92);

    [Fact]
    public void Gradient_with_the_defaults_left_out()
    {
        var x = TensorGradientCheck.Inputs(83, [2, 2, 7, 6]);
        var weights = Tensor.RandomUniform([2, 2, 3, 3], -1, 1, 90, DType.Float64);
        TensorGradientCheck.Check(
            v => PoolingLosses.Defaults(v[0], weights),
            (v, g) => PoolingLosses.DefaultsGradient(v[0], weights, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => PoolingLosses.DefaultsTangent(v[0], weights, d[0], out t),
            x);
    }

    [Fact]
    public void Gradient_of_an_unbatched_input()
    {
        var x = TensorGradientCheck.Inputs(89, [3, 7, 5]);
        Assert.Equal([3, 4, 3], Tensor.MaxPool2d(x[0], 3, 2, 1).Shape);
        var weights = Tensor.RandomUniform([3, 4, 3], -1, 1, 89, DType.Float64);
        TensorGradientCheck.Check(
            v => PoolingLosses.Max(v[0], weights, 3, 2, 1) + PoolingLosses.Average(v[0], weights, 3, 2, 1),
            (v, g) => PoolingLosses.MaxGradient(v[0], weights, 3, 2, 1, ref g[0]) + PoolingLosses.AverageGradient(v[0], weights, 3, 2, 1, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) =>
            {
                double value = PoolingLosses.MaxTangent(v[0], weights, 3, 2, 1, d[0], out double t1) + PoolingLosses.AverageTangent(v[0], weights, 3, 2, 1, d[0], out double t2);
                t = t1 + t2;
                return value;
            },
            x);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Values_are_the_kernels(DType dtype)
    {
        foreach (var row in Cases())
        {
            var v = row.Cast<int>().ToArray();
            int n = v[0], c = v[1], h = v[2], w = v[3], kernelSize = v[4], stride = v[5], padding = v[6];
            var input = Tensor.RandomUniform([n, c, h, w], -1, 1, 21, dtype);
            var g = Pool2dGeometry.Create(n, c, h, w, kernelSize, kernelSize, stride == -1 ? null : stride, stride == -1 ? null : stride, padding, padding);
            int[] shape = [n, c, g.OutputHeight, g.OutputWidth];
            var max = Tensor.MaxPool2d(input, kernelSize, stride, padding);
            var average = Tensor.AvgPool2d(input, kernelSize, stride, padding);
            Assert.Equal(shape, max.Shape);
            Assert.Equal(shape, average.Shape);
            Assert.Equal(dtype, max.DType);
            Assert.Equal(dtype, average.DType);
            var indices = new int[g.OutputLength];
            if (dtype == DType.Float32)
            {
                var expected = new float[g.OutputLength];
                Pool2d.MaxForward<float>(g, input.ToArray(), expected, indices);
                Assert.Equal(expected, max.ToArray());
                Pool2d.AvgForward<float>(g, input.ToArray(), expected);
                Assert.Equal(expected, average.ToArray());
            }
            else
            {
                var expected = new double[g.OutputLength];
                Pool2d.MaxForward<double>(g, input.ToDoubleArray(), expected, indices);
                Assert.Equal(expected, max.ToDoubleArray());
                Pool2d.AvgForward<double>(g, input.ToDoubleArray(), expected);
                Assert.Equal(expected, average.ToDoubleArray());
            }
        }
    }

    [Fact]
    public void Hand_computed_values()
    {
        // PyTorch: x = arange(16.).view(1,1,4,4); max_pool2d(x, 2) = [[5, 7], [13, 15]]; avg_pool2d(x, 2) = [[2.5, 4.5], [10.5, 12.5]];
        // max_pool2d(x, 3, 2, 1) = [[5, 7], [13, 15]]; avg_pool2d(x, 3, 2, 1) counts the zero padding: [[10/9, 24/9], [51/9, 90/9]].
        var x = Tensor.FromArray(Tensor.Arange(16, DType.Float64).ToDoubleArray(), 1, 1, 4, 4);
        Assert.Equal([5.0, 7, 13, 15], Tensor.MaxPool2d(x, 2).ToDoubleArray());
        Assert.Equal([2.5, 4.5, 10.5, 12.5], Tensor.AvgPool2d(x, 2).ToDoubleArray());
        Assert.Equal([5.0, 7, 13, 15], Tensor.MaxPool2d(x, 3, 2, 1).ToDoubleArray());
        ConvolutionTests.Close([10 / 9.0, 24 / 9.0, 51 / 9.0, 90 / 9.0], Tensor.AvgPool2d(x, 3, 2, 1).ToDoubleArray(), 1e-15);
        // The stride defaults to the window.
        Assert.Equal(Tensor.MaxPool2d(x, 2, 2).ToDoubleArray(), Tensor.MaxPool2d(x, 2).ToDoubleArray());
        Assert.Equal(Tensor.AvgPool2d(x, 2, 2).ToDoubleArray(), Tensor.AvgPool2d(x, 2).ToDoubleArray());
    }

    [Fact]
    public void An_unbatched_input_is_one_image()
    {
        var x = Tensor.RandomUniform([2, 7, 6], -1, 1, 23, DType.Float64);
        var batched = Tensor.FromArray(x.ToDoubleArray(), 1, 2, 7, 6);
        Assert.Equal([2, 4, 3], Tensor.MaxPool2d(x, 3, 2, 1).Shape);
        Assert.Equal(Tensor.MaxPool2d(batched, 3, 2, 1).ToDoubleArray(), Tensor.MaxPool2d(x, 3, 2, 1).ToDoubleArray());
        Assert.Equal(Tensor.AvgPool2d(batched, 3, 2, 1).ToDoubleArray(), Tensor.AvgPool2d(x, 3, 2, 1).ToDoubleArray());
    }

    [Fact]
    public void Float32_agrees_with_Float64()
    {
        var singles = Tensor.RandomUniform([2, 3, 9, 8], -1, 1, 27, DType.Float32);
        var doubles = Tensor.To(singles, DType.Float64);
        var r64 = Tensor.RandomUniform(Tensor.MaxPool2d(doubles, 3, 2, 1).Shape, -1, 1, 28, DType.Float64);
        var r32 = Tensor.To(r64, DType.Float32);
        // The maximum is an element: the same in both types.
        Assert.Equal(Tensor.MaxPool2d(doubles, 3, 2, 1).ToDoubleArray(), Tensor.MaxPool2d(singles, 3, 2, 1).ToDoubleArray());
        ConvolutionTests.Close(Tensor.AvgPool2d(doubles, 3, 2, 1).ToDoubleArray(), Tensor.AvgPool2d(singles, 3, 2, 1).ToDoubleArray(), 1e-6);

        Tensor g64 = Tensor.ZerosLike(doubles), g32 = Tensor.ZerosLike(singles);
        PoolingLosses.MaxGradient(doubles, r64, 3, 2, 1, ref g64);
        PoolingLosses.MaxGradient(singles, r32, 3, 2, 1, ref g32);
        Assert.Equal(DType.Float32, g32.DType);
        ConvolutionTests.Close(g64.ToDoubleArray(), g32.ToDoubleArray(), 1e-6);
        g64 = Tensor.ZerosLike(doubles);
        g32 = Tensor.ZerosLike(singles);
        PoolingLosses.AverageGradient(doubles, r64, 3, 2, 1, ref g64);
        PoolingLosses.AverageGradient(singles, r32, 3, 2, 1, ref g32);
        ConvolutionTests.Close(g64.ToDoubleArray(), g32.ToDoubleArray(), 1e-6);
    }

    [Fact]
    public void Max_pullback_finds_the_argmax_again_and_adds()
    {
        // Windows 2×2: the maxima are 5, 7, 13, 15 (at 5, 7, 13, 15); a tie (all ones) goes to the first element.
        var x = Tensor.FromArray(Tensor.Arange(16, DType.Float64).ToDoubleArray(), 1, 1, 4, 4);
        var result = Tensor.MaxPool2d(x, 2);
        var seed = Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, 1, 1, 2, 2);
        var dX = Tensor.OnesLike(x);
        Tensor.MaxPool2dPullback(x, 2, -1, 0, result, seed, ref dX);
        Tensor.MaxPool2dPullback(x, 2, -1, 0, result, seed, ref dX);
        var expected = Enumerable.Repeat(1.0, 16).ToArray();
        expected[5] += 2;
        expected[7] += 4;
        expected[13] += 6;
        expected[15] += 8;
        Assert.Equal(expected, dX.ToDoubleArray());

        var ties = Tensor.Ones(DType.Float64, 1, 1, 4, 4);
        Tensor dTies = null!;
        Tensor.MaxPool2dPullback(ties, 2, 2, 0, Tensor.MaxPool2d(ties, 2), seed, ref dTies);
        var tied = new double[16];
        tied[0] = 1;
        tied[2] = 2;
        tied[8] = 3;
        tied[10] = 4;
        Assert.Equal(tied, dTies.ToDoubleArray());

        // Forward mode takes the tangent of the same elements.
        var direction = Tensor.FromArray(Enumerable.Range(0, 16).Select(i => 100.0 + i).ToArray(), 1, 1, 4, 4);
        Tensor.MaxPool2dTangent(x, 2, -1, 0, direction, out var tangent);
        Assert.Equal([105.0, 107, 113, 115], tangent.ToDoubleArray());
    }

    [Fact]
    public void Average_pullback_spreads_the_seed_and_adds()
    {
        var x = Tensor.RandomUniform([1, 1, 4, 4], -1, 1, 29, DType.Float64);
        var result = Tensor.AvgPool2d(x, 2);
        var seed = Tensor.FromArray(new[] { 4.0, 8, 12, 16 }, 1, 1, 2, 2);
        var dX = Tensor.OnesLike(x);
        Tensor.AvgPool2dPullback(x, 2, -1, 0, result, seed, ref dX);
        Assert.Equal([2.0, 2, 3, 3, 2, 2, 3, 3, 4, 4, 5, 5, 4, 4, 5, 5], dX.ToDoubleArray());
    }

    // ---- argument checks ----

    [Theory]
    [InlineData(0, -1, 0, "kernelSize")]
    [InlineData(2, 0, 0, "stride")]
    [InlineData(2, -2, 0, "stride")]
    [InlineData(2, 1, -1, "padding")]
    [InlineData(3, 1, 2, "padding")]
    [InlineData(6, 1, 0, "kernelSize")]
    public void Bad_numbers_are_rejected(int kernelSize, int stride, int padding, string parameter)
    {
        var input = Tensor.Zeros(1, 2, 5, 5);
        foreach (var pool in new Func<Tensor, int, int, int, Tensor>[] { Tensor.MaxPool2d, Tensor.AvgPool2d })
        {
            var e = Assert.Throws<ArgumentException>(() => pool(input, kernelSize, stride, padding));
            Assert.Equal(parameter, e.ParamName);
            Assert.Contains("[1, 2, 5, 5]", e.Message);
        }
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        foreach (var pool in new Func<Tensor, int, int, int, Tensor>[] { Tensor.MaxPool2d, Tensor.AvgPool2d })
        {
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => pool(Tensor.Zeros(5, 5), 2, -1, 0)).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => pool(Tensor.Zeros(1, 1, 1, 5, 5), 2, -1, 0)).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentException>(() => pool(Tensor.Zeros(1, 0, 5, 5), 2, -1, 0)).ParamName);
            Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => pool(null!, 2, -1, 0)).ParamName);
        }
    }

    [Fact]
    public void A_gradient_buffer_or_seed_of_the_wrong_shape_is_rejected_before_anything_is_written()
    {
        var x = Tensor.RandomUniform([1, 2, 5, 5], -1, 1, 31, DType.Float64);
        var result = Tensor.MaxPool2d(x, 2);
        var seed = Tensor.OnesLike(result);
        var wrong = Tensor.Ones(DType.Float64, 1, 2, 5, 4);
        var e = Assert.Throws<ArgumentException>(() => Tensor.MaxPool2dPullback(x, 2, -1, 0, result, seed, ref wrong));
        Assert.Equal("dInput", e.ParamName);
        Assert.Contains("[1, 2, 5, 4]", e.Message);
        Assert.Contains("[1, 2, 5, 5]", e.Message);
        Assert.All(wrong.ToDoubleArray(), v => Assert.Equal(1, v));
        e = Assert.Throws<ArgumentException>(() => Tensor.AvgPool2dPullback(x, 2, -1, 0, Tensor.AvgPool2d(x, 2), seed, ref wrong));
        Assert.Equal("dInput", e.ParamName);

        var dX = Tensor.OnesLike(x);
        var floatBuffer = Tensor.Ones(1, 2, 5, 5);
        e = Assert.Throws<ArgumentException>(() => Tensor.MaxPool2dPullback(x, 2, -1, 0, result, seed, ref floatBuffer));
        Assert.Equal("dInput", e.ParamName);
        var wrongSeed = Tensor.Ones(DType.Float64, 1, 2, 3, 3);
        e = Assert.Throws<ArgumentException>(() => Tensor.MaxPool2dPullback(x, 2, -1, 0, result, wrongSeed, ref dX));
        Assert.Equal("seed", e.ParamName);
        Assert.Contains("[1, 2, 3, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.AvgPool2dPullback(x, 2, 1, 0, result, seed, ref dX));
        Assert.Equal("result", e.ParamName);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(floatBuffer.ToDoubleArray(), v => Assert.Equal(1, v));

        e = Assert.Throws<ArgumentException>(() => Tensor.MaxPool2dTangent(x, 2, -1, 0, Tensor.Ones(1, 2, 5, 5), out _));
        Assert.Equal("dInput", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Tensor.AvgPool2dTangent(x, 2, -1, 0, wrong, out _));
        Assert.Equal("dInput", e.ParamName);
    }
}
