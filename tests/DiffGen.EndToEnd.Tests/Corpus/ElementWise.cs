namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Element-wise loops, which the generated code runs <c>Vector&lt;T&gt;.Count</c> elements at a time where that computes
/// every element bit for bit as the loop does (docs/generator.md), and look-alikes it must leave scalar.
/// </summary>
public static partial class ElementWise
{
    // Vectorized: y = a·x + b·√|x| − x/c.
    [Differentiable]
    public static void Axpy(ReadOnlySpan<double> x, ReadOnlySpan<double> b, double a, double c, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = a * x[i] + b[i] * Math.Sqrt(Math.Abs(x[i])) - x[i] / c;
    }

    // Vectorized: a negated window of x from an offset (−0 stays −0).
    [Differentiable]
    public static void NegatedWindow(ReadOnlySpan<double> x, int offset, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = -x[offset + i];
    }

    // Scalar: x read at two positions and y stored, and the caller may pass overlapping memory.
    [Differentiable]
    public static void Differences(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = x[i + 1] - x[i];
    }

    // The fill of the local array is vectorized; the sum stays a scalar loop (a vector sum would round differently).
    [Differentiable]
    public static double FilledLoss(double[] x, double[] w)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
            r[i] = 2 * x[i] - w[i];
        double s = 0;
        for (int i = 0; i < r.Length; i++)
            s += r[i] * r[i];
        return s;
    }

    // Single precision: Vector<float> lanes.
    [Differentiable]
    public static void ScaleF(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = a * x[i] * x[i] - x[i];
    }
}
