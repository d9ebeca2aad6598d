using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// <see cref="WrongNumbers"/> (issue 9): each method once got a wrong gradient or a value that was not bit-identical.
/// The values below are the ones the issue reported, with the true derivative where it has a closed form.
/// </summary>
public class WrongNumberTests
{
    [Theory]
    [InlineData(3, 0.7)]
    [InlineData(-1, 0.7)]
    public void ParameterReassignedFromElementOnABranch(int n, double b)
    {
        var gradient = DerivativeAssert.CheckParts(
            p => WrongNumbers.Untaken(p[0], n, p[1][0]),
            (p, g) => WrongNumbers.UntakenGradient(p[0], n, p[1][0], g[0], out g[1][0]),
            (double[][] p, double[][] s, out double t) => WrongNumbers.UntakenTangent(p[0], n, p[1][0], s[0], s[1][0], out t),
            [Part.Array("v", 0, 1, 2), Part.Scalar("b", b)]);
        DerivativeAssert.AssertClose(n < 0 ? 0 : Math.Cos(b), gradient[1][0], 1e-15, "∂/∂b");
        DerivativeAssert.AssertClose(n < 0 ? Math.Cos(0) : 0, gradient[0][0], 1e-15, "∂/∂v[0]");
    }

    [Fact]
    public void ParameterReassignedFromElementAfterItsLastRead()
    {
        var gradient = DerivativeAssert.Check(WrongNumbers.After, WrongNumbers.AfterGradient, WrongNumbers.AfterTangent, [0, 1, 2], 0.7);
        DerivativeAssert.AssertClose(Math.Cos(0.7), gradient[1][0], 1e-15, "∂/∂b");
        Assert.All(gradient[0], d => Assert.Equal(0, d));
    }

    [Fact]
    public void FixedElementUpdatedInALoopRoundsAsThePrimal()
    {
        double[] x = [-0.26886959479603423, -0.5836649455985357, 1.7754491045025405, -1.594934185778226, 0.5698222213284216];
        double value = WrongNumbers.AccumulateFixed(x);
        Assert.Equal(0.20219740034183376, value);
        DerivativeAssert.AssertBitIdentical(value, WrongNumbers.AccumulateFixedGradient(x, new double[x.Length]), "AccumulateFixedGradient");
        var random = new Random(9);
        for (int trial = 0; trial < 1000; trial++)
        {
            var v = Enumerable.Range(0, 1 + trial % 7).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            DerivativeAssert.AssertBitIdentical(WrongNumbers.AccumulateFixed(v), WrongNumbers.AccumulateFixedGradient(v, new double[v.Length]), $"trial {trial}");
        }
        DerivativeAssert.Check(v => WrongNumbers.AccumulateFixed(v), (v, d) => WrongNumbers.AccumulateFixedGradient(v, d),
            (double[] v, ReadOnlySpan<double> d, out double t) => WrongNumbers.AccumulateFixedTangent(v, d, out t), x);
    }

    [Fact]
    public void FixedOutputElementUpdatedInALoopRoundsAsThePrimal()
    {
        var random = new Random(9);
        for (int trial = 0; trial < 1000; trial++)
        {
            var x = Enumerable.Range(0, 1 + trial % 7).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var expected = new double[2];
            WrongNumbers.AccumulateOutput(x, expected);
            var y = new double[2];
            WrongNumbers.AccumulateOutputGradient(x, y, new double[x.Length], [1, 1]);
            DerivativeAssert.AssertBitIdentical(expected[0], y[0], $"trial {trial}");
        }
        DerivativeAssert.CheckVectorOutput(
            (p, y) => WrongNumbers.AccumulateOutput(p[0], y),
            (p, y, g, dy) => WrongNumbers.AccumulateOutputGradient(p[0], y, g[0], dy),
            (p, y, s, dy) => WrongNumbers.AccumulateOutputTangent(p[0], y, s[0], dy),
            2,
            [Part.Array("x", 0.5, -1.25, 2.0)]);
    }

