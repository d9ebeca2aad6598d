using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>What every benchmark class offers besides its [Benchmark] methods: a setup and a correctness check.</summary>
public interface IGradientBenchmark
{
    void Setup();

    /// <summary>Compares the generated and the hand-written gradient (and values) on fresh buffers; throws on disagreement.</summary>
    void Verify();
}

/// <summary>Inputs shared by the benchmarks: fixed seeds, so every run measures the same numbers.</summary>
internal static class Inputs
{
    public static double[] Uniform(int length, int seed, double low = -1, double high = 1)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = low + (high - low) * random.NextDouble();
        return values;
    }
}

// The gradient buffers are not cleared between calls: generated and hand-written gradients both add into them,
// so both pay the same read-modify-write, and neither pays for a clear that is not part of the gradient.

[MemoryDiagnoser]
public class DotBenchmark : IGradientBenchmark
{
    public const int N = 10_000;
    private double[] a = [], b = [], dA = [], dB = [], tangentA = [], tangentB = [];

    [GlobalSetup]
    public void Setup()
    {
        a = Inputs.Uniform(N, 1);
        b = Inputs.Uniform(N, 2);
        tangentA = Inputs.Uniform(N, 3);
        tangentB = Inputs.Uniform(N, 4);
        dA = new double[N];
        dB = new double[N];
        Verify();
    }

    public void Verify()
    {
        double[] gA = new double[N], gB = new double[N], hA = new double[N], hB = new double[N];
        double generated = Models.DotGradient(a, b, gA, gB);
        double handWritten = HandWritten.DotGradient(a, b, hA, hB);
        Agreement.Check("Dot value", generated, handWritten);
        Agreement.Check("Dot dA", gA, hA);
        Agreement.Check("Dot dB", gB, hB);
        Models.DotTangent(a, b, tangentA, tangentB, out double tangent);
        double expected = 0;
        for (int i = 0; i < N; i++) expected += hA[i] * tangentA[i] + hB[i] * tangentB[i];
        Agreement.Check("Dot tangent", tangent, expected);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.Dot(a, b);

    [Benchmark]
    public double GeneratedGradient() => Models.DotGradient(a, b, dA, dB);

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.DotGradient(a, b, dA, dB);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.DotTangent(a, b, tangentA, tangentB, out double tangent);
        return tangent;
    }
}

[MemoryDiagnoser]
public class LogSumExpBenchmark : IGradientBenchmark
{
    public const int N = 10_000;
    private double[] a = [], dA = [], tangentA = [];

    [GlobalSetup]
    public void Setup()
    {
        a = Inputs.Uniform(N, 5, -5, 5);
        tangentA = Inputs.Uniform(N, 6);
        dA = new double[N];
        Verify();
    }

    public void Verify()
    {
        double[] g = new double[N], h = new double[N];
        double generated = Models.LogSumExpGradient(a, g);
        double handWritten = HandWritten.LogSumExpGradient(a, h);
        Agreement.Check("LogSumExp value", generated, handWritten);
        Agreement.Check("LogSumExp dA", g, h);
        Models.LogSumExpTangent(a, tangentA, out double tangent);
        double expected = 0;
        for (int i = 0; i < N; i++) expected += h[i] * tangentA[i];
        Agreement.Check("LogSumExp tangent", tangent, expected);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.LogSumExp(a);

    [Benchmark]
    public double GeneratedGradient() => Models.LogSumExpGradient(a, dA);

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.LogSumExpGradient(a, dA);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.LogSumExpTangent(a, tangentA, out double tangent);
        return tangent;
    }
}

/// <summary>Two-layer perceptron, 64 inputs → 32 tanh units → 1 output, squared error.</summary>
[MemoryDiagnoser]
public class PerceptronBenchmark : IGradientBenchmark
{
    public const int InputCount = 64, Hidden = 32;
    private double[] w1 = [], b1 = [], w2 = [], x = [], dW1 = [], dB1 = [], dW2 = [];
    private double[] tW1 = [], tB1 = [], tW2 = [];
    private double b2, target, tB2;

