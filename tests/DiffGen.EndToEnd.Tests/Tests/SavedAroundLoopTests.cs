using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Variables reverse mode saves once around an inner loop (<see cref="SavedAroundLoops"/>): finite differences and
/// forward against reverse, at points away from the kinks of Max and the branches.
/// </summary>
public class SavedAroundLoopTests
{
    private static readonly double[] X = [0.7, -1.3, 0.4, 2.1];
    // Three outputs of four inputs.
    private static readonly double[] W = [0.3, -0.2, 0.5, 0.1, -0.4, 0.6, -0.1, 0.2, 0.25, 0.15, -0.35, 0.45];

    /// <summary>Finite differences and forward against reverse at (<see cref="W"/>, <see cref="X"/>).</summary>
    private static double[][] Check(Func<double[], double[], double> f, GradientVV gradient, TangentVV tangent)
        => DerivativeAssert.Check(f, gradient, tangent, W, X);

    [Fact]
    public void DenseRelu()
    {
        var gradient = Check(SavedAroundLoops.DenseRelu, SavedAroundLoops.DenseReluGradient, SavedAroundLoops.DenseReluTangent);
        // Some unit is off (its row of dW is zero) and some is on: both sides of Max are exercised.
        Assert.Contains(gradient[0], g => g == 0);
        Assert.Contains(gradient[0], g => g != 0);
    }

    [Fact]
    public void DenseReluSingle()
    {
        float[] w = W.Select(v => (float)v).ToArray(), x = X.Select(v => (float)v).ToArray();
        DerivativeAssert.Check((a, b) => SavedAroundLoops.DenseRelu(a, b), (a, b, dA, dB) => SavedAroundLoops.DenseReluGradient(a, b, dA, dB),
            (float[] a, float[] b, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, out float t) => SavedAroundLoops.DenseReluTangent(a, b, dA, dB, out t), w, x);
    }

    [Fact]
    public void ThreeLevels() => Check(SavedAroundLoops.ThreeLevels, SavedAroundLoops.ThreeLevelsGradient, SavedAroundLoops.ThreeLevelsTangent);

    [Fact]
    public void ReadInsideAndAfter() => Check(SavedAroundLoops.ReadInsideAndAfter, SavedAroundLoops.ReadInsideAndAfterGradient, SavedAroundLoops.ReadInsideAndAfterTangent);

    [Fact]
    public void WhileInner() => Check(SavedAroundLoops.WhileInner, SavedAroundLoops.WhileInnerGradient, SavedAroundLoops.WhileInnerTangent);

    [Fact]
    public void BranchesInner() => Check(SavedAroundLoops.BranchesInner, SavedAroundLoops.BranchesInnerGradient, SavedAroundLoops.BranchesInnerTangent);

    [Fact]
    public void ReadBefore() => Check(SavedAroundLoops.ReadBefore, SavedAroundLoops.ReadBeforeGradient, SavedAroundLoops.ReadBeforeTangent);

    [Fact]
    public void ReadBeforeTopLevel() => Check(SavedAroundLoops.ReadBeforeTopLevel, SavedAroundLoops.ReadBeforeTopLevelGradient, SavedAroundLoops.ReadBeforeTopLevelTangent);

    [Fact]
    public void ResultReadByItsOwnAdjoint() => Check(SavedAroundLoops.ResultReadByItsOwnAdjoint, SavedAroundLoops.ResultReadByItsOwnAdjointGradient, SavedAroundLoops.ResultReadByItsOwnAdjointTangent);
}
