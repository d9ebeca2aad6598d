namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>A special function from "another library": no [Differentiable], no derivatives of its own.</summary>
public static class SpecialFunctions
{
    /// <summary>erf by its Maclaurin series (accurate for |x| ≲ 3).</summary>
    public static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200 && Math.Abs(term) > 1e-18; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}

public static partial class CustomDerivatives
{
    // ---- A hand-written derivative: softplus, stable where the generated one overflows ----

    [Differentiable]
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>σ(x) computed without overflow, and the value by the stable form max(x, 0) + log1p(e^-|x|).</summary>
    public static double SoftplusGradient(double x, out double dX)
    {
        double e = Math.Exp(-Math.Abs(x));
        dX = x >= 0 ? 1 / (1 + e) : e / (1 + e);
        return Math.Max(x, 0) + Math.Log(1 + e);
    }

    [Differentiable]
    public static double SoftplusLoss(double w, [NoDiff] double x) => Softplus(w * x) - w;

    // ---- Registered derivatives of a method we do not own ----

    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.Erf))]
    public static double ErfGradient(double x, out double dX)
    {
        dX = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
        return SpecialFunctions.Erf(x);
    }

    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.Erf))]
    public static double ErfTangent(double x, double dX, out double tangent)
    {
        tangent = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * dX;
        return SpecialFunctions.Erf(x);
    }

    /// <summary>The normal CDF through erf.</summary>
    [Differentiable]
    public static double NormalCdf(double x, double mu, double sigma) => 0.5 * (1 + SpecialFunctions.Erf((x - mu) / (sigma * Math.Sqrt(2))));

    // ---- Constants ----

    [Differentiable]
    public static double Stopped(double x, double y) => x * DiffMath.StopGradient(x * y) + y;

    [NoDiff]
    public static double Quantize(double x) => Math.Round(x * 4) / 4;

    [Differentiable]
    public static double UsesQuantized(double x) => Quantize(x) * x * x;
}
