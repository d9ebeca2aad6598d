using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Control flow on active values (<see cref="Branches"/>, <see cref="BranchesF"/>): each method at one point per
/// branch it can take, away from the boundaries between branches.
/// </summary>
public class BranchesTests
{
    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, -3.0)]
    [InlineData(-3.0, -1.0)]
    public void IfElse(double x, double y)
        => DerivativeAssert.Check(Branches.IfElse, Branches.IfElseGradient, Branches.IfElseTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void IfWithoutElse(double x)
        => DerivativeAssert.Check(Branches.IfWithoutElse, Branches.IfWithoutElseGradient, Branches.IfWithoutElseTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void ElseIfChain(double x)
        => DerivativeAssert.Check(Branches.ElseIfChain, Branches.ElseIfChainGradient, Branches.ElseIfChainTangent, x);

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(1.0, -0.5)]
    [InlineData(-1.0, -2.0)]
    [InlineData(-1.0, 0.5)]
    public void NestedIf(double x, double y)
        => DerivativeAssert.Check(Branches.NestedIf, Branches.NestedIfGradient, Branches.NestedIfTangent, x, y);

    [Theory]
    [InlineData(3.0, 1.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(-0.5, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(0.5, 0.5)]
    public void EarlyReturn(double x, double y)
        => DerivativeAssert.Check(Branches.EarlyReturn, Branches.EarlyReturnGradient, Branches.EarlyReturnTangent, x, y);

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void ReturnsInEveryBranch(double x)
        => DerivativeAssert.Check(Branches.ReturnsInEveryBranch, Branches.ReturnsInEveryBranchGradient, Branches.ReturnsInEveryBranchTangent, x);

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.0, -3.0)]
    public void Ternary(double x, double y)
        => DerivativeAssert.Check(Branches.Ternary, Branches.TernaryGradient, Branches.TernaryTangent, x, y);

    [Theory]
    [InlineData(-1.0, -2.0)]
    [InlineData(-1.0, 2.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(1.0, 2.0)]
    public void NestedTernary(double x, double y)
        => DerivativeAssert.Check(Branches.NestedTernary, Branches.NestedTernaryGradient, Branches.NestedTernaryTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    public void TernaryInLocal(double x)
        => DerivativeAssert.Check(Branches.TernaryInLocal, Branches.TernaryInLocalGradient, Branches.TernaryInLocalTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, 1.0)]
    [InlineData(-1.0, -0.5)]
    public void LessOrEqual(double x, double y)
        => DerivativeAssert.Check(Branches.LessOrEqual, Branches.LessOrEqualGradient, Branches.LessOrEqualTangent, x, y);

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.0, 0.5)]
    public void GreaterOrEqual(double x, double y)
        => DerivativeAssert.Check(Branches.GreaterOrEqual, Branches.GreaterOrEqualGradient, Branches.GreaterOrEqualTangent, x, y);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(1.0, -2.0)]
    [InlineData(-1.0, 2.0)]
    [InlineData(-1.0, -2.0)]
    public void LogicalAnd(double x, double y)
        => DerivativeAssert.Check(Branches.LogicalAnd, Branches.LogicalAndGradient, Branches.LogicalAndTangent, x, y);

    [Theory]
    [InlineData(-2.0, 0.0)]
    [InlineData(0.0, 2.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(-2.0, 3.0)]
    public void LogicalOr(double x, double y)
        => DerivativeAssert.Check(Branches.LogicalOr, Branches.LogicalOrGradient, Branches.LogicalOrTangent, x, y);

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(1.0, 2.0)]
    [InlineData(-1.0, -3.0)]
    public void LogicalNot(double x, double y)
        => DerivativeAssert.Check(Branches.LogicalNot, Branches.LogicalNotGradient, Branches.LogicalNotTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.0, 2.0)]
    [InlineData(-3.0, 1.0, 0.5)]
    [InlineData(1.0, 1.5, 0.5)]
    [InlineData(1.0, 0.5, -1.0)]
    public void CombinedConditions(double x, double y, double z)
        => DerivativeAssert.Check(Branches.CombinedConditions, Branches.CombinedConditionsGradient, Branches.CombinedConditionsTangent, x, y, z);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.3)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    public void Sinc(double x)
        => DerivativeAssert.Check(Branches.Sinc, Branches.SincGradient, Branches.SincTangent, x);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-0.5, 3.0)]
    [InlineData(2.0, -1.0)]
    public void NotEqual(double x, double y)
        => DerivativeAssert.Check(Branches.NotEqual, Branches.NotEqualGradient, Branches.NotEqualTangent, x, y);

    [Fact]
    public void NotEqualTakesTheEqualBranchAtZero()
    {
        Assert.Equal(3.0, Branches.NotEqualGradient(0.0, 3.0, out double dX, out double dY));
        Assert.Equal(0.0, dX);
        Assert.Equal(1.0, dY);
        Assert.Equal(3.0, Branches.NotEqualTangent(0.0, 3.0, 0.5, 2.0, out double tangent));
        Assert.Equal(2.0, tangent);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.2)]
    [InlineData(-1.2)]
    [InlineData(3.0)]
    public void ConditionOnComputedValue(double x)
        => DerivativeAssert.Check(Branches.ConditionOnComputedValue, Branches.ConditionOnComputedValueGradient, Branches.ConditionOnComputedValueTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    public void BranchReassignsParameter(double x)
        => DerivativeAssert.Check(Branches.BranchReassignsParameter, Branches.BranchReassignsParameterGradient, Branches.BranchReassignsParameterTangent, x);

    [Theory]
    [InlineData(0.5, 1.5, true)]
    [InlineData(0.5, 1.5, false)]
    [InlineData(-2.0, 3.0, true)]
    public void BoolParameter(double x, double y, bool square)
        => DerivativeAssert.Check(
            (a, b) => Branches.BoolParameter(a, b, square),
            (double a, double b, out double dA, out double dB) => Branches.BoolParameterGradient(a, b, square, out dA, out dB),
            (double a, double b, double dA, double dB, out double t) => Branches.BoolParameterTangent(a, b, square, dA, dB, out t),
            x, y);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(0.5, 0)]
    [InlineData(-1.5, 1)]
    [InlineData(2.0, -2)]
    public void IntCondition(double x, int n)
        => DerivativeAssert.Check(
            v => Branches.IntCondition(v, n),
            (double v, out double dV) => Branches.IntConditionGradient(v, n, out dV),
            (double v, double dV, out double t) => Branches.IntConditionTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.2)]
    [InlineData(1.6)]
    [InlineData(-0.5)]
    [InlineData(-3.0)]
    public void SequentialDependentBranches(double x)
        => DerivativeAssert.Check(Branches.SequentialDependentBranches, Branches.SequentialDependentBranchesGradient, Branches.SequentialDependentBranchesTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-0.5, 1.5)]
    [InlineData(1.2, -0.7)]
    public void OverwriteInsideBranch(double x, double y)
        => DerivativeAssert.Check(Branches.OverwriteInsideBranch, Branches.OverwriteInsideBranchGradient, Branches.OverwriteInsideBranchTangent, x, y);

    [Theory]
    [InlineData(1.0, 3.0)]
    [InlineData(1.0, 1.5)]
    [InlineData(0.5, 1.5)]
    [InlineData(-1.0, 2.5)]
    public void EarlyReturnAfterMutation(double x, double y)
        => DerivativeAssert.Check(Branches.EarlyReturnAfterMutation, Branches.EarlyReturnAfterMutationGradient, Branches.EarlyReturnAfterMutationTangent, x, y);

    // ---- float ----

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(2f, 1f)]
    [InlineData(-3f, -1f)]
    public void IfElseSingle(float x, float y)
        => DerivativeAssert.Check(BranchesF.IfElse, BranchesF.IfElseGradient, BranchesF.IfElseTangent, x, y, Branches.IfElseGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(-0.5f)]
    [InlineData(0.5f)]
    [InlineData(2.5f)]
    public void ElseIfChainSingle(float x)
        => DerivativeAssert.Check(BranchesF.ElseIfChain, BranchesF.ElseIfChainGradient, BranchesF.ElseIfChainTangent, x, Branches.ElseIfChainGradient);

    [Theory]
    [InlineData(3f, 1f)]
    [InlineData(1f, -2f)]
    [InlineData(0.5f, 0.5f)]
    public void EarlyReturnSingle(float x, float y)
        => DerivativeAssert.Check(BranchesF.EarlyReturn, BranchesF.EarlyReturnGradient, BranchesF.EarlyReturnTangent, x, y, Branches.EarlyReturnGradient);

    [Theory]
    [InlineData(-1f, -2f)]
    [InlineData(-1f, 2f)]
    [InlineData(1f, -2f)]
    [InlineData(1f, 2f)]
    public void NestedTernarySingle(float x, float y)
        => DerivativeAssert.Check(BranchesF.NestedTernary, BranchesF.NestedTernaryGradient, BranchesF.NestedTernaryTangent, x, y, Branches.NestedTernaryGradient);

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(1f, -2f)]
    [InlineData(-1f, -2f)]
    public void LogicalAndSingle(float x, float y)
        => DerivativeAssert.Check(BranchesF.LogicalAnd, BranchesF.LogicalAndGradient, BranchesF.LogicalAndTangent, x, y, Branches.LogicalAndGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0f)]
    [InlineData(0.3f)]
    public void SincSingle(float x)
        => DerivativeAssert.Check(BranchesF.Sinc, BranchesF.SincGradient, BranchesF.SincTangent, x, Branches.SincGradient);
}
