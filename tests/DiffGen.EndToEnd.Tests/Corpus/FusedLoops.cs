namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Sums over loops whose passes reverse mode runs with their adjoints at once (docs/generator.md, loop fusion), and
/// look-alikes it must not fuse because a value flows from one pass to the next. Both kinds are checked the same way.
/// </summary>
public static partial class FusedLoops
{
    // Fused, reaching the result with a minus sign: the accumulator's adjoint is −seed.
    [Differentiable]
    public static double NegatedSum(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += x[i] * x[i] * Math.Sin(x[i]);
        return 3.0 - s;
    }

    // Fused: two accumulators, one subtracted in the loop and after it.
    [Differentiable]
    public static double TwoAccumulators(double[] x, double[] y)
    {
        double a = 0, b = 0;
        for (int i = 0; i < x.Length; i++)
        {
            a += x[i] * y[i];
            b -= Math.Exp(0.5 * x[i]) * y[i];
        }
        return a - b;
    }

    // Fused: the accumulation on both sides of a branch.
    [Differentiable]
    public static double BranchySum(double[] x, double threshold)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] * threshold > 0.1) s += x[i] * x[i] * threshold;
            else s += Math.Exp(x[i] - threshold);
        }
        return s;
    }

    // Fused: a value computed before the loop is read in it and after it (its adjoint gathers from both), and the
    // accumulator starts from an active value.
    [Differentiable]
    public static double SharedInvariant(double[] x, double c)
    {
        double scale = c * c + x[0];
        double s = x[0] * c;
        for (int i = 1; i < x.Length; i++)
            s += scale * Math.Cos(x[i] * c);
        return s + scale * scale;
    }

    // Fused: per-pass scratch arrays, each stored in full before it is read (what the ADBench GMM objective does).
    [Differentiable]
    public static double ScratchPerPass(double[] w, double[] x, int width)
    {
        int passes = x.Length / width;
        var h = new double[width];
        var g = new double[width];
        double total = 0;
        for (int p = 0; p < passes; p++)
        {
            for (int j = 0; j < width; j++)
                h[j] = w[j] * x[p * width + j];
            for (int j = 0; j < width; j++)
            {
                g[j] = Math.Tanh(h[j]);
                g[j] *= h[j];
            }
            for (int i = 0; i < width; i++)
                for (int j = i + 1; j < width; j++)
                    g[j] += w[i] * g[i];
            double q = 0;
            for (int j = 0; j < width; j++)
                q += g[j] * g[j];
            total += Math.Sqrt(q + 1);
        }
        return total;
    }

    // Not fused: the state h runs from pass to pass.
    [Differentiable]
    public static double CarriedState(double[] x)
    {
        double h = 0, s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            h = Math.Tanh(h + x[i]);
            s += h;
        }
        return s;
    }

    // Not fused: a pass reads what the pass before stored.
    [Differentiable]
    public static double CrossPassArray(double[] x)
    {
        var last = new double[1];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += last[0] * x[i];
            last[0] = x[i] * x[i];
        }
        return s;
    }

    // Not fused: the covering loop reads an element it has not stored yet in this pass.
    [Differentiable]
    public static double ReadAhead(double[] x, int width)
    {
        int passes = x.Length / width;
        var h = new double[width + 1];
        double s = 0;
        for (int p = 0; p < passes; p++)
        {
            for (int j = 0; j < width; j++)
            {
                h[j] = x[p * width + j];
                s += h[j] * h[j + 1];
            }
        }
        return s;
    }

    // Not fused: the sum is squared after the loop, so its adjoint needs the whole loop first.
    [Differentiable]
    public static double SquaredSum(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += Math.Sin(x[i]);
        return s * s;
    }

    // Not fused: what the loop reads is assigned again after it.
    [Differentiable]
    public static double ReassignedAfter(double[] x, double c)
    {
        double k = c * 2;
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            s += k * x[i] * x[i];
        k = c * c * c;
        return s + k;
    }
}
