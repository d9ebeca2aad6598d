namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Local arrays (issue 3): <c>new T[n]</c>, array initializers and <c>stackalloc</c>, with element writes, elements
/// overwritten in place and read back in later loops.
/// </summary>
public static partial class LocalArrays
{
    // Σ_{k=0..n} ∏_{i<k} x[i], the prefix products kept in a local array.
    [Differentiable]
    public static double PrefixProducts(double[] x)
    {
        var p = new double[x.Length + 1];
        p[0] = 1;
        for (int i = 0; i < x.Length; i++)
            p[i + 1] = p[i] * x[i];
        double s = 0;
        for (int i = 0; i <= x.Length; i++)
            s += p[i];
        return s;
    }

    // A stackalloc'd scratch span: t[i] = x[i]·sin x[i], then Σ t[i]·t[i+1 mod n].
    [Differentiable]
    public static double StackallocScratch(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
            t[i] = Math.Sin(x[i]) * x[i];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += t[i] * t[(i + 1) % x.Length];
        return s;
    }

    // Gauss–Seidel smoothing in place: each pass overwrites elements the next element reads.
    [Differentiable]
    public static double InPlaceSmoothing(double[] x, int passes)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            y[i] = x[i];
        for (int pass = 0; pass < passes; pass++)
            for (int i = 1; i < y.Length - 1; i++)
                y[i] = 0.5 * y[i] + 0.25 * (y[i - 1] + y[i + 1]) + 0.1 * y[i] * y[i];
        double s = 0;
        foreach (double e in y)
            s += e * e;
        return s;
    }

    // An array initializer of active values, read by a loop; an element updated with a compound assignment.
    [Differentiable]
    public static double Initializer(double x, double y)
    {
        double[] c = { x, y, x * y, 1.5 };
        c[3] *= x;
        double s = 0;
        for (int i = 0; i < c.Length; i++)
            s += c[i] * (i + 1);
        return s * c[2];
    }

    // Cumulative sums written in one loop and consumed backwards in another, with a branch on an element.
    [Differentiable]
    public static double CumulativeSums(double[] x, double threshold)
    {
        var c = new double[x.Length];
        double running = 0;
        for (int i = 0; i < x.Length; i++)
        {
            running += x[i];
            c[i] = running;
        }
        double s = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            if (c[i] > threshold)
                s += c[i] * c[i];
            else
                s -= threshold * c[i];
        }
        return s;
    }

    // The softmax probabilities in a local array, then their entropy.
    [Differentiable]
    public static double SoftmaxEntropy(ReadOnlySpan<double> z)
    {
        var p = new double[z.Length];
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
        double h = 0;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] /= total;
            h -= p[i] * Math.Log(p[i]);
        }
        return h;
    }

    // Single precision: prefix products.
    [Differentiable]
    public static float PrefixProductsF(float[] x)
    {
        var p = new float[x.Length + 1];
        p[0] = 1;
        for (int i = 0; i < x.Length; i++)
            p[i + 1] = p[i] * x[i];
        float s = 0;
        for (int i = 0; i <= x.Length; i++)
            s += p[i];
        return s;
    }

    // Single precision: stackalloc scratch.
    [Differentiable]
    public static float StackallocScratchF(ReadOnlySpan<float> x)
    {
        Span<float> t = stackalloc float[x.Length];
        for (int i = 0; i < x.Length; i++)
            t[i] = MathF.Sin(x[i]) * x[i];
        float s = 0;
        for (int i = 0; i < x.Length; i++)
            s += t[i] * t[(i + 1) % x.Length];
        return s;
    }
}
