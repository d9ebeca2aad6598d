using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over the convolutions and poolings: their generated derivatives are what the tests check.</summary>
public static partial class ConvolutionLosses
{
    /// <summary>Σ conv2d(x, w, b) ⊙ r.</summary>
    [Differentiable]
    public static double WithBias(Tensor x, Tensor w, Tensor b, [NoDiff] Tensor r, int stride, int padding, int dilation, int groups)
        => (double)Tensor.Sum(Tensor.Conv2d(x, w, b, stride, padding, dilation, groups) * r);

    /// <summary>Σ conv2d(x, w) ⊙ r.</summary>
    [Differentiable]
    public static double WithoutBias(Tensor x, Tensor w, [NoDiff] Tensor r, int stride, int padding, int dilation, int groups)
        => (double)Tensor.Sum(Tensor.Conv2d(x, w, stride, padding, dilation, groups) * r);

    /// <summary>Defaults left out: stride 1, no padding, dilation 1, one group.</summary>
    [Differentiable]
    public static double Defaults(Tensor x, Tensor w, Tensor b, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.Conv2d(x, w, b) * r) + (double)Tensor.Sum(Tensor.Conv2d(x, w) * r);

    /// <summary>
    /// A LeNet-like network: conv → square → max pool → conv (no bias) → average pool → Σ ⊙ r; the generated
    /// derivatives compose the operations' pullbacks and tangents.
    /// </summary>
    [Differentiable]
    public static double LeNet(Tensor x, Tensor w1, Tensor b1, Tensor w2, [NoDiff] Tensor r)
    {
        var h = Tensor.Conv2d(x, w1, b1, 1, 1);
        var a = h * h;
        var p = Tensor.MaxPool2d(a, 3, 2);
        var g = Tensor.Conv2d(p, w2);
        var q = Tensor.AvgPool2d(g, 2);
        return (double)Tensor.Sum(q * r);
    }
}

public class ConvolutionTests
{
    // (N, C, H, W, K, R, S, stride, padding, dilation, groups): odd sizes, stride 1/2, padding 0/1, dilation 1/2,
    // groups 1/2/3/C, batch 1/2, a 1×1 kernel (the pointwise path) and even kernels.
    private static readonly int[][] Rows =
    [
        [1, 1, 5, 5, 1, 3, 3, 1, 0, 1, 1],
        [2, 3, 7, 6, 4, 3, 2, 2, 1, 1, 1],
        [1, 4, 7, 7, 4, 3, 3, 1, 1, 2, 2],
        [2, 4, 9, 7, 6, 3, 3, 2, 0, 2, 2],
        [2, 2, 5, 5, 4, 1, 1, 1, 0, 1, 1],
        [1, 6, 6, 5, 3, 2, 3, 2, 1, 1, 3],
        [1, 3, 5, 5, 3, 3, 3, 1, 1, 1, 3],
        [2, 2, 8, 7, 3, 2, 2, 2, 1, 2, 1],
    ];

    // Enough work (over a million multiply-adds, several images) for the kernels to split the batch over threads.
    private static readonly int[] Threaded = [4, 8, 18, 18, 16, 3, 3, 1, 0, 1, 1];

    public static IEnumerable<object[]> Cases() => Rows.Select(row => row.Cast<object>().ToArray());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_with_bias(int n, int c, int h, int w, int k, int r, int s, int stride, int padding, int dilation, int groups)
    {
        var x = TensorGradientCheck.Inputs(n * 1000 + c * 100 + h, [n, c, h, w], [k, c / groups, r, s], [k]);
        var weights = RandomLike(Tensor.Conv2d(x[0], x[1], x[2], stride, padding, dilation, groups), 99);
        CheckWithBias(x, weights, stride, padding, dilation, groups);
    }

