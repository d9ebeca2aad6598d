namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// A hand-written <c>{Name}Pullback</c> on an operation over arrays (not an opaque type): generated callers compute
/// the value once, in the primal sweep, and hand it to the pullback; the counters show which form they call.
/// </summary>
public static partial class HandWrittenPullbacks
{
    [ThreadStatic] public static int Values, Gradients, Pullbacks;

    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> x)
    {
        Values++;
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }

    public static double SumOfSquaresGradient(ReadOnlySpan<double> x, Span<double> dX) => SumOfSquaresGradient(x, 1, dX);

    public static double SumOfSquaresGradient(ReadOnlySpan<double> x, double seed, Span<double> dX)
    {
        Gradients++;
        double s = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * x[i]; dX[i] += 2 * seed * x[i]; }
        return s;
    }

    public static void SumOfSquaresPullback(ReadOnlySpan<double> x, double result, double seed, Span<double> dX)
    {
        Pullbacks++;
        for (int i = 0; i < x.Length; i++) dX[i] += 2 * seed * x[i];
    }

    public static double SumOfSquaresTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double tangent)
    {
        double s = 0, t = 0;
        for (int i = 0; i < x.Length; i++) { s += x[i] * x[i]; t += 2 * x[i] * dX[i]; }
        tangent = t;
        return s;
    }

    /// <summary>a·‖w‖² + log(‖w‖² + 1), calling the operation twice.</summary>
    [Differentiable]
    public static double Loss(double[] w, double a) => a * SumOfSquares(w) + Math.Log(SumOfSquares(w) + 1);
}
