namespace DiffGen.Tensors;

/// <summary>Functions .NET's Math lacks, with their derivatives written by hand.</summary>
public static partial class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.12837916709551257390;

    /// <summary>
    /// The error function to about 1e-15: for |x| &lt; 3 the series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)), whose terms
    /// are all positive (nothing cancels); above, 1 − erfc(x) from erfc's continued fraction; ±1 beyond 6.
    /// </summary>
    [Differentiable]
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        double value;
        if (a < 3)
        {
            double term = a, sum = a, x2 = a * a;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            value = TwoOverSqrtPi * Math.Exp(-x2) * sum;
        }
        else if (a < 6)
        {
            // erfc(a) = e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …))))), evaluated from the tail.
            double fraction = a;
            for (int k = 60; k >= 1; k--) fraction = a + k / 2.0 / fraction;
            value = 1 - Math.Exp(-a * a) / (1.77245385090551602730 * fraction);
        }
        else
        {
            value = 1;
        }
        return x < 0 ? -value : value;
    }

    /// <summary>Forward mode of <see cref="Erf"/>: 2/√π·e^(−x²)·dX.</summary>
    public static double ErfTangent(double x, double dX, out double tangent)
    {
        tangent = TwoOverSqrtPi * Math.Exp(-x * x) * dX;
        return Erf(x);
    }

    /// <summary>Reverse mode of <see cref="Erf"/>.</summary>
    public static double ErfGradient(double x, out double dX)
    {
        dX = TwoOverSqrtPi * Math.Exp(-x * x);
        return Erf(x);
    }

    /// <summary>Reverse mode of <see cref="Erf"/> with a seed.</summary>
    public static double ErfGradient(double x, double seed, out double dX)
    {
        dX = seed * TwoOverSqrtPi * Math.Exp(-x * x);
        return Erf(x);
    }
}
