namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Vector outputs (issue 3): void methods writing a Span&lt;T&gt; output, and scalar losses that call them into local
/// arrays.
/// </summary>
public static partial class VectorOutputs
{
    // y = tanh(W·x + b), W being y.Length × x.Length flattened row by row.
    [Differentiable]
    public static void Dense(ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> y)
    {
        int n = x.Length;
        for (int j = 0; j < y.Length; j++)
        {
            double s = b[j];
            for (int i = 0; i < n; i++)
                s += w[j * n + i] * x[i];
            y[j] = Math.Tanh(s);
        }
    }

    // Σ (Dense(x)[j] − target[j])², the layer's output in a local array.
    [Differentiable]
    public static double DenseLoss(double[] x, double[] w, double[] b, [NoDiff] double[] target)
    {
        var y = new double[target.Length];
        Dense(x, w, b, y);
        double s = 0;
        for (int j = 0; j < y.Length; j++)
        {
            double e = y[j] - target[j];
            s += e * e;
        }
        return s;
    }

    // Two layers: a hidden local array feeds the second Dense.
    [Differentiable]
    public static double TwoLayerLoss(double[] x, double[] w1, double[] b1, double[] w2, double[] b2, [NoDiff] double[] target)
    {
        var hidden = new double[b1.Length];
        Dense(x, w1, b1, hidden);
        var y = new double[b2.Length];
        Dense(hidden, w2, b2, y);
        double s = 0;
        for (int j = 0; j < y.Length; j++)
            s += (y[j] - target[j]) * (y[j] - target[j]);
        return s;
    }

    // The same layer applied three times into one local array, each pass overwriting what the last pass's adjoint
    // reads: reverse mode saves the whole array before each call and restores it after the call's adjoint.
    [Differentiable]
    public static double RepeatedDenseLoss(double[] x, double[] w, double[] b)
    {
        var y = new double[b.Length];
        double s = 0;
        for (int pass = 1; pass <= 3; pass++)
        {
            Dense(x, w, b, y);
            for (int j = 0; j < y.Length; j++)
                s += Math.Sin(pass * y[j]) * y[j];
        }
        return s * s;
    }

    // A loop whose passes save the whole layer output (before the call overwrites it) and a scalar (before the next
    // pass overwrites it) on the same value stack.
    [Differentiable]
    public static double DenseThenScale(double[] x, double[] w, double[] b)
    {
        var y = new double[b.Length];
        double s = 0, scale = 1;
        for (int pass = 1; pass <= 3; pass++)
        {
            Dense(x, w, b, y);
            scale = Math.Sin(scale * y[0] + pass);
            for (int j = 0; j < y.Length; j++)
                s += scale * Math.Sin(y[j]);
        }
        return s * s;
    }

    // Scalars in, a vector out.
    [Differentiable]
    public static void Polar(double r, double theta, Span<double> xy)
    {
        xy[0] = r * Math.Cos(theta);
        xy[1] = r * Math.Sin(theta);
    }

    // softmax(z) written into p.
    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> z, Span<double> p)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
            if (z[i] > m)
                m = z[i];
        double total = 0;
        for (int i = 0; i < z.Length; i++)
        {
            p[i] = Math.Exp(z[i] - m);
            total += p[i];
        }
        for (int i = 0; i < z.Length; i++)
            p[i] /= total;
    }

    [Differentiable]
    public static void DenseF(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b, Span<float> y)
    {
        int n = x.Length;
        for (int j = 0; j < y.Length; j++)
        {
            float s = b[j];
            for (int i = 0; i < n; i++)
                s += w[j * n + i] * x[i];
            y[j] = MathF.Tanh(s);
        }
    }
}