    /// <summary>Checks <see cref="ConvolutionLosses.WithBias"/> at inputs x = (input, weight, bias).</summary>
    private static void CheckWithBias(Tensor[] x, Tensor weights, int stride, int padding, int dilation, int groups)
        => TensorGradientCheck.Check(
            v => ConvolutionLosses.WithBias(v[0], v[1], v[2], weights, stride, padding, dilation, groups),
            (v, g) => ConvolutionLosses.WithBiasGradient(v[0], v[1], v[2], weights, stride, padding, dilation, groups, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => ConvolutionLosses.WithBiasTangent(v[0], v[1], v[2], weights, stride, padding, dilation, groups, d[0], d[1], d[2], out t),
            x);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_without_bias(int n, int c, int h, int w, int k, int r, int s, int stride, int padding, int dilation, int groups)
    {
        var x = TensorGradientCheck.Inputs(n * 2000 + c * 100 + w, [n, c, h, w], [k, c / groups, r, s]);
        var weights = RandomLike(Tensor.Conv2d(x[0], x[1], stride, padding, dilation, groups), 98);
        TensorGradientCheck.Check(
            v => ConvolutionLosses.WithoutBias(v[0], v[1], weights, stride, padding, dilation, groups),
            (v, g) => ConvolutionLosses.WithoutBiasGradient(v[0], v[1], weights, stride, padding, dilation, groups, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => ConvolutionLosses.WithoutBiasTangent(v[0], v[1], weights, stride, padding, dilation, groups, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Gradient_with_the_defaults_left_out()
    {
        var x = TensorGradientCheck.Inputs(31, [2, 2, 5, 6], [3, 2, 3, 3], [3]);
        var weights = RandomLike(Tensor.Conv2d(x[0], x[1]), 97);
        TensorGradientCheck.Check(
            v => ConvolutionLosses.Defaults(v[0], v[1], v[2], weights),
            (v, g) => ConvolutionLosses.DefaultsGradient(v[0], v[1], v[2], weights, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => ConvolutionLosses.DefaultsTangent(v[0], v[1], v[2], weights, d[0], d[1], d[2], out t),
            x);
    }

    [Fact]
    public void Gradient_of_an_unbatched_input()
    {
        var x = TensorGradientCheck.Inputs(37, [2, 6, 5], [4, 1, 3, 2], [4]);
        var result = Tensor.Conv2d(x[0], x[1], x[2], 2, 1, 1, 2);
        Assert.Equal([4, 3, 3], result.Shape);
        var weights = RandomLike(result, 96);
        CheckWithBias(x, weights, 2, 1, 1, 2);
    }

    [Fact]
    public void An_unbatched_input_is_one_image()
    {
        var x = TensorGradientCheck.Inputs(41, [3, 7, 6], [2, 3, 3, 3], [2]);
        var batched = Tensor.FromArray(x[0].ToDoubleArray(), 1, 3, 7, 6);
        Assert.Equal(Tensor.Conv2d(batched, x[1], x[2], 2, 1).ToDoubleArray(), Tensor.Conv2d(x[0], x[1], x[2], 2, 1).ToDoubleArray());
        Assert.Equal(Tensor.Conv2d(batched, x[1], 1, 0, 2).ToDoubleArray(), Tensor.Conv2d(x[0], x[1], 1, 0, 2).ToDoubleArray());
    }

    [Fact]
    public void LeNet_like_composite()
    {
        var x = TensorGradientCheck.Inputs(43, [2, 1, 11, 11], [3, 1, 3, 3], [3], [4, 3, 2, 2]);
        var weights = Tensor.RandomUniform([2, 4, 2, 2], -1, 1, 95, DType.Float64);
        Assert.Equal([2, 4, 2, 2], Tensor.AvgPool2d(Tensor.Conv2d(Tensor.MaxPool2d(Tensor.Conv2d(x[0], x[1], x[2], 1, 1), 3, 2), x[3]), 2).Shape);
        TensorGradientCheck.Check(
            v => ConvolutionLosses.LeNet(v[0], v[1], v[2], v[3], weights),
            (v, g) => ConvolutionLosses.LeNetGradient(v[0], v[1], v[2], v[3], weights, ref g[0], ref g[1], ref g[2], ref g[3]),
            (Tensor[] v, Tensor[] d, out double t) => ConvolutionLosses.LeNetTangent(v[0], v[1], v[2], v[3], weights, d[0], d[1], d[2], d[3], out t),
            x);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Values_are_the_kernels(DType dtype)
    {
        foreach (var (n, c, h, w, k, r, s, stride, padding, dilation, groups) in Rows.Append(Threaded).Select(Unpack))
        {
            var input = Tensor.RandomUniform([n, c, h, w], -1, 1, 11, dtype);
            var weight = Tensor.RandomUniform([k, c / groups, r, s], -1, 1, 12, dtype);
            var bias = Tensor.RandomUniform([k], -1, 1, 13, dtype);
            var g = Conv2dGeometry.Create(n, c, h, w, k, r, s, stride, stride, padding, padding, dilation, dilation, groups);
            int[] shape = [n, k, g.OutputHeight, g.OutputWidth];
            var withBias = Tensor.Conv2d(input, weight, bias, stride, padding, dilation, groups);
            var withoutBias = Tensor.Conv2d(input, weight, stride, padding, dilation, groups);
            Assert.Equal(shape, withBias.Shape);
            Assert.Equal(shape, withoutBias.Shape);
            Assert.Equal(dtype, withBias.DType);
            if (dtype == DType.Float32)
            {
                var expected = new float[g.OutputLength];
                Conv2d.Forward<float>(g, input.ToArray(), weight.ToArray(), bias.ToArray(), expected);
                Assert.Equal(expected, withBias.ToArray());
                Conv2d.Forward<float>(g, input.ToArray(), weight.ToArray(), default, expected);
                Assert.Equal(expected, withoutBias.ToArray());
            }
            else
            {
                var expected = new double[g.OutputLength];
                Conv2d.Forward<double>(g, input.ToDoubleArray(), weight.ToDoubleArray(), bias.ToDoubleArray(), expected);
                Assert.Equal(expected, withBias.ToDoubleArray());
                Conv2d.Forward<double>(g, input.ToDoubleArray(), weight.ToDoubleArray(), default, expected);
                Assert.Equal(expected, withoutBias.ToDoubleArray());
            }
        }
    }

    [Fact]
    public void Pullback_values_are_the_kernels()
    {
        foreach (var (n, c, h, w, k, r, s, stride, padding, dilation, groups) in new[] { Threaded, Rows[3] }.Select(Unpack))
        {
            var g = Conv2dGeometry.Create(n, c, h, w, k, r, s, stride, stride, padding, padding, dilation, dilation, groups);
            if (n == Threaded[0]) Assert.True(Environment.ProcessorCount < 2 || Conv2d.BatchWorkers(g) > 1);
            var x = TensorGradientCheck.Inputs(77, [n, c, h, w], [k, c / groups, r, s], [k]);
            var result = Tensor.Conv2d(x[0], x[1], x[2], stride, padding, dilation, groups);
            var seed = RandomLike(result, 76);
            Tensor dX = Tensor.ZerosLike(x[0]), dW = Tensor.ZerosLike(x[1]), dB = Tensor.ZerosLike(x[2]);
            Tensor.Conv2dPullback(x[0], x[1], x[2], stride, padding, dilation, groups, result, seed, ref dX, ref dW, ref dB);
            var expectedX = new double[g.InputLength];
            var expectedW = new double[g.WeightLength];
            var expectedB = new double[g.BiasLength];
            Conv2d.BackwardInput<double>(g, x[1].ToDoubleArray(), seed.ToDoubleArray(), expectedX, accumulate: false);
            Conv2d.BackwardWeight<double>(g, x[0].ToDoubleArray(), seed.ToDoubleArray(), expectedW, accumulate: false);
            Conv2d.BackwardBias<double>(g, seed.ToDoubleArray(), expectedB, accumulate: false);
            Assert.Equal(expectedX, dX.ToDoubleArray());
            Assert.Equal(expectedW, dW.ToDoubleArray());
            Assert.Equal(expectedB, dB.ToDoubleArray());
        }
    }

    [Fact]
    public void A_hand_computed_value()
    {
        // PyTorch: conv2d(arange(16.).view(1,1,4,4), ones(1,1,2,2), tensor([0.5]), stride=2) = [[10.5, 18.5], [42.5, 50.5]].
        var input = Tensor.Arange(16, DType.Float64);
        var image = Tensor.FromArray(input.ToDoubleArray(), 1, 1, 4, 4);
        var result = Tensor.Conv2d(image, Tensor.Ones(DType.Float64, 1, 1, 2, 2), Tensor.FromArray(new[] { 0.5 }, 1), 2);
        Assert.Equal([1, 1, 2, 2], result.Shape);
        Assert.Equal([10.5, 18.5, 42.5, 50.5], result.ToDoubleArray());
    }

    [Fact]
    public void Float32_agrees_with_Float64()
    {
        var doubles = TensorGradientCheck.Inputs(53, [2, 4, 9, 8], [6, 2, 3, 3], [6]);
        // The same values in both types: the doubles rounded to float first.
        var singles = doubles.Select(t => Tensor.To(t, DType.Float32)).ToArray();
        doubles = singles.Select(t => Tensor.To(t, DType.Float64)).ToArray();
        var r64 = RandomLike(Tensor.Conv2d(doubles[0], doubles[1], doubles[2], 2, 1, 1, 2), 94);
        var r32 = Tensor.To(r64, DType.Float32);

        var value64 = Tensor.Conv2d(doubles[0], doubles[1], doubles[2], 2, 1, 1, 2).ToDoubleArray();
        var value32 = Tensor.Conv2d(singles[0], singles[1], singles[2], 2, 1, 1, 2).ToDoubleArray();
        Close(value64, value32, 1e-5);

        var g64 = doubles.Select(Tensor.ZerosLike).ToArray();
        var g32 = singles.Select(Tensor.ZerosLike).ToArray();
        double loss64 = ConvolutionLosses.WithBiasGradient(doubles[0], doubles[1], doubles[2], r64, 2, 1, 1, 2, ref g64[0], ref g64[1], ref g64[2]);
        double loss32 = ConvolutionLosses.WithBiasGradient(singles[0], singles[1], singles[2], r32, 2, 1, 1, 2, ref g32[0], ref g32[1], ref g32[2]);
        Assert.Equal(loss64, loss32, 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DType.Float32, g32[i].DType);
            Close(g64[i].ToDoubleArray(), g32[i].ToDoubleArray(), 1e-4);
        }
    }

    [Fact]
    public void Pullback_adds_into_its_buffers_and_skips_missing_ones()
    {
        var x = TensorGradientCheck.Inputs(59, [2, 2, 6, 5], [4, 1, 3, 3], [4]);
        var result = Tensor.Conv2d(x[0], x[1], x[2], 1, 1, 1, 2);
        var seed = RandomLike(result, 93);
        // A null buffer is a gradient not needed (what generated code passes for a [NoDiff] input): it stays null.
        Tensor skipped = null!, onlyW = Tensor.ZerosLike(x[1]), skippedB = null!;
        Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 1, 1, 2, result, seed, ref skipped, ref onlyW, ref skippedB);
        Assert.Null(skipped);
        Assert.Null(skippedB);
        Tensor dX = Tensor.ZerosLike(x[0]), dW = Tensor.ZerosLike(x[1]), dB = Tensor.ZerosLike(x[2]);
        Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 1, 1, 2, result, seed, ref dX, ref dW, ref dB);
        Assert.Equal(dW.ToDoubleArray(), onlyW.ToDoubleArray());

        var ones = x.Select(t => Tensor.OnesLike(t)).ToArray();
        Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 1, 1, 2, result, seed, ref ones[0], ref ones[1], ref ones[2]);
        var fresh = new[] { dX, dW, dB };
        for (int i = 0; i < 3; i++)
            Close(fresh[i].ToDoubleArray().Select(v => v + 1).ToArray(), ones[i].ToDoubleArray(), 1e-12);

        // The bias gradient is the seed summed over N, P, Q.
        var seedValues = seed.ToDoubleArray();
        int plane = result.Shape[2] * result.Shape[3];
        for (int k = 0; k < 4; k++)
        {
            double sum = 0;
            for (int n = 0; n < 2; n++)
                for (int j = 0; j < plane; j++) sum += seedValues[(n * 4 + k) * plane + j];
            Assert.Equal(sum, dB[k], 12);
        }

        // Without a bias: the same input and weight gradients.
        Tensor dX2 = Tensor.ZerosLike(x[0]), dW2 = Tensor.ZerosLike(x[1]);
        var unbiased = Tensor.Conv2d(x[0], x[1], 1, 1, 1, 2);
        Tensor.Conv2dPullback(x[0], x[1], 1, 1, 1, 2, unbiased, seed, ref dX2, ref dW2);
        Assert.Equal(dX.ToDoubleArray(), dX2.ToDoubleArray());
        Assert.Equal(dW.ToDoubleArray(), dW2.ToDoubleArray());
    }

    [Fact]
    public void Tangent_is_linear_in_each_argument()
    {
        var x = TensorGradientCheck.Inputs(61, [1, 2, 5, 5], [3, 2, 2, 2], [3]);
        var d = TensorGradientCheck.Inputs(67, [1, 2, 5, 5], [3, 2, 2, 2], [3]);
        var value = Tensor.Conv2dTangent(x[0], x[1], x[2], 2, 1, 1, 1, d[0], d[1], d[2], out var tangent);
        Assert.Equal(Tensor.Conv2d(x[0], x[1], x[2], 2, 1, 1, 1).ToDoubleArray(), value.ToDoubleArray());
        var expected = Tensor.Conv2d(d[0], x[1], d[2], 2, 1, 1, 1) + Tensor.Conv2d(x[0], d[1], 2, 1, 1, 1);
        Close(expected.ToDoubleArray(), tangent.ToDoubleArray(), 1e-12);

        Tensor.Conv2dTangent(x[0], x[1], 2, 1, 1, 1, d[0], d[1], out var unbiased);
        var expectedUnbiased = Tensor.Conv2d(d[0], x[1], 2, 1, 1, 1) + Tensor.Conv2d(x[0], d[1], 2, 1, 1, 1);
        Close(expectedUnbiased.ToDoubleArray(), unbiased.ToDoubleArray(), 1e-12);
    }

    // ---- argument checks ----

    [Fact]
    public void Input_channels_must_match_the_weight()
    {
        var input = Tensor.Zeros(1, 3, 5, 5);
        var weight = Tensor.Zeros(2, 2, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(input, weight, Tensor.Zeros(2)));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("[1, 3, 5, 5]", e.Message);
        Assert.Contains("[2, 2, 3, 3]", e.Message);
        // With groups 2 the weight expects 2·2 = 4 channels.
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros(1, 2, 5, 5), weight, 1, 0, 1, 2));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("4", e.Message);
    }

    [Theory]
    [InlineData(0, 0, 1, 1, "stride")]
    [InlineData(-1, 0, 1, 1, "stride")]
    [InlineData(1, -1, 1, 1, "padding")]
    [InlineData(1, 0, 0, 1, "dilation")]
    [InlineData(1, 0, 1, 0, "groups")]
    [InlineData(1, 0, 1, 3, "weight")]
    [InlineData(1, 0, 3, 1, "weight")]
    public void Bad_numbers_are_rejected(int stride, int padding, int dilation, int groups, string parameter)
    {
        // Input (1, 6, 5, 5), weight (4, 6/groups, 3, 3): groups 3 does not divide K = 4; dilation 3 makes the kernel 7×7.
        var input = Tensor.Zeros(1, 6, 5, 5);
        var weight = Tensor.Zeros(4, 6 / Math.Max(groups, 1), 3, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(input, weight, Tensor.Zeros(4), stride, padding, dilation, groups));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("[1, 6, 5, 5]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(input, weight, stride, padding, dilation, groups));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Bad_shapes_and_types_are_rejected()
    {
        var input = Tensor.Zeros(1, 2, 5, 5);
        var weight = Tensor.Zeros(3, 2, 3, 3);
        void Rejected(string parameter, Action call)
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Equal(parameter, e.ParamName);
        }
        Rejected("bias", () => Tensor.Conv2d(input, weight, Tensor.Zeros(2)));
        Rejected("bias", () => Tensor.Conv2d(input, weight, Tensor.Zeros(1, 3)));
        Rejected("bias", () => Tensor.Conv2d(input, weight, Tensor.Zeros(DType.Float64, 3)));
        Rejected("bias", () => Tensor.Conv2d(input, weight, null!));
        Rejected("weight", () => Tensor.Conv2d(input, Tensor.Zeros(DType.Float64, 3, 2, 3, 3)));
        Rejected("weight", () => Tensor.Conv2d(input, Tensor.Zeros(3, 2, 3)));
        Rejected("input", () => Tensor.Conv2d(Tensor.Zeros(5, 5), weight));
        Rejected("input", () => Tensor.Conv2d(Tensor.Zeros(1, 1, 2, 5, 5), weight));
        Rejected("input", () => Tensor.Conv2d(null!, weight));
        Rejected("input", () => Tensor.Conv2d(Tensor.Zeros(0, 2, 5, 5), weight));
        // A kernel larger than the padded input.
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros(1, 2, 2, 5), weight));
        Assert.Equal("weight", e.ParamName);
        Assert.Contains("[1, 2, 2, 5]", e.Message);
        Assert.Equal([1, 3, 2, 5], Tensor.Conv2d(Tensor.Zeros(1, 2, 2, 5), weight, 1, 1).Shape);
    }

