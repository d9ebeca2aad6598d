namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision versions of a representative subset of <see cref="Bodies"/>.</summary>
public static partial class BodiesF
{
    [Differentiable]
    public static float ExpressionBody(float x, float y) => x * y + x;

    [Differentiable]
    public static float Locals(float x, float y)
    {
        float sum = x + y;
        var product = x * y;
        float combined = sum * product - x;
        return combined / (1 + y * y);
    }

    [Differentiable]
    public static float ReassignParameter(float x, float y)
    {
        x = x * x + y;
        y = y * x;
        x = x - y;
        return x * y;
    }

    [Differentiable]
    public static float CompoundOnParameters(float x, float y)
    {
        x += y;
        y *= x;
        x -= y / 3;
        y /= x + 2;
        return x * y;
    }

    [Differentiable]
    public static float UnaryMinus(float x, float y) => -x * -(y - x) + -(-x * y);

    [Differentiable]
    public static float IncrementDecrementLocal(float x)
    {
        float t = x * x;
        t++;
        ++t;
        t--;
        float before = t++;
        float after = ++t;
        --t;
        return before * after * t;
    }

    [Differentiable]
    public static float IntegerParameter(float x, int n) => x * n + (float)n * n / (x * x + 1);

    [Differentiable]
    public static float Constants(float x) => MathF.PI * x * x + MathF.E * x + 2.5f / x - 1e-3f;
}
