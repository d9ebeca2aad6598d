namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Loops (issue 3): for, while, do, foreach over arrays and spans; nested loops; break, continue and return inside
/// loops; trip counts from int parameters, array lengths and active values; branches inside loops; calls inside loops.
/// </summary>
public static partial class Loops
{
    // ---- simple reductions ----

    [Differentiable]
    public static double SumOfSquares(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
            s += v[i] * v[i];
        return s;
    }

    [Differentiable]
    public static double Dot(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++)
            s += u[i] * v[i];
        return s;
    }

    // c[0] + x·(c[1] + x·(c[2] + …)): the coefficients and x are differentiable; the loop counts down.
    [Differentiable]
    public static double Horner(double[] c, double x)
    {
        double r = 0;
        for (int i = c.Length - 1; i >= 0; i--)
            r = r * x + c[i];
        return r;
    }

    // ---- integer trip counts ----

    // x^n by repeated multiplication: the multiplications overwrite r, so reverse mode needs every r.
    [Differentiable]
    public static double Power(double x, int n)
    {
        double r = 1;
        for (int i = 0; i < n; i++)
            r *= x;
        return r;
    }

    // A while loop that counts its int parameter down.
    [Differentiable]
    public static double IterateMap(double x, double a, int n)
    {
        while (n > 0)
        {
            x = a * x * (1 - x) + 0.1 * Math.Sin(x);
            n--;
        }
        return x;
    }

    // The first count elements, with a stride of 2 (bound from an int parameter, not the length).
    [Differentiable]
    public static double StridedPartialSum(double[] v, int count)
    {
        double s = 0;
        for (int i = 0; i < count; i += 2)
            s += Math.Exp(v[i]) * (i + 1);
        return s;
    }

    // ---- trip counts from active values ----

    // √a by Newton's method until the step is below an ulp or so: the trip count depends on a.
    [Differentiable]
    public static double NewtonSqrt(double a)
    {
        double y = a < 1 ? 1 : a;
        double step = 1;
        int k = 0;
        while (Math.Abs(step) > 1e-15 * y && k < 100)
        {
            step = 0.5 * (a / y - y);
            y += step;
            k++;
        }
        return y;
    }

    // Lambert W (w·eʷ = a, a > 0) by Newton's method, stopped on a relative step.
    [Differentiable]
    public static double LambertW(double a)
    {
        double w = Math.Log(1 + a);
        for (int k = 0; k < 100; k++)
        {
            double e = Math.Exp(w);
            double step = (w * e - a) / (e * (w + 1));
            w -= step;
            if (Math.Abs(step) <= 1e-15 * (1 + Math.Abs(w)))
                break;
        }
        return w;
    }

    // eˣ by its Taylor series, summed until the terms no longer change the sum.
    [Differentiable]
    public static double ExpSeries(double x)
    {
        double term = 1, sum = 1;
        int k = 1;
        while (Math.Abs(term) > 1e-17 * Math.Abs(sum))
        {
            term *= x / k;
            sum += term;
            k++;
        }
        return sum;
    }

    // The fixed point of x = cos(x)/2 + a, iterated in a do-while until it settles.
    [Differentiable]
    public static double FixedPoint(double a)
    {
        double x = 0, previous;
        do
        {
            previous = x;
            x = 0.5 * Math.Cos(x) + a;
        }
        while (Math.Abs(x - previous) > 1e-15);
        return x;
    }

    // Grows y until it passes a threshold: the trip count (a do-while runs at least once) depends on x.
    [Differentiable]
    public static double GrowUntil(double x, double rate)
    {
        double y = x;
        int k = 0;
        do
        {
            y = y * rate + 0.1;
            k++;
        }
        while (y < 10 && k < 50);
        return y * k;
    }

    // ---- break, continue, return ----

    // Sum of squares up to the first negative element: a break on an active comparison.
    [Differentiable]
    public static double SquaresUntilNegative(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] < 0)
                break;
            s += v[i] * v[i];
        }
        return s;
    }

    // Skips small elements with continue; the threshold is differentiable too.
    [Differentiable]
    public static double SkipSmall(double[] v, double threshold)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (Math.Abs(v[i]) < threshold)
                continue;
            s += Math.Exp(v[i]) * threshold;
        }
        return s;
    }

    // Returns from inside the loop at the first element above t.
    [Differentiable]
    public static double FirstAbove(double[] v, double t)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] > t)
                return v[i] * v[i] - t * i;
        }
        return t * t;
    }

    // An infinite for with the exit inside, and a running product that continue skips.
    [Differentiable]
    public static double BreakOnIndex(double[] v, int limit)
    {
        double p = 1;
        for (int i = 0; ; i++)
        {
            if (i >= limit || i >= v.Length)
                break;
            if (i % 3 == 1)
                continue;
            p *= 1 + v[i] * v[i];
        }
        return Math.Log(p);
    }

    // ---- foreach ----

    [Differentiable]
    public static double ForEachArray(double[] v, double a)
    {
        double s = 0;
        foreach (var e in v)
            s += Math.Sin(a * e);
        return s;
    }

    [Differentiable]
    public static double ForEachSpan(ReadOnlySpan<double> v)
    {
        double p = 1;
        foreach (double e in v)
            p *= 1 + e * e;
        return Math.Log(p);
    }

    // ---- values overwritten inside the loop (the reverse sweep needs the old ones) ----

    [Differentiable]
    public static double ProductOfSines(double[] a)
    {
        double p = 1;
        for (int i = 0; i < a.Length; i++)
            p *= Math.Sin(a[i]);
        return p;
    }

    // x ← x² repeatedly, then a log to keep the value moderate.
    [Differentiable]
    public static double RepeatedSquaring(double x, int n)
    {
        for (int i = 0; i < n; i++)
            x = x * x;
        return Math.Log(x);
    }

    // Two variables updated from each other (a Fibonacci-like recurrence with an active coefficient).
    [Differentiable]
    public static double Recurrence(double x, double y, int n)
    {
        double a = 1, b = y;
        for (int i = 0; i < n; i++)
        {
            double next = a + b * x;
            a = b;
            b = next;
        }
        return a * b;
    }

    // ---- nested loops ----

    // xᵀAx with A a constant n×n matrix, flattened row by row.
    [Differentiable]
    public static double QuadraticForm(ReadOnlySpan<double> x, [NoDiff] double[] a)
    {
        int n = x.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
                row += a[i * n + j] * x[j];
            s += x[i] * row;
        }
        return s;
    }

    // Σ_{j<i} x[i]·x[j]·(j+1): the inner bound is the outer index.
    [Differentiable]
    public static double Triangular(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < i; j++)
                s += x[i] * x[j] * (j + 1);
        return s;
    }

    // Branches on the indices and on active values inside nested loops, with an overwritten product.
    [Differentiable]
    public static double NestedWithBranches(double[] x, double c)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double p = 1;
            for (int j = 0; j < x.Length; j++)
            {
                if (i == j)
                    continue;
                if ((i + j) % 2 == 0)
                    p *= Math.Cos(x[i] - x[j]);
                else if (x[i] * x[j] > c)
                    p *= x[i] * x[j] - c;
                else
                    p *= 1 + c * x[j];
            }
            s += p;
        }
        return s;
    }

    // A while loop inside a for, the inner trip count from an active value, with a break out of the inner loop.
    [Differentiable]
    public static double NestedWhile(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double y = x[i];
            int k = 0;
            while (y < 5)
            {
                y = y * 1.5 + 0.25;
                k++;
                if (k == 3)
                    break;
            }
            s += y * (k + 1);
        }
        return s;
    }

    // ---- calls inside loops ----

    [Differentiable]
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    // Σ sigmoid(w[i]·x[i] + b): each pass calls another [Differentiable] method.
    [Differentiable]
    public static double SumOfSigmoids(double[] w, double b, [NoDiff] double[] x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
            s += Sigmoid(w[i] * x[i] + b);
        return s;
    }
}
