using DiffGen.Tensors.Kernels;
using static DiffGen.Tensors.Tests.Kernels.KernelTestData;

namespace DiffGen.Tensors.Tests.Kernels;

public class Conv2dTests
{
    // (N, C, H, W, K, R, S, stride, padding, dilation, groups) covering each feature alone and together.
    static readonly Dictionary<string, Conv2dGeometry> Cases = new()
    {
        ["3x3 on 5x7"] = Conv2dGeometry.Create(1, 2, 5, 7, 3, 3, 3),
        ["3x3 stride 2"] = Conv2dGeometry.Create(1, 2, 7, 5, 3, 3, 3, 2, 2),
        ["3x3 stride 2x1 padding 1"] = Conv2dGeometry.Create(1, 2, 7, 5, 3, 3, 3, 2, 1, 1, 1),
        ["3x3 padding 1"] = Conv2dGeometry.Create(1, 2, 5, 7, 3, 3, 3, paddingHeight: 1, paddingWidth: 1),
        ["3x3 padding 2"] = Conv2dGeometry.Create(1, 2, 5, 7, 3, 3, 3, paddingHeight: 2, paddingWidth: 2),
        ["3x3 padding 1x2"] = Conv2dGeometry.Create(1, 2, 5, 7, 3, 3, 3, paddingHeight: 1, paddingWidth: 2),
        ["3x3 dilation 2"] = Conv2dGeometry.Create(1, 2, 7, 9, 3, 3, 3, dilationHeight: 2, dilationWidth: 2),
        ["3x3 dilation 2x1 padding 2 stride 2"] = Conv2dGeometry.Create(1, 2, 7, 9, 3, 3, 3, 2, 2, 2, 2, 2, 1),
        ["2x3 on 5x7 padding 1"] = Conv2dGeometry.Create(1, 3, 5, 7, 2, 2, 3, paddingHeight: 1, paddingWidth: 1),
        ["kernel as large as the input"] = Conv2dGeometry.Create(2, 2, 5, 7, 3, 5, 7),
        ["kernel larger than the input, padded"] = Conv2dGeometry.Create(1, 1, 3, 3, 2, 5, 5, paddingHeight: 2, paddingWidth: 2),
        ["groups 2"] = Conv2dGeometry.Create(1, 4, 5, 7, 6, 3, 3, groups: 2),
        ["groups 2 stride 2 padding 1 batch 3"] = Conv2dGeometry.Create(3, 4, 5, 7, 6, 3, 3, 2, 2, 1, 1, groups: 2),
        ["depthwise"] = Conv2dGeometry.Create(1, 3, 5, 7, 3, 3, 3, paddingHeight: 1, paddingWidth: 1, groups: 3),
        ["depthwise multiplier 2 dilation 2 batch 3"] = Conv2dGeometry.Create(3, 3, 7, 7, 6, 3, 3, 1, 1, 2, 2, 2, 2, groups: 3),
        ["1x1"] = Conv2dGeometry.Create(1, 4, 5, 7, 5, 1, 1),
        ["1x1 batch 3"] = Conv2dGeometry.Create(3, 4, 5, 7, 5, 1, 1),
        ["1x1 groups 2"] = Conv2dGeometry.Create(2, 4, 5, 7, 2, 1, 1, groups: 2),
        ["1x1 stride 2"] = Conv2dGeometry.Create(1, 4, 5, 7, 5, 1, 1, 2, 2),
        ["1x1 padding 1"] = Conv2dGeometry.Create(1, 4, 5, 7, 5, 1, 1, paddingHeight: 1, paddingWidth: 1),
        ["3x3 batch 3 stride 2 padding 1"] = Conv2dGeometry.Create(3, 2, 5, 7, 3, 3, 3, 2, 2, 1, 1),
        ["LeNet conv1 (1→6, 5x5 on 28x28)"] = Conv2dGeometry.Create(1, 1, 28, 28, 6, 5, 5),
        ["LeNet conv1 batch 3"] = Conv2dGeometry.Create(3, 1, 28, 28, 6, 5, 5),
        ["LeNet conv2 (6→16, 5x5 on 12x12)"] = Conv2dGeometry.Create(1, 6, 12, 12, 16, 5, 5),
        ["LeNet conv2 batch 3"] = Conv2dGeometry.Create(3, 6, 12, 12, 16, 5, 5),
        // Enough work to be split over the batch (Conv2d.BatchWorkers > 1 on a multi-core machine).
        ["threaded 3x3 padding 1"] = Conv2dGeometry.Create(4, 8, 16, 16, 16, 3, 3, paddingHeight: 1, paddingWidth: 1),
        ["threaded 1x1"] = Conv2dGeometry.Create(4, 32, 16, 16, 64, 1, 1),
        ["threaded groups 2 stride 2"] = Conv2dGeometry.Create(5, 8, 33, 31, 32, 3, 3, 2, 2, 1, 1, groups: 2),
    };

