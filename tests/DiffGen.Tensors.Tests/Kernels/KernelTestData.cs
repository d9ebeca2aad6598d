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

    /// <summary>Σ a·b.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
