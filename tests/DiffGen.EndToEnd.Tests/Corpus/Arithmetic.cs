namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>The four arithmetic operators, alone and nested.</summary>
public static partial class Arithmetic
{
    [Differentiable]
    public static double Add(double x, double y) => x + y;

    [Differentiable]
    public static double Subtract(double x, double y) => x - y;

    [Differentiable]
    public static double Multiply(double x, double y) => x * y;

    [Differentiable]
    public static double Divide(double x, double y) => x / y;

    [Differentiable]
    public static double Reciprocal(double x) => 1 / x;

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Polynomial(double x) => ((2 * x - 3) * x + 1) * x - 5;

    [Differentiable]
    public static double Rational(double x, double y) => (x * x - y) / (x * y + 1);

    [Differentiable]
    public static double Nested(double x, double y, double z) => ((x + y) * (x - z) / (y * z + 2) - x / (y - 3)) * (z + x * y);

    [Differentiable]
    public static double DeepNesting(double x, double y) => (x * y + 1) / (x - y * y) * ((x + 2) / (y + 3)) - x / (y * (x + 1));

    [Differentiable]
    public static double Precedence(double x, double y, double z) => x + y * z - x / y * z + (x - y) * (y - z);

    [Differentiable]
    public static double ThreeInputs(double x, double y, double z) => x * y * z / (x + y + z);

    [Differentiable]
    public static double LiteralsOnBothSides(double x) => 2 - x / 4 + 3 / (x * x) - (x - 1) * 0.5;
}
