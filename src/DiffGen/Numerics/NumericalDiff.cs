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
        double plus = f(x + step), minus = f(x - step);
        previous[0] = (plus - minus) / (2 * step);
        double best = previous[0];
        double bestNoise = RoundingNoise(plus, minus, step);
        errorEstimate = double.MaxValue;
        for (int i = 1; i < Size; i++)
        {
            step /= Shrink;
            plus = f(x + step);
            minus = f(x - step);
            current[0] = (plus - minus) / (2 * step);
            double noise = RoundingNoise(plus, minus, step);
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
                    bestNoise = noise;
                }
            }
            // Stop once the higher orders get worse: rounding error has taken over.
            if (Math.Abs(current[i] - previous[i - 1]) >= 2 * errorEstimate) break;
            Span<double> swap = previous;
            previous = current;
            current = swap;
        }
        // Neighbouring tableau entries share their rounding error, so their spread alone can understate it (even
        // to zero): the estimate never claims less than the rounding noise of the differences it was built from.
        errorEstimate = Math.Max(errorEstimate, bestNoise);
        return best;
    }

    /// <summary>The rounding error of (f(x + h) − f(x − h)) / 2h, each value being off by up to an ulp or so.</summary>
    private static double RoundingNoise(double plus, double minus, double step)
        => MachineEpsilon * (Math.Abs(plus) + Math.Abs(minus)) / (2 * step);

    // 2⁻⁵², the spacing of doubles at 1 (double.Epsilon is the smallest subnormal, something else entirely).
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>f′(x) for a single-precision function, extrapolated in double precision.</summary>
    public static float Derivative(Func<float, float> f, float x, float h = 1e-2f)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckStep(h);
        // The explicit double parameter matters: with float arguments this call would otherwise bind to this overload.
        return (float)Derivative((double v) => f((float)v), (double)x, (double)h);
    }

    /// <summary>
    /// The gradient of f at <paramref name="x"/>, one <see cref="Derivative(Func{double, double}, double, double)"/>
    /// per coordinate. <paramref name="x"/> is restored before returning, also when f throws.
    /// </summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        CheckStep(h);
        var gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            int index = i;
            try
            {
                gradient[i] = Derivative(v =>
                {
                    x[index] = v;
                    return f(x);
                }, saved, h);
            }
            finally
            {
                // Restore even when f throws: x belongs to the caller.
                x[i] = saved;
            }
        }
        return gradient;
    }

    /// <summary>The directional derivative of f at <paramref name="x"/> along <paramref name="direction"/>.</summary>
    public static double DirectionalDerivative(Func<double[], double> f, double[] x, double[] direction, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(direction);
        CheckStep(h);
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
