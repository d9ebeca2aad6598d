namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>A dense layer as a struct: its weights are the parameters of its instance methods.</summary>
public partial struct DenseLayer
{
    public float[] W;
    public float[] B;

    public DenseLayer(int inputs, int outputs, Random random)
    {
        W = new float[inputs * outputs];
        B = new float[outputs];
        for (int i = 0; i < W.Length; i++) W[i] = (float)(random.NextDouble() - 0.5);
        for (int i = 0; i < B.Length; i++) B[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
    }

    /// <summary>A value of the same shape, all zeros: the gradient buffer of this layer.</summary>
    public readonly DenseLayer ZerosLike() => new() { W = new float[W.Length], B = new float[B.Length] };

    [Differentiable]
    public void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int j = 0; j < y.Length; j++)
        {
            float s = B[j];
            for (int i = 0; i < x.Length; i++) s += W[j * x.Length + i] * x[i];
            y[j] = MathF.Tanh(s);
        }
    }
}

/// <summary>A model struct holding two layers and a scalar parameter.</summary>
public partial struct TwoLayerModel
{
    public DenseLayer Hidden;
    public DenseLayer Output;
    public float Temperature;
    [NoDiff] public int Seed;

    public readonly TwoLayerModel ZerosLike() => new() { Hidden = Hidden.ZerosLike(), Output = Output.ZerosLike() };

    [Differentiable]
    public float Loss([NoDiff] float[] x, [NoDiff] float target)
    {
        var h = new float[Hidden.B.Length];
        Hidden.Forward(x, h);
        var o = new float[Output.B.Length];
        Output.Forward(h, o);
        float e = o[0] * Temperature - target;
        return e * e;
    }
}

/// <summary>A class with scalar fields; an instance method that calls another instance method on this.</summary>
public partial class QuadraticModel
{
    public double A, B, C;

    [Differentiable]
    public double Eval(double x) => A * x * x + B * x + C;

    [Differentiable]
    public double Loss([NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = Eval(xs[i]) - ys[i];
            s += e * e;
        }
        return s / xs.Length;
    }
}

/// <summary>An instance method's second derivatives: with respect to its parameters, the fields held constant.</summary>
public partial class Oscillator
{
    public double Omega = 1.7;
    public double Damping = 0.2;

    [Differentiable]
    public double Displacement(double t, double amplitude)
        => amplitude * Math.Exp(-Damping * t) * Math.Sin(Omega * t) + Helper(t * amplitude);

    [Differentiable]
    public static double Helper(double u) => u * u * 0.1;
}
