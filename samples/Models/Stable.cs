using DiffGen;

/// <summary>
/// Custom derivatives. Softplus log(1 + eˣ) is written once naively (the generator differentiates it as written, and
/// eˣ overflows for x ≳ 710) and once with a hand-written, overflow-free <c>SoftplusGradient</c>/<c>SoftplusTangent</c>
/// that every generated caller uses instead of differentiating the body.
/// </summary>
public static partial class Stable
{
    /// <summary>The textbook formula: e⁸⁰⁰ = ∞, so the value is ∞ and the generated derivative ∞/∞ = NaN.</summary>
    [Differentiable]
    public static double NaiveSoftplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>
/// Softplus by the stable form max(x, 0) + log1p(e^−|x|): e^−|x| ≤ 1 never overflows. The generator does not
/// differentiate this body (both modes are hand-written below), but it still checks it, so Log1p needs its derivatives
/// registered (<see cref="Log1pDerivatives"/>).
/// </summary>
    [Differentiable]
    public static double Softplus(double x) => Math.Max(x, 0) + SpecialFunctions.Log1p(Math.Exp(-Math.Abs(x)));

    /// <summary>Hand-written reverse mode: σ(x) from e^−|x|, so neither branch overflows.</summary>
    public static double SoftplusGradient(double x, out double dX)
    {
        dX = Sigmoid(x);
        return Softplus(x);
    }

    /// <summary>Hand-written forward mode: tangent = σ(x)·dX.</summary>
    public static double SoftplusTangent(double x, double dX, out double tangent)
    {
        tangent = Sigmoid(x) * dX;
        return Softplus(x);
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ), evaluated through e^−|x| ∈ (0, 1].</summary>
    public static double Sigmoid(double x)
    {
        double e = Math.Exp(-Math.Abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /// <summary>
    /// Logistic-regression loss of one example with label y ∈ {−1, +1}: softplus(−y·(w·x + b)). Its generated
    /// gradient and tangent call the hand-written ones above.
    /// </summary>
    [Differentiable]
    public static double LogisticLoss(double w, double b, [NoDiff] double x, [NoDiff] double y) => Softplus(-y * (w * x + b));

    /// <summary>The same loss with the naive softplus, for comparison.</summary>
    [Differentiable]
    public static double NaiveLogisticLoss(double w, double b, [NoDiff] double x, [NoDiff] double y) => NaiveSoftplus(-y * (w * x + b));

    /// <summary>The mean loss over a dataset: a loop calling Softplus, differentiated with the hand-written derivative.</summary>
    [Differentiable]
    public static double MeanLogisticLoss(double w, double b, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++) sum += Softplus(-ys[i] * (w * xs[i] + b));
        return sum / xs.Length;
    }

    /// <summary>The normal CDF Φ((x − μ)/σ) through erf, a function from "another library" (below).</summary>
    [Differentiable]
    public static double NormalCdf(double x, double mu, double sigma) => 0.5 * (1 + SpecialFunctions.Erf((x - mu) / (sigma * Math.Sqrt(2))));
}

/// <summary>
/// Stands for a library we do not own: no [Differentiable], no derivatives. <see cref="Log1pDerivatives"/> and
/// <see cref="ErfDerivatives"/> register them.
/// </summary>
public static class SpecialFunctions
{
    /// <summary>
    /// log(1 + x), accurate for tiny x where 1 + x rounds (Kahan's trick: the rounding of u = 1 + x cancels in
    /// log(u)·x / (u − 1)). .NET's double.LogP1 is Math.Log(x + 1), which keeps only a few digits for |x| ≈ 1e-13.
    /// </summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>erf(x): Maclaurin series for |x| &lt; 3, continued fraction for erfc beyond; about 14 correct digits.</summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (a < 3)
        {
            double sum = 0, term = x;
            for (int n = 0; n < 100 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }
        // erfc(a) = e^−a² / √π · 1 / (a + (1/2) / (a + 1 / (a + (3/2) / (a + ...)))), evaluated from the tail.
        double k = a;
        for (int n = 60; n >= 1; n--) k = a + n / 2.0 / k;
        double erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / k;
        return Math.Sign(x) * (1 - erfc);
    }
}

/// <summary>Derivatives of <see cref="SpecialFunctions.Log1p"/>, registered with [DerivativeOf]: d/dx log(1 + x) = 1 / (1 + x).</summary>
public static class Log1pDerivatives
{
    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.Log1p))]
    public static double Log1pGradient(double x, out double dX)
    {
        dX = 1 / (1 + x);
        return SpecialFunctions.Log1p(x);
    }

    [DerivativeOf(typeof(SpecialFunctions), nameof(SpecialFunctions.Log1p))]
    public static double Log1pTangent(double x, double dX, out double tangent)
    {
        tangent = dX / (1 + x);
        return SpecialFunctions.Log1p(x);
    }
}

/// <summary>Derivatives of <see cref="SpecialFunctions.Erf"/>, registered with [DerivativeOf]: d/dx erf(x) = 2/√π · e^−x².</summary>
public static class ErfDerivatives
{
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
}
