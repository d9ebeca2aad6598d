using DiffGen.AdBench;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Generated gradients and tangents allocate nothing in steady state (issue 3), loops that keep values on the value
/// stack for the adjoint sweep included. Arrays and buffers are allocated outside the measured region; each case is
/// warmed up first (JIT, the pool's first arrays).
/// </summary>
public class LoopAllocationTests
{
    private static readonly double[] V = [0.5, 1.2, -0.8, 0.9, 1.7, -0.4];
    private static readonly double[] U = [1.25, 0.75, -3.0, 0.5, 0.1, -0.2];
    private static readonly double[] DV = new double[6];
    private static readonly double[] DU = new double[6];
    private static readonly double[] Seed = [1, -1, 0.5, 0.25, 2, 1];
    private static readonly double[] A9 = [2.0, -1.0, 0.5, 0.25, 3.0, -2.0, 1.5, 0.75, -0.5];
    private static readonly double[] X3 = [1.0, -0.5, 2.0];
    private static readonly double[] W1 = [0.5, -0.3, 0.8, -0.6, 0.2, 0.4, 0.1, 0.9, -0.7, 0.3, -0.2, 0.6];
    private static readonly double[] B1 = [0.1, -0.2, 0.05, 0.3];
    private static readonly double[] W2 = [0.7, -0.4, 0.25, -0.9];
    private static readonly double[] DW1 = new double[12], DB1 = new double[4], DW2 = new double[4];
    private static readonly double[] Long = Enumerable.Range(0, 10_000).Select(i => 1 + 0.5 * Math.Sin(i)).ToArray();
    private static readonly double[] DLong = new double[10_000];
    private static readonly float[] VF = [0.5f, 1.2f, -0.8f, 0.9f], DVF = new float[4], SeedF = [1f, -1f, 0.5f, 2f];
    private static readonly float[] W1F = [0.5f, -0.3f, 0.8f, -0.6f, 0.2f, 0.4f], B1F = [0.1f, -0.2f], W2F = [0.7f, -0.4f], X3F = [1f, -0.5f, 2f];
    private static readonly float[] DW1F = new float[6], DB1F = new float[2], DW2F = new float[2];
    // ADBench's objectives, small: their Tangents vectorize sums, a running index and elements fixed in a loop.
    private static readonly GmmInput G = GmmInput.Random(10, 5, 20, 1);
    private static readonly double[] GA = new double[G.Alphas.Length], GM = new double[G.Means.Length], GQ = new double[G.Q.Length], GL = new double[G.L.Length];
    private static readonly LstmInput S = LstmInput.Random(2, 5, 14, 2);
    private static readonly double[] SMain = new double[S.MainParams.Length], SExtra = new double[S.ExtraParams.Length];

