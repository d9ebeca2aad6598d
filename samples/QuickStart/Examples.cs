using DiffGen;

/// <summary>
/// Textbook functions. For each one the DiffGen generator writes, at compile time, <c>{Name}Gradient</c> (reverse mode)
/// and <c>{Name}Tangent</c> (forward mode) next to it; that is why the class is <c>partial</c>.
/// </summary>
public static partial class Examples
{
    /// <summary>A one-parameter loss with its minimum at w = 4; d/dw = 2(w − 4).</summary>
    [Differentiable]
    public static double Loss(double w) => (w - 4) * (w - 4);

    /// <summary>3x² + 5x; d/dx = 6x + 5.</summary>
    [Differentiable]
    public static double Poly(double x) => 3 * x * x + 5 * x;

    /// <summary>The Rosenbrock function: a narrow curved valley with its minimum 0 at (1, 1).</summary>
    [Differentiable]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }
}
