namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Functions with kinks or jumps: Abs, Max, Min, Clamp, Sign, Floor, Ceiling, Round, Truncate and %.
/// Away from the kinks they are smooth; the rounding functions and Sign are piecewise constant (zero derivative).
/// </summary>
public static partial class Piecewise
{
    [Differentiable] public static double Abs(double x) => Math.Abs(x);
    [Differentiable] public static double AbsOfExpression(double x, double y) => Math.Abs(x * y - 1) * x;

    [Differentiable] public static double Max(double x, double y) => Math.Max(x, y);
    [Differentiable] public static double MaxOfExpressions(double x, double y) => Math.Max(x * x, x + y) * y;

    [Differentiable] public static double Min(double x, double y) => Math.Min(x, y);
    [Differentiable] public static double MinOfExpressions(double x, double y) => Math.Min(Math.Sin(x), x * y) + x;

    [Differentiable] public static double Clamp(double x, double low, double high) => Math.Clamp(x, low, high);
    [Differentiable] public static double ClampConstantBounds(double x) => Math.Clamp(x * x, 0.5, 2.0) * x;

    // Math.Sign returns int: the product rule sees a constant factor.
    [Differentiable] public static double Sign(double x) => Math.Sign(x) * x * x;
    [Differentiable] public static double SignOfDifference(double x, double y) => Math.Sign(x - y) * (x - y) * y;

    [Differentiable] public static double Floor(double x) => Math.Floor(x) * x;
    [Differentiable] public static double Ceiling(double x) => Math.Ceiling(x) * x * x;
    [Differentiable] public static double Round(double x) => Math.Round(x) + x * Math.Round(2 * x);
    [Differentiable] public static double Truncate(double x) => Math.Truncate(x) * Math.Sin(x);
    [Differentiable] public static double FloorAlone(double x) => Math.Floor(x);

    [Differentiable] public static double Remainder(double x, double y) => x % y;
    [Differentiable] public static double RemainderOfExpressions(double x, double y) => x * x % (y + 1) * x;
}
