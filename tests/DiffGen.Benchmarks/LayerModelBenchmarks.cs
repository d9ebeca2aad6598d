using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>
/// The struct MLP of samples/Models (<c>Mlp.cs</c>, linked: dense, tanh, dense; a loss that calls the prediction),
/// 1 → 256 tanh → 1: gradient ÷ primal of a model whose gradient goes through calls of layer instance methods, where a
/// caller that ran each callee's gradient in its adjoint sweep computed the layers a second time (issue 11).
/// </summary>
[MemoryDiagnoser]
public class LayerModelBenchmark : IGradientBenchmark
{
    public const int Hidden = 256;
    private Mlp model, gradient, direction;
    private readonly double[] x = [0.6];
    private const double Target = 0.3;

    [GlobalSetup]
    public void Setup()
    {
        model = new Mlp(Hidden, new Random(30));
        direction = new Mlp(Hidden, new Random(34));
        gradient = model.ZerosLike();
        Verify();
    }

    /// <summary>No hand-written gradient here: the value must be the primal's, and the tangent the gradient's dot product.</summary>
    public void Verify()
    {
        var g = model.ZerosLike();
        double value = model.LossGradient(x, Target, ref g);
        Agreement.Check("Mlp value", value, model.Loss(x, Target));
        model.LossTangent(x, Target, in direction, out double tangent);
        double expected = 0;
        foreach (var (gs, ds) in new[] { (g.Hidden.W, direction.Hidden.W), (g.Hidden.B, direction.Hidden.B), (g.Output.W, direction.Output.W), (g.Output.B, direction.Output.B) })
        {
            for (int k = 0; k < gs.Length; k++) expected += gs[k] * ds[k];
        }
        Agreement.Check("Mlp tangent", tangent, expected);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => model.Loss(x, Target);

    [Benchmark]
    public double GeneratedGradient() => model.LossGradient(x, Target, ref gradient);

    [Benchmark]
    public double GeneratedTangent()
    {
        model.LossTangent(x, Target, in direction, out double tangent);
        return tangent;
    }
}
