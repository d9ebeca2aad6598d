namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Scalar methods of scalar parameters: they also get GradientTangent (Hessian-vector product) and Hessian.</summary>
public static partial class SecondOrder
{
    [Differentiable]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    [Differentiable]
    public static double Mixed(double a, double b, double c, int n)
    {
        double r = Math.Sin(a * b) * n + Math.Exp(c) / b;
        if (a > 0.5) r += Math.Log(a * c) * Math.Sqrt(b);
        else r -= Math.Atan2(a, c);
        return r * Math.Tanh(a - c) + Math.Pow(b, a);
    }

    [Differentiable]
    public static double Quadratic(double x, double y, [NoDiff] double k) => 3 * x * x - 2 * x * y + k * y * y;

    [Differentiable]
    public static float Single(float x, float y) => MathF.Exp(x * y) + MathF.Cos(x) * y;
}

/// <summary>Newton's method with the generated Hessian.</summary>
public static class Newton
{
    public static (double X, double Y, int Steps) MinimizeRosenbrock(double x, double y, int maxSteps = 50)
    {
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        for (int step = 0; step < maxSteps; step++)
        {
            SecondOrder.RosenbrockHessian(x, y, g, h);
            if (Math.Abs(g[0]) + Math.Abs(g[1]) < 1e-12) return (x, y, step);
            double det = h[0] * h[3] - h[1] * h[2];
            x -= (h[3] * g[0] - h[1] * g[1]) / det;
            y -= (h[0] * g[1] - h[2] * g[0]) / det;
        }
        return (x, y, maxSteps);
    }
}

/// <summary>Array parameters and loops: their GradientTangent is a Hessian-vector product.</summary>
public static partial class ArraySecondOrder
{
    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    [Differentiable]
    public static double LogSumExp(double[] x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++) if (x[i] > m) m = x[i];
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += Math.Exp(x[i] - m);
        return m + Math.Log(s);
    }

    [Differentiable]
    public static double Chain(double[] x, double scale)
    {
        var c = new double[x.Length + 1];
        c[0] = scale;
        for (int i = 0; i < x.Length; i++) c[i + 1] = c[i] * Math.Cos(x[i]) + x[i];
        double s = 0;
        foreach (var v in c) s += v * v;
        return s;
    }

    [Differentiable]
    public static double Bump(double x, double y) => Math.Sin(x) * y * y + Math.Exp(0.3 * x * y);

    /// <summary>Calls other [Differentiable] methods (a scalar one twice, and one on arrays): inlined for its Hessian.</summary>
    [Differentiable]
    public static double Composed(double x, double y, int n)
    {
        double total = Bump(x, y) + x * Bump(y, x);
        for (int k = 0; k < n; k++) total += Bump(total * 0.1, y);
        return total;
    }
}
