using DiffGen.Tensors.Kernels;
using static DiffGen.Tensors.Tests.Kernels.KernelTestData;

namespace DiffGen.Tensors.Tests.Kernels;

public class Pool2dTests
{
    // (N, C, H, W, R, S, stride (default: the window), padding)
    static readonly Dictionary<string, Pool2dGeometry> Cases = new()
    {
        ["2x2 on 24x24 (LeNet pool1)"] = Pool2dGeometry.Create(1, 6, 24, 24, 2, 2),
        ["2x2 on 8x8 batch 3 (LeNet pool2)"] = Pool2dGeometry.Create(3, 16, 8, 8, 2, 2),
        ["2x2 on 5x7 (floor drops the last row and column)"] = Pool2dGeometry.Create(2, 3, 5, 7, 2, 2),
        ["3x3 stride 2 on 5x7"] = Pool2dGeometry.Create(1, 2, 5, 7, 3, 3, 2, 2),
        ["3x3 stride 1 (overlapping windows)"] = Pool2dGeometry.Create(2, 2, 5, 7, 3, 3, 1, 1),
        ["3x3 stride 2 padding 1"] = Pool2dGeometry.Create(3, 2, 7, 5, 3, 3, 2, 2, 1, 1),
        ["2x3 stride 1x2 padding 1x1"] = Pool2dGeometry.Create(1, 3, 5, 7, 2, 3, 1, 2, 1, 1),
        ["4x4 stride 3 padding 2"] = Pool2dGeometry.Create(1, 2, 9, 8, 4, 4, 3, 3, 2, 2),
        ["window as large as the input"] = Pool2dGeometry.Create(2, 2, 5, 7, 5, 7),
        ["1x1"] = Pool2dGeometry.Create(1, 2, 3, 4, 1, 1),
    };

    public static TheoryData<string> All() => Names(Cases.Keys);

    static int Seed(string name) => name.Length * 104729 + name[^1];

    /// <summary>Values from {−2, −1, 0, 1}: windows are full of ties.</summary>
    static double[] Ties(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = random.Next(-2, 2);
        return values;
    }

    // --- The reference: the definition, written differently from the kernel (collect the window, then pick). ---

    /// <summary>The in-bounds elements of output (oh, ow)'s window, in row-major scan order, as plane indices.</summary>
    static List<int> WindowOf(Pool2dGeometry g, int oh, int ow)
    {
        var window = new List<int>();
        for (int r = 0; r < g.KernelHeight; r++)
            for (int s = 0; s < g.KernelWidth; s++)
            {
                int h = oh * g.StrideHeight - g.PaddingHeight + r, w = ow * g.StrideWidth - g.PaddingWidth + s;
                if (h >= 0 && h < g.InputHeight && w >= 0 && w < g.InputWidth)
                    window.Add(h * g.InputWidth + w);
            }
        return window;
    }

    static (double[] Output, int[] Indices) NaiveMax(Pool2dGeometry g, double[] input)
    {
        var output = new double[g.OutputLength];
        var indices = new int[g.OutputLength];
        int plane = g.InputHeight * g.InputWidth;
        for (int nc = 0, o = 0; nc < g.Batch * g.Channels; nc++)
            for (int oh = 0; oh < g.OutputHeight; oh++)
                for (int ow = 0; ow < g.OutputWidth; ow++, o++)
                {
                    var window = WindowOf(g, oh, ow);
                    double max = window.Max(i => input[nc * plane + i]);
                    output[o] = max;
                    indices[o] = window.First(i => input[nc * plane + i] == max);
                }
        return (output, indices);
    }

    static double[] NaiveAvg(Pool2dGeometry g, double[] input)
    {
        var output = new double[g.OutputLength];
        int plane = g.InputHeight * g.InputWidth;
        for (int nc = 0, o = 0; nc < g.Batch * g.Channels; nc++)
            for (int oh = 0; oh < g.OutputHeight; oh++)
                for (int ow = 0; ow < g.OutputWidth; ow++, o++)
                    output[o] = WindowOf(g, oh, ow).Sum(i => input[nc * plane + i]) / (g.KernelHeight * g.KernelWidth);
        return output;
    }