    [Fact]
    public void CallerOverwritesACalleesOutput()
    {
        double[] x = [0.5, 1.5, 2.5];
        var y = new double[3];
        var dX = new double[3];
        WrongNumbers.OverwriteAfterCallGradient(x, 2, y, dX, out double dA, [1, 1, 1]);
        Assert.Equal([2.0, 2.0, 2.0], y);
        Assert.Equal(3, dA);
        Assert.Equal([0.0, 0.0, 0.0], dX);
        DerivativeAssert.CheckVectorOutput(
            (p, v) => WrongNumbers.OverwriteAfterCall(p[0], p[1][0], v),
            (p, v, g, dy) => WrongNumbers.OverwriteAfterCallGradient(p[0], p[1][0], v, g[0], out g[1][0], dy),
            (p, v, s, dy) => WrongNumbers.OverwriteAfterCallTangent(p[0], p[1][0], v, s[0], s[1][0], dy),
            3,
            [Part.Array("x", x), Part.Scalar("a", 2)]);
    }

    [Fact]
    public void CallerOverwritesACalleesOutputInALoop()
        => DerivativeAssert.CheckVectorOutput(
            (p, v) => WrongNumbers.OverwriteAfterCallInLoop(p[0], p[1][0], v),
            (p, v, g, dy) => WrongNumbers.OverwriteAfterCallInLoopGradient(p[0], p[1][0], v, g[0], out g[1][0], dy),
            (p, v, s, dy) => WrongNumbers.OverwriteAfterCallInLoopTangent(p[0], p[1][0], v, s[0], s[1][0], dy),
            3,
            [Part.Array("x", 0.5, 1.5, 2.5), Part.Scalar("a", -0.7)]);

    [Theory]
    [InlineData(1.3528061771301723)]
    [InlineData(-0.4)]
    public void ArrayOverwrittenInALoopThenSummedByALibraryCallee(double a)
        => DerivativeAssert.Check(WrongNumbers.WithSum, WrongNumbers.WithSumGradient, WrongNumbers.WithSumTangent, a);

