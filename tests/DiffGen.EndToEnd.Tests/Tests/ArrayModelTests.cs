using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Small models over arrays (<see cref="ArrayModels"/>, issue 3): checked numerically and analytically, and trained
/// with the generated gradients.
/// </summary>
public class ArrayModelTests
{
    private static double[] Softmax(double[] z)
    {
        double m = z.Max();
        var e = z.Select(v => Math.Exp(v - m)).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.2, 2.0, 1.9 })]  // the maximum is z[2], clear of z[3]
    [InlineData(new[] { 3.0 })]
    [InlineData(new[] { 1000.0, 1001.5, 999.0 })] // exp would overflow without the shift
    public void LogSumExp(double[] z)
    {
        var gradient = DerivativeAssert.Check(
            v => ArrayModels.LogSumExp(v),
            (v, dV) => ArrayModels.LogSumExpGradient(v, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => ArrayModels.LogSumExpTangent(v, dV, out t),
            z);
        var softmax = Softmax(z);
        for (int i = 0; i < z.Length; i++)
            DerivativeAssert.AssertClose(softmax[i], gradient[i], 1e-14, $"softmax(z)[{i}]");
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.2, 2.0, 1.9 }, 0)]
    [InlineData(new[] { 0.5, -1.2, 2.0, 1.9 }, 2)]
    [InlineData(new[] { -0.3, 0.8 }, 1)]
    public void SoftmaxCrossEntropy(double[] z, int label)
    {
        var gradient = DerivativeAssert.Check(
            v => ArrayModels.SoftmaxCrossEntropy(v, label),
            (v, dV) => ArrayModels.SoftmaxCrossEntropyGradient(v, label, dV),
            (double[] v, ReadOnlySpan<double> dV, out double t) => ArrayModels.SoftmaxCrossEntropyTangent(v, label, dV, out t),
            z);
        var softmax = Softmax(z);
        for (int i = 0; i < z.Length; i++)
            DerivativeAssert.AssertClose(softmax[i] - (i == label ? 1 : 0), gradient[i], 1e-14, $"softmax(z)[{i}] − onehot[{i}]");
    }

    // y ≈ 2x + 1 with noise.
    private static readonly double[] Xs = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    private static readonly double[] Ys = [1.1, 2.9, 5.2, 6.8, 9.1, 11.0];

    [Theory]
    [InlineData(0.5, -1.0)]
    [InlineData(2.0, 1.0)]
    public void LinearRegressionMse(double w, double b)
    {
        var gradient = DerivativeAssert.Check(
            (p, q) => ArrayModels.LinearRegressionMse(p, q, Xs, Ys),
            (double p, double q, out double dP, out double dQ) => ArrayModels.LinearRegressionMseGradient(p, q, Xs, Ys, out dP, out dQ),
            (double p, double q, double dP, double dQ, out double t) => ArrayModels.LinearRegressionMseTangent(p, q, Xs, Ys, dP, dQ, out t),
            w, b);
        double dw = 0, db = 0;
        for (int i = 0; i < Xs.Length; i++)
        {
            double e = w * Xs[i] + b - Ys[i];
            dw += 2 * e * Xs[i] / Xs.Length;
            db += 2 * e / Xs.Length;
        }
        DerivativeAssert.AssertClose(dw, gradient[0], 1e-13, "(2/n) Σ e·x");
        DerivativeAssert.AssertClose(db, gradient[1], 1e-13, "(2/n) Σ e");
    }

    [Fact]
    public void LinearRegressionTrainsToTheLeastSquaresSolution()
    {
        double meanX = Xs.Average(), meanY = Ys.Average();
        double covariance = 0, variance = 0;
        for (int i = 0; i < Xs.Length; i++)
        {
            covariance += (Xs[i] - meanX) * (Ys[i] - meanY);
            variance += (Xs[i] - meanX) * (Xs[i] - meanX);
        }
        double bestW = covariance / variance, bestB = meanY - bestW * meanX;

        double w = 0, b = 0;
        const double LearningRate = 0.05;
        for (int step = 0; step < 5000; step++)
        {
            ArrayModels.LinearRegressionMseGradient(w, b, Xs, Ys, out double dw, out double db);
            w -= LearningRate * dw;
            b -= LearningRate * db;
        }
        DerivativeAssert.AssertClose(bestW, w, 1e-10, "trained slope against the least-squares slope");
        DerivativeAssert.AssertClose(bestB, b, 1e-10, "trained intercept against the least-squares intercept");
        double loss = ArrayModels.LinearRegressionMseGradient(w, b, Xs, Ys, out double finalDw, out double finalDb);
        Assert.True(Math.Abs(finalDw) < 1e-10 && Math.Abs(finalDb) < 1e-10, $"gradient at the minimum: ({finalDw}, {finalDb})");
        DerivativeAssert.AssertClose(ArrayModels.LinearRegressionMse(bestW, bestB, Xs, Ys), loss, 1e-12, "the minimal loss");
    }

    // A 3-input, 4-hidden-unit perceptron.
    private static readonly double[] W1 = [0.5, -0.3, 0.8, -0.6, 0.2, 0.4, 0.1, 0.9, -0.7, 0.3, -0.2, 0.6];
    private static readonly double[] B1 = [0.1, -0.2, 0.05, 0.3];
    private static readonly double[] W2 = [0.7, -0.4, 0.25, -0.9];
    private static readonly double[] X = [1.0, -0.5, 2.0];

    private static Part[] PerceptronPoint(double b2) =>
        [Part.Array("w1", W1), Part.Array("b1", B1), Part.Array("w2", W2), Part.Scalar("b2", b2)];

    [Theory]
    [InlineData(0.1, 0.5)]
    [InlineData(-0.3, -2.0)]
    public void PerceptronLoss(double b2, double target)
        => DerivativeAssert.CheckParts(
            p => ArrayModels.PerceptronLoss(p[0], p[1], p[2], p[3][0], X, target),
            (p, g) => ArrayModels.PerceptronLossGradient(p[0], p[1], p[2], p[3][0], X, target, g[0], g[1], g[2], out g[3][0]),
            (double[][] p, double[][] s, out double t) => ArrayModels.PerceptronLossTangent(p[0], p[1], p[2], p[3][0], X, target, s[0], s[1], s[2], s[3][0], out t),
            PerceptronPoint(b2));

    [Fact]
    public void PerceptronInputSensitivity()
        => DerivativeAssert.CheckParts(
            p => ArrayModels.PerceptronInputSensitivity(p[0], W1, B1, W2, p[1][0]),
            (p, g) => ArrayModels.PerceptronInputSensitivityGradient(p[0], W1, B1, W2, p[1][0], g[0], out g[1][0]),
            (double[][] p, double[][] s, out double t) => ArrayModels.PerceptronInputSensitivityTangent(p[0], W1, B1, W2, p[1][0], s[0], s[1][0], out t),
            [Part.Array("x", X), Part.Scalar("b2", 0.2)]);

    [Fact]
    public void PerceptronTrainsOnASample()
    {
        double[] w1 = (double[])W1.Clone(), b1 = (double[])B1.Clone(), w2 = (double[])W2.Clone();
        double b2 = 0;
        var dW1 = new double[w1.Length];
        var dB1 = new double[b1.Length];
        var dW2 = new double[w2.Length];
        const double Target = 0.75, LearningRate = 0.05;
        double first = ArrayModels.PerceptronLoss(w1, b1, w2, b2, X, Target);
        for (int step = 0; step < 500; step++)
        {
            // The gradient accumulates into the buffers: clear them before each step.
            Array.Clear(dW1);
            Array.Clear(dB1);
            Array.Clear(dW2);
            ArrayModels.PerceptronLossGradient(w1, b1, w2, b2, X, Target, dW1, dB1, dW2, out double dB2);
            for (int i = 0; i < w1.Length; i++) w1[i] -= LearningRate * dW1[i];
            for (int i = 0; i < b1.Length; i++) b1[i] -= LearningRate * dB1[i];
            for (int i = 0; i < w2.Length; i++) w2[i] -= LearningRate * dW2[i];
            b2 -= LearningRate * dB2;
        }
        double last = ArrayModels.PerceptronLoss(w1, b1, w2, b2, X, Target);
        Assert.True(first > 0.1, $"initial loss {first}");
        Assert.True(last < 1e-12, $"loss after training {last} (from {first})");
    }

    [Theory]
    [InlineData(0.5, -0.25, 0.1)]
    [InlineData(-1.0, 2.0, -0.5)]
    public void LogisticLoss(double w0, double w1, double b)
    {
        double[] xs = [1.0, 0.5, -0.5, 2.0, 1.5, -1.0, -2.0, 0.25];
        double[] ys = [1, -1, 1, 1];
        DerivativeAssert.Check(
            (w, c) => ArrayModels.LogisticLoss(w, c, xs, ys),
            (double[] w, double c, Span<double> dW, out double dC) => ArrayModels.LogisticLossGradient(w, c, xs, ys, dW, out dC),
            (double[] w, double c, ReadOnlySpan<double> dW, double dC, out double t) => ArrayModels.LogisticLossTangent(w, c, xs, ys, dW, dC, out t),
            [w0, w1], b);
    }
}
