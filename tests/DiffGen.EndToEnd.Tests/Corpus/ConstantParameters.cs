namespace DiffGen.EndToEnd.Tests.Corpus;

public enum Shape
{
    Linear,
    Quadratic,
    Cubic,
}

/// <summary>
/// Parameters that are constants: [NoDiff] reals, integers, booleans and enums. They get no derivative
/// parameter, so the calls in the tests compile only if the generated signatures follow docs/API.md.
/// </summary>
public static partial class ConstantParameters
{
    [Differentiable]
    public static double NoDiffScale(double x, [NoDiff] double scale) => scale * x * x + scale;

    [Differentiable]
    public static double NoDiffInTheMiddle(double x, [NoDiff] double offset, double y) => (x - offset) * (y + offset) + Math.Sin(offset * x);

    [Differentiable]
    public static double IntAndBool(double x, int n, bool negate)
    {
        double r = Math.Pow(x, n) + n * x;
        return negate ? -r : r;
    }

    [Differentiable]
    public static double EnumParameter(double x, Shape shape)
    {
        if (shape == Shape.Linear)
            return 2 * x;
        if (shape == Shape.Quadratic)
            return x * x;
        return x * x * x;
    }

    [Differentiable]
    public static double AllConstantKinds(double x, int n, long m, short s, bool flag, Shape shape, [NoDiff] double c, double y)
    {
        double r = x * n + y * m - s * x * y;
        if (flag)
            r += c * x;
        if (shape == Shape.Cubic)
            r *= x;
        return r + c;
    }

    // Multi-letter names: derivative parameters are dWeights, dBias.
    [Differentiable]
    public static double Naming(double weights, double bias, [NoDiff] double learningRate, int steps)
        => (weights * steps + bias) * (weights - bias * learningRate);

    [Differentiable]
    internal static double InternalMethod(double x) => x * x * 0.5;
}
