namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision versions of <see cref="MathFunctions"/>, through <see cref="MathF"/>.</summary>
public static partial class MathFunctionsF
{
    [Differentiable] public static float Sin(float x) => MathF.Sin(x);
    [Differentiable] public static float Cos(float x) => MathF.Cos(x);
    [Differentiable] public static float Tan(float x) => MathF.Tan(x);
    [Differentiable] public static float Asin(float x) => MathF.Asin(x);
    [Differentiable] public static float Acos(float x) => MathF.Acos(x);
    [Differentiable] public static float Atan(float x) => MathF.Atan(x);
    [Differentiable] public static float Atan2(float y, float x) => MathF.Atan2(y, x);
    [Differentiable] public static float Sinh(float x) => MathF.Sinh(x);
    [Differentiable] public static float Cosh(float x) => MathF.Cosh(x);
    [Differentiable] public static float Tanh(float x) => MathF.Tanh(x);
    [Differentiable] public static float Exp(float x) => MathF.Exp(x);
    [Differentiable] public static float Log(float x) => MathF.Log(x);
    [Differentiable] public static float LogWithBase(float x, float newBase) => MathF.Log(x, newBase);
    [Differentiable] public static float Log10(float x) => MathF.Log10(x);
    [Differentiable] public static float Log2(float x) => MathF.Log2(x);
    [Differentiable] public static float Sqrt(float x) => MathF.Sqrt(x);
    [Differentiable] public static float Cbrt(float x) => MathF.Cbrt(x);
    [Differentiable] public static float Asinh(float x) => MathF.Asinh(x);
    [Differentiable] public static float Acosh(float x) => MathF.Acosh(x + 1);
    [Differentiable] public static float Atanh(float x) => MathF.Atanh(x);
    [Differentiable] public static float ScaleB(float x, int n) => MathF.ScaleB(x, n);
    [Differentiable] public static float CopySign(float x, float y) => MathF.CopySign(x, y);
    [Differentiable] public static float BitIncrement(float x) => MathF.BitIncrement(x) * x;
    [Differentiable] public static float BitDecrement(float x) => MathF.BitDecrement(x) * x;
    [Differentiable] public static float MaxMagnitude(float x, float y) => MathF.MaxMagnitude(x, y);
    [Differentiable] public static float MinMagnitude(float x, float y) => MathF.MinMagnitude(x, y);
    [Differentiable] public static float IEEERemainder(float x, float y) => MathF.IEEERemainder(x, y);
    [Differentiable] public static float FusedMultiplyAdd(float x, float y, float z) => MathF.FusedMultiplyAdd(x, y, z);
    [Differentiable] public static float Hypot(float x, float y) => MathF.Sqrt(x * x + y * y);
    [Differentiable] public static float FloatClassFunctions(float x, float y) => float.Asinh(x * y) + float.CopySign(x, y) * float.ScaleB(y, 3);

    [Differentiable] public static float PowVariableBase(float x) => MathF.Pow(x, 2.5f);
    [Differentiable] public static float PowVariableExponent(float y) => MathF.Pow(2.5f, y);
    [Differentiable] public static float PowBoth(float x, float y) => MathF.Pow(x, y);
    [Differentiable] public static float PowConstantInteger(float x) => MathF.Pow(x, 3);
    [Differentiable] public static float PowIntegerParameter(float x, int n) => MathF.Pow(x, n);

    [Differentiable] public static float SinOfProduct(float x, float y) => MathF.Sin(x * y) * MathF.Cos(x - y);
    [Differentiable] public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    [Differentiable]
    public static float Gaussian(float x, float mu, float sigma)
        => MathF.Exp(-(x - mu) * (x - mu) / (2f * sigma * sigma)) / (sigma * MathF.Sqrt(2f * MathF.PI));

    [Differentiable]
    public static float NestedFunctions(float x)
        => MathF.Sqrt(1 + MathF.Sin(x) * MathF.Sin(x)) * MathF.Tanh(MathF.Cbrt(x)) + MathF.Log10(MathF.Cosh(x)) - MathF.Log2(2 + MathF.Atan(x));
}
