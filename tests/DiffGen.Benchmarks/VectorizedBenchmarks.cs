using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>A generated caller of a vectorized primitive: its gradient runs the primitive's hand-written one.</summary>
public static partial class VectorizedModels
{
    /// <summary>−log softmax(z)[label] through <see cref="Vectorized.LogSumExp(ReadOnlySpan{double})"/>.</summary>
    [Differentiable]
    public static double CrossEntropy(double[] z, int label) => Vectorized.LogSumExp(z) - z[label];
}

/// <summary>
/// log-sum-exp of 10⁴ doubles: the scalar loop of <see cref="Models.LogSumExp"/> (primal and generated derivatives)
/// against <see cref="Vectorized.LogSumExp(ReadOnlySpan{double})"/> (TensorPrimitives, hand-written derivatives), and
/// a generated method calling the vectorized one.
/// </summary>
[MemoryDiagnoser]
public class VectorizedLogSumExpBenchmark : IGradientBenchmark
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
        Agreement.Check("LogSumExp value", Vectorized.LogSumExp(a), Models.LogSumExp(a));
        double vectorized = Vectorized.LogSumExpGradient(a, g);
        double scalar = Models.LogSumExpGradient(a, h);
        Agreement.Check("LogSumExp gradient value", vectorized, scalar);
        Agreement.Check("LogSumExp dA", g, h);
        Vectorized.LogSumExpTangent(a, tangentA, out double tangent);
        Models.LogSumExpTangent(a, tangentA, out double expected);
        Agreement.Check("LogSumExp tangent", tangent, expected);

        Array.Clear(g);
        VectorizedModels.CrossEntropyGradient(a, 7, g);
        h[7] -= 1;
        Agreement.Check("CrossEntropy dA", g, h);
    }

    [Benchmark(Baseline = true)]
    public double ScalarPrimal() => Models.LogSumExp(a);

    [Benchmark]
    public double VectorizedPrimal() => Vectorized.LogSumExp(a);

    [Benchmark]
    public double ScalarGeneratedGradient() => Models.LogSumExpGradient(a, dA);

    [Benchmark]
    public double VectorizedGradient() => Vectorized.LogSumExpGradient(a, dA);

    [Benchmark]
    public double ScalarGeneratedTangent()
    {
        Models.LogSumExpTangent(a, tangentA, out double tangent);
        return tangent;
    }

    [Benchmark]
    public double VectorizedTangent()
    {
        Vectorized.LogSumExpTangent(a, tangentA, out double tangent);
        return tangent;
    }

    [Benchmark]
    public double GeneratedCallerGradient() => VectorizedModels.CrossEntropyGradient(a, 7, dA);
}