    static readonly string[] Threaded = ["threaded 3x3 padding 1", "threaded 1x1", "threaded groups 2 stride 2"];

    public static TheoryData<string> All() => Names(Cases.Keys);

    /// <summary>The cases small enough for finite differences (two forward passes per input, weight and bias element).</summary>
    public static TheoryData<string> Small() => Names(Cases.Where(c =>
        (long)(c.Value.InputLength + c.Value.WeightLength) * c.Value.OutputLength * c.Value.InputChannelsPerGroup * c.Value.KernelHeight * c.Value.KernelWidth <= 50_000_000)
        .Select(c => c.Key));

    // --- The reference: the definition, as nested loops in double. ---

    static double[] NaiveForward(Conv2dGeometry g, double[] input, double[] weight, double[]? bias)
    {
        var output = new double[g.OutputLength];
        int cg = g.InputChannelsPerGroup, kg = g.OutputChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
            for (int k = 0; k < g.OutputChannels; k++)
                for (int p = 0; p < g.OutputHeight; p++)
                    for (int q = 0; q < g.OutputWidth; q++)
                    {
                        double sum = bias?[k] ?? 0;
                        for (int c = 0; c < cg; c++)
                            for (int r = 0; r < g.KernelHeight; r++)
                                for (int s = 0; s < g.KernelWidth; s++)
                                {
                                    int h = p * g.StrideHeight - g.PaddingHeight + r * g.DilationHeight;
                                    int w = q * g.StrideWidth - g.PaddingWidth + s * g.DilationWidth;
                                    if (h < 0 || h >= g.InputHeight || w < 0 || w >= g.InputWidth)
                                        continue;
                                    int channel = k / kg * cg + c;
                                    sum += input[((n * g.InputChannels + channel) * g.InputHeight + h) * g.InputWidth + w]
                                        * weight[((k * cg + c) * g.KernelHeight + r) * g.KernelWidth + s];
                                }
                        output[((n * g.OutputChannels + k) * g.OutputHeight + p) * g.OutputWidth + q] = sum;
                    }
        return output;
    }

    /// <summary>The adjoint of <see cref="NaiveForward"/>: the same loops, each multiply-add sent backwards.</summary>
    static (double[] Input, double[] Weight, double[] Bias) NaiveBackward(Conv2dGeometry g, double[] input, double[] weight, double[] outputGradient)
    {
        var dInput = new double[g.InputLength];
        var dWeight = new double[g.WeightLength];
        var dBias = new double[g.BiasLength];
        int cg = g.InputChannelsPerGroup, kg = g.OutputChannelsPerGroup;
        for (int n = 0; n < g.Batch; n++)
            for (int k = 0; k < g.OutputChannels; k++)
                for (int p = 0; p < g.OutputHeight; p++)
                    for (int q = 0; q < g.OutputWidth; q++)
                    {
                        double dy = outputGradient[((n * g.OutputChannels + k) * g.OutputHeight + p) * g.OutputWidth + q];
                        dBias[k] += dy;
                        for (int c = 0; c < cg; c++)
                            for (int r = 0; r < g.KernelHeight; r++)
                                for (int s = 0; s < g.KernelWidth; s++)
                                {
                                    int h = p * g.StrideHeight - g.PaddingHeight + r * g.DilationHeight;
                                    int w = q * g.StrideWidth - g.PaddingWidth + s * g.DilationWidth;
                                    if (h < 0 || h >= g.InputHeight || w < 0 || w >= g.InputWidth)
                                        continue;
                                    int channel = k / kg * cg + c;
                                    int i = ((n * g.InputChannels + channel) * g.InputHeight + h) * g.InputWidth + w;
                                    int j = ((k * cg + c) * g.KernelHeight + r) * g.KernelWidth + s;
                                    dInput[i] += dy * weight[j];
                                    dWeight[j] += dy * input[i];
                                }
                    }
        return (dInput, dWeight, dBias);
    }

    /// <summary>Rounding allowed on a sum of <paramref name="terms"/> products of values in [−1, 1]: a few ulps per term.</summary>
    static double Tolerance(int terms, double epsilon) => 4 * terms * epsilon;

