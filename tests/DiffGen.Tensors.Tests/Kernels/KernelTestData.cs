namespace DiffGen.Tensors.Tests.Kernels;

/// <summary>Random data and comparisons shared by the kernel tests.</summary>
static class KernelTestData
{
    /// <summary>Uniform values in [−1, 1) from a fixed seed.</summary>
    public static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
            values[i] = random.NextDouble() * 2 - 1;
        return values;
    }

    /// <summary>The values rounded to float, and those floats widened back (so float and double runs see the same data).</summary>
    public static (float[] Single, double[] Double) Both(int length, int seed)
    {
        var values = Random(length, seed);
        var single = Array.ConvertAll(values, v => (float)v);
        return (single, Array.ConvertAll(single, v => (double)v));
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (difference {Math.Abs(expected[i] - actual[i]):E3} > {tolerance:E3}).");
    }

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        var widened = new double[actual.Length];
        for (int i = 0; i < actual.Length; i++)
            widened[i] = actual[i];
        Close(expected, widened, tolerance, what);
    }

    /// <summary>Unit roundoffs, 2⁻⁵³ and 2⁻²⁴.</summary>
    public const double DoubleRoundoff = 1.1102230246251565e-16, SingleRoundoff = 5.9604644775390625e-8;

    /// <summary>What a rejected call's destination is filled with, to see that it wrote nothing.</summary>
    public const double Sentinel = 42.5;

    /// <summary>One theory row per case name.</summary>
    public static TheoryData<string> Names(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
            data.Add(name);
        return data;
    }

    /// <summary>Central differences of <paramref name="loss"/> in each element of <paramref name="parameter"/> (restored after).</summary>
    public static double[] FiniteDifferences(double[] parameter, Func<double> loss, double h)
    {
        var differences = new double[parameter.Length];
        for (int i = 0; i < parameter.Length; i++)
        {
            double saved = parameter[i];
            parameter[i] = saved + h;
            double plus = loss();
            parameter[i] = saved - h;
            double minus = loss();
            parameter[i] = saved;
            differences[i] = (plus - minus) / (2 * h);
        }
        return differences;
    }

    /// <summary>
    /// Runs <paramref name="call"/> on a sentinel-filled destination of <paramref name="destinationLength"/>: it must throw an
    /// ArgumentException naming <paramref name="parameter"/> (and, for a length, saying the wrong one) and leave the
    /// destination as it was.
    /// </summary>
    public static void ExpectRejected(string parameter, int? actualLength, int destinationLength, Action<double[]> call)
    {
        var destination = new double[destinationLength];
        Array.Fill(destination, Sentinel);
        var exception = Assert.Throws<ArgumentException>(() => call(destination));
        Assert.Equal(parameter, exception.ParamName);
        if (actualLength is int length)
            Assert.Contains($"{parameter} has length {length}", exception.Message);
        Assert.All(destination, value => Assert.Equal(Sentinel, value));
    }

    /// <summary>An invalid geometry is rejected naming the argument, with the arguments in the message.</summary>
    public static void ExpectInvalidGeometry<TGeometry>(string parameter, Func<TGeometry> create)
    {
        var exception = Assert.Throws<ArgumentException>(() => create());
        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains("input (N=", exception.Message);
    }

    /// <summary>Σ a·b.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
