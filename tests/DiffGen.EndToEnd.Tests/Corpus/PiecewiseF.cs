namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision versions of <see cref="Piecewise"/>.</summary>
public static partial class PiecewiseF
{
    [Differentiable] public static float Abs(float x) => MathF.Abs(x);
    [Differentiable] public static float AbsThroughMath(float x, float y) => Math.Abs(x * y - 1) * x;
    [Differentiable] public static float Max(float x, float y) => MathF.Max(x, y);
    [Differentiable] public static float Min(float x, float y) => MathF.Min(x, y);
    [Differentiable] public static float Clamp(float x, float low, float high) => Math.Clamp(x, low, high);
    [Differentiable] public static float Sign(float x) => MathF.Sign(x) * x * x;
    [Differentiable] public static float Floor(float x) => MathF.Floor(x) * x;
    [Differentiable] public static float Ceiling(float x) => MathF.Ceiling(x) * x * x;
    [Differentiable] public static float Round(float x) => MathF.Round(x) + x * MathF.Round(2 * x);
    [Differentiable] public static float Truncate(float x) => MathF.Truncate(x) * MathF.Sin(x);
    [Differentiable] public static float Remainder(float x, float y) => x % y;
}