    static int Seed(string name) => name.Length * 7919 + name[0];

    /// <summary>All three gradients of one call, each into its own buffer, overwriting or accumulating.</summary>
    static void Backward<T>(Conv2dGeometry g, T[] input, T[] weight, T[] outputGradient,
        T[] dInput, T[] dWeight, T[] dBias, bool accumulate)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Conv2d.BackwardInput<T>(g, weight, outputGradient, dInput, accumulate);
        Conv2d.BackwardWeight<T>(g, input, outputGradient, dWeight, accumulate);
        Conv2d.BackwardBias<T>(g, outputGradient, dBias, accumulate);
    }

    /// <summary>
    /// Compares all three gradients, each with the rounding of its longest sum: an input element gathers at most K/G·R·S
    /// terms; a weight N·P·Q; a bias N·P·Q.
    /// </summary>
    static void CloseGradients(Conv2dGeometry g, (double[] Input, double[] Weight, double[] Bias) expected,
        (double[] Input, double[] Weight, double[] Bias) actual, double roundoff, string prefix)
    {
        Close(expected.Input, actual.Input, Tolerance(g.OutputChannelsPerGroup * g.KernelHeight * g.KernelWidth, roundoff), prefix + "input gradient");
        Close(expected.Weight, actual.Weight, Tolerance(g.Batch * g.OutputHeight * g.OutputWidth, roundoff), prefix + "weight gradient");
        Close(expected.Bias, actual.Bias, Tolerance(g.Batch * g.OutputHeight * g.OutputWidth, roundoff), prefix + "bias gradient");
    }

    static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    /// <summary>All three gradients, into new (overwritten) buffers.</summary>
    static (T[] Input, T[] Weight, T[] Bias) Backward<T>(Conv2dGeometry g, T[] input, T[] weight, T[] outputGradient)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (dInput, dWeight, dBias) = (new T[g.InputLength], new T[g.WeightLength], new T[g.BiasLength]);
        Backward(g, input, weight, outputGradient, dInput, dWeight, dBias, accumulate: false);
        return (dInput, dWeight, dBias);
    }

    // --- Forward ---

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_Double_MatchesNaive(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var input = Random(g.InputLength, seed);
        var weight = Random(g.WeightLength, seed + 1);
        var bias = Random(g.BiasLength, seed + 2);
        int terms = g.InputChannelsPerGroup * g.KernelHeight * g.KernelWidth + 1;

        var output = new double[g.OutputLength];
        Conv2d.Forward<double>(g, input, weight, bias, output);
        Close(NaiveForward(g, input, weight, bias), output, Tolerance(terms, DoubleRoundoff), "output");

        // No bias: an empty span; the output is overwritten, not added to.
        Array.Fill(output, double.NaN);
        Conv2d.Forward<double>(g, input, weight, [], output);
        Close(NaiveForward(g, input, weight, null), output, Tolerance(terms, DoubleRoundoff), "output without bias");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Forward_Float_MatchesDouble(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var (input, inputD) = Both(g.InputLength, seed);
        var (weight, weightD) = Both(g.WeightLength, seed + 1);
        var (bias, biasD) = Both(g.BiasLength, seed + 2);
        var output = new float[g.OutputLength];
        Conv2d.Forward<float>(g, input, weight, bias, output);
        var expected = new double[g.OutputLength];
        Conv2d.Forward<double>(g, inputD, weightD, biasD, expected);
        Close(expected, output, Tolerance(g.InputChannelsPerGroup * g.KernelHeight * g.KernelWidth + 1, SingleRoundoff), "float output");
    }

    // --- Backward ---

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_Double_MatchesNaiveAdjoint(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var input = Random(g.InputLength, seed);
        var weight = Random(g.WeightLength, seed + 1);
        var outputGradient = Random(g.OutputLength, seed + 3);
        var (expectedInput, expectedWeight, expectedBias) = NaiveBackward(g, input, weight, outputGradient);

        var (dInput, dWeight, dBias) = Backward(g, input, weight, outputGradient);

        CloseGradients(g, (expectedInput, expectedWeight, expectedBias), (dInput, dWeight, dBias), DoubleRoundoff, "");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_Float_MatchesDouble(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var (input, inputD) = Both(g.InputLength, seed);
        var (weight, weightD) = Both(g.WeightLength, seed + 1);
        var (outputGradient, outputGradientD) = Both(g.OutputLength, seed + 3);

        var (dInput, dWeight, dBias) = Backward(g, input, weight, outputGradient);
        var (eInput, eWeight, eBias) = Backward(g, inputD, weightD, outputGradientD);

        CloseGradients(g, (eInput, eWeight, eBias), (Widen(dInput), Widen(dWeight), Widen(dBias)), SingleRoundoff, "float ");
    }

    /// <summary>
    /// The gradients of L = Σ output·R against central differences of L. L is linear in each of input, weight and bias
    /// separately, so the differences are exact but for rounding, and the tolerance stays tight.
    /// </summary>
    [Theory]
    [MemberData(nameof(Small))]
    public void Backward_MatchesFiniteDifferences(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var input = Random(g.InputLength, seed);
        var weight = Random(g.WeightLength, seed + 1);
        var bias = Random(g.BiasLength, seed + 2);
        var r = Random(g.OutputLength, seed + 3);
        var output = new double[g.OutputLength];
        double Loss()
        {
            Conv2d.Forward<double>(g, input, weight, bias, output);
            return Dot(output, r);
        }

        var (dInput, dWeight, dBias) = Backward(g, input, weight, r);

        const double h = 1e-3;
        Close(FiniteDifferences(input, Loss, h), dInput, 1e-9, "input gradient");
        Close(FiniteDifferences(weight, Loss, h), dWeight, 1e-9, "weight gradient");
        Close(FiniteDifferences(bias, Loss, h), dBias, 1e-9, "bias gradient");
    }

    [Theory]
    [InlineData("3x3 padding 1")]
    [InlineData("1x1 batch 3")]
    [InlineData("groups 2 stride 2 padding 1 batch 3")]
    [InlineData("threaded 3x3 padding 1")]
    [InlineData("threaded 1x1")]
    public void Backward_Accumulates_OrOverwrites(string name)
    {
        var g = Cases[name];
        int seed = Seed(name);
        var input = Random(g.InputLength, seed);
        var weight = Random(g.WeightLength, seed + 1);
        var outputGradient = Random(g.OutputLength, seed + 3);

        var (freshInput, freshWeight, freshBias) = Backward(g, input, weight, outputGradient);

        // Overwriting ignores what was there, even NaN.
        var overInput = Filled(g.InputLength, double.NaN);
        var overWeight = Filled(g.WeightLength, double.NaN);
        var overBias = Filled(g.BiasLength, double.NaN);
        Backward(g, input, weight, outputGradient, overInput, overWeight, overBias, accumulate: false);
        Assert.Equal(freshInput, overInput);
        Assert.Equal(freshWeight, overWeight);
        Assert.Equal(freshBias, overBias);

        // Accumulating adds onto what was there.
        var priorInput = Random(g.InputLength, seed + 10);
        var priorWeight = Random(g.WeightLength, seed + 11);
        var priorBias = Random(g.BiasLength, seed + 12);
        var accInput = (double[])priorInput.Clone();
        var accWeight = (double[])priorWeight.Clone();
        var accBias = (double[])priorBias.Clone();
        Backward(g, input, weight, outputGradient, accInput, accWeight, accBias, accumulate: true);
        Close(Sum(priorInput, freshInput), accInput, 1e-12, "accumulated input gradient");
        Close(Sum(priorWeight, freshWeight), accWeight, 1e-12, "accumulated weight gradient");
        Close(Sum(priorBias, freshBias), accBias, 1e-12, "accumulated bias gradient");
    }

    static double[] Filled(int length, double value)
    {
        var values = new double[length];
        Array.Fill(values, value);
        return values;
    }

    static double[] Sum(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    [Fact]
    public void ThreadedCases_SplitTheBatch()
    {
        foreach (var name in Threaded)
            Assert.True(Environment.ProcessorCount < 2 || Conv2d.BatchWorkers(Cases[name]) > 1, name);
        Assert.Equal(1, Conv2d.BatchWorkers(Cases["LeNet conv1 (1→6, 5x5 on 28x28)"]));
    }

    [Theory]
    [InlineData("3x3 batch 3 stride 2 padding 1")]
    [InlineData("1x1 batch 3")]
    public void SteadyState_DoesNotAllocate(string name)
    {
        var g = Cases[name];
        var input = new float[g.InputLength];
        var weight = new float[g.WeightLength];
        var bias = new float[g.BiasLength];
        var output = new float[g.OutputLength];
        var dInput = new float[g.InputLength];
        var dWeight = new float[g.WeightLength];
        void Step()
        {
            Conv2d.Forward<float>(g, input, weight, bias, output);
            Backward(g, input, weight, output, dInput, dWeight, bias, accumulate: true);
        }

        // On the calling thread only: handing a product to other threads allocates (the threaded paths are tested above).
        using var single = Gemm.OnThisThread();
        for (int i = 0; i < 3; i++)
            Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
            Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // --- Geometry ---

    [Fact]
    public void Geometry_OutputSize_FollowsPyTorch()
    {
        // floor((H + 2ph − dh·(R−1) − 1)/sh) + 1
        var g = Conv2dGeometry.Create(2, 4, 28, 27, 6, 5, 3, 2, 3, 1, 2, 2, 1, 2);
        Assert.Equal((28 + 2 - 2 * 4 - 1) / 2 + 1, g.OutputHeight);
        Assert.Equal((27 + 4 - 1 * 2 - 1) / 3 + 1, g.OutputWidth);
        Assert.Equal(2 * 4 * 28 * 27, g.InputLength);
        Assert.Equal(6 * 2 * 5 * 3, g.WeightLength);
        Assert.Equal(6, g.BiasLength);
        Assert.Equal(2 * 6 * g.OutputHeight * g.OutputWidth, g.OutputLength);
        Assert.Equal(24, Cases["LeNet conv1 (1→6, 5x5 on 28x28)"].OutputHeight);
        Assert.Equal(8, Cases["LeNet conv2 (6→16, 5x5 on 12x12)"].OutputWidth);
        Assert.True(Cases["1x1"].IsPointwise);
        Assert.False(Cases["1x1 stride 2"].IsPointwise);
        Assert.False(Cases["1x1 padding 1"].IsPointwise);
        Assert.Equal(g, Conv2dGeometry.Create(2, 4, 28, 27, 6, 5, 3, 2, 3, 1, 2, 2, 1, 2));
        Assert.Contains("K=6", g.ToString());
    }

    public static TheoryData<string, Func<Conv2dGeometry>> InvalidGeometries() => new()
    {
        { "batch", () => Conv2dGeometry.Create(0, 1, 5, 5, 1, 3, 3) },
        { "inputChannels", () => Conv2dGeometry.Create(1, 0, 5, 5, 1, 3, 3) },
        { "inputHeight", () => Conv2dGeometry.Create(1, 1, 0, 5, 1, 3, 3) },
        { "inputWidth", () => Conv2dGeometry.Create(1, 1, 5, -1, 1, 3, 3) },
        { "outputChannels", () => Conv2dGeometry.Create(1, 1, 5, 5, 0, 3, 3) },
        { "kernelHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 0, 3) },
        { "kernelWidth", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 0) },
        { "strideHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, strideHeight: 0) },
        { "strideWidth", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, strideWidth: -2) },
        { "paddingHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, paddingHeight: -1) },
        { "paddingWidth", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, paddingWidth: -1) },
        { "dilationHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, dilationHeight: 0) },
        { "dilationWidth", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, dilationWidth: 0) },
        { "groups", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, groups: 0) },
        { "inputChannels", () => Conv2dGeometry.Create(1, 3, 5, 5, 4, 3, 3, groups: 2) },
        { "outputChannels", () => Conv2dGeometry.Create(1, 4, 5, 5, 3, 3, 3, groups: 2) },
        { "kernelHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 6, 3) },
        { "kernelHeight", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 3, dilationHeight: 3) },
        { "kernelWidth", () => Conv2dGeometry.Create(1, 1, 5, 5, 1, 3, 8, paddingWidth: 1) },
        { "batch", () => Conv2dGeometry.Create(100_000, 100, 100, 100, 1, 1, 1) },
        { "outputChannels", () => Conv2dGeometry.Create(1, 100_000, 1, 1, 100_000, 1, 1) },
    };

    [Theory]
    [MemberData(nameof(InvalidGeometries))]
    public void Geometry_Invalid_NamesTheArgument(string parameter, Func<Conv2dGeometry> create) =>
        ExpectInvalidGeometry(parameter, create);

    // --- Argument checks: the wrong length names the argument, says both lengths, and writes nothing. ---

    [Fact]
    public void Forward_WrongLength_NamesTheArgument_AndWritesNothing()
    {
        var g = Cases["groups 2 stride 2 padding 1 batch 3"];
        var x = new double[g.InputLength];
        var w = new double[g.WeightLength];
        var b = new double[g.BiasLength];
        ExpectRejected("input", g.InputLength + 1, g.OutputLength, o => Conv2d.Forward<double>(g, new double[g.InputLength + 1], w, b, o));
        ExpectRejected("input", g.InputLength - 1, g.OutputLength, o => Conv2d.Forward<double>(g, new double[g.InputLength - 1], w, b, o));
        ExpectRejected("weight", g.WeightLength + 1, g.OutputLength, o => Conv2d.Forward<double>(g, x, new double[g.WeightLength + 1], b, o));
        ExpectRejected("weight", 0, g.OutputLength, o => Conv2d.Forward<double>(g, x, [], b, o));
        ExpectRejected("bias", g.BiasLength + 1, g.OutputLength, o => Conv2d.Forward<double>(g, x, w, new double[g.BiasLength + 1], o));
        ExpectRejected("bias", 1, g.OutputLength, o => Conv2d.Forward<double>(g, x, w, new double[1], o));
        ExpectRejected("output", g.OutputLength + 1, g.OutputLength + 1, o => Conv2d.Forward<double>(g, x, w, b, o));
        ExpectRejected("output", g.OutputLength - 1, g.OutputLength - 1, o => Conv2d.Forward<double>(g, x, w, b, o));
        ExpectRejected("geometry", null, g.OutputLength, o => Conv2d.Forward<double>(default, x, w, b, o));
    }

    [Fact]
    public void BackwardInput_WrongLength_NamesTheArgument_AndWritesNothing()
    {
        var g = Cases["3x3 batch 3 stride 2 padding 1"];
        var w = new double[g.WeightLength];
        var dy = new double[g.OutputLength];
        foreach (bool accumulate in new[] { false, true })
        {
            ExpectRejected("weight", g.WeightLength - 1, g.InputLength, d => Conv2d.BackwardInput<double>(g, new double[g.WeightLength - 1], dy, d, accumulate));
            ExpectRejected("outputGradient", g.OutputLength + 1, g.InputLength, d => Conv2d.BackwardInput<double>(g, w, new double[g.OutputLength + 1], d, accumulate));
            ExpectRejected("inputGradient", g.InputLength + 1, g.InputLength + 1, d => Conv2d.BackwardInput<double>(g, w, dy, d, accumulate));
            ExpectRejected("inputGradient", g.InputLength - 1, g.InputLength - 1, d => Conv2d.BackwardInput<double>(g, w, dy, d, accumulate));
            ExpectRejected("geometry", null, g.InputLength, d => Conv2d.BackwardInput<double>(default, w, dy, d, accumulate));
        }
    }

    [Fact]
    public void BackwardWeight_WrongLength_NamesTheArgument_AndWritesNothing()
    {
        var g = Cases["threaded 3x3 padding 1"];
        var x = new double[g.InputLength];
        var dy = new double[g.OutputLength];
        foreach (bool accumulate in new[] { false, true })
        {
            ExpectRejected("input", g.InputLength + 1, g.WeightLength, d => Conv2d.BackwardWeight<double>(g, new double[g.InputLength + 1], dy, d, accumulate));
            ExpectRejected("outputGradient", g.OutputLength - 1, g.WeightLength, d => Conv2d.BackwardWeight<double>(g, x, new double[g.OutputLength - 1], d, accumulate));
            ExpectRejected("weightGradient", g.WeightLength + 1, g.WeightLength + 1, d => Conv2d.BackwardWeight<double>(g, x, dy, d, accumulate));
            ExpectRejected("weightGradient", 0, 0, d => Conv2d.BackwardWeight<double>(g, x, dy, d, accumulate));
            ExpectRejected("geometry", null, g.WeightLength, d => Conv2d.BackwardWeight<double>(default, x, dy, d, accumulate));
        }
    }

    [Fact]
    public void BackwardBias_WrongLength_NamesTheArgument_AndWritesNothing()
    {
        var g = Cases["3x3 batch 3 stride 2 padding 1"];
        var dy = new double[g.OutputLength];
        ExpectRejected("outputGradient", g.OutputLength + 1, g.BiasLength, d => Conv2d.BackwardBias<double>(g, new double[g.OutputLength + 1], d, true));
        ExpectRejected("biasGradient", g.BiasLength + 1, g.BiasLength + 1, d => Conv2d.BackwardBias<double>(g, dy, d, false));
        ExpectRejected("biasGradient", 0, 0, d => Conv2d.BackwardBias<double>(g, dy, d, false));
        ExpectRejected("geometry", null, g.BiasLength, d => Conv2d.BackwardBias<double>(default, dy, d, false));
    }
}
