using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Element-wise loops (<see cref="ElementWise"/>): derivatives against finite differences and forward against reverse
/// at lengths around the vector width (the vector passes and the scalar rest), and outputs bit for bit equal to a
/// scalar loop's.
/// </summary>
public class ElementWiseTests
{
    private static double[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 4 - 2).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    public void Axpy(int length)
    {
        var x = Values(length, 1);
        var b = Values(length, 2);
        DerivativeAssert.CheckVectorOutput(
            (p, y) => ElementWise.Axpy(p[0], p[1], p[2][0], p[3][0], y),
            (p, y, g, dy) => { ElementWise.AxpyGradient(p[0], p[1], p[2][0], p[3][0], y, g[0], g[1], out g[2][0], out g[3][0], dy); },
            (p, y, s, dy) => { ElementWise.AxpyTangent(p[0], p[1], p[2][0], p[3][0], y, s[0], s[1], s[2][0], s[3][0], dy); },
            length,
            [Part.Array("x", x), Part.Array("b", b), Part.Scalar("a", 0.7), Part.Scalar("c", 1.9)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(17)]
    public void Every_mode_writes_the_outputs_bit_for_bit(int length)
    {
        var x = Values(length, 3);
        var b = Values(length, 4);
        if (length > 2) x[2] = 0.0;
        var expected = new double[length];
        for (int i = 0; i < length; i++) expected[i] = 0.7 * x[i] + b[i] * Math.Sqrt(Math.Abs(x[i])) - x[i] / 1.9;

        var tangentOutput = new double[length];
        ElementWise.AxpyTangent(x, b, 0.7, 1.9, tangentOutput, x, b, 1, 1, new double[length]);
        var gradientOutput = new double[length];
        ElementWise.AxpyGradient(x, b, 0.7, 1.9, gradientOutput, new double[length], new double[length], out _, out _, Values(length, 5));
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), tangentOutput.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), gradientOutput.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(2, 7)]
    public void NegatedWindow_keeps_negative_zeros(int offset, int length)
    {
        var x = Values(offset + length, 6);
        x[offset] = 0.0;
        var y = new double[length];
        var dy = new double[length];
        ElementWise.NegatedWindowTangent(x, offset, y, Values(x.Length, 7), dy);
        Assert.True(double.IsNegative(y[0]) && y[0] == 0, "−(+0) is −0");
        for (int i = 0; i < length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(-x[offset + i]), BitConverter.DoubleToInt64Bits(y[i]));

        DerivativeAssert.CheckVectorOutput(
            (p, output) => ElementWise.NegatedWindow(p[0], offset, output),
            (p, output, g, seed) => { ElementWise.NegatedWindowGradient(p[0], offset, output, g[0], seed); },
            (p, output, s, tangent) => { ElementWise.NegatedWindowTangent(p[0], offset, output, s[0], tangent); },
            length,
            [Part.Array("x", x)]);
    }

    [Fact]
    public void Differences()
    {
        var x = Values(10, 8);
        DerivativeAssert.CheckVectorOutput(
            (p, y) => ElementWise.Differences(p[0], y),
            (p, y, g, dy) => { ElementWise.DifferencesGradient(p[0], y, g[0], dy); },
            (p, y, s, dy) => { ElementWise.DifferencesTangent(p[0], y, s[0], dy); },
            9,
            [Part.Array("x", x)]);

        // In place, y overlapping x one element later: the scalar loop's order matters, and is kept.
        var buffer = Values(10, 9);
        var expected = (double[])buffer.Clone();
        for (int i = 0; i < 9; i++) expected[i] = expected[i + 1] - expected[i];
        ElementWise.DifferencesTangent(buffer, buffer.AsSpan(0, 9), new double[10], new double[9]);
        Assert.Equal(expected, buffer);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(11)]
    public void FilledLoss(int length)
        => DerivativeAssert.Check(ElementWise.FilledLoss, ElementWise.FilledLossGradient, ElementWise.FilledLossTangent, Values(length, 10), Values(length, 11));

