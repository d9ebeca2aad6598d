namespace DiffGen.Tests.Primitives;

/// <summary>
/// No primitive of <see cref="DiffGen.Vectorized"/> allocates in steady state: scratch is on the stack or pooled.
/// 10 000 elements, past the stack scratch.
/// </summary>
public sealed class AllocationTests
{
    private const int N = 10_000;
    private static readonly double[] X = Enumerable.Range(0, N).Select(i => Math.Sin(i)).ToArray();
    private static readonly double[] U = Enumerable.Range(0, N).Select(i => Math.Cos(i)).ToArray();
    private static readonly double[] Y = new double[N], DX = new double[N], DU = new double[N], DY = new double[N];
    private static readonly float[] XF = X.Select(v => (float)v).ToArray(), UF = U.Select(v => (float)v).ToArray();
    private static readonly float[] YF = new float[N], DXF = new float[N], DUF = new float[N], DYF = new float[N];

    private static readonly Dictionary<string, Action> Cases = new()
    {
        ["Sum"] = () => { Vectorized.Sum(X); Vectorized.SumGradient(X, DX); Vectorized.SumGradient(X, 2.0, DX); Vectorized.SumTangent(X, U, out _); },
        ["Dot"] = () => { Vectorized.Dot(X, U); Vectorized.DotGradient(X, U, DX, DU); Vectorized.DotGradient(X, U, 2.0, DX, DU); Vectorized.DotTangent(X, U, U, X, out _); },
        ["SumOfSquares"] = () => { Vectorized.SumOfSquares(X); Vectorized.SumOfSquaresGradient(X, DX); Vectorized.SumOfSquaresGradient(X, 2.0, DX); Vectorized.SumOfSquaresTangent(X, U, out _); },
        ["LogSumExp"] = () => { Vectorized.LogSumExp(X); Vectorized.LogSumExpGradient(X, DX); Vectorized.LogSumExpGradient(X, 2.0, DX); Vectorized.LogSumExpTangent(X, U, out _); },
        ["Exp"] = () => { Vectorized.Exp(X, Y); Vectorized.ExpGradient(X, Y, DX, U); Vectorized.ExpTangent(X, Y, U, DY); },
        ["Softmax"] = () => { Vectorized.Softmax(X, Y); Vectorized.SoftmaxGradient(X, Y, DX, U); Vectorized.SoftmaxTangent(X, Y, U, DY); },
        ["Scale"] = () => { Vectorized.Scale(X, 2, Y); Vectorized.ScaleGradient(X, 2, Y, DX, out _, U); Vectorized.ScaleTangent(X, 2, Y, U, 1, DY); },
        ["Add"] = () => { Vectorized.Add(X, U, Y); Vectorized.AddGradient(X, U, Y, DX, DU, X); Vectorized.AddTangent(X, U, Y, U, X, DY); },
        ["Multiply"] = () => { Vectorized.Multiply(X, U, Y); Vectorized.MultiplyGradient(X, U, Y, DX, DU, X); Vectorized.MultiplyTangent(X, U, Y, U, X, DY); },
        ["float reductions"] = () =>
        {
            Vectorized.SumGradient(XF, 2f, DXF); Vectorized.DotGradient(XF, UF, 2f, DXF, DUF); Vectorized.SumOfSquaresTangent(XF, UF, out _);
            Vectorized.LogSumExp(XF); Vectorized.LogSumExpGradient(XF, 2f, DXF); Vectorized.LogSumExpTangent(XF, UF, out _);
        },
        ["float maps"] = () =>
        {
            Vectorized.SoftmaxGradient(XF, YF, DXF, UF); Vectorized.SoftmaxTangent(XF, YF, UF, DYF); Vectorized.ExpGradient(XF, YF, DXF, UF);
            Vectorized.ScaleGradient(XF, 2f, YF, DXF, out _, UF); Vectorized.MultiplyTangent(XF, UF, YF, UF, XF, DYF);
        },
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Steady_state_allocates_nothing(string name)
    {
        var call = Cases[name];
        for (int i = 0; i < 3; i++) call();
        // The fewest bytes over up to five windows of ten calls: a call that allocates does so in every window, while
        // ArrayPool's shared arrays may now and then be taken by tests running in parallel.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5 && least > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}
