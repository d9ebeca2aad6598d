namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Calls between [Differentiable] methods: same class (private, internal, public callees), another class,
/// nested class/struct/record, constants passed to integer and [NoDiff] parameters, chains, repeated calls.
/// </summary>
public static partial class Calls
{
    [Differentiable]
    private static double Square(double x) => x * x;

    [Differentiable]
    internal static double Cube(double x) => x * x * x;

    [Differentiable]
    public static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);

    [Differentiable]
    public static double ScaledPower(double x, int power, [NoDiff] double scale) => scale * Math.Pow(x, power);

    [Differentiable]
    public static double CallsPrivate(double x) => Square(x) + 2 * x;

    [Differentiable]
    public static double CallsInternal(double x, double y) => Cube(x * y) - y;

    [Differentiable]
    public static double CallsPublic(double x, double y) => Hypot(x, y) * x;

    [Differentiable]
    public static double CalleeTwiceWithDifferentArguments(double x, double y) => Square(x) + Square(x * y - 1);

    [Differentiable]
    public static double CalleeOfCallee(double x) => Square(Square(x) + 1);

    [Differentiable]
    public static double SameVariableForBothArguments(double x) => Hypot(x, x);

    [Differentiable]
    public static double ConstantForADifferentiableArgument(double x) => Hypot(3.0, x) + Hypot(x, 0.5);

    [Differentiable]
    public static double CalleeWithIntAndNoDiff(double x, double y) => ScaledPower(x * y, 3, 2.5) + ScaledPower(y, 2, 0.5);

    [Differentiable]
    public static double ForwardsConstants(double x, [NoDiff] double scale, int power) => ScaledPower(x, power, scale) * x;

    [Differentiable]
    public static double OtherClass(double x, double y) => CalleeLibrary.Smooth(x) * y + CalleeLibrary.Smooth(y);

    [Differentiable]
    public static double NestedClass(double x, double y) => Outer.Inner.Blend(x, y, 0.25) - x;

    [Differentiable]
    public static double NestedStruct(double x) => Outer.InnerStruct.Wave(x) * x;

    [Differentiable]
    public static double NestedRecord(double x, double y) => Outer.InnerRecord.Energy(x, y) / (1 + x * x);

    [Differentiable]
    public static double NestedRecordStruct(double x, double y) => Outer.InnerRecordStruct.Spring(x, y) + y;

    [Differentiable]
    public static double PrivateNestedClassThroughItsParent(double x) => Outer.UsesHidden(x) + x;

    // Chain: Calls.Chain → CalleeLibrary.Middle → Outer.Inner.Leaf.
    [Differentiable]
    public static double Chain(double x) => CalleeLibrary.Middle(x) + x;

    [Differentiable]
    public static double CallInBranch(double x, double y)
    {
        if (x > y)
            return Square(x - y);
        return Hypot(x, y);
    }

    [Differentiable]
    public static double CallResultReassigned(double x)
    {
        double t = Square(x);
        t = Cube(t) - t;
        return t;
    }

    [Differentiable]
    public static double CallAsCompoundOperand(double x)
    {
        double s = x;
        s += Square(x);
        s *= Cube(x);
        return s;
    }

    [Differentiable]
    public static double CallInsideMathCall(double x, double y) => Math.Sin(Hypot(x, y)) * Math.Exp(Square(y) * 0.1);
}

public static partial class CalleeLibrary
{
    [Differentiable]
    public static double Smooth(double x) => Math.Log(1 + Math.Exp(x));

    [Differentiable]
    internal static double Middle(double x) => Outer.Inner.Leaf(x * 2) * x;
}

public static partial class Outer
{
    public static partial class Inner
    {
        [Differentiable]
        public static double Blend(double x, double y, [NoDiff] double t) => (1 - t) * x * x + t * Math.Sin(y);

        [Differentiable]
        public static double Leaf(double x) => Math.Sin(x) + x * x;
    }

    public partial struct InnerStruct
    {
        [Differentiable]
        public static double Wave(double x) => Math.Sin(x) * Math.Cos(2 * x);
    }

    public partial record InnerRecord
    {
        [Differentiable]
        public static double Energy(double x, double y) => 0.5 * x * x + Math.Cosh(y);
    }

    public partial record struct InnerRecordStruct
    {
        [Differentiable]
        public static double Spring(double x, double y) => 0.5 * 3 * (x - y) * (x - y);
    }

    private static partial class Hidden
    {
        [Differentiable]
        internal static double Ramp(double x) => Math.Log(1 + x * x) * x;
    }

    [Differentiable]
    public static double UsesHidden(double x) => Hidden.Ramp(x) * 2;
}