    /// <summary>The adjoint of max pooling at <paramref name="input"/>: each output's gradient goes to its window's first maximum.</summary>
    static double[] NaiveMaxBackward(Pool2dGeometry g, double[] input, double[] outputGradient)
    {
        var (_, indices) = NaiveMax(g, input);
        var gradient = new double[g.InputLength];
        int plane = g.InputHeight * g.InputWidth, outputPlane = g.OutputHeight * g.OutputWidth;
        for (int o = 0; o < g.OutputLength; o++)
            gradient[o / outputPlane * plane + indices[o]] += outputGradient[o];
        return gradient;
    }

    static double[] NaiveAvgBackward(Pool2dGeometry g, double[] outputGradient)
    {
        var gradient = new double[g.InputLength];
        int plane = g.InputHeight * g.InputWidth;
        for (int nc = 0, o = 0; nc < g.Batch * g.Channels; nc++)
            for (int oh = 0; oh < g.OutputHeight; oh++)
                for (int ow = 0; ow < g.OutputWidth; ow++, o++)
                    foreach (int i in WindowOf(g, oh, ow))
                        gradient[nc * plane + i] += outputGradient[o] / (g.KernelHeight * g.KernelWidth);
        return gradient;
    }

    // --- Max pooling ---

    [Theory]
    [MemberData(nameof(All))]
    public void MaxForward_MatchesNaive(string name)
    {
        var g = Cases[name];
        foreach (var input in new[] { Random(g.InputLength, Seed(name)), Ties(g.InputLength, Seed(name)) })
        {
            var (expected, expectedIndices) = NaiveMax(g, input);
            var output = new double[g.OutputLength];
            var indices = new int[g.OutputLength];
            Pool2d.MaxForward<double>(g, input, output, indices);
            Assert.Equal(expected, output);
            Assert.Equal(expectedIndices, indices);

            // Float sees the same values rounded; the picks are the same (ties and order survive rounding here).
            var single = Array.ConvertAll(input, v => (float)v);
            var outputF = new float[g.OutputLength];
            var indicesF = new int[g.OutputLength];
            Pool2d.MaxForward<float>(g, single, outputF, indicesF);
            var (expectedF, expectedIndicesF) = NaiveMax(g, Array.ConvertAll(single, v => (double)v));
            Close(expectedF, outputF, 0, "float output");
            Assert.Equal(expectedIndicesF, indicesF);
        }
    }

    [Fact]
    public void MaxForward_Ties_PickTheFirstInScanOrder()
    {
        // One 2x2 window over [[1, 3], [3, 2]]: the 3 at (0, 1), not the one at (1, 0).
        var g = Pool2dGeometry.Create(1, 1, 2, 2, 2, 2);
        var output = new double[1];
        var indices = new int[1];
        Pool2d.MaxForward<double>(g, [1, 3, 3, 2], output, indices);
        Assert.Equal(3, output[0]);
        Assert.Equal(1, indices[0]);

        // All equal, padded: every window reports its first in-bounds element.
        var padded = Pool2dGeometry.Create(1, 1, 4, 5, 3, 3, 2, 2, 1, 1);
        var all = new double[padded.OutputLength];
        var at = new int[padded.OutputLength];
        Pool2d.MaxForward<double>(padded, new double[padded.InputLength], all, at);
        for (int oh = 0, o = 0; oh < padded.OutputHeight; oh++)
            for (int ow = 0; ow < padded.OutputWidth; ow++, o++)
                Assert.Equal(Math.Max(oh * 2 - 1, 0) * 5 + Math.Max(ow * 2 - 1, 0), at[o]);
    }

    [Fact]
    public void MaxForward_PaddingIsNegativeInfinity()
    {
        // All inputs negative: were the padding zero, the corner windows would report 0.
        var g = Pool2dGeometry.Create(1, 1, 3, 3, 2, 2, 2, 2, 1, 1);
        double[] input = [-9, -8, -7, -6, -5, -4, -3, -2, -1];
        var output = new double[g.OutputLength];
        var indices = new int[g.OutputLength];
        Pool2d.MaxForward<double>(g, input, output, indices);
        Assert.Equal([-9, -7, -3, -1], output);
        Assert.Equal([0, 2, 6, 8], indices);

        // A window of −∞ still names an element of its window (its first), so the backward pass stays in bounds.
        Array.Fill(input, double.NegativeInfinity);
        Pool2d.MaxForward<double>(g, input, output, indices);
        Assert.All(output, v => Assert.Equal(double.NegativeInfinity, v));
        Assert.Equal([0, 1, 3, 4], indices);
    }

