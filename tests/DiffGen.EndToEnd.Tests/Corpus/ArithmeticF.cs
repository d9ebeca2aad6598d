namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision versions of <see cref="Arithmetic"/>.</summary>
public static partial class ArithmeticF
{
    [Differentiable]
    public static float Add(float x, float y) => x + y;

    [Differentiable]
    public static float Subtract(float x, float y) => x - y;

    [Differentiable]
    public static float Multiply(float x, float y) => x * y;

    [Differentiable]
    public static float Divide(float x, float y) => x / y;

    [Differentiable]
    public static float Polynomial(float x) => ((2 * x - 3) * x + 1) * x - 5;

    [Differentiable]
    public static float Rational(float x, float y) => (x * x - y) / (x * y + 1);

    [Differentiable]
    public static float Nested(float x, float y, float z) => ((x + y) * (x - z) / (y * z + 2) - x / (y - 3)) * (z + x * y);

    [Differentiable]
    public static float LiteralsOnBothSides(float x) => 2f - x / 4f + 3f / (x * x) - (x - 1f) * 0.5f;
}
