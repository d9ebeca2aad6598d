using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Calls between [Differentiable] methods (<see cref="Calls"/>, <see cref="CalleeLibrary"/>, <see cref="Outer"/>, <see cref="CallsF"/>).</summary>
public class CallsTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void CallsPrivate(double x)
    {
        var gradient = DerivativeAssert.Check(Calls.CallsPrivate, Calls.CallsPrivateGradient, Calls.CallsPrivateTangent, x);
        Assert.Equal(2 * x + 2, gradient[0]);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    [InlineData(1.25, -0.75)]
    public void CallsInternal(double x, double y)
        => DerivativeAssert.Check(Calls.CallsInternal, Calls.CallsInternalGradient, Calls.CallsInternalTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CallsPublic(double x, double y)
        => DerivativeAssert.Check(Calls.CallsPublic, Calls.CallsPublicGradient, Calls.CallsPublicTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CalleeTwiceWithDifferentArguments(double x, double y)
        => DerivativeAssert.Check(Calls.CalleeTwiceWithDifferentArguments, Calls.CalleeTwiceWithDifferentArgumentsGradient, Calls.CalleeTwiceWithDifferentArgumentsTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1.3)]
    public void CalleeOfCallee(double x)
        => DerivativeAssert.Check(Calls.CalleeOfCallee, Calls.CalleeOfCalleeGradient, Calls.CalleeOfCalleeTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void SameVariableForBothArguments(double x)
    {
        var gradient = DerivativeAssert.Check(Calls.SameVariableForBothArguments, Calls.SameVariableForBothArgumentsGradient, Calls.SameVariableForBothArgumentsTangent, x);
        DerivativeAssert.AssertClose(Math.Sign(x) * Math.Sqrt(2), gradient[0], 1e-14, "analytic √2·sign(x)");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void ConstantForADifferentiableArgument(double x)
        => DerivativeAssert.Check(Calls.ConstantForADifferentiableArgument, Calls.ConstantForADifferentiableArgumentGradient, Calls.ConstantForADifferentiableArgumentTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    [InlineData(1.25, -0.75)]
    public void CalleeWithIntAndNoDiff(double x, double y)
        => DerivativeAssert.Check(Calls.CalleeWithIntAndNoDiff, Calls.CalleeWithIntAndNoDiffGradient, Calls.CalleeWithIntAndNoDiffTangent, x, y);

    [Theory]
    [InlineData(0.5, 2.5, 3)]
    [InlineData(-2.0, 0.5, 2)]
    [InlineData(1.5, -1.0, 4)]
    public void ForwardsConstants(double x, double scale, int power)
    {
        var gradient = DerivativeAssert.Check(
            v => Calls.ForwardsConstants(v, scale, power),
            (double v, out double dV) => Calls.ForwardsConstantsGradient(v, scale, power, out dV),
            (double v, double dV, out double t) => Calls.ForwardsConstantsTangent(v, scale, power, dV, out t),
            x);
        DerivativeAssert.AssertClose((power + 1) * scale * Math.Pow(x, power), gradient[0], 1e-13, "analytic (p+1)·s·x^p");
    }

    [Theory]
    [InlineData(0.5, 2.5, 3)]
    [InlineData(-2.0, 0.5, 2)]
    public void CalleeWithConstantsDirectly(double x, double scale, int power)
        => DerivativeAssert.Check(
            v => Calls.ScaledPower(v, power, scale),
            (double v, out double dV) => Calls.ScaledPowerGradient(v, power, scale, out dV),
            (double v, double dV, out double t) => Calls.ScaledPowerTangent(v, power, scale, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void OtherClass(double x, double y)
        => DerivativeAssert.Check(Calls.OtherClass, Calls.OtherClassGradient, Calls.OtherClassTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void NestedClass(double x, double y)
        => DerivativeAssert.Check(Calls.NestedClass, Calls.NestedClassGradient, Calls.NestedClassTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1.3)]
    public void NestedStruct(double x)
        => DerivativeAssert.Check(Calls.NestedStruct, Calls.NestedStructGradient, Calls.NestedStructTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void NestedRecord(double x, double y)
        => DerivativeAssert.Check(Calls.NestedRecord, Calls.NestedRecordGradient, Calls.NestedRecordTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void NestedRecordStruct(double x, double y)
        => DerivativeAssert.Check(Calls.NestedRecordStruct, Calls.NestedRecordStructGradient, Calls.NestedRecordStructTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1.3)]
    public void PrivateNestedClassThroughItsParent(double x)
        => DerivativeAssert.Check(Calls.PrivateNestedClassThroughItsParent, Calls.PrivateNestedClassThroughItsParentGradient, Calls.PrivateNestedClassThroughItsParentTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1.3)]
    public void Chain(double x)
    {
        var gradient = DerivativeAssert.Check(Calls.Chain, Calls.ChainGradient, Calls.ChainTangent, x);
        // Chain(x) = Leaf(2x)·x + x with Leaf(u) = sin u + u².
        double u = 2 * x;
        double expected = (Math.Cos(u) + 2 * u) * 2 * x + Math.Sin(u) + u * u + 1;
        DerivativeAssert.AssertClose(expected, gradient[0], 1e-13, "analytic derivative");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void ChainLinksDirectly(double x)
    {
        DerivativeAssert.Check(CalleeLibrary.Middle, CalleeLibrary.MiddleGradient, CalleeLibrary.MiddleTangent, x);
        DerivativeAssert.Check(Outer.Inner.Leaf, Outer.Inner.LeafGradient, Outer.Inner.LeafTangent, x);
        DerivativeAssert.Check(CalleeLibrary.Smooth, CalleeLibrary.SmoothGradient, CalleeLibrary.SmoothTangent, x);
        DerivativeAssert.Check(Outer.InnerStruct.Wave, Outer.InnerStruct.WaveGradient, Outer.InnerStruct.WaveTangent, x);
        DerivativeAssert.Check(Outer.UsesHidden, Outer.UsesHiddenGradient, Outer.UsesHiddenTangent, x);
        DerivativeAssert.Check(Calls.Cube, Calls.CubeGradient, Calls.CubeTangent, x);
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.0, -3.0)]
    public void CallInBranch(double x, double y)
        => DerivativeAssert.Check(Calls.CallInBranch, Calls.CallInBranchGradient, Calls.CallInBranchTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    [InlineData(1.1)]
    public void CallResultReassigned(double x)
        => DerivativeAssert.Check(Calls.CallResultReassigned, Calls.CallResultReassignedGradient, Calls.CallResultReassignedTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    [InlineData(1.1)]
    public void CallAsCompoundOperand(double x)
        => DerivativeAssert.Check(Calls.CallAsCompoundOperand, Calls.CallAsCompoundOperandGradient, Calls.CallAsCompoundOperandTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CallInsideMathCall(double x, double y)
        => DerivativeAssert.Check(Calls.CallInsideMathCall, Calls.CallInsideMathCallGradient, Calls.CallInsideMathCallTangent, x, y);

    // ---- float ----

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void CalleeTwiceWithDifferentArgumentsSingle(float x, float y)
        => DerivativeAssert.Check(CallsF.CalleeTwiceWithDifferentArguments, CallsF.CalleeTwiceWithDifferentArgumentsGradient, CallsF.CalleeTwiceWithDifferentArgumentsTangent, x, y, Calls.CalleeTwiceWithDifferentArgumentsGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 0.3f)]
    [InlineData(1.25f, -0.75f)]
    public void CalleeWithIntAndNoDiffSingle(float x, float y)
        => DerivativeAssert.Check(CallsF.CalleeWithIntAndNoDiff, CallsF.CalleeWithIntAndNoDiffGradient, CallsF.CalleeWithIntAndNoDiffTangent, x, y, Calls.CalleeWithIntAndNoDiffGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    [InlineData(1.3f)]
    public void NestedStructSingle(float x)
        => DerivativeAssert.Check(CallsF.NestedStruct, CallsF.NestedStructGradient, CallsF.NestedStructTangent, x, Calls.NestedStructGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    [InlineData(1.3f)]
    public void ChainSingle(float x)
        => DerivativeAssert.Check(CallsF.Chain, CallsF.ChainGradient, CallsF.ChainTangent, x, Calls.ChainGradient);
}
