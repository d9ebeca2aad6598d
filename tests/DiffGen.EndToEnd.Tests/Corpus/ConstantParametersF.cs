namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision constant parameters.</summary>
public static partial class ConstantParametersF
{
    [Differentiable]
    public static float NoDiffInTheMiddle(float x, [NoDiff] float offset, float y) => (x - offset) * (y + offset) + MathF.Sin(offset * x);

    [Differentiable]
    public static float IntAndBool(float x, int n, bool negate)
    {
        float r = MathF.Pow(x, n) + n * x;
        return negate ? -r : r;
    }
}
