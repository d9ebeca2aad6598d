using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Local arrays with element writes (<see cref="LocalArrays"/>, issue 3): new T[n], initializers, stackalloc.</summary>
public class LocalArrayTests
{
    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.75 })]
    [InlineData(new[] { 3.0 })]
    [InlineData(new double[0])]
    public void PrefixProducts(double[] x)
    {
        var gradient = DerivativeAssert.Check(LocalArrays.PrefixProducts, LocalArrays.PrefixProductsGradient, LocalArrays.PrefixProductsTangent, x);
        for (int j = 0; j < x.Length; j++)
        {
            // ∂/∂x[j] Σ_k ∏_{i<k} x[i] = Σ_{k>j} ∏_{i<k, i≠j} x[i]
            double expected = 0;
            for (int k = j + 1; k <= x.Length; k++)
            {
                double product = 1;
                for (int i = 0; i < k; i++)
                    if (i != j) product *= x[i];
                expected += product;
            }
            DerivativeAssert.AssertClose(expected, gradient[j], 1e-14, $"Σ_(k>{j}) ∏_(i<k, i≠{j}) x[i]");
        }
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.75 })]
    [InlineData(new[] { 1.2 })]
    public void StackallocScratch(double[] x)
        => DerivativeAssert.Check(
            v => LocalArrays.StackallocScratch(v),
            (v, dV) => LocalArrays.StackallocScratchGradient(v, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => LocalArrays.StackallocScratchTangent(v, dV, out t),
            x);

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(0)]
    public void InPlaceSmoothing(int passes)
        => DerivativeAssert.Check(
            v => LocalArrays.InPlaceSmoothing(v, passes),
            (v, dV) => LocalArrays.InPlaceSmoothingGradient(v, passes, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => LocalArrays.InPlaceSmoothingTangent(v, passes, dV, out t),
            [0.5, -1.0, 0.25, 0.8, -0.5, 0.3]);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 0.3)]
    public void Initializer(double x, double y)
        => DerivativeAssert.Check(LocalArrays.Initializer, LocalArrays.InitializerGradient, LocalArrays.InitializerTangent, x, y);

    [Theory]
    [InlineData(new[] { 0.5, -1.5, 2.0, 0.75 }, 0.2)] // cumulative sums 0.5, −1, 1, 1.75: both branches
    [InlineData(new[] { 0.5, 1.0 }, -3.0)]
    public void CumulativeSums(double[] x, double threshold)
        => DerivativeAssert.Check(LocalArrays.CumulativeSums, LocalArrays.CumulativeSumsGradient, LocalArrays.CumulativeSumsTangent, x, threshold);

    [Theory]
    [InlineData(new[] { 0.5, -1.2, 2.0, 1.9 })]
    [InlineData(new[] { 0.1, 0.3 })]
    public void SoftmaxEntropy(double[] z)
        => DerivativeAssert.Check(
            v => LocalArrays.SoftmaxEntropy(v),
            (v, dV) => LocalArrays.SoftmaxEntropyGradient(v, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => LocalArrays.SoftmaxEntropyTangent(v, dV, out t),
            z);

    [Fact]
    public void PrefixProductsSingle()
        => DerivativeAssert.Check(LocalArrays.PrefixProductsF, LocalArrays.PrefixProductsFGradient, LocalArrays.PrefixProductsFTangent,
            [0.5f, -1.5f, 2f, 0.75f], LocalArrays.PrefixProductsGradient);

    [Fact]
    public void StackallocScratchSingle()
        => DerivativeAssert.Check(
            v => LocalArrays.StackallocScratchF(v),
            (v, dV) => LocalArrays.StackallocScratchFGradient(v, dV),
            (float[] v, ReadOnlySpan<float> dV, out float t) => LocalArrays.StackallocScratchFTangent(v, dV, out t),
            [0.5f, -1.5f, 2f, 0.75f],
            (v, dV) => LocalArrays.StackallocScratchGradient(v, dV));

    private static readonly double[] X = [0.5, -1.5, 2.0, 0.75, 0.3, -0.2];
    private static readonly double[] DX = new double[6];
    private static readonly double[] Seed = [1, -1, 0.5, 0.25, 2, 1];

    private static readonly Dictionary<string, (Action Gradient, Action Tangent)> AllocationCases = new()
    {
        ["PrefixProducts (new double[n + 1])"] = (() => LocalArrays.PrefixProductsGradient(X, DX), () => LocalArrays.PrefixProductsTangent(X, Seed, out _)),
        ["StackallocScratch"] = (() => LocalArrays.StackallocScratchGradient(X, DX), () => LocalArrays.StackallocScratchTangent(X, Seed, out _)),
        ["InPlaceSmoothing (elements overwritten)"] = (() => LocalArrays.InPlaceSmoothingGradient(X, 5, DX), () => LocalArrays.InPlaceSmoothingTangent(X, 5, Seed, out _)),
        ["Initializer"] = (() => LocalArrays.InitializerGradient(0.5, 1.5, out _, out _), () => LocalArrays.InitializerTangent(0.5, 1.5, 1, 1, out _)),
        ["SoftmaxEntropy"] = (() => LocalArrays.SoftmaxEntropyGradient(X, DX), () => LocalArrays.SoftmaxEntropyTangent(X, Seed, out _)),
    };

    public static TheoryData<string> AllocationNames => new(AllocationCases.Keys);

    [Theory]
    [MemberData(nameof(AllocationNames))]
    public void SteadyStateAllocatesNothing(string name)
    {
        var (gradient, tangent) = AllocationCases[name];
        Assert.Equal(0, LoopAllocationTests.Allocated(gradient));
        Assert.Equal(0, LoopAllocationTests.Allocated(tangent));
    }
}
