namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Methods that once got a wrong derivative or a primal that was not bit-identical (issue 9, found by fuzzing):
/// each one pins the fix of its root cause.
/// </summary>
public static partial class WrongNumbers
{
    // A parameter reassigned from an array element, on a branch that never runs: its adjoint must stay its own.
    [Differentiable]
    public static double Untaken(double[] v, int n, double b)
    {
        if (n < 0) b = v[0];
        return Math.Sin(b);
    }

    // A parameter reassigned from an array element after its last read.
    [Differentiable]
    public static double After(double[] v, double b)
    {
        double s = Math.Sin(b);
        b = v[0];
        return s;
    }

    // A fixed element updated through a loop: the primal must round as the plain method does.
    [Differentiable]
    public static double AccumulateFixed(ReadOnlySpan<double> x)
    {
        Span<double> t = stackalloc double[1];
        t[0] = 0.1;
        foreach (var e in x) t[0] -= e;
        return t[0];
    }

    // The same for an element of a vector output.
    [Differentiable]
    public static void AccumulateOutput(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] = 1.7;
        foreach (var e in x) y[0] -= e;
    }

    [Differentiable]
    public static void Triple(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] = 3 * x[j];
    }

    // A vector-valued callee whose output the caller overwrites afterwards.
    [Differentiable]
    public static void OverwriteAfterCall(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        Triple(x, y);
        for (int j = 0; j < y.Length; j++) y[j] = a;
    }

    // The same inside a loop, where the callee's adjoint reads what the caller wrote since.
    [Differentiable]
    public static void OverwriteAfterCallInLoop(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            Triple(x, y);
            for (int j = 0; j < y.Length; j++) y[j] = a * y[j] + x[j];
        }
    }

    [Differentiable]
    public static double Sum3(ReadOnlySpan<double> p) => p[0] + p[1] + p[2];

    // An array overwritten in a loop, then passed whole to an array-taking callee.
    [Differentiable]
    public static double WithSum(double a)
    {
        double[] p = new double[3];
        for (int k = 0; k < 3; k++) { double e = p[k]; p[2] = a; a *= 2.0 + Math.Sin(e); }
        return a + Vectorized.Sum(p);
    }

    [Differentiable]
    public static double WithUserSum(double a)
    {
        double[] p = new double[3];
        for (int k = 0; k < 3; k++) { double e = p[k]; p[2] = a; a *= 2.0 + Math.Sin(e); }
        return a + Sum3(p);
    }

    // A pass whose value is overwritten before it is read has an infinite partial: it must not reach the gradient.
    [Differentiable]
    public static double DeadPass(double c)
    {
        double v = 0;
        for (int i = 0; i < 2; i++) v = c / (i * 0.3);
        return v;
    }

    // A callee that reads its output before writing it: the callee's own derivative takes the output's initial
    // contents as constants, and its callers' overload gives their adjoints back to the caller.
    [Differentiable]
    public static void ScaleInPlace(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] *= x[j];
    }

    [Differentiable]
    public static double ScaledConstants(double[] x)
    {
        var y = new double[x.Length];
        for (int j = 0; j < y.Length; j++) y[j] = 1.5;
        ScaleInPlace(x, y);
        double s = 0;
        for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        return s;
    }

    // The same dead pass through a store into a fixed element of a local array.
    [Differentiable]
    public static double DeadStore(double c)
    {
        var t = new double[1];
        for (int i = 0; i < 2; i++) t[0] = c / (i * 0.3);
        return t[0];
    }

    // A dead pass through a chain of operations in a while loop: Log(0) = −∞ in the first pass.
    [Differentiable]
    public static double DeadPassChain(double c)
    {
        double v = 0;
        int i = 0;
        while (i < 2) { v = Math.Log(c * i) + 1; i++; }
        return v;
    }

    // A dead pass through a call, whose partial 1/x² is infinite in the first pass.
    [Differentiable]
    public static double DeadPassCall(double c)
    {
        double v = 0;
        for (int i = 0; i < 2; i++) v = Reciprocal(c * i);
        return v;
    }

    [Differentiable]
    public static double Reciprocal(double x) => 1 / x;

    // The caller's array already holds x when the callee multiplies it by x: y = x², ∂/∂x = 2x.
    [Differentiable]
    public static double SquaredInPlace(double[] x)
    {
        var y = new double[x.Length];
        for (int j = 0; j < y.Length; j++) y[j] = x[j];
        ScaleInPlace(x, y);
        double s = 0;
        for (int j = 0; j < y.Length; j++) s += y[j];
        return s;
    }

    // A callee that leaves an element of its output alone: the caller's derivative of that element stays.
    [Differentiable]
    public static void SecondOnly(ReadOnlySpan<double> v, double p, Span<double> y) { y[1] = p * v[0]; }

    [Differentiable]
    public static void KeepsFirst(double x, double[] c, Span<double> y)
    {
        y[0] = x;
        y[1] = x;
        SecondOnly(c, 2.0 * x, y);
    }

    // The same through two levels of callees, in a loop whose passes accumulate into the caller's array.
    [Differentiable]
    public static void Accumulate(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++) y[j] += Math.Sin(x[j]);
    }

    [Differentiable]
    public static void AccumulateTwice(ReadOnlySpan<double> x, Span<double> y) => Accumulate(x, y);

    [Differentiable]
    public static double AccumulatedInLoop(double[] x, double a)
    {
        var y = new double[x.Length];
        for (int j = 0; j < y.Length; j++) y[j] = a * x[j];
        for (int pass = 0; pass < 3; pass++)
        {
            AccumulateTwice(x, y);
            y[0] = y[0] * a;
        }
        double s = 0;
        for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        return s;
    }

    // A chain of values that overflows to ±∞ and is then overwritten (found by the fuzzer): it reaches no result, so
    // none of its infinite partials may reach the gradient, as a tape would never have recorded it.
    [Differentiable]
    public static double DeadChain(double x)
    {
        double[] t = new double[4];
        for (int k = 0; k < 4; k++)
        {
            for (int i = 0; i < 4; i++)
            {
                t[i] += 1.0;
                for (int m = 0; m < 4; m++) x *= -x;
            }
            for (int j = 0; j < 2; j++)
            {
                x = Vectorized.Sum(t);
                for (int w = 0; w < 3; w++) x += t[(j + 2) % 4];
            }
        }
        return x;
    }

    // A value overwritten, in nested loops, by an array-taking callee (found by the fuzzer): the adjoint of what it
    // overwrote starts from zero.
    [Differentiable]
    public static double OverwrittenBySum(double[] a, int n)
    {
        double v = a[0];
        foreach (double e in a) v += a[0];
        for (int i = 0; i < n; i++)
        {
            foreach (double e in a) v = Vectorized.Sum(a);
        }
        return v;
    }

    [Differentiable]
    public static void SubtractThird(ReadOnlySpan<double> v, double p, Span<double> y) { y[0] -= v[2]; }

    // A fresh local array read before a callee overwrites it (found by the fuzzer): the adjoint sweep reads the
    // zeros it held, not what the callee left.
    [Differentiable]
    public static double ReadBeforeCallee(double[] a, double x)
    {
        double[] t = new double[4];
        double v = x * t[0];
        SubtractThird(a, v, t);
        return v + t[0];
    }

    /// <summary>
    /// A snapshot of a parameter (read before an assignment in the same expression) was propagated past the
    /// parameter's reassignment: <c>y = x0 + (x0 = 2·x1)</c> read the new x0 twice, and <c>x0 *= ...</c> became an
    /// update of itself whose adjoint lost ∂/∂x0.
    /// </summary>
    [Differentiable]
    public static double SnapshotBeforeReassignment(double x0, double x1)
    {
        double y = x0 + (x0 = x1 * 2);
        return y * x0;
    }

    [Differentiable]
    public static double UpdateWithAnAssignmentInside(double x0, double x1)
    {
        x0 *= x1 + (x1 = 3.0);
        return x0 * x1;
    }
}
