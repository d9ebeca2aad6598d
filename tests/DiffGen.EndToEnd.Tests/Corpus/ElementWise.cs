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

    // The fill of the local array is vectorized; the sum stays a scalar loop in the primal and the Gradient (a vector sum
    // would round differently); the Tangent computes Vector<T>.Count squares at once and adds them one by one, in order.
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

    // Sums: the Tangent computes each pass's terms for Vector<T>.Count elements at once and adds them into the sums
    // lane by lane, in the loop's order (Rosenbrock's shape: x read at two positions; a difference; a product).
    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }

    [Differentiable]
    public static double DotMinusSquares(ReadOnlySpan<double> x, ReadOnlySpan<double> w, double c)
    {
        double dot = 0;
        double squares = c;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * w[i];
            squares = squares - w[i] * w[i];
        }
        return dot * squares;
    }

    // Scalar in every mode: the running sum is read by the loop itself.
    [Differentiable]
    public static double RunningSums(double[] x)
    {
        double s = 0;
        double t = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i];
            t += s * x[i];
        }
        return t;
    }

    [Differentiable]
    public static float SquaresF(float[] x, float a)
    {
        float s = 0;
        for (int i = 0; i < x.Length; i++)
            s += a * x[i] * x[i];
        return s;
    }
}