    [Fact]
    public void MaxForward_NaN_Propagates()
    {
        var g = Pool2dGeometry.Create(1, 1, 2, 4, 2, 2);
        var output = new float[2];
        var indices = new int[2];
        Pool2d.MaxForward<float>(g, [1, float.NaN, 5, 6, 7, 2, 3, 4], output, indices);
        Assert.True(float.IsNaN(output[0]));
        Assert.Equal(1, indices[0]);
        Assert.Equal(6, output[1]);
        Assert.Equal(3, indices[1]);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void MaxBackward_MatchesNaiveAdjoint(string name)
    {
        var g = Cases[name];
        var outputGradient = Random(g.OutputLength, Seed(name) + 1);
        foreach (var input in new[] { Random(g.InputLength, Seed(name)), Ties(g.InputLength, Seed(name)) })
        {
            var output = new double[g.OutputLength];
            var indices = new int[g.OutputLength];
            Pool2d.MaxForward<double>(g, input, output, indices);
            var gradient = new double[g.InputLength];
            Pool2d.MaxBackward<double>(g, outputGradient, indices, gradient, accumulate: false);
            // Overlapping windows add several gradients into one element: a few roundings.
            Close(NaiveMaxBackward(g, input, outputGradient), gradient, 4 * g.KernelHeight * g.KernelWidth * DoubleRoundoff, "input gradient");

            var single = Array.ConvertAll(outputGradient, v => (float)v);
            var gradientF = new float[g.InputLength];
            Pool2d.MaxBackward<float>(g, single, indices, gradientF, accumulate: false);
            Close(NaiveMaxBackward(g, input, Array.ConvertAll(single, v => (double)v)), gradientF,
                4 * g.KernelHeight * g.KernelWidth * SingleRoundoff, "float input gradient");
        }
    }

    /// <summary>
    /// Max pooling is linear near an input with distinct values (each window's maximum stays where it is), so central
    /// differences of Σ output·R with a small step are exact but for rounding.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public void MaxBackward_MatchesFiniteDifferences(string name)
    {
        var g = Cases[name];
        var input = Random(g.InputLength, Seed(name));
        var r = Random(g.OutputLength, Seed(name) + 1);
        var output = new double[g.OutputLength];
        var indices = new int[g.OutputLength];
        double Loss()
        {
            Pool2d.MaxForward<double>(g, input, output, indices);
            return Dot(output, r);
        }

        Loss();
        var gradient = new double[g.InputLength];
        Pool2d.MaxBackward<double>(g, r, indices, gradient, accumulate: false);
        Close(FiniteDifferences(input, Loss, 1e-7), gradient, 1e-6, "input gradient");
    }

    // --- Average pooling ---

    [Theory]
    [MemberData(nameof(All))]
    public void AvgForward_MatchesNaive(string name)
    {
        var g = Cases[name];
        int terms = g.KernelHeight * g.KernelWidth + 1;
        var input = Random(g.InputLength, Seed(name));
        var output = new double[g.OutputLength];
        Pool2d.AvgForward<double>(g, input, output);
        Close(NaiveAvg(g, input), output, 4 * terms * DoubleRoundoff, "output");

        var (single, widened) = Both(g.InputLength, Seed(name));
        var outputF = new float[g.OutputLength];
        Pool2d.AvgForward<float>(g, single, outputF);
        Close(NaiveAvg(g, widened), outputF, 4 * terms * SingleRoundoff, "float output");
    }

    [Fact]
    public void AvgForward_CountsThePadding()
    {
        // count_include_pad: the corner window of a 2x2 pool with padding 1 holds one element and divides by 4.
        var g = Pool2dGeometry.Create(1, 1, 2, 2, 2, 2, 2, 2, 1, 1);
        var output = new double[g.OutputLength];
        Pool2d.AvgForward<double>(g, [4, 8, 12, 16], output);
        Assert.Equal([1, 2, 3, 4], output);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void AvgBackward_MatchesNaiveAdjoint_AndFiniteDifferences(string name)
    {
        var g = Cases[name];
        var input = Random(g.InputLength, Seed(name));
        var r = Random(g.OutputLength, Seed(name) + 1);
        var gradient = new double[g.InputLength];
        Pool2d.AvgBackward<double>(g, r, gradient, accumulate: false);
        int terms = g.KernelHeight * g.KernelWidth;
        Close(NaiveAvgBackward(g, r), gradient, 4 * terms * DoubleRoundoff, "input gradient");

        var output = new double[g.OutputLength];
        double Loss()
        {
            Pool2d.AvgForward<double>(g, input, output);
            return Dot(output, r);
        }
        Close(FiniteDifferences(input, Loss, 1e-3), gradient, 1e-9, "input gradient against finite differences");

        var (single, widened) = Both(g.OutputLength, Seed(name) + 1);
        var gradientF = new float[g.InputLength];
        Pool2d.AvgBackward<float>(g, single, gradientF, accumulate: false);
        Close(NaiveAvgBackward(g, widened), gradientF, 4 * terms * SingleRoundoff, "float input gradient");
    }

    // --- Accumulating and overwriting ---

    [Theory]
    [InlineData("3x3 stride 1 (overlapping windows)")]
    [InlineData("3x3 stride 2 padding 1")]
    public void Backward_Accumulates_OrOverwrites(string name)
    {
        var g = Cases[name];
        var input = Random(g.InputLength, Seed(name));
        var outputGradient = Random(g.OutputLength, Seed(name) + 1);
        var prior = Random(g.InputLength, Seed(name) + 2);
        var indices = new int[g.OutputLength];
        Pool2d.MaxForward<double>(g, input, new double[g.OutputLength], indices);

        foreach (var backward in new Action<double[], bool>[]
        {
            (target, accumulate) => Pool2d.MaxBackward<double>(g, outputGradient, indices, target, accumulate),
            (target, accumulate) => Pool2d.AvgBackward<double>(g, outputGradient, target, accumulate),
        })
        {
            var fresh = new double[g.InputLength];
            backward(fresh, false);
            var overwritten = new double[g.InputLength];
            Array.Fill(overwritten, double.NaN);
            backward(overwritten, false);
            Assert.Equal(fresh, overwritten);

            var accumulated = (double[])prior.Clone();
            backward(accumulated, true);
            Close(prior.Zip(fresh, (a, b) => a + b).ToArray(), accumulated, 1e-12, "accumulated gradient");
        }
    }

    // --- Geometry ---

    [Fact]
    public void Geometry_OutputSize_FollowsPyTorch()
    {
        var g = Pool2dGeometry.Create(2, 3, 9, 8, 4, 3, paddingHeight: 2, paddingWidth: 1);
        Assert.Equal(4, g.StrideHeight);
        Assert.Equal(3, g.StrideWidth);
        Assert.Equal((9 + 4 - 4) / 4 + 1, g.OutputHeight);
        Assert.Equal((8 + 2 - 3) / 3 + 1, g.OutputWidth);
        Assert.Equal(2 * 3 * 9 * 8, g.InputLength);
        Assert.Equal(2 * 3 * g.OutputHeight * g.OutputWidth, g.OutputLength);
        Assert.Equal(12, Cases["2x2 on 24x24 (LeNet pool1)"].OutputHeight);
        Assert.Equal(2, Cases["2x2 on 5x7 (floor drops the last row and column)"].OutputHeight);
        Assert.Equal(3, Cases["2x2 on 5x7 (floor drops the last row and column)"].OutputWidth);
        Assert.Contains("window 4×3", g.ToString());
    }

    public static TheoryData<string, Func<Pool2dGeometry>> InvalidGeometries() => new()
    {
        { "batch", () => Pool2dGeometry.Create(0, 1, 4, 4, 2, 2) },
        { "channels", () => Pool2dGeometry.Create(1, 0, 4, 4, 2, 2) },
        { "inputHeight", () => Pool2dGeometry.Create(1, 1, 0, 4, 2, 2) },
        { "inputWidth", () => Pool2dGeometry.Create(1, 1, 4, -3, 2, 2) },
        { "kernelHeight", () => Pool2dGeometry.Create(1, 1, 4, 4, 0, 2) },
        { "kernelWidth", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 0) },
        { "strideHeight", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 2, strideHeight: 0) },
        { "strideWidth", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 2, strideWidth: -1) },
        { "paddingHeight", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 2, paddingHeight: -1) },
        { "paddingHeight", () => Pool2dGeometry.Create(1, 1, 4, 4, 3, 3, paddingHeight: 2) },
        { "paddingWidth", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 2, paddingWidth: 2) },
        { "kernelHeight", () => Pool2dGeometry.Create(1, 1, 4, 4, 5, 2) },
        { "kernelWidth", () => Pool2dGeometry.Create(1, 1, 4, 4, 2, 7, paddingWidth: 1) },
        { "batch", () => Pool2dGeometry.Create(100_000, 100, 100, 100, 2, 2) },
    };

    [Theory]
    [MemberData(nameof(InvalidGeometries))]
    public void Geometry_Invalid_NamesTheArgument(string parameter, Func<Pool2dGeometry> create) =>
        ExpectInvalidGeometry(parameter, create);

    // --- Argument checks ---

    [Fact]
    public void WrongLengths_NameTheArgument_AndWriteNothing()
    {
        var g = Cases["3x3 stride 2 padding 1"];
        var x = new double[g.InputLength];
        var dy = new double[g.OutputLength];
        var indices = new int[g.OutputLength];
        Pool2d.MaxForward<double>(g, x, new double[g.OutputLength], indices);

        // MaxForward writes both output and indices: neither may change.
        void MaxForwardRejected(string parameter, int length, double[] input, double[] output, int[] at)
        {
            Array.Fill(output, Sentinel);
            Array.Fill(at, -7);
            var exception = Assert.Throws<ArgumentException>(() => Pool2d.MaxForward<double>(g, input, output, at));
            Assert.Equal(parameter, exception.ParamName);
            Assert.Contains($"{parameter} has length {length}", exception.Message);
            Assert.All(output, v => Assert.Equal(Sentinel, v));
            Assert.All(at, v => Assert.Equal(-7, v));
        }
        MaxForwardRejected("input", g.InputLength + 1, new double[g.InputLength + 1], new double[g.OutputLength], new int[g.OutputLength]);
        MaxForwardRejected("output", g.OutputLength - 1, x, new double[g.OutputLength - 1], new int[g.OutputLength]);
        MaxForwardRejected("indices", g.OutputLength + 1, x, new double[g.OutputLength], new int[g.OutputLength + 1]);

        foreach (bool accumulate in new[] { false, true })
        {
            ExpectRejected("outputGradient", g.OutputLength + 1, g.InputLength, d => Pool2d.MaxBackward<double>(g, new double[g.OutputLength + 1], indices, d, accumulate));
            ExpectRejected("indices", g.OutputLength - 1, g.InputLength, d => Pool2d.MaxBackward<double>(g, dy, new int[g.OutputLength - 1], d, accumulate));
            ExpectRejected("inputGradient", g.InputLength + 1, g.InputLength + 1, d => Pool2d.MaxBackward<double>(g, dy, indices, d, accumulate));
            ExpectRejected("outputGradient", 0, g.InputLength, d => Pool2d.AvgBackward<double>(g, [], d, accumulate));
            ExpectRejected("inputGradient", g.InputLength - 1, g.InputLength - 1, d => Pool2d.AvgBackward<double>(g, dy, d, accumulate));
        }
        ExpectRejected("input", g.InputLength - 1, g.OutputLength, o => Pool2d.AvgForward<double>(g, new double[g.InputLength - 1], o));
        ExpectRejected("output", g.OutputLength + 1, g.OutputLength + 1, o => Pool2d.AvgForward<double>(g, x, o));

        ExpectRejected("geometry", null, g.OutputLength, o => Pool2d.MaxForward<double>(default, x, o, indices));
        ExpectRejected("geometry", null, g.InputLength, d => Pool2d.MaxBackward<double>(default, dy, indices, d, false));
        ExpectRejected("geometry", null, g.OutputLength, o => Pool2d.AvgForward<double>(default, x, o));
        ExpectRejected("geometry", null, g.InputLength, d => Pool2d.AvgBackward<double>(default, dy, d, false));
    }

    [Fact]
    public void MaxBackward_IndexOutsideItsWindow_IsRejected_AndWritesNothing()
    {
        var g = Cases["3x3 stride 2 padding 1"];
        var input = Random(g.InputLength, 5);
        var dy = Random(g.OutputLength, 6);
        var indices = new int[g.OutputLength];
        Pool2d.MaxForward<double>(g, input, new double[g.OutputLength], indices);
        int last = g.OutputLength - 1;
        // Out of the plane, negative, and in the plane but in another output's window (output 0's window is rows 0-1, columns 0-1).
        foreach (int bad in new[] { g.InputHeight * g.InputWidth, -1, 4 })
        {
            var corrupted = (int[])indices.Clone();
            corrupted[last] = bad;
            ExpectRejected("indices", null, g.InputLength, d => Pool2d.MaxBackward<double>(g, dy, corrupted, d, false));
            corrupted = (int[])indices.Clone();
            corrupted[0] = bad == 4 ? 2 * g.InputWidth : bad;
            ExpectRejected("indices", null, g.InputLength, d => Pool2d.MaxBackward<double>(g, dy, corrupted, d, true));
        }
    }
}
