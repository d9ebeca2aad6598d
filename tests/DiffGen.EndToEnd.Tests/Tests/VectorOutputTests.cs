using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Vector outputs (<see cref="VectorOutputs"/>, issue 3): the Jacobian of void methods writing a Span&lt;T&gt;, and scalar
/// losses calling them into local arrays.
/// </summary>
public class VectorOutputTests
{
    private static readonly double[] X = [1.0, -0.5, 2.0];
    private static readonly double[] W = [0.5, -0.3, 0.8, -0.6, 0.2, 0.4];
    private static readonly double[] B = [0.1, -0.2];

    [Fact]
    public void Dense()
    {
        var jacobian = DerivativeAssert.CheckVectorOutput(
            (p, y) => VectorOutputs.Dense(p[0], p[1], p[2], y),
            (p, y, g, dy) => { VectorOutputs.DenseGradient(p[0], p[1], p[2], y, g[0], g[1], g[2], dy); },
            (p, y, s, dy) => { VectorOutputs.DenseTangent(p[0], p[1], p[2], y, s[0], s[1], s[2], dy); },
            2,
            [Part.Array("x", X), Part.Array("w", W), Part.Array("b", B)]);
        // ∂y[j]/∂b[j] = 1 − y[j]², ∂y[j]/∂b[k≠j] = 0.
        var y = new double[2];
        VectorOutputs.Dense(X, W, B, y);
        for (int j = 0; j < 2; j++)
            for (int k = 0; k < 2; k++)
                DerivativeAssert.AssertClose(j == k ? 1 - y[j] * y[j] : 0, jacobian[j][2][k], 1e-14, $"∂y[{j}]/∂b[{k}]");
    }

    [Theory]
    [InlineData(1.5, 0.3)]
    [InlineData(0.5, -2.0)]
    public void Polar(double r, double theta)
    {
        var jacobian = DerivativeAssert.CheckVectorOutput(
            (p, y) => VectorOutputs.Polar(p[0][0], p[1][0], y),
            (p, y, g, dy) => { VectorOutputs.PolarGradient(p[0][0], p[1][0], y, out g[0][0], out g[1][0], dy); },
            (p, y, s, dy) => { VectorOutputs.PolarTangent(p[0][0], p[1][0], y, s[0][0], s[1][0], dy); },
            2,
            [Part.Scalar("r", r), Part.Scalar("theta", theta)]);
        DerivativeAssert.AssertClose(Math.Cos(theta), jacobian[0][0][0], 1e-15, "∂x/∂r");
        DerivativeAssert.AssertClose(-r * Math.Sin(theta), jacobian[0][1][0], 1e-15, "∂x/∂θ");
        DerivativeAssert.AssertClose(Math.Sin(theta), jacobian[1][0][0], 1e-15, "∂y/∂r");
        DerivativeAssert.AssertClose(r * Math.Cos(theta), jacobian[1][1][0], 1e-15, "∂y/∂θ");
    }

    [Fact]
    public void Softmax()
    {
        double[] z = [0.5, -1.2, 2.0, 1.9];
        var jacobian = DerivativeAssert.CheckVectorOutput(
            (p, y) => VectorOutputs.Softmax(p[0], y),
            (p, y, g, dy) => { VectorOutputs.SoftmaxGradient(p[0], y, g[0], dy); },
            (p, y, s, dy) => { VectorOutputs.SoftmaxTangent(p[0], y, s[0], dy); },
            4,
            [Part.Array("z", z)]);
        var p = new double[4];
        VectorOutputs.Softmax(z, p);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                DerivativeAssert.AssertClose(p[i] * ((i == j ? 1 : 0) - p[j]), jacobian[i][0][j], 1e-14, $"∂p[{i}]/∂z[{j}] = p[{i}](δ − p[{j}])");
    }

    [Fact]
    public void DenseLoss()
    {
        double[] target = [0.25, -0.5];
        DerivativeAssert.CheckParts(
            p => VectorOutputs.DenseLoss(p[0], p[1], p[2], target),
            (p, g) => VectorOutputs.DenseLossGradient(p[0], p[1], p[2], target, g[0], g[1], g[2]),
            (double[][] p, double[][] s, out double t) => VectorOutputs.DenseLossTangent(p[0], p[1], p[2], target, s[0], s[1], s[2], out t),
            [Part.Array("x", X), Part.Array("w", W), Part.Array("b", B)]);
    }

