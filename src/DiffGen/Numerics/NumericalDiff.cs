using System;

namespace DiffGen;

/// <summary>
/// Numerical differentiation: the reference every generated derivative is checked against, and the tool users
/// reach for to check their own derivatives. Central differences, refined by Richardson extrapolation.
/// </summary>
public static class NumericalDiff
{
    /// <summary>Default initial step of <see cref="Derivative(Func{double, double}, double, double)"/>.</summary>
    public const double DefaultStep = 1e-2;

    /// <summary>
    /// The plain central difference (f(x + h) − f(x − h)) / 2h: error O(h²) from truncation plus O(ε/h) from rounding.
    /// </summary>
    public static double CentralDifference(Func<double, double> f, double x, double h = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckStep(h);
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    /// <summary>
    /// f′(x) by central differences with Richardson extrapolation (Ridders' method): the step shrinks from
    /// <paramref name="h"/> and a Neville tableau cancels the error terms, which typically gives 10–13 correct digits.
    /// </summary>
    public static double Derivative(Func<double, double> f, double x, double h = DefaultStep)
        => Derivative(f, x, out _, h);

    /// <summary>
    /// f′(x) by Richardson-extrapolated central differences, with an estimate of the remaining absolute error.
    /// </summary>
    public static double Derivative(Func<double, double> f, double x, out double errorEstimate, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckStep(h);
        const int Size = 10;
        const double Shrink = 1.4, Shrink2 = Shrink * Shrink;
        Span<double> previous = stackalloc double[Size];
        Span<double> current = stackalloc double[Size];
        double step = h;
        previous[0] = (f(x + step) - f(x - step)) / (2 * step);
        double best = previous[0];
        errorEstimate = double.MaxValue;
        for (int i = 1; i < Size; i++)
        {
            step /= Shrink;
            current[0] = (f(x + step) - f(x - step)) / (2 * step);
            double factor = Shrink2;
            for (int j = 1; j <= i; j++)
            {
                // Each column cancels the next even power of h from the truncation error.
                current[j] = (current[j - 1] * factor - previous[j - 1]) / (factor - 1);
                factor *= Shrink2;
                double error = Math.Max(Math.Abs(current[j] - current[j - 1]), Math.Abs(current[j] - previous[j - 1]));
                if (error <= errorEstimate)
                {
                    errorEstimate = error;
                    best = current[j];
                }
            }
            // Stop once the higher orders get worse: rounding error has taken over.
            if (Math.Abs(current[i] - previous[i - 1]) >= 2 * errorEstimate) break;
            Span<double> swap = previous;
            previous = current;
            current = swap;
        }
        return best;
    }

    /// <summary>f′(x) for a single-precision function, extrapolated in double precision.</summary>
    public static float Derivative(Func<float, float> f, float x, float h = 1e-2f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return (float)Derivative(v => f((float)v), x, h);
    }

    /// <summary>
    /// The gradient of f at <paramref name="x"/>, one <see cref="Derivative(Func{double, double}, double, double)"/>
    /// per coordinate. <paramref name="x"/> is restored before returning.
    /// </summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            int index = i;
            gradient[i] = Derivative(v =>
            {
                x[index] = v;
                return f(x);
            }, saved, h);
            x[i] = saved;
        }
        return gradient;
    }

    /// <summary>The directional derivative of f at <paramref name="x"/> along <paramref name="direction"/>.</summary>
    public static double DirectionalDerivative(Func<double[], double> f, double[] x, double[] direction, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(direction);
        if (direction.Length != x.Length)
            throw new ArgumentException($"direction has length {direction.Length}, but x has length {x.Length}.", nameof(direction));
        var point = new double[x.Length];
        return Derivative(t =>
        {
            for (int i = 0; i < x.Length; i++) point[i] = x[i] + t * direction[i];
            return f(point);
        }, 0.0, h);
    }

    private static void CheckStep(double h)
    {
        if (!(h > 0) || double.IsInfinity(h))
            throw new ArgumentOutOfRangeException(nameof(h), h, "The step must be a positive finite number.");
    }
}
