namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Counts, per thread, the passes through the bodies of the callees below: a caller's gradient must run each callee's
/// body once per call (its <c>Primal</c>), never again in the adjoint sweep (its <c>Pullback</c>).
/// </summary>
public static class BodyRuns
{
    [ThreadStatic]
    public static int Count;

    [NoDiff]
    public static int Tick() => ++Count;
}

/// <summary>
/// Callers of callees that take arrays, write outputs or have a receiver (issue 11, "callers never recompute a
/// callee"): each callee keeps something different for its adjoint sweep (values on its stacks, a reassigned
/// parameter, a local array, its output's contents), called once, twice on written arrays, and in a loop.
/// </summary>
public static partial class SplitCalls
{
    // Its adjoint reads a local array, values of each pass, and its own output after writing it (y[i - 1]).
    [Differentiable]
    public static void Smooth(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        int runs = BodyRuns.Tick();
        var t = new double[x.Length];
        for (int i = 0; i < x.Length; i++) t[i] = Math.Tanh(a * x[i]);
        for (int i = 0; i < y.Length; i++) y[i] = t[i] * t[(i + 1) % t.Length];
        for (int i = 1; i < y.Length; i++) y[i] = y[i] * y[i - 1] + x[i];
    }

    // A reassigned parameter, in a loop: its adjoint reads the values it had.
    [Differentiable]
    public static double Energy(ReadOnlySpan<double> y, double k)
    {
        int runs = BodyRuns.Tick();
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += y[i] * y[i];
        for (int j = 0; j < 3; j++) k = Math.Sin(k) + 0.5 * s;
        return k * s;
    }

    [Differentiable]
    public static double Pipeline(double[] x, double a, double k)
    {
        var y = new double[x.Length];
        Smooth(x, a, y);
        double e = Energy(y, k);
        var z = new double[x.Length];
        Smooth(y, a * e, z);
        return Energy(z, k) + e;
    }

    // The callees in a loop, the second one's output written by the pass before.
    [Differentiable]
    public static double Unrolled(double[] x, double a, double k, int steps)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
        var z = new double[x.Length];
        double total = 0;
        for (int s = 0; s < steps; s++)
        {
            Smooth(y, a, z);
            total += Energy(z, k);
            for (int i = 0; i < y.Length; i++) y[i] = 0.5 * z[i];
        }
        return total;
    }

    [Differentiable]
    public static double SquaredError(ReadOnlySpan<double> o, [NoDiff] ReadOnlySpan<double> target)
    {
        int runs = BodyRuns.Tick();
        double s = 0;
        for (int i = 0; i < o.Length; i++) s += (o[i] - target[i]) * (o[i] - target[i]);
        return s;
    }
}

/// <summary>A dense layer whose weights are its fields, counting its passes.</summary>
public partial struct CountedLayer
{
    public double[] W;
    public double[] B;

    public CountedLayer(int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        W = new double[inputs * outputs];
        B = new double[outputs];
        for (int i = 0; i < W.Length; i++) W[i] = random.NextDouble() - 0.5;
        for (int i = 0; i < B.Length; i++) B[i] = (random.NextDouble() - 0.5) * 0.1;
    }

    public readonly CountedLayer ZerosLike() => new() { W = new double[W.Length], B = new double[B.Length] };

    [Differentiable]
    public void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        int runs = BodyRuns.Tick();
        for (int j = 0; j < y.Length; j++)
        {
            double s = B[j];
            for (int i = 0; i < x.Length; i++) s += W[j * x.Length + i] * x[i];
            y[j] = Math.Tanh(s);
        }
    }
}

/// <summary>Two layers and a loss: the model of issue 11's measurement, small.</summary>
public partial struct CountedModel
{
    public CountedLayer Hidden;
    public CountedLayer Output;

    public readonly CountedModel ZerosLike() => new() { Hidden = Hidden.ZerosLike(), Output = Output.ZerosLike() };

