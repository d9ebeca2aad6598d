using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// The gradient buffers of array parameters (docs/API.md): gradients are added to them, a buffer of the wrong length
/// throws an <see cref="ArgumentException"/> naming it, empty arrays work, and spans over parts of arrays work.
/// </summary>
public class GradientBufferTests
{
    [Fact]
    public void CallingTwiceDoublesTheBuffer()
    {
        double[] v = [0.5, -1.5, 2.0];
        var dV = new double[3];
        Loops.SumOfSquaresGradient(v, dV);
        Assert.Equal([1.0, -3.0, 4.0], dV);
        Loops.SumOfSquaresGradient(v, dV);
        Assert.Equal([2.0, -6.0, 8.0], dV);
    }

    [Fact]
    public void CallingTwiceDoublesTheBufferOfEveryArray()
    {
        double[] w1 = [0.5, -0.3, 0.8, -0.6, 0.2, 0.4], b1 = [0.1, -0.2], w2 = [0.7, -0.4], x = [1.0, -0.5, 2.0];
        var once = new[] { new double[6], new double[2], new double[2] };
        var twice = new[] { new double[6], new double[2], new double[2] };
        ArrayModels.PerceptronLossGradient(w1, b1, w2, 0.1, x, 0.5, once[0], once[1], once[2], out double dB2Once);
        ArrayModels.PerceptronLossGradient(w1, b1, w2, 0.1, x, 0.5, twice[0], twice[1], twice[2], out _);
        ArrayModels.PerceptronLossGradient(w1, b1, w2, 0.1, x, 0.5, twice[0], twice[1], twice[2], out double dB2Twice);
        for (int k = 0; k < 3; k++)
            Assert.Equal(once[k].Select(g => 2 * g), twice[k]);
        // A scalar's derivative is an out parameter: assigned, not accumulated.
        Assert.Equal(dB2Once, dB2Twice);
    }

    [Fact]
    public void GradientsOfTwoPointsAddUp()
    {
        double[] p = [0.5, 1.2, 2.0], q = [-0.3, 0.7, 1.1];
        double[] gp = new double[3], gq = new double[3], both = new double[3];
        Loops.ProductOfSinesGradient(p, gp);
        Loops.ProductOfSinesGradient(q, gq);
        Loops.ProductOfSinesGradient(p, both);
        Loops.ProductOfSinesGradient(q, both);
        Assert.Equal(gp.Zip(gq, (a, b) => a + b), both);
    }

    [Fact]
    public void AliasedBuffersReceiveBothGradients()
    {
        // ∂(u·v)/∂u = v and ∂(u·v)/∂v = u, both added to the one buffer.
        double[] u = [0.5, -1.5, 2.0], v = [1.25, 0.75, -3.0];
        var buffer = new double[3];
        Loops.DotGradient(u, v, buffer, buffer);
        Assert.Equal(u.Zip(v, (a, b) => a + b), buffer);
    }

    [Fact]
    public void BufferMayBeASliceOfALargerArray()
    {
        double[] v = [0.5, -1.5, 2.0];
        var big = Enumerable.Repeat(7.0, 7).ToArray();
        Loops.SumOfSquaresGradient(v, big.AsSpan(2, 3));
        Assert.Equal([7.0, 7.0, 8.0, 4.0, 11.0, 7.0, 7.0], big);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(0)]
    public void WrongLengthThrowsNamingTheBuffer(int length)
    {
        double[] v = [0.5, -1.5, 2.0];
        var e = Assert.Throws<ArgumentException>(() => Loops.SumOfSquaresGradient(v, new double[length]));
        Assert.Equal("dV", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Loops.SumOfSquaresTangent(v, new double[length], out _));
        Assert.Equal("dV", e.ParamName);
    }

    [Fact]
    public void WrongLengthNamesTheRightBufferOfSeveral()
    {
        double[] u = [0.5, -1.5, 2.0], v = [1.25, 0.75, -3.0];
        Assert.Equal("dU", Assert.Throws<ArgumentException>(() => Loops.DotGradient(u, v, new double[2], new double[3])).ParamName);
        Assert.Equal("dV", Assert.Throws<ArgumentException>(() => Loops.DotGradient(u, v, new double[3], new double[2])).ParamName);
        Assert.Equal("dU", Assert.Throws<ArgumentException>(() => Loops.DotTangent(u, v, new double[4], new double[3], out _)).ParamName);
        Assert.Equal("dV", Assert.Throws<ArgumentException>(() => Loops.DotTangent(u, v, new double[3], new double[4], out _)).ParamName);

        double[] w1 = new double[6], b1 = new double[2], w2 = new double[2], x = [1.0, -0.5, 2.0];
        Assert.Equal("dW1", Assert.Throws<ArgumentException>(() =>
            ArrayModels.PerceptronLossGradient(w1, b1, w2, 0, x, 0, new double[5], new double[2], new double[2], out _)).ParamName);
        Assert.Equal("dB1", Assert.Throws<ArgumentException>(() =>
            ArrayModels.PerceptronLossGradient(w1, b1, w2, 0, x, 0, new double[6], new double[3], new double[2], out _)).ParamName);
        Assert.Equal("dW2", Assert.Throws<ArgumentException>(() =>
            ArrayModels.PerceptronLossGradient(w1, b1, w2, 0, x, 0, new double[6], new double[2], new double[1], out _)).ParamName);
        Assert.Equal("dW", Assert.Throws<ArgumentException>(() =>
            Loops.SumOfSigmoidsGradient([1.0, 2.0], 0.5, [1.0, 2.0], new double[1], out _)).ParamName);
        Assert.Equal("dV", Assert.Throws<ArgumentException>(() => LoopsF.SquaresUntilNegativeGradient([1f, 2f], new float[3])).ParamName);
    }