    [Fact]
    public void RepeatedDenseLoss()
        => DerivativeAssert.CheckParts(
            p => VectorOutputs.RepeatedDenseLoss(p[0], p[1], p[2]),
            (p, g) => VectorOutputs.RepeatedDenseLossGradient(p[0], p[1], p[2], g[0], g[1], g[2]),
            (double[][] p, double[][] s, out double t) => VectorOutputs.RepeatedDenseLossTangent(p[0], p[1], p[2], s[0], s[1], s[2], out t),
            [Part.Array("x", X), Part.Array("w", W), Part.Array("b", B)]);

    [Fact]
    public void DenseThenScale()
        => DerivativeAssert.CheckParts(
            p => VectorOutputs.DenseThenScale(p[0], p[1], p[2]),
            (p, g) => VectorOutputs.DenseThenScaleGradient(p[0], p[1], p[2], g[0], g[1], g[2]),
            (double[][] p, double[][] s, out double t) => VectorOutputs.DenseThenScaleTangent(p[0], p[1], p[2], s[0], s[1], s[2], out t),
            [Part.Array("x", X), Part.Array("w", W), Part.Array("b", B)]);

    [Fact]
    public void TwoLayerLoss()
    {
        double[] w2 = [0.7, -0.4, 0.25, -0.9], b2 = [0.05, 0.3], target = [0.25, -0.5];
        DerivativeAssert.CheckParts(
            p => VectorOutputs.TwoLayerLoss(p[0], p[1], p[2], p[3], p[4], target),
            (p, g) => VectorOutputs.TwoLayerLossGradient(p[0], p[1], p[2], p[3], p[4], target, g[0], g[1], g[2], g[3], g[4]),
            (double[][] p, double[][] s, out double t) => VectorOutputs.TwoLayerLossTangent(p[0], p[1], p[2], p[3], p[4], target, s[0], s[1], s[2], s[3], s[4], out t),
            [Part.Array("x", X), Part.Array("w1", W), Part.Array("b1", B), Part.Array("w2", w2), Part.Array("b2", b2)]);
    }

    [Fact]
    public void DenseSingleAgainstDouble()
    {
        float[] x = [1f, -0.5f, 2f], w = [0.5f, -0.3f, 0.8f, -0.6f, 0.2f, 0.4f], b = [0.1f, -0.2f];
        float[] y = new float[2], dx = new float[3], dw = new float[6], db = new float[2];
        float[] seed = [0.75f, -1.25f];
        VectorOutputs.DenseFGradient(x, w, b, y, dx, dw, db, seed);
        double[] yd = new double[2], dxd = new double[3], dwd = new double[6], dbd = new double[2];
        VectorOutputs.DenseGradient(X, W, B, yd, dxd, dwd, dbd, [0.75, -1.25]);
        for (int i = 0; i < 3; i++) DerivativeAssert.AssertClose(dxd[i], dx[i], DerivativeAssert.SingleTwinTolerance, $"∂/∂x[{i}]");
        for (int i = 0; i < 6; i++) DerivativeAssert.AssertClose(dwd[i], dw[i], DerivativeAssert.SingleTwinTolerance, $"∂/∂w[{i}]");
        for (int i = 0; i < 2; i++) DerivativeAssert.AssertClose(dbd[i], db[i], DerivativeAssert.SingleTwinTolerance, $"∂/∂b[{i}]");
        float[] ty = new float[2], tdy = new float[2];
        VectorOutputs.DenseFTangent(x, w, b, ty, x, w, b, tdy);
        Assert.Equal(y, ty);
    }

    [Fact]
    public void SteadyStateAllocatesNothing()
    {
        double[] y = new double[2], dy = new double[2], dx = new double[3], dw = new double[6], db = new double[2], seed = [1.0, -0.5];
        double[] target = [0.25, -0.5];
        Assert.Equal(0, LoopAllocationTests.Allocated(() => VectorOutputs.DenseGradient(X, W, B, y, dx, dw, db, seed)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => VectorOutputs.DenseTangent(X, W, B, y, X, W, B, dy)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => VectorOutputs.DenseLossGradient(X, W, B, target, dx, dw, db)));
        Assert.Equal(0, LoopAllocationTests.Allocated(() => VectorOutputs.DenseLossTangent(X, W, B, target, X, W, B, out _)));
    }
}
