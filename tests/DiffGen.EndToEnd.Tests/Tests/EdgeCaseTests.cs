using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Corners of ordinary C# (<see cref="EdgeCases"/> and top-level struct/record/class).</summary>
public class EdgeCaseTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    public void Identity(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.Identity, EdgeCases.IdentityGradient, EdgeCases.IdentityTangent, x);
        Assert.Equal(1.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void LocalsNamedLikeTemporaries(double x, double y)
        => DerivativeAssert.Check(EdgeCases.LocalsNamedLikeTemporaries, EdgeCases.LocalsNamedLikeTemporariesGradient, EdgeCases.LocalsNamedLikeTemporariesTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void LocalNamedLikeDerivativeParameter(double x, double y)
        => DerivativeAssert.Check(EdgeCases.LocalNamedLikeDerivativeParameter, EdgeCases.LocalNamedLikeDerivativeParameterGradient, EdgeCases.LocalNamedLikeDerivativeParameterTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void LocalNamedTangent(double x)
        => DerivativeAssert.Check(EdgeCases.LocalNamedTangent, EdgeCases.LocalNamedTangentGradient, EdgeCases.LocalNamedTangentTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, 1.0)]
    public void SameLocalNameInSiblingScopes(double x, double y)
        => DerivativeAssert.Check(EdgeCases.SameLocalNameInSiblingScopes, EdgeCases.SameLocalNameInSiblingScopesGradient, EdgeCases.SameLocalNameInSiblingScopesTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(1.7)]
    public void LocalDeclaredInBranchUsedLater(double x)
        => DerivativeAssert.Check(EdgeCases.LocalDeclaredInBranchUsedLater, EdgeCases.LocalDeclaredInBranchUsedLaterGradient, EdgeCases.LocalDeclaredInBranchUsedLaterTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void MultipleDeclarators(double x, double y)
        => DerivativeAssert.Check(EdgeCases.MultipleDeclarators, EdgeCases.MultipleDeclaratorsGradient, EdgeCases.MultipleDeclaratorsTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void ChainedAssignment(double x)
        => DerivativeAssert.Check(EdgeCases.ChainedAssignment, EdgeCases.ChainedAssignmentGradient, EdgeCases.ChainedAssignmentTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void UsingStatic(double x, double y)
        => DerivativeAssert.Check(EdgeCases.UsingStatic, EdgeCases.UsingStaticGradient, EdgeCases.UsingStaticTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void StaticFields(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.StaticFields, EdgeCases.StaticFieldsGradient, EdgeCases.StaticFieldsTangent, x);
        DerivativeAssert.AssertClose(3 * x + 0.25, gradient[0], 1e-15, "analytic 2·1.5·x + 0.25");
    }

    // ScaledPower(scale: 2, power: 3, x: y) + Hypot(y: x, x: 1) = 2y³ + √(1 + x²).
    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void NamedArgumentsOutOfOrder(double x, double y)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.NamedArgumentsOutOfOrder, EdgeCases.NamedArgumentsOutOfOrderGradient, EdgeCases.NamedArgumentsOutOfOrderTangent, x, y);
        DerivativeAssert.AssertClose(x / Math.Sqrt(1 + x * x), gradient[0], 1e-14, "analytic ∂/∂x");
        DerivativeAssert.AssertClose(6 * y * y, gradient[1], 1e-14, "analytic ∂/∂y");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void CallsWithDefault(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.CallsWithDefault, EdgeCases.CallsWithDefaultGradient, EdgeCases.CallsWithDefaultTangent, x);
        DerivativeAssert.AssertClose(4 * x + 3 * x * x, gradient[0], 1e-14, "analytic 4x + 3x²");
    }

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-2.0, -1)]
    public void IntegerArgumentToDifferentiableParameter(double x, int n)
        => DerivativeAssert.Check(
            v => EdgeCases.IntegerArgumentToDifferentiableParameter(v, n),
            (double v, out double dV) => EdgeCases.IntegerArgumentToDifferentiableParameterGradient(v, n, out dV),
            (double v, double dV, out double t) => EdgeCases.IntegerArgumentToDifferentiableParameterTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-2.0, -5)]
    public void IntegerDivisionInside(double x, int n)
        => DerivativeAssert.Check(
            v => EdgeCases.IntegerDivisionInside(v, n),
            (double v, out double dV) => EdgeCases.IntegerDivisionInsideGradient(v, n, out dV),
            (double v, double dV, out double t) => EdgeCases.IntegerDivisionInsideTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void IntLocalIncrement(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.IntLocalIncrement, EdgeCases.IntLocalIncrementGradient, EdgeCases.IntLocalIncrementTangent, x);
        Assert.Equal(4.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.4)]
    [InlineData(1.3)]
    public void TruncatingCast(double x)
        => DerivativeAssert.Check(EdgeCases.TruncatingCast, EdgeCases.TruncatingCastGradient, EdgeCases.TruncatingCastTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    public void LiteralForms(double x)
        => DerivativeAssert.Check(EdgeCases.LiteralForms, EdgeCases.LiteralFormsGradient, EdgeCases.LiteralFormsTangent, x);

    [Theory]
    [InlineData(0.12)]
    [InlineData(-2.38)]
    public void RoundWithDigitsAndMode(double x)
        => DerivativeAssert.Check(EdgeCases.RoundWithDigitsAndMode, EdgeCases.RoundWithDigitsAndModeGradient, EdgeCases.RoundWithDigitsAndModeTangent, x);

    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    public void ClampWithIntegerBounds(double x)
        => DerivativeAssert.Check(EdgeCases.ClampWithIntegerBounds, EdgeCases.ClampWithIntegerBoundsGradient, EdgeCases.ClampWithIntegerBoundsTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void ParameterNamedWithKeyword(double a, double b)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.ParameterNamedWithKeyword, EdgeCases.ParameterNamedWithKeywordGradient, EdgeCases.ParameterNamedWithKeywordTangent, a, b);
        Assert.Equal(new[] { b, a + 1 }, gradient);
        EdgeCases.ParameterNamedWithKeywordGradient(@double: a, @in: b, dDouble: out _, dIn: out _);
    }

    // Pow(x, 2) + Pow(x, 3) + 0·Pow(x, 2.5) + x at x = 0: the derivative is 1, with no 0·log(0) or 0/0 on the way.
    [Fact]
    public void PowAtZeroBase()
    {
        Assert.Equal(0.0, EdgeCases.PowAtZeroGradient(0.0, out double dX));
        Assert.Equal(1.0, dX);
        Assert.Equal(0.0, EdgeCases.PowAtZeroTangent(0.0, 1.0, out double tangent));
        Assert.Equal(1.0, tangent);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void PowAtZeroElsewhere(double x)
        => DerivativeAssert.Check(EdgeCases.PowAtZero, EdgeCases.PowAtZeroGradient, EdgeCases.PowAtZeroTangent, Math.Abs(x));

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void DeepBlocks(double x)
        => DerivativeAssert.Check(EdgeCases.DeepBlocks, EdgeCases.DeepBlocksGradient, EdgeCases.DeepBlocksTangent, x);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(-1.0, -2.0)]
    [InlineData(-1.0, 2.0)]
    public void ReturnFromInsideElse(double x, double y)
        => DerivativeAssert.Check(EdgeCases.ReturnFromInsideElse, EdgeCases.ReturnFromInsideElseGradient, EdgeCases.ReturnFromInsideElseTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    public void TopLevelTypes(double x)
    {
        DerivativeAssert.Check(TopLevelStruct.Bump, TopLevelStruct.BumpGradient, TopLevelStruct.BumpTangent, x);
        DerivativeAssert.Check(TopLevelRecord.Bump, TopLevelRecord.BumpGradient, TopLevelRecord.BumpTangent, x);
    }

    [Fact]
    public void ProtectedInternalKeepsItsAccessibility()
    {
        var method = typeof(InstanceClass).GetMethod("ProtectedGradient", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!;
        Assert.True(method.IsFamilyOrAssembly);
        Assert.Equal(27.0 * 1, new InstanceClass().Use(3.0));
    }

    // x² + float(x)³: the float rounding makes finite differences useless at double tolerance, so the analytic value.
    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(0.1)]
    public void CallsOverloadAcrossPrecisions(double x)
    {
        double value = EdgeCases.CallsOverloadGradient(x, out double dX);
        DerivativeAssert.AssertBitIdentical(EdgeCases.CallsOverload(x), value, "value returned by Gradient");
        float single = (float)x;
        double expected = 2 * x + (double)(3 * single * single);
        DerivativeAssert.AssertClose(expected, dX, 1e-6, "analytic 2x + 3·float(x)²");
        DerivativeAssert.AssertBitIdentical(value, EdgeCases.CallsOverloadTangent(x, 1.0, out double tangent), "value returned by Tangent");
        DerivativeAssert.AssertClose(dX, tangent, 1e-12, "forward against reverse");
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(2.25f)]
    public void MixedPrecision(float x)
        => DerivativeAssert.Check(EdgeCases.MixedPrecision, EdgeCases.MixedPrecisionGradient, EdgeCases.MixedPrecisionTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void PostfixInsideExpression(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.PostfixInsideExpression, EdgeCases.PostfixInsideExpressionGradient, EdgeCases.PostfixInsideExpressionTangent, x);
        DerivativeAssert.AssertClose(2 * x + 1 + 3 * x * x + 2 * x, gradient[0], 1e-14, "analytic (x² + x + x³ + x²)′");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void CompoundAssignmentAsExpression(double x)
    {
        var gradient = DerivativeAssert.Check(EdgeCases.CompoundAssignmentAsExpression, EdgeCases.CompoundAssignmentAsExpressionGradient, EdgeCases.CompoundAssignmentAsExpressionTangent, x);
        // (8x² + 1)·8x² = 64x⁴ + 8x².
        DerivativeAssert.AssertClose(256 * x * x * x + 16 * x, gradient[0], 1e-14, "analytic (64x⁴ + 8x²)′");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void TernaryWithIntegerBranch(double x)
        => DerivativeAssert.Check(EdgeCases.TernaryWithIntegerBranch, EdgeCases.TernaryWithIntegerBranchGradient, EdgeCases.TernaryWithIntegerBranchTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void ConditionInsideMathCall(double x)
        => DerivativeAssert.Check(EdgeCases.ConditionInsideMathCall, EdgeCases.ConditionInsideMathCallGradient, EdgeCases.ConditionInsideMathCallTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void ConstantOperandsInMath(double x)
        => DerivativeAssert.Check(EdgeCases.ConstantOperandsInMath, EdgeCases.ConstantOperandsInMathGradient, EdgeCases.ConstantOperandsInMathTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void NegatedCall(double x)
        => DerivativeAssert.Check(EdgeCases.NegatedCall, EdgeCases.NegatedCallGradient, EdgeCases.NegatedCallTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void AttributeSpellings(double x)
    {
        DerivativeAssert.Check(EdgeCases.QualifiedAttributeAndOthers, EdgeCases.QualifiedAttributeAndOthersGradient, EdgeCases.QualifiedAttributeAndOthersTangent, x);
        DerivativeAssert.Check(EdgeCases.AttributeWithSuffix, EdgeCases.AttributeWithSuffixGradient, EdgeCases.AttributeWithSuffixTangent, x);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void OtherNamespaces(double x)
    {
        DerivativeAssert.Check(EdgeCases.CallsOtherNamespace, EdgeCases.CallsOtherNamespaceGradient, EdgeCases.CallsOtherNamespaceTangent, x);
        DerivativeAssert.Check(Corpus.Elsewhere.Far.Away, Corpus.Elsewhere.Far.AwayGradient, Corpus.Elsewhere.Far.AwayTangent, x);
        DerivativeAssert.Check(global::GlobalNamespaceType.Bump, global::GlobalNamespaceType.BumpGradient, global::GlobalNamespaceType.BumpTangent, x);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void TypeModifiers(double x)
    {
        DerivativeAssert.Check(ReadonlyStruct.Bump, ReadonlyStruct.BumpGradient, ReadonlyStruct.BumpTangent, x);
        DerivativeAssert.Check(AbstractBase.Bump, AbstractBase.BumpGradient, AbstractBase.BumpTangent, x);
        DerivativeAssert.Check(Generic<string>.Bump, Generic<string>.BumpGradient, Generic<string>.BumpTangent, x);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void LiteralExtremes(double x)
        => DerivativeAssert.Check(EdgeCases.LiteralExtremes, EdgeCases.LiteralExtremesGradient, EdgeCases.LiteralExtremesTangent, x);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    public void FloatLiteralExtremes(float x)
        => DerivativeAssert.Check(EdgeCases.FloatLiteralExtremes, EdgeCases.FloatLiteralExtremesGradient, EdgeCases.FloatLiteralExtremesTangent, x);
}