    [Fact]
    public void A_gradient_buffer_of_the_wrong_shape_is_rejected_before_anything_is_written()
    {
        var x = TensorGradientCheck.Inputs(71, [1, 2, 5, 5], [3, 2, 3, 3], [3]);
        var result = Tensor.Conv2d(x[0], x[1], x[2]);
        var seed = Tensor.OnesLike(result);
        var dX = Tensor.OnesLike(x[0]);
        var dW = Tensor.Zeros(DType.Float64, 3, 2, 2, 2);
        var dB = Tensor.OnesLike(x[2]);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 0, 1, 1, result, seed, ref dX, ref dW, ref dB));
        Assert.Equal("dWeight", e.ParamName);
        Assert.Contains("[3, 2, 2, 2]", e.Message);
        Assert.Contains("[3, 2, 3, 3]", e.Message);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(dB.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(dW.ToDoubleArray(), v => Assert.Equal(0, v));

        // A float buffer for a double input, and a bias buffer of the wrong length.
        dW = Tensor.Zeros(3, 2, 3, 3);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 0, 1, 1, result, seed, ref dX, ref dW, ref dB));
        Assert.Equal("dWeight", e.ParamName);
        dW = Tensor.ZerosLike(x[1]);
        var shortBias = Tensor.Ones(DType.Float64, 2);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 0, 1, 1, result, seed, ref dX, ref dW, ref shortBias));
        Assert.Equal("dBias", e.ParamName);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(dW.ToDoubleArray(), v => Assert.Equal(0, v));

        // A seed of the wrong shape (and a result that is not this convolution's).
        var wrongSeed = Tensor.Ones(DType.Float64, 1, 3, 2, 2);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], x[2], 1, 0, 1, 1, result, wrongSeed, ref dX, ref dW, ref dB));
        Assert.Equal("seed", e.ParamName);
        Assert.Contains("[1, 3, 2, 2]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], x[2], 2, 0, 1, 1, result, seed, ref dX, ref dW, ref dB));
        Assert.Equal("result", e.ParamName);
        Tensor dX2 = Tensor.Ones(DType.Float64, 1, 2, 5, 4), dW2 = Tensor.ZerosLike(x[1]);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dPullback(x[0], x[1], 1, 0, 1, 1, result, seed, ref dX2, ref dW2));
        Assert.Equal("dInput", e.ParamName);
        Assert.All(dW2.ToDoubleArray(), v => Assert.Equal(0, v));
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    [Fact]
    public void A_tangent_of_the_wrong_shape_is_rejected()
    {
        var x = TensorGradientCheck.Inputs(73, [1, 2, 5, 5], [3, 2, 3, 3], [3]);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dTangent(x[0], x[1], x[2], 1, 0, 1, 1, x[0], x[1], Tensor.Zeros(DType.Float64, 4), out _));
        Assert.Equal("dBias", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Tensor.Conv2dTangent(x[0], x[1], 1, 0, 1, 1, Tensor.Zeros(1, 2, 5, 5), x[1], out _));
        Assert.Equal("dInput", e.ParamName);
    }

    // ---- helpers ----

    internal static Tensor RandomLike(Tensor like, int seed) => Tensor.RandomUniform(like.Shape, -1, 1, seed, like.DType);

    internal static void Close(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }

    private static (int, int, int, int, int, int, int, int, int, int, int) Unpack(int[] v)
        => (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
}
