using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>The dense layer of samples/Models (<c>Mlp.cs</c>): y = W·x + b as an instance method of a struct.</summary>
public partial struct LayerDense
{
    public double[] W, B;

    public LayerDense(int inputs, int outputs, int seed)
    {
        W = Inputs.Uniform(inputs * outputs, seed, -1 / Math.Sqrt(inputs), 1 / Math.Sqrt(inputs));
        B = Inputs.Uniform(outputs, seed + 1);
    }

    public readonly LayerDense ZerosLike() => new() { W = new double[W.Length], B = new double[B.Length] };

    [Differentiable]
    public void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++)
        {
            double s = B[j];
            for (int i = 0; i < x.Length; i++) s += W[j * x.Length + i] * x[i];
            y[j] = s;
        }
    }
}

/// <summary>
/// The struct MLP of samples/Models (dense, tanh, dense; a loss that calls the prediction), scaled to 256 hidden
/// units: a model whose gradient goes through calls of layer instance methods, where a caller that ran each
/// callee's gradient in its adjoint sweep computed the layers a second time (issue 11).
/// </summary>
public partial struct LayerMlp
{
    public LayerDense Hidden, Output;

    public readonly LayerMlp ZerosLike() => new() { Hidden = Hidden.ZerosLike(), Output = Output.ZerosLike() };

    [Differentiable]
    public double Predict([NoDiff] double[] x)
    {
        var z = new double[Hidden.B.Length];
        Hidden.Forward(x, z);
        var h = new double[z.Length];
        for (int j = 0; j < z.Length; j++) h[j] = Math.Tanh(z[j]);
        var y = new double[1];
        Output.Forward(h, y);
        return y[0];
    }

    [Differentiable]
    public double Loss([NoDiff] double[] x, [NoDiff] double target)
    {
        double e = Predict(x) - target;
        return e * e;
    }
}

/// <summary><see cref="LayerMlp"/>, 1 → 256 tanh → 1: gradient ÷ primal of a model that calls layers.</summary>
[MemoryDiagnoser]
public class LayerModelBenchmark : IGradientBenchmark
{
    public const int Hidden = 256;
    private LayerMlp model, gradient, direction;
    private readonly double[] x = [0.6];
    private const double Target = 0.3;

    [GlobalSetup]
    public void Setup()
    {
        model = new LayerMlp { Hidden = new LayerDense(1, Hidden, 30), Output = new LayerDense(Hidden, 1, 32) };
        direction = new LayerMlp { Hidden = new LayerDense(1, Hidden, 34), Output = new LayerDense(Hidden, 1, 36) };
        gradient = model.ZerosLike();
        Verify();
    }

    /// <summary>No hand-written gradient here: the value must be the primal's, and the tangent the gradient's dot product.</summary>
    public void Verify()
    {
        var g = model.ZerosLike();
        double value = model.LossGradient(x, Target, ref g);
        Agreement.Check("LayerMlp value", value, model.Loss(x, Target));
        model.LossTangent(x, Target, in direction, out double tangent);
        double expected = 0;
        foreach (var (gs, ds) in new[] { (g.Hidden.W, direction.Hidden.W), (g.Hidden.B, direction.Hidden.B), (g.Output.W, direction.Output.W), (g.Output.B, direction.Output.B) })
        {
            for (int k = 0; k < gs.Length; k++) expected += gs[k] * ds[k];
        }
        Agreement.Check("LayerMlp tangent", tangent, expected);
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