    [GlobalSetup]
    public void Setup()
    {
        w1 = Inputs.Uniform(Hidden * InputCount, 7, -0.2, 0.2);
        b1 = Inputs.Uniform(Hidden, 8, -0.1, 0.1);
        w2 = Inputs.Uniform(Hidden, 9, -0.3, 0.3);
        b2 = 0.05;
        x = Inputs.Uniform(InputCount, 10);
        target = 0.7;
        tW1 = Inputs.Uniform(Hidden * InputCount, 11);
        tB1 = Inputs.Uniform(Hidden, 12);
        tW2 = Inputs.Uniform(Hidden, 13);
        tB2 = 0.3;
        dW1 = new double[Hidden * InputCount];
        dB1 = new double[Hidden];
        dW2 = new double[Hidden];
        Verify();
    }

    public void Verify()
    {
        double[] gW1 = new double[w1.Length], gB1 = new double[Hidden], gW2 = new double[Hidden];
        double[] hW1 = new double[w1.Length], hB1 = new double[Hidden], hW2 = new double[Hidden];
        double generated = Models.PerceptronLossGradient(w1, b1, w2, b2, x, target, InputCount, Hidden, gW1, gB1, gW2, out double gB2);
        double handWritten = HandWritten.PerceptronLossGradient(w1, b1, w2, b2, x, target, InputCount, Hidden, hW1, hB1, hW2, out double hB2);
        Agreement.Check("Perceptron value", generated, handWritten);
        Agreement.Check("Perceptron dW1", gW1, hW1);
        Agreement.Check("Perceptron dB1", gB1, hB1);
        Agreement.Check("Perceptron dW2", gW2, hW2);
        Agreement.Check("Perceptron dB2", gB2, hB2);
        Models.PerceptronLossTangent(w1, b1, w2, b2, x, target, InputCount, Hidden, tW1, tB1, tW2, tB2, out double tangent);
        double expected = hB2 * tB2;
        for (int k = 0; k < hW1.Length; k++) expected += hW1[k] * tW1[k];
        for (int j = 0; j < Hidden; j++) expected += hB1[j] * tB1[j] + hW2[j] * tW2[j];
        Agreement.Check("Perceptron tangent", tangent, expected);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.PerceptronLoss(w1, b1, w2, b2, x, target, InputCount, Hidden);

    [Benchmark]
    public double GeneratedGradient()
        => Models.PerceptronLossGradient(w1, b1, w2, b2, x, target, InputCount, Hidden, dW1, dB1, dW2, out _);

    [Benchmark]
    public double HandWrittenGradient()
        => HandWritten.PerceptronLossGradient(w1, b1, w2, b2, x, target, InputCount, Hidden, dW1, dB1, dW2, out _);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.PerceptronLossTangent(w1, b1, w2, b2, x, target, InputCount, Hidden, tW1, tB1, tW2, tB2, out double tangent);
        return tangent;
    }
}

/// <summary>Rosenbrock's function in n = 10 000 dimensions.</summary>
[MemoryDiagnoser]
public class RosenbrockBenchmark : IGradientBenchmark
{
    public const int N = 10_000;
    private double[] x = [], dX = [], tangentX = [];

    [GlobalSetup]
    public void Setup()
    {
        x = Inputs.Uniform(N, 14, -2, 2);
        tangentX = Inputs.Uniform(N, 15);
        dX = new double[N];
        Verify();
    }

    public void Verify()
    {
        double[] g = new double[N], h = new double[N];
        double generated = Models.RosenbrockGradient(x, g);
        double handWritten = HandWritten.RosenbrockGradient(x, h);
        Agreement.Check("Rosenbrock value", generated, handWritten);
        Agreement.Check("Rosenbrock dX", g, h);
        Models.RosenbrockTangent(x, tangentX, out double tangent);
        Agreement.CheckTangent("Rosenbrock tangent", tangent, (h, tangentX));
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.Rosenbrock(x);

    [Benchmark]
    public double GeneratedGradient() => Models.RosenbrockGradient(x, dX);

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.RosenbrockGradient(x, dX);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.RosenbrockTangent(x, tangentX, out double tangent);
        return tangent;
    }
}