    [Differentiable]
    public double Loss([NoDiff] double[] x, [NoDiff] double[] target)
    {
        var h = new double[Hidden.B.Length];
        Hidden.Forward(x, h);
        var o = new double[Output.B.Length];
        Output.Forward(h, o);
        return SplitCalls.SquaredError(o, target);
    }
}

/// <summary>A class whose value-returning instance method takes a span: called on two fields.</summary>
public partial class AffineScorer
{
    public double[] W = [];
    public double Bias;

    [Differentiable]
    public double Score(ReadOnlySpan<double> x)
    {
        int runs = BodyRuns.Tick();
        double s = Bias;
        for (int i = 0; i < x.Length; i++) s += W[i] * x[i];
        return Math.Tanh(s);
    }
}

public partial class ScorerPair
{
    public AffineScorer First = new();
    public AffineScorer Second = new();

    [Differentiable]
    public double Margin([NoDiff] double[] x)
    {
        double a = First.Score(x);
        double b = Second.Score(x);
        return a * a - b + a * b;
    }
}

/// <summary>
/// Derivatives written by hand with a Pullback that takes the already computed value (what an exponential, a softmax
/// or a matrix product needs): generated callers compute the value with the method itself and hand it over, never
/// calling the hand-written Gradient.
/// </summary>
public static partial class HandPullbacks
{
    [ThreadStatic]
    public static int GradientCalls;

    [ThreadStatic]
    public static int PullbackCalls;

    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, x[i]);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - m);
        return m + Math.Log(s);
    }

    public static double LogSumExpGradient(ReadOnlySpan<double> x, double seed, Span<double> dX)
    {
        GradientCalls++;
        double value = LogSumExp(x);
        for (int i = 0; i < x.Length; i++) dX[i] += seed * Math.Exp(x[i] - value);
        return value;
    }

    public static double LogSumExpGradient(ReadOnlySpan<double> x, Span<double> dX) => LogSumExpGradient(x, 1, dX);

    public static double LogSumExpTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double tangent)
    {
        double value = LogSumExp(x);
        tangent = 0;
        for (int i = 0; i < x.Length; i++) tangent += Math.Exp(x[i] - value) * dX[i];
        return value;
    }

    /// <summary>The softmax of x is exp(x − result): no second pass over x.</summary>
    public static void LogSumExpPullback(ReadOnlySpan<double> x, double result, double seed, Span<double> dX)
    {
        PullbackCalls++;
        for (int i = 0; i < x.Length; i++) dX[i] += seed * Math.Exp(x[i] - result);
    }

    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++) m = Math.Max(m, x[i]);
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i] - m);
            s += y[i];
        }
        for (int i = 0; i < x.Length; i++) y[i] /= s;
    }

    public static void SoftmaxGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY)
    {
        GradientCalls++;
        Softmax(x, y);
        Backward(y, dX, dY);
    }

    public static void SoftmaxTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY)
    {
        Softmax(x, y);
        double mean = 0;
        for (int i = 0; i < x.Length; i++) mean += y[i] * dX[i];
        for (int i = 0; i < x.Length; i++) dY[i] = y[i] * (dX[i] - mean);
    }

    /// <summary>y holds the softmax its caller computed: the vector-Jacobian product needs nothing else.</summary>
    public static void SoftmaxPullback(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY)
    {
        PullbackCalls++;
        Backward(y, dX, dY);
    }

    private static void Backward(ReadOnlySpan<double> y, Span<double> dX, ReadOnlySpan<double> dY)
    {
        double dot = 0;
        for (int i = 0; i < y.Length; i++) dot += dY[i] * y[i];
        for (int i = 0; i < y.Length; i++) dX[i] += y[i] * (dY[i] - dot);
    }

    [Differentiable]
    public static double Attention(double[] z, double[] w)
    {
        var p = new double[z.Length];
        Softmax(z, p);
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += w[i] * p[i];
        var q = new double[z.Length];
        for (int i = 0; i < z.Length; i++) q[i] = p[i] * s + w[i];
        return LogSumExp(q) + s;
    }
}
