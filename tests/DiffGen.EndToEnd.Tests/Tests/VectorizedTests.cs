using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Generated methods calling the library's vectorized primitives (<see cref="VectorizedModels"/>, issue 5): their
/// derivatives go through the primitives' hand-written ones, and agree with finite differences and with the scalar
/// loops of the corpus.
/// </summary>
public class VectorizedTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void CrossEntropy(int label)
    {
        double[] z = [0.5, -1.2, 2.0, 1.9];
        var gradient = DerivativeAssert.Check(
            v => VectorizedModels.CrossEntropy(v, label),
            (v, dV) => VectorizedModels.CrossEntropyGradient(v, label, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => VectorizedModels.CrossEntropyTangent(v, label, dV, out t),
            z);
        var reference = new double[z.Length];
        ArrayModels.SoftmaxCrossEntropyGradient(z, label, reference);
        for (int i = 0; i < z.Length; i++)
            DerivativeAssert.AssertClose(reference[i], gradient[i], 1e-14, $"the scalar loop's ∂/∂z[{i}]");
    }

    [Theory]
    [InlineData(2000, 0.0)]
    [InlineData(2000, 1000.0)]   // logits whose exponentials overflow: the max-shift keeps everything finite
    [InlineData(10_000, -800.0)]
    public void CrossEntropy_of_many_logits_matches_the_scalar_loop(int n, double offset)
    {
        var z = Enumerable.Range(0, n).Select(i => offset + 3 * Math.Sin(0.7 * i)).ToArray();
        const int label = 17;
        var dZ = new double[n];
        var reference = new double[n];
        double value = VectorizedModels.CrossEntropyGradient(z, label, dZ);
        double expected = ArrayModels.SoftmaxCrossEntropyGradient(z, label, reference);
        DerivativeAssert.AssertClose(expected, value, 1e-13, "value");
        Assert.True(double.IsFinite(value));
        for (int i = 0; i < n; i++)
            DerivativeAssert.AssertClose(reference[i], dZ[i], 1e-13, $"∂/∂z[{i}]");
        VectorizedModels.CrossEntropyTangent(z, label, reference, out double tangent);
        DerivativeAssert.AssertClose(dZ.Zip(reference, (a, b) => a * b).Sum(), tangent, 1e-12, "tangent along the gradient");
    }

    [Fact]
    public void CrossEntropySingle()
    {
        float[] z = [0.5f, -1.2f, 2.0f, 1.9f];
        DerivativeAssert.Check(
            v => VectorizedModels.CrossEntropyF(v, 1),
            (v, dV) => VectorizedModels.CrossEntropyFGradient(v, 1, dV),
            (float[] v, ReadOnlySpan<float> dV, out float t) => VectorizedModels.CrossEntropyFTangent(v, 1, dV, out t),
            z,
            twin: (v, dV) => VectorizedModels.CrossEntropyGradient(v, 1, dV));
    }

    [Fact]
    public void RidgeLoss()
    {
        double[] x = [1.0, -0.5, 2.0, 0.25], w = [0.3, -0.7, 0.2, 1.1];
        const double y = 0.8, lambda = 0.05;
        var gradient = DerivativeAssert.CheckParts(
            p => VectorizedModels.RidgeLoss(p[0], p[1][0], x, y),
            (p, g) => VectorizedModels.RidgeLossGradient(p[0], p[1][0], x, y, g[0], out g[1][0]),
            (double[][] p, double[][] s, out double t) => VectorizedModels.RidgeLossTangent(p[0], p[1][0], x, y, s[0], s[1][0], out t),
            [Part.Array("w", w), Part.Scalar("lambda", lambda)]);
        double e = w.Zip(x, (a, b) => a * b).Sum() - y;
        for (int i = 0; i < w.Length; i++)
            DerivativeAssert.AssertClose(2 * e * x[i] + 2 * lambda * w[i], gradient[0][i], 1e-14, $"2e·x[{i}] + 2λ·w[{i}]");
        DerivativeAssert.AssertClose(w.Sum(v => v * v), gradient[1][0], 1e-14, "‖w‖²");
    }

    [Fact]
    public void CosineLoss()
    {
        double[] u = [0.5, -1.5, 2.0], v = [1.25, 0.75, -3.0];
        var gradient = DerivativeAssert.Check(VectorizedModels.CosineLoss, VectorizedModels.CosineLossGradient, VectorizedModels.CosineLossTangent, u, v);
        var du = new double[3];
        var dv = new double[3];
        ArrayCalls.CosineSimilarityGradient(u, v, du, dv);  // the scalar loops' Dot: 1 − cos has the opposite gradient
        for (int i = 0; i < 3; i++)
        {
            DerivativeAssert.AssertClose(-du[i], gradient[0][i], 1e-14, $"∂/∂u[{i}]");
            DerivativeAssert.AssertClose(-dv[i], gradient[1][i], 1e-14, $"∂/∂v[{i}]");
        }
    }

    [Fact]
    public void SoftmaxSquaredError()
    {
        double[] target = [0.1, 0.6, 0.3, 0.0];
        DerivativeAssert.Check(
            z => VectorizedModels.SoftmaxSquaredError(z, target),
            (z, dZ) => VectorizedModels.SoftmaxSquaredErrorGradient(z, target, dZ),
            (double[] z, ReadOnlySpan<double> dZ, out double t) => VectorizedModels.SoftmaxSquaredErrorTangent(z, target, dZ, out t),
            [0.5, -1.2, 2.0, 1.9]);
    }

    [Fact]
    public void SoftmaxSquaredErrorSingle()
    {
        float[] target = [0.1f, 0.6f, 0.3f, 0.0f];
        double[] targetD = target.Select(v => (double)v).ToArray();
        DerivativeAssert.Check(
            z => VectorizedModels.SoftmaxSquaredErrorF(z, target),
            (z, dZ) => VectorizedModels.SoftmaxSquaredErrorFGradient(z, target, dZ),
            (float[] z, ReadOnlySpan<float> dZ, out float t) => VectorizedModels.SoftmaxSquaredErrorFTangent(z, target, dZ, out t),
            [0.5f, -1.2f, 2.0f, 1.9f],
            twin: (z, dZ) => VectorizedModels.SoftmaxSquaredErrorGradient(z, targetD, dZ));
    }

    [Fact]
    public void LogOfSumOfExp_has_the_gradient_of_LogSumExp()
    {
        double[] z = [0.5, -1.2, 2.0, 1.9, 0.0];
        var gradient = DerivativeAssert.Check(VectorizedModels.LogOfSumOfExp, VectorizedModels.LogOfSumOfExpGradient, VectorizedModels.LogOfSumOfExpTangent, z);
        var softmax = new double[z.Length];
        Vectorized.LogSumExpGradient(z, softmax);
        for (int i = 0; i < z.Length; i++)
            DerivativeAssert.AssertClose(softmax[i], gradient[i], 1e-14, $"softmax(z)[{i}]");
    }

    [Fact]
    public void Chained()
        => DerivativeAssert.CheckParts(
            p => VectorizedModels.Chained(p[0], p[1], p[2][0]),
            (p, g) => VectorizedModels.ChainedGradient(p[0], p[1], p[2][0], g[0], g[1], out g[2][0]),
            (double[][] p, double[][] s, out double t) => VectorizedModels.ChainedTangent(p[0], p[1], p[2][0], s[0], s[1], s[2][0], out t),
            [Part.Array("a", 0.5, -1.5, 2.0, 0.25), Part.Array("b", 1.25, 0.75, -3.0, 0.5), Part.Scalar("c", 0.7)]);

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void TemperatureSoftmax(double temperature)
    {
        double[] z = [0.5, -1.2, 2.0, 1.9];
        var jacobian = DerivativeAssert.CheckVectorOutput(
            (p, y) => VectorizedModels.TemperatureSoftmax(p[0], p[1][0], y),
            (p, y, g, dy) => VectorizedModels.TemperatureSoftmaxGradient(p[0], p[1][0], y, g[0], out g[1][0], dy),
            (p, y, s, dy) => VectorizedModels.TemperatureSoftmaxTangent(p[0], p[1][0], y, s[0], s[1][0], dy),
            4,
            [Part.Array("z", z), Part.Scalar("t", temperature)]);
        // ∂p[j]/∂z[k] = (p[j]·(δjk − p[k])) / t.
        var p = new double[4];
        Vectorized.Softmax(z.Select(v => v / temperature).ToArray(), p);
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++)
                DerivativeAssert.AssertClose(p[j] * ((j == k ? 1 : 0) - p[k]) / temperature, jacobian[j][0][k], 1e-14, $"∂p[{j}]/∂z[{k}]");
    }

    private static readonly double[] Long = Enumerable.Range(0, 10_000).Select(i => 3 * Math.Sin(0.7 * i)).ToArray();
    private static readonly double[] LongX = Enumerable.Range(0, 10_000).Select(i => Math.Cos(i)).ToArray();
    private static readonly double[] DLong = new double[10_000], YLong = new double[10_000];

    private static readonly Dictionary<string, (Action Gradient, Action Tangent)> AllocationCases = new()
    {
        ["CrossEntropy"] = (() => VectorizedModels.CrossEntropyGradient(Long, 3, DLong), () => VectorizedModels.CrossEntropyTangent(Long, 3, LongX, out _)),
        ["RidgeLoss"] = (() => VectorizedModels.RidgeLossGradient(Long, 0.1, LongX, 0.5, DLong, out _), () => VectorizedModels.RidgeLossTangent(Long, 0.1, LongX, 0.5, LongX, 1, out _)),
        ["Chained"] = (() => VectorizedModels.ChainedGradient(Long, LongX, 0.7, DLong, DLong, out _), () => VectorizedModels.ChainedTangent(Long, LongX, 0.7, LongX, Long, 1, out _)),
        ["TemperatureSoftmax"] = (() => VectorizedModels.TemperatureSoftmaxGradient(Long, 0.5, YLong, DLong, out _, LongX),
            () => VectorizedModels.TemperatureSoftmaxTangent(Long, 0.5, YLong, LongX, 1, DLong)),
    };

    public static TheoryData<string> AllocationNames => new(AllocationCases.Keys);

    [Theory]
    [MemberData(nameof(AllocationNames))]
    public void Steady_state_allocates_nothing(string name)
    {
        var (gradient, tangent) = AllocationCases[name];
        Assert.Equal(0, LeastAllocated(gradient));
        Assert.Equal(0, LeastAllocated(tangent));
    }

    /// <summary>
    /// The fewest bytes allocated on this thread by ten calls (after warm-up), over up to five tries: a call that
    /// allocates does so every time, while the pool's shared arrays may now and then be taken by tests running in
    /// parallel (several buffers of one size class here), which a single measurement would blame on the call.
    /// </summary>
    private static long LeastAllocated(Action call)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5 && least > 0; attempt++) least = Math.Min(least, LoopAllocationTests.Allocated(call));
        return least;
    }
}
