using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// Constant parameters (<see cref="ConstantParameters"/>, <see cref="ConstantParametersF"/>): [NoDiff] reals, integers,
/// booleans and enums get no derivative parameter (these calls compile only if so) and are held fixed.
/// </summary>
public class ConstantParametersTests
{
    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(-1.5, -0.5)]
    [InlineData(3.0, 0.0)]
    public void NoDiffScale(double x, double scale)
    {
        var gradient = DerivativeAssert.Check(
            v => ConstantParameters.NoDiffScale(v, scale),
            (double v, out double dV) => ConstantParameters.NoDiffScaleGradient(v, scale, out dV),
            (double v, double dV, out double t) => ConstantParameters.NoDiffScaleTangent(v, scale, dV, out t),
            x);
        DerivativeAssert.AssertClose(2 * scale * x, gradient[0], 1e-15, "analytic 2·scale·x");
    }

    [Theory]
    [InlineData(0.5, 0.3, 1.5)]
    [InlineData(-2.0, 1.5, 0.4)]
    [InlineData(1.0, -0.7, -2.0)]
    public void NoDiffInTheMiddle(double x, double offset, double y)
        => DerivativeAssert.Check(
            (a, b) => ConstantParameters.NoDiffInTheMiddle(a, offset, b),
            (double a, double b, out double dA, out double dB) => ConstantParameters.NoDiffInTheMiddleGradient(a, offset, b, out dA, out dB),
            (double a, double b, double dA, double dB, out double t) => ConstantParameters.NoDiffInTheMiddleTangent(a, offset, b, dA, dB, out t),
            x, y);

    [Theory]
    [InlineData(0.5, 3, false)]
    [InlineData(-1.5, 2, true)]
    [InlineData(2.0, -1, true)]
    [InlineData(1.3, 0, false)]
    public void IntAndBool(double x, int n, bool negate)
        => DerivativeAssert.Check(
            v => ConstantParameters.IntAndBool(v, n, negate),
            (double v, out double dV) => ConstantParameters.IntAndBoolGradient(v, n, negate, out dV),
            (double v, double dV, out double t) => ConstantParameters.IntAndBoolTangent(v, n, negate, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, Shape.Linear)]
    [InlineData(-1.5, Shape.Quadratic)]
    [InlineData(2.0, Shape.Cubic)]
    public void EnumParameter(double x, Shape shape)
        => DerivativeAssert.Check(
            v => ConstantParameters.EnumParameter(v, shape),
            (double v, out double dV) => ConstantParameters.EnumParameterGradient(v, shape, out dV),
            (double v, double dV, out double t) => ConstantParameters.EnumParameterTangent(v, shape, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 3, 2L, (short)4, true, Shape.Cubic, 0.7, 1.5)]
    [InlineData(-1.5, -2, 5L, (short)-1, false, Shape.Linear, -0.3, 0.25)]
    [InlineData(2.0, 0, -3L, (short)2, true, Shape.Quadratic, 1.25, -1.0)]
    public void AllConstantKinds(double x, int n, long m, short s, bool flag, Shape shape, double c, double y)
        => DerivativeAssert.Check(
            (a, b) => ConstantParameters.AllConstantKinds(a, n, m, s, flag, shape, c, b),
            (double a, double b, out double dA, out double dB) => ConstantParameters.AllConstantKindsGradient(a, n, m, s, flag, shape, c, b, out dA, out dB),
            (double a, double b, double dA, double dB, out double t) => ConstantParameters.AllConstantKindsTangent(a, n, m, s, flag, shape, c, b, dA, dB, out t),
            x, y);

    [Theory]
    [InlineData(0.5, 1.5, 0.1, 3)]
    [InlineData(-2.0, 0.25, 0.01, 1)]
    public void NamingWithNamedArguments(double weights, double bias, double learningRate, int steps)
    {
        // Named arguments: compiles only if the derivative parameters are called dWeights and dBias, and tangent.
        double value = ConstantParameters.NamingGradient(
            weights: weights, bias: bias, learningRate: learningRate, steps: steps, dWeights: out double dWeights, dBias: out double dBias);
        double forward = ConstantParameters.NamingTangent(
            weights: weights, bias: bias, learningRate: learningRate, steps: steps, dWeights: 1.0, dBias: 0.0, tangent: out double tangent);
        Assert.Equal(ConstantParameters.Naming(weights, bias, learningRate, steps), value);
        Assert.Equal(value, forward);
        DerivativeAssert.AssertClose(dWeights, tangent, DerivativeAssert.DoubleModeTolerance, "forward ∂/∂weights");

        var gradient = DerivativeAssert.Check(
            (w, b) => ConstantParameters.Naming(w, b, learningRate, steps),
            (double w, double b, out double dW, out double dB) => ConstantParameters.NamingGradient(w, b, learningRate, steps, out dW, out dB),
            (double w, double b, double dW, double dB, out double t) => ConstantParameters.NamingTangent(w, b, learningRate, steps, dW, dB, out t),
            weights, bias);
        Assert.Equal(gradient, new[] { dWeights, dBias });
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    public void InternalMethod(double x)
    {
        var gradient = DerivativeAssert.Check(ConstantParameters.InternalMethod, ConstantParameters.InternalMethodGradient, ConstantParameters.InternalMethodTangent, x);
        Assert.Equal(x, gradient[0]);
    }

    // ---- float ----

    [Theory]
    [InlineData(0.5f, 0.3f, 1.5f)]
    [InlineData(-2f, 1.5f, 0.4f)]
    public void NoDiffInTheMiddleSingle(float x, float offset, float y)
        => DerivativeAssert.Check(
            (a, b) => ConstantParametersF.NoDiffInTheMiddle(a, offset, b),
            (float a, float b, out float dA, out float dB) => ConstantParametersF.NoDiffInTheMiddleGradient(a, offset, b, out dA, out dB),
            (float a, float b, float dA, float dB, out float t) => ConstantParametersF.NoDiffInTheMiddleTangent(a, offset, b, dA, dB, out t),
            x, y,
            (double a, double b, out double dA, out double dB) => ConstantParameters.NoDiffInTheMiddleGradient(a, offset, b, out dA, out dB));

    [Theory]
    [InlineData(0.5f, 3, false)]
    [InlineData(-1.5f, 2, true)]
    [InlineData(2f, -1, true)]
    public void IntAndBoolSingle(float x, int n, bool negate)
        => DerivativeAssert.Check(
            v => ConstantParametersF.IntAndBool(v, n, negate),
            (float v, out float dV) => ConstantParametersF.IntAndBoolGradient(v, n, negate, out dV),
            (float v, float dV, out float t) => ConstantParametersF.IntAndBoolTangent(v, n, negate, dV, out t),
            x,
            (double v, out double dV) => ConstantParameters.IntAndBoolGradient(v, n, negate, out dV));
}
