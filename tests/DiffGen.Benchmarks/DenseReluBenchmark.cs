using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>
/// Issue 13's dense layer with ReLU under a linear read-out, float, one sample: 256 inputs → 128 units
/// (<see cref="Models.DenseRelu(float[], float[], float[], float[], int, int)"/>). Reverse mode used to save the
/// accumulator on every inner pass; it now saves it once per unit (docs/generator.md, SavedAroundLoops).
/// </summary>
[MemoryDiagnoser]
public class DenseReluBenchmark : IGradientBenchmark
{
    public const int InputCount = 256, OutputCount = 128;
    private float[] w = [], b = [], x = [], c = [], dW = [], dB = [], tW = [], tB = [];

    [GlobalSetup]
    public void Setup()
    {
        w = Single(Inputs.Uniform(OutputCount * InputCount, 21, -0.1, 0.1));
        b = Single(Inputs.Uniform(OutputCount, 22, -0.1, 0.1));
        x = Single(Inputs.Uniform(InputCount, 23));
        c = Single(Inputs.Uniform(OutputCount, 24));
        tW = Single(Inputs.Uniform(OutputCount * InputCount, 25));
        tB = Single(Inputs.Uniform(OutputCount, 26));
        dW = new float[w.Length];
        dB = new float[OutputCount];
        Verify();
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();

    private static double[] Double(float[] values) => values.Select(v => (double)v).ToArray();

    public void Verify()
    {
        float[] gW = new float[w.Length], gB = new float[OutputCount], hW = new float[w.Length], hB = new float[OutputCount];
        float generated = Models.DenseReluGradient(w, b, x, c, InputCount, OutputCount, gW, gB);
        float handWritten = HandWritten.DenseReluGradient(w, b, x, c, InputCount, OutputCount, hW, hB);
        // Both form each partial by the same float operations: agreement to float rounding, not 1e-10.
        Agreement.Check("DenseRelu value", generated, handWritten, 1e-6);
        Agreement.Check("DenseRelu value (primal)", Models.DenseRelu(w, b, x, c, InputCount, OutputCount), handWritten, 1e-6);
        Agreement.Check("DenseRelu dW", Double(gW), Double(hW), 1e-6);
        Agreement.Check("DenseRelu dB", Double(gB), Double(hB), 1e-6);
        if (!gB.Any(g => g == 0) || !gB.Any(g => g != 0)) throw new InvalidOperationException("DenseRelu: the inputs should switch some units off and leave others on.");
        Models.DenseReluTangent(w, b, x, c, InputCount, OutputCount, tW, tB, out float tangent);
        Agreement.CheckTangent("DenseRelu tangent", tangent, 1e-5, (Double(hW), Double(tW)), (Double(hB), Double(tB)));
    }

    // The methods return double, as every benchmark's do (the smoke run reads them so); the values are float.
    [Benchmark(Baseline = true)]
    public double Primal() => Models.DenseRelu(w, b, x, c, InputCount, OutputCount);

    [Benchmark]
    public double GeneratedGradient() => Models.DenseReluGradient(w, b, x, c, InputCount, OutputCount, dW, dB);

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.DenseReluGradient(w, b, x, c, InputCount, OutputCount, dW, dB);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.DenseReluTangent(w, b, x, c, InputCount, OutputCount, tW, tB, out float tangent);
        return tangent;
    }
}
