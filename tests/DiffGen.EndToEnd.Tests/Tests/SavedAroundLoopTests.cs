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

    [Fact]
    public void DenseRelu()
    {
        var gradient = DerivativeAssert.Check((w, x) => SavedAroundLoops.DenseRelu(w, x), (w, x, dW, dX) => SavedAroundLoops.DenseReluGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.DenseReluTangent(w, x, dW, dX, out t), W, X);
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
    public void ThreeLevels()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.ThreeLevels(w, x), (w, x, dW, dX) => SavedAroundLoops.ThreeLevelsGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.ThreeLevelsTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void ReadInsideAndAfter()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.ReadInsideAndAfter(w, x), (w, x, dW, dX) => SavedAroundLoops.ReadInsideAndAfterGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.ReadInsideAndAfterTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void WhileInner()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.WhileInner(w, x), (w, x, dW, dX) => SavedAroundLoops.WhileInnerGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.WhileInnerTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void BranchesInner()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.BranchesInner(w, x), (w, x, dW, dX) => SavedAroundLoops.BranchesInnerGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.BranchesInnerTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void ReadBefore()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.ReadBefore(w, x), (w, x, dW, dX) => SavedAroundLoops.ReadBeforeGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.ReadBeforeTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void ReadBeforeTopLevel()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.ReadBeforeTopLevel(w, x), (w, x, dW, dX) => SavedAroundLoops.ReadBeforeTopLevelGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.ReadBeforeTopLevelTangent(w, x, dW, dX, out t), W, X);

    [Fact]
    public void ResultReadByItsOwnAdjoint()
        => DerivativeAssert.Check((w, x) => SavedAroundLoops.ResultReadByItsOwnAdjoint(w, x), (w, x, dW, dX) => SavedAroundLoops.ResultReadByItsOwnAdjointGradient(w, x, dW, dX),
            (double[] w, double[] x, ReadOnlySpan<double> dW, ReadOnlySpan<double> dX, out double t) => SavedAroundLoops.ResultReadByItsOwnAdjointTangent(w, x, dW, dX, out t), W, X);
}