    // name → (gradient, tangent); the delegates are created once, so calling them allocates nothing by itself.
    private static readonly Dictionary<string, (Action Gradient, Action Tangent)> Cases = new()
    {
        ["SumOfSquares"] = (() => Loops.SumOfSquaresGradient(V, DV), () => Loops.SumOfSquaresTangent(V, Seed, out _)),
        ["Dot (spans)"] = (() => Loops.DotGradient(U, V, DU, DV), () => Loops.DotTangent(U, V, Seed, Seed, out _)),
        ["Horner (counting down)"] = (() => Loops.HornerGradient(V, 0.7, DV, out _), () => Loops.HornerTangent(V, 0.7, Seed, 1, out _)),
        ["Power (int trip count, overwritten product)"] = (() => Loops.PowerGradient(1.1, 20, out _), () => Loops.PowerTangent(1.1, 20, 1, out _)),
        ["IterateMap (while counting an int down)"] = (() => Loops.IterateMapGradient(0.3, 2.5, 50, out _, out _), () => Loops.IterateMapTangent(0.3, 2.5, 50, 1, 1, out _)),
        ["NewtonSqrt (active trip count)"] = (() => Loops.NewtonSqrtGradient(17, out _), () => Loops.NewtonSqrtTangent(17, 1, out _)),
        ["LambertW (break on convergence)"] = (() => Loops.LambertWGradient(10, out _), () => Loops.LambertWTangent(10, 1, out _)),
        ["FixedPoint (do-while to convergence)"] = (() => Loops.FixedPointGradient(0.3, out _), () => Loops.FixedPointTangent(0.3, 1, out _)),
        ["ExpSeries"] = (() => Loops.ExpSeriesGradient(3, out _), () => Loops.ExpSeriesTangent(3, 1, out _)),
        ["FirstAbove (return in loop)"] = (() => Loops.FirstAboveGradient(V, 1.0, DV, out _), () => Loops.FirstAboveTangent(V, 1.0, Seed, 1, out _)),
        ["BreakOnIndex (break and continue)"] = (() => Loops.BreakOnIndexGradient(V, 5, DV), () => Loops.BreakOnIndexTangent(V, 5, Seed, out _)),
        ["ForEachSpan (overwritten product)"] = (() => Loops.ForEachSpanGradient(V, DV), () => Loops.ForEachSpanTangent(V, Seed, out _)),
        ["ProductOfSines (p *= sin a[i])"] = (() => Loops.ProductOfSinesGradient(V, DV), () => Loops.ProductOfSinesTangent(V, Seed, out _)),
        ["ProductOfSines, 10 000 elements"] = (() => Loops.ProductOfSinesGradient(Long, DLong), () => Loops.ProductOfSinesTangent(Long, Long, out _)),
        ["RepeatedSquaring (x = x·x)"] = (() => Loops.RepeatedSquaringGradient(1.01, 8, out _), () => Loops.RepeatedSquaringTangent(1.01, 8, 1, out _)),
        ["Recurrence"] = (() => Loops.RecurrenceGradient(0.5, 1.2, 30, out _, out _), () => Loops.RecurrenceTangent(0.5, 1.2, 30, 1, 1, out _)),
        ["QuadraticForm (nested)"] = (() => Loops.QuadraticFormGradient(X3, A9, DV.AsSpan(0, 3)), () => Loops.QuadraticFormTangent(X3, A9, Seed.AsSpan(0, 3), out _)),
        ["NestedWithBranches (nested, branches, overwritten product)"] = (() => Loops.NestedWithBranchesGradient(V, 0.3, DV, out _), () => Loops.NestedWithBranchesTangent(V, 0.3, Seed, 1, out _)),
        ["NestedWhile (inner active trip count)"] = (() => Loops.NestedWhileGradient(V, DV), () => Loops.NestedWhileTangent(V, Seed, out _)),
        ["SumOfSigmoids (call in loop)"] = (() => Loops.SumOfSigmoidsGradient(V, 0.2, U, DV, out _), () => Loops.SumOfSigmoidsTangent(V, 0.2, U, Seed, 1, out _)),
        ["LogSumExp"] = (() => ArrayModels.LogSumExpGradient(V, DV), () => ArrayModels.LogSumExpTangent(V, Seed, out _)),
        ["SoftmaxCrossEntropy"] = (() => ArrayModels.SoftmaxCrossEntropyGradient(V, 2, DV), () => ArrayModels.SoftmaxCrossEntropyTangent(V, 2, Seed, out _)),
        ["PerceptronLoss"] = (() => ArrayModels.PerceptronLossGradient(W1, B1, W2, 0.1, X3, 0.5, DW1, DB1, DW2, out _),
            () => ArrayModels.PerceptronLossTangent(W1, B1, W2, 0.1, X3, 0.5, W1, B1, W2, 1, out _)),
        ["ElementWise.Rosenbrock, 10 000 elements (vectorized sum)"] = (() => ElementWise.RosenbrockGradient(Long, DLong), () => ElementWise.RosenbrockTangent(Long, Long, out _)),
        ["Gmm.Objective"] = (() => Gmm.ObjectiveGradient(G.Alphas, G.Means, G.Q, G.L, G.X, G.Gamma, G.M, G.D, GA, GM, GQ, GL),
            () => Gmm.ObjectiveTangent(G.Alphas, G.Means, G.Q, G.L, G.X, G.Gamma, G.M, G.D, G.Alphas, G.Means, G.Q, G.L, out _)),
        ["Lstm.Objective"] = (() => Lstm.ObjectiveGradient(S.MainParams, S.ExtraParams, S.State, S.Sequence, SMain, SExtra),
            () => Lstm.ObjectiveTangent(S.MainParams, S.ExtraParams, S.State, S.Sequence, S.MainParams, S.ExtraParams, out _)),
        ["LoopsF.ProductOfSines"] = (() => LoopsF.ProductOfSinesGradient(VF, DVF), () => LoopsF.ProductOfSinesTangent(VF, SeedF, out _)),
        ["LoopsF.PerceptronLoss"] = (() => LoopsF.PerceptronLossGradient(W1F, B1F, W2F, 0.1f, X3F, 0.5f, DW1F, DB1F, DW2F, out _),
            () => LoopsF.PerceptronLossTangent(W1F, B1F, W2F, 0.1f, X3F, 0.5f, W1F, B1F, W2F, 1, out _)),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void SteadyStateAllocatesNothing(string name)
    {
        var (gradient, tangent) = Cases[name];
        Assert.Equal(0, Allocated(gradient));
        Assert.Equal(0, Allocated(tangent));
    }

    /// <summary>Bytes allocated on this thread by ten calls after three warm-up calls.</summary>
    internal static long Allocated(Action call)
    {
        for (int i = 0; i < 3; i++) call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
