namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision calls between [Differentiable] methods.</summary>
public static partial class CallsF
{
    [Differentiable]
    private static float Square(float x) => x * x;

    [Differentiable]
    public static float ScaledPower(float x, int power, [NoDiff] float scale) => scale * MathF.Pow(x, power);

    [Differentiable]
    public static float CalleeTwiceWithDifferentArguments(float x, float y) => Square(x) + Square(x * y - 1);

    [Differentiable]
    public static float CalleeWithIntAndNoDiff(float x, float y) => ScaledPower(x * y, 3, 2.5f) + ScaledPower(y, 2, 0.5f);

    [Differentiable]
    public static float NestedStruct(float x) => OuterF.InnerStruct.Wave(x) * x;

    [Differentiable]
    public static float Chain(float x) => OuterF.Middle(x) + x;
}

public static partial class OuterF
{
    public partial struct InnerStruct
    {
        [Differentiable]
        public static float Wave(float x) => MathF.Sin(x) * MathF.Cos(2 * x);
    }

    public partial record InnerRecord
    {
        [Differentiable]
        internal static float Leaf(float x) => MathF.Sin(x) + x * x;
    }

    [Differentiable]
    public static float Middle(float x) => InnerRecord.Leaf(x * 2) * x;
}