    [Theory]
    [InlineData(1.3528061771301723)]
    [InlineData(-0.4)]
    public void ArrayOverwrittenInALoopThenSummedByAUserCallee(double a)
    {
        DerivativeAssert.Check(WrongNumbers.WithUserSum, WrongNumbers.WithUserSumGradient, WrongNumbers.WithUserSumTangent, a);
        WrongNumbers.WithSumGradient(a, out double library);
        WrongNumbers.WithUserSumGradient(a, out double user);
        DerivativeAssert.AssertClose(library, user, 1e-15, "the library's Sum and the user's agree");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-2.5)]
    public void DeadPassWithAnInfinitePartial(double c)
    {
        var gradient = DerivativeAssert.Check(WrongNumbers.DeadPass, WrongNumbers.DeadPassGradient, WrongNumbers.DeadPassTangent, c);
        DerivativeAssert.AssertClose(1 / 0.3, gradient[0], 1e-15, "∂/∂c");
    }

    [Fact]
    public void CalleeReadingAnOutputThatHoldsConstants()
    {
        double[] x = [0.5, -1.25, 2.0];
        var gradient = DerivativeAssert.Check(WrongNumbers.ScaledConstants, WrongNumbers.ScaledConstantsGradient, WrongNumbers.ScaledConstantsTangent, x);
        for (int j = 0; j < x.Length; j++) DerivativeAssert.AssertClose(2 * 1.5 * 1.5 * x[j], gradient[j], 1e-15, $"∂/∂x[{j}]");
    }

    [Fact]
    public void DeadStoreWithAnInfinitePartial()
        => DerivativeAssert.AssertClose(1 / 0.3, DerivativeAssert.Check(WrongNumbers.DeadStore, WrongNumbers.DeadStoreGradient, WrongNumbers.DeadStoreTangent, 1.5)[0], 1e-15, "∂/∂c");

    [Fact]
    public void DeadPassThroughAChain()
        => DerivativeAssert.AssertClose(1 / 1.5, DerivativeAssert.Check(WrongNumbers.DeadPassChain, WrongNumbers.DeadPassChainGradient, WrongNumbers.DeadPassChainTangent, 1.5)[0], 1e-15, "∂/∂c");

    [Fact]
    public void DeadPassThroughACall()
        => DerivativeAssert.AssertClose(-1 / (1.5 * 1.5), DerivativeAssert.Check(WrongNumbers.DeadPassCall, WrongNumbers.DeadPassCallGradient, WrongNumbers.DeadPassCallTangent, 1.5)[0], 1e-15, "∂/∂c");

    [Fact]
    public void CalleeReadingAnOutputThatHoldsADerivative()
    {
        double[] x = [0.5, -1.25, 2.0];
        var gradient = DerivativeAssert.Check(WrongNumbers.SquaredInPlace, WrongNumbers.SquaredInPlaceGradient, WrongNumbers.SquaredInPlaceTangent, x);
        for (int j = 0; j < x.Length; j++) DerivativeAssert.AssertClose(2 * x[j], gradient[j], 1e-15, $"∂/∂x[{j}]");
    }

    [Fact]
    public void CalleeLeavingAnOutputElementAlone()
    {
        var y = new double[2];
        var dC = new double[1];
        WrongNumbers.KeepsFirstGradient(1.5, [1], y, out double dX, dC, [1, 0]);
        Assert.Equal(1, dX);
        DerivativeAssert.CheckVectorOutput(
            (p, v) => WrongNumbers.KeepsFirst(p[0][0], p[1], v),
            (p, v, g, dy) => WrongNumbers.KeepsFirstGradient(p[0][0], p[1], v, out g[0][0], g[1], dy),
            (p, v, s, dy) => WrongNumbers.KeepsFirstTangent(p[0][0], p[1], v, s[0][0], s[1], dy),
            2,
            [Part.Scalar("x", 1.5), Part.Array("c", 0.75)]);
    }

    [Fact]
    public void CalleesAccumulatingIntoTheCallersArrayInALoop()
        => DerivativeAssert.Check(WrongNumbers.AccumulatedInLoop, WrongNumbers.AccumulatedInLoopGradient, WrongNumbers.AccumulatedInLoopTangent, [0.5, -1.25, 2.0], 0.8);

    [Theory]
    [InlineData(1.052)]
    [InlineData(-3.0)]
    public void DeadChainThatOverflows(double x)
        => Assert.Equal(0, DerivativeAssert.Check(WrongNumbers.DeadChain, WrongNumbers.DeadChainGradient, WrongNumbers.DeadChainTangent, x)[0]);

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(0)]
    public void OverwrittenByAnArrayTakingCalleeInNestedLoops(int n)
    {
        double[] a = [0.832, -0.775];
        var gradient = DerivativeAssert.Check(v => WrongNumbers.OverwrittenBySum(v, n), (v, d) => WrongNumbers.OverwrittenBySumGradient(v, n, d),
            (double[] v, ReadOnlySpan<double> d, out double t) => WrongNumbers.OverwrittenBySumTangent(v, n, d, out t), a);
        Assert.Equal(n > 0 ? new[] { 1.0, 1.0 } : new[] { 3.0, 0.0 }, gradient);
    }

    [Fact]
    public void FreshArrayReadBeforeACalleeOverwritesIt()
    {
        var gradient = DerivativeAssert.Check(WrongNumbers.ReadBeforeCallee, WrongNumbers.ReadBeforeCalleeGradient, WrongNumbers.ReadBeforeCalleeTangent, [1.685, -1.303, 0.792], 1.419);
        Assert.Equal(0, gradient[1][0]);
        Assert.Equal(new[] { 0.0, 0.0, -1.0 }, gradient[0]);
    }

    [Fact]
    public void A_snapshot_of_a_parameter_is_not_propagated_past_its_reassignment()
    {
        // y = x0 + 2·x1, result y · 2·x1: value (0.5 + 1.4)·1.4; ∂/∂x0 = 2·x1; ∂/∂x1 = 2·(2·x1) + 2·x0... checked below.
        Assert.Equal((0.5 + 1.4) * 1.4, WrongNumbers.SnapshotBeforeReassignment(0.5, 0.7), 14);
        DerivativeAssert.Check(WrongNumbers.SnapshotBeforeReassignment, WrongNumbers.SnapshotBeforeReassignmentGradient, WrongNumbers.SnapshotBeforeReassignmentTangent, 0.5, 0.7);
        // x0·(x1 + 3)·3: ∂/∂x0 = 3·(x1 + 3), ∂/∂x1 = 3·x0.
        WrongNumbers.UpdateWithAnAssignmentInsideGradient(0.5, 0.7, out double dX0, out double dX1);
        Assert.Equal(3 * (0.7 + 3), dX0, 14);
        Assert.Equal(3 * 0.5, dX1, 14);
        DerivativeAssert.Check(WrongNumbers.UpdateWithAnAssignmentInside, WrongNumbers.UpdateWithAnAssignmentInsideGradient, WrongNumbers.UpdateWithAnAssignmentInsideTangent, 0.5, 0.7);
    }
}