    [Fact]
    public void EmptyArraysWork()
    {
        Assert.Equal(0.0, Loops.SumOfSquaresGradient([], Span<double>.Empty));
        Assert.Equal(0.0, Loops.SumOfSquaresTangent([], ReadOnlySpan<double>.Empty, out double t));
        Assert.Equal(0.0, t);

        Assert.Equal(0.0, Loops.DotGradient([], [], [], []));
        Assert.Equal(1.0, Loops.ProductOfSinesGradient([], []));
        Assert.Equal(1.0, Loops.ProductOfSinesTangent([], [], out t));
        Assert.Equal(0.0, t);

        Assert.Equal(0.0, Loops.HornerGradient([], 1.5, [], out double dX));
        Assert.Equal(0.0, dX);
        Assert.Equal(0.0, Loops.HornerTangent([], 1.5, [], 1.0, out t));
        Assert.Equal(0.0, t);

        Assert.Equal(0.0, Loops.QuadraticFormGradient([], [], []));
        Assert.Equal(0.0, Loops.ForEachArrayGradient([], 2.0, [], out double dA));
        Assert.Equal(0.0, dA);
        Assert.Equal(0.0, Loops.NestedWithBranchesTangent([], 0.3, [], 1.0, out t));
        Assert.Equal(0.0, t);
        Assert.Equal(0.0, LoopsF.DotGradient([], [], [], []));

        // An empty hidden layer: the perceptron is the constant b2.
        double loss = ArrayModels.PerceptronLossGradient([], [], [], 0.25, [1.0, 2.0], 1.0, [], [], [], out double dB2);
        Assert.Equal(0.5625, loss);
        Assert.Equal(-1.5, dB2);
    }

    [Fact]
    public void GradientAndTangentLeaveTheirInputsAlone()
    {
        double[] x = [0.5, 1.2, -0.8, 0.9];
        var copy = (double[])x.Clone();
        Loops.NestedWithBranchesGradient(x, 0.3, new double[4], out _);
        Loops.NestedWithBranchesTangent(x, 0.3, [1, 1, 1, 1], 1, out _);
        Assert.Equal(copy, x);
    }

    // Seeded reverse mode (docs/API.md): the overload taking the result's seed scales every derivative by it.
    [Theory]
    [InlineData(2.5)]
    [InlineData(-0.75)]
    [InlineData(0.0)]
    public void SeededGradientScalesByTheSeed(double seed)
    {
        double[] w1 = [0.5, -0.3, 0.8, -0.6, 0.2, 0.4], b1 = [0.1, -0.2], w2 = [0.7, -0.4], x = [1.0, -0.5, 2.0];
        var plain = new[] { new double[6], new double[2], new double[2] };
        var seeded = new[] { Enumerable.Repeat(1.0, 6).ToArray(), Enumerable.Repeat(1.0, 2).ToArray(), Enumerable.Repeat(1.0, 2).ToArray() };
        double value = ArrayModels.PerceptronLossGradient(w1, b1, w2, 0.1, x, 0.5, plain[0], plain[1], plain[2], out double dB2);
        double seededValue = ArrayModels.PerceptronLossGradient(w1, b1, w2, 0.1, x, 0.5, seed, seeded[0], seeded[1], seeded[2], out double seededDB2);
        Assert.Equal(value, seededValue);
        DerivativeAssert.AssertClose(seed * dB2, seededDB2, 1e-15, "dB2 = seed·∂F/∂b2");
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < plain[k].Length; i++)
                DerivativeAssert.AssertClose(1 + seed * plain[k][i], seeded[k][i], 1e-15, $"buffer {k}[{i}] += seed·∂F");

        var dV = new double[3];
        Assert.Equal(Loops.ProductOfSines([0.5, 1.2, 2.0]), Loops.ProductOfSinesGradient([0.5, 1.2, 2.0], seed, dV));
        var reference = new double[3];
        Loops.ProductOfSinesGradient([0.5, 1.2, 2.0], reference);
        for (int i = 0; i < 3; i++)
            DerivativeAssert.AssertClose(seed * reference[i], dV[i], 1e-15, $"seed·∂/∂a[{i}]");
    }
}
