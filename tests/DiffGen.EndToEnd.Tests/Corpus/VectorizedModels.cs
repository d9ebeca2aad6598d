namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Methods that call the library's vectorized primitives (issue 5). <see cref="DiffGen.Vectorized"/> sits in another
/// assembly and has no generated derivatives, only hand-written ones: the generated code here must call those.
/// </summary>
public static partial class VectorizedModels
{
    // −log softmax(z)[label], as in ArrayModels.SoftmaxCrossEntropy but vectorized.
    [Differentiable]
    public static double CrossEntropy(ReadOnlySpan<double> z, int label) => Vectorized.LogSumExp(z) - z[label];

    [Differentiable]
    public static float CrossEntropyF(ReadOnlySpan<float> z, int label) => Vectorized.LogSumExp(z) - z[label];

    // (w·x − y)² + λ‖w‖² on one constant sample: Dot with a [NoDiff] array, SumOfSquares, a differentiable scalar.
    [Differentiable]
    public static double RidgeLoss(double[] w, double lambda, [NoDiff] double[] x, [NoDiff] double y)
    {
        double e = Vectorized.Dot(w, x) - y;
        return e * e + lambda * Vectorized.SumOfSquares(w);
    }

    // Three calls, one passing the same span twice (its two gradient buffers are then the same).
    [Differentiable]
    public static double CosineLoss(double[] u, double[] v)
    {
        double uv = Vectorized.Dot(u, v), uu = Vectorized.Dot(u, u), vv = Vectorized.Dot(v, v);
        return 1 - uv / Math.Sqrt(uu * vv);
    }

    // Softmax into a local array, then a squared error against constant targets.
    [Differentiable]
    public static double SoftmaxSquaredError(double[] z, [NoDiff] double[] target)
    {
        var p = new double[z.Length];
        Vectorized.Softmax(z, p);
        double s = 0;
        for (int i = 0; i < p.Length; i++)
            s += (p[i] - target[i]) * (p[i] - target[i]);
        return s;
    }

    // log Σ exp, the long way: Exp into a local array, Sum, then Math.Log.
    [Differentiable]
    public static double LogOfSumOfExp(double[] z)
    {
        var e = new double[z.Length];
        Vectorized.Exp(z, e);
        return Math.Log(Vectorized.Sum(e));
    }

    // Element-wise products and sums chained through local arrays into a reduction.
    [Differentiable]
    public static double Chained(double[] a, double[] b, double c)
    {
        var ab = new double[a.Length];
        Vectorized.Multiply(a, b, ab);
        var scaled = new double[a.Length];
        Vectorized.Scale(ab, c, scaled);
        var sum = new double[a.Length];
        Vectorized.Add(scaled, a, sum);
        return Vectorized.LogSumExp(sum) + Vectorized.SumOfSquares(scaled);
    }

    // A vector output computed by primitives: softmax(z / t) with a differentiable temperature.
    [Differentiable]
    public static void TemperatureSoftmax(ReadOnlySpan<double> z, double t, Span<double> p)
    {
        var scaled = new double[z.Length];
        Vectorized.Scale(z, 1 / t, scaled);
        Vectorized.Softmax(scaled, p);
    }

    [Differentiable]
    public static float SoftmaxSquaredErrorF(float[] z, [NoDiff] float[] target)
    {
        var p = new float[z.Length];
        Vectorized.Softmax(z, p);
        float s = 0;
        for (int i = 0; i < p.Length; i++)
            s += (p[i] - target[i]) * (p[i] - target[i]);
        return s;
    }
}
