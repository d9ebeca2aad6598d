using DiffGen;

/// <summary>
/// A dense layer y = W·x + b as a struct. Its fields are the parameters of its [Differentiable] instance methods, so
/// the generated <c>ForwardGradient</c> writes their gradients into another <see cref="Dense"/>.
/// </summary>
public partial struct Dense
{
    /// <summary>Weights, row-major outputs × inputs, and biases.</summary>
    public double[] W, B;

    public Dense(int inputs, int outputs, Random random)
    {
        W = new double[inputs * outputs];
        B = new double[outputs];
        double scale = 1 / Math.Sqrt(inputs);
        for (int i = 0; i < W.Length; i++) W[i] = scale * (2 * random.NextDouble() - 1);
        for (int i = 0; i < B.Length; i++) B[i] = 2 * random.NextDouble() - 1;
    }

    /// <summary>A value of the same shape, all zeros: the gradient (or momentum) buffer of this layer.</summary>
    public readonly Dense ZerosLike() => new() { W = new double[W.Length], B = new double[B.Length] };

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

/// <summary>A 1–16–1 perceptron: dense, tanh, dense. Its gradient is a value of the same type.</summary>
public partial struct Mlp
{
    public Dense Hidden, Output;

    public Mlp(int hidden, Random random)
    {
        Hidden = new Dense(1, hidden, random);
        Output = new Dense(hidden, 1, random);
    }

    public readonly Mlp ZerosLike() => new() { Hidden = Hidden.ZerosLike(), Output = Output.ZerosLike() };

    /// <summary>Every parameter array, in the same order for the model, its gradient and its momentum.</summary>
    public readonly double[][] Parameters() => [Hidden.W, Hidden.B, Output.W, Output.B];

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

    /// <summary>Squared error on one example.</summary>
    [Differentiable]
    public double Loss([NoDiff] double[] x, [NoDiff] double target)
    {
        double e = Predict(x) - target;
        return e * e;
    }
}
