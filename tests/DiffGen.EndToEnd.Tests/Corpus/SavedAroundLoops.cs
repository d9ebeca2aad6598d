namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Variables assigned in an inner loop whose value only adjoints outside that loop read (docs/generator.md,
/// SavedAroundLoops): reverse mode saves them once around the loop, not per pass. Look-alikes where a value the loop
/// assigns is read inside it, or the value before the loop is read, must still come back right.
/// </summary>
public static partial class SavedAroundLoops
{
    // Issue 13's dense layer: s is read once per j, after the inner loop (by Max).
    [Differentiable]
    public static double DenseRelu(double[] w, double[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        double[] h = new double[nOut];
        for (int j = 0; j < nOut; j++)
        {
            double s = x[j % n] * 0.5;
            for (int i = 0; i < n; i++) s += w[j * n + i] * x[i];
            h[j] = Math.Max(s, 0.0);
        }
        double loss = 0;
        for (int j = 0; j < nOut; j++) loss += h[j] * (j + 1.5);
        return loss;
    }

    [Differentiable]
    public static float DenseRelu(float[] w, float[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        float[] h = new float[nOut];
        for (int j = 0; j < nOut; j++)
        {
            float s = x[j % n] * 0.5f;
            for (int i = 0; i < n; i++) s += w[j * n + i] * x[i];
            h[j] = Math.Max(s, 0f);
        }
        float loss = 0;
        for (int j = 0; j < nOut; j++) loss += h[j] * (j + 1.5f);
        return loss;
    }

    // Three levels: s runs through the two inner loops and is read after the middle one.
    [Differentiable]
    public static double ThreeLevels(double[] w, double[] x)
    {
        int n = x.Length, m = w.Length / n;
        double loss = 0;
        for (int k = 0; k < 2; k++)
        {
            double s = x[k] * x[k];
            for (int j = 0; j < m; j++)
            {
                for (int i = 0; i < n; i++) s += w[j * n + i] * x[i] * (k + 0.5);
            }
            loss += Math.Sin(s);
        }
        return loss;
    }

    // s is read inside the inner loop too (t's adjoint reads it): saved per pass, as before.
    [Differentiable]
    public static double ReadInsideAndAfter(double[] w, double[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        double loss = 0;
        for (int j = 0; j < nOut; j++)
        {
            double s = w[j], t = 0;
            for (int i = 0; i < n; i++)
            {
                s += w[j * n + i] * x[i];
                t += s * x[i];
            }
            loss += s * s + Math.Tanh(t);
        }
        return loss;
    }

    // A while loop inside a counted one.
    [Differentiable]
    public static double WhileInner(double[] w, double[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        double loss = 0;
        for (int j = 0; j < nOut; j++)
        {
            double s = w[j];
            int i = 0;
            while (i < n)
            {
                s += w[j * n + i] * x[i];
                i++;
            }
            loss += Math.Exp(0.3 * s);
        }
        return loss;
    }

    // Branches inside the inner loop, neither side reading s in its adjoint.
    [Differentiable]
    public static double BranchesInner(double[] w, double[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        double loss = 0;
        for (int j = 0; j < nOut; j++)
        {
            double s = 0.25;
            for (int i = 0; i < n; i++)
            {
                if (x[i] > 0) s += w[j * n + i] * x[i];
                else s = s * 0.5 - Math.Sin(w[j * n + i]);
            }
            loss += s * s * x[j % n];
        }
        return loss;
    }

    // The value before the inner loop is read (q's adjoint reads s): saved once per outer pass, before the loop.
    [Differentiable]
    public static double ReadBefore(double[] w, double[] x)
    {
        int n = x.Length, nOut = w.Length / n;
        double loss = 0;
        for (int j = 0; j < nOut; j++)
        {
            double s = w[j] * x[0];
            double q = s * s;
            for (int i = 0; i < n; i++) s += w[j * n + i] * x[i];
            loss += q * Math.Tanh(s);
        }
        return loss;
    }

    // The same at the top level: the value before the loop is kept in a local.
    [Differentiable]
    public static double ReadBeforeTopLevel(double[] w, double[] x)
    {
        double s = x[0] * w[0];
        double q = Math.Cos(s);
        for (int i = 0; i < x.Length; i++) s = s * 0.75 + w[i] * x[i];
        return q * s * s;
    }

    // The fuzzer's find (seed 131): the assignment just before the loop has an adjoint that reads the value it assigns
    // (d(1/b)/db = −(1/b)/b), so that value must come back after the loop's adjoint, in a loop (a stack) or not.
    [Differentiable]
    public static double ResultReadByItsOwnAdjoint(double[] w, double[] x)
    {
        double y = 0;
        for (int j = 0; j < x.Length; j++)
        {
            double v = 1.0 / (1.5 + x[j] * x[j]);
            for (int i = 0; i < w.Length; i++) v -= Math.Sin(w[i] * x[j]);
            y += v;
        }
        double top = Math.Exp(x[0] * 0.5);
        for (int i = 0; i < w.Length; i++) top += w[i] * w[i];
        return y + top;
    }
}
