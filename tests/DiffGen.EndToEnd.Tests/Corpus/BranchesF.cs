namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision versions of a subset of <see cref="Branches"/>.</summary>
public static partial class BranchesF
{
    [Differentiable]
    public static float IfElse(float x, float y)
    {
        float r;
        if (x < y)
            r = x * y;
        else
            r = x + y * y;
        return r;
    }

    [Differentiable]
    public static float ElseIfChain(float x)
    {
        float r;
        if (x < -1)
            r = -x;
        else if (x < 0)
            r = x * x;
        else if (x <= 1)
            r = MathF.Sin(x);
        else
            r = MathF.Log(x) + 0.75f;
        return r * x;
    }

    [Differentiable]
    public static float EarlyReturn(float x, float y)
    {
        if (x > 2)
            return x * x;
        float t = x * y;
        if (t < 0)
            return -t * y;
        t += y;
        return t * x;
    }

    [Differentiable]
    public static float NestedTernary(float x, float y)
        => x < 0 ? (y < 0 ? x * y : x + y) : (y < 0 ? x - y * y : x / (y + 1));

    [Differentiable]
    public static float LogicalAnd(float x, float y)
    {
        if (x > 0 && y > 0)
            return x * y;
        return x + y;
    }

    [Differentiable]
    public static float Sinc(float x) => x == 0 ? 1 : MathF.Sin(x) / x;
}