    [Fact]
    public void ScaleF()
    {
        var x = Values(13, 12).Select(v => (float)v).ToArray();
        var y = new float[13];
        var dy = new float[13];
        var direction = Values(13, 13).Select(v => (float)v).ToArray();
        ElementWise.ScaleFTangent(x, 1.5f, y, direction, 0.25f, dy);
        var gradient = new float[13];
        var seed = new float[13];
        for (int i = 0; i < 13; i++)
        {
            Assert.Equal(1.5f * x[i] * x[i] - x[i], y[i]);
            float expected = (2 * 1.5f * x[i] - 1) * direction[i] + 0.25f * x[i] * x[i];
            Assert.True(Math.Abs(expected - dy[i]) <= 1e-5f * Math.Max(1, Math.Abs(expected)), $"dy[{i}] = {dy[i]}, expected {expected}");
            seed[i] = 1;
        }
        ElementWise.ScaleFGradient(x, 1.5f, new float[13], gradient, out float da, seed);
        for (int i = 0; i < 13; i++) Assert.True(Math.Abs((2 * 1.5f * x[i] - 1) - gradient[i]) <= 1e-5f, $"∂y[{i}]/∂x[{i}]");
        Assert.True(Math.Abs(x.Sum(v => v * v) - da) <= 1e-4f * Math.Max(1, Math.Abs(da)), "∂Σy/∂a");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(19)]
    public void Sums_in_vectorized_tangents(int length)
    {
        DerivativeAssert.Check(ElementWise.Rosenbrock, ElementWise.RosenbrockGradient, ElementWise.RosenbrockTangent, Values(length, 14));
        DerivativeAssert.Check(ElementWise.RunningSums, ElementWise.RunningSumsGradient, ElementWise.RunningSumsTangent, Values(length, 15));
        var x = Values(length, 16);
        var w = Values(length, 17);
        DerivativeAssert.CheckParts(
            p => ElementWise.DotMinusSquares(p[0], p[1], p[2][0]),
            (p, g) => ElementWise.DotMinusSquaresGradient(p[0], p[1], p[2][0], g[0], g[1], out g[2][0]),
            (double[][] p, double[][] s, out double t) => ElementWise.DotMinusSquaresTangent(p[0], p[1], p[2][0], s[0], s[1], s[2][0], out t),
            [Part.Array("x", x), Part.Array("w", w), Part.Scalar("c", 0.3)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(13)]
    [InlineData(33)]
    public void Vectorized_sums_add_in_the_loops_order_bit_for_bit(int length)
    {
        // Values of very different sizes: any other order of the additions would round differently.
        var random = new Random(length);
        var x = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-8, 9))).ToArray();
        var w = Enumerable.Range(0, length).Select(_ => (random.NextDouble() - 0.6) * Math.Pow(10, random.Next(-8, 9))).ToArray();
        var dx = Values(length, 18);
        var dw = Values(length, 19);

        double value = ElementWise.DotMinusSquaresTangent(x, w, 0.3, dx, dw, 0.5, out double tangent);
        double dot = 0, squares = 0.3, dDot = 0, dSquares = 0.5;
        for (int i = 0; i < length; i++)
        {
            // The chain rule in the order the generated scalar loop writes it: d(x·w) = dx·w + dw·x.
            dot += x[i] * w[i];
            dDot += dx[i] * w[i] + dw[i] * x[i];
            squares -= w[i] * w[i];
            dSquares -= dw[i] * w[i] + dw[i] * w[i];
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(ElementWise.DotMinusSquares(x, w, 0.3)), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(dot * squares), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(dDot * squares + dSquares * dot), BitConverter.DoubleToInt64Bits(tangent));

        var xf = x.Select(v => (float)v).ToArray();
        float valueF = ElementWise.SquaresFTangent(xf, 1.5f, dx.Select(v => (float)v).ToArray(), 0.25f, out float tangentF);
        float s = 0, ds = 0;
        for (int i = 0; i < length; i++)
        {
            float ax = 1.5f * xf[i];
            s += ax * xf[i];
            float dAx = (float)dx[i] * 1.5f + 0.25f * xf[i];
            ds += dAx * xf[i] + (float)dx[i] * ax;
        }
        Assert.Equal(BitConverter.SingleToInt32Bits(ElementWise.SquaresF(xf, 1.5f)), BitConverter.SingleToInt32Bits(valueF));
        Assert.Equal(BitConverter.SingleToInt32Bits(s), BitConverter.SingleToInt32Bits(valueF));
        Assert.Equal(BitConverter.SingleToInt32Bits(ds), BitConverter.SingleToInt32Bits(tangentF));
    }
}
