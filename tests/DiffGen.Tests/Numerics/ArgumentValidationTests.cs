namespace DiffGen.Tests.Numerics;

/// <summary>Bad arguments fail fast with the standard exception naming the culprit.</summary>
public sealed class ArgumentValidationTests
{
    private static readonly Func<double, double> Scalar = Math.Sin;
    private static readonly Func<double[], double> Vector = p => p.Sum();

    public static TheoryData<double> BadSteps => new() { 0.0, -0.0, -1e-3, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Fact]
    public void NullFunction_Throws()
    {
        AssertNull("f", () => NumericalDiff.CentralDifference(null!, 1.0));
        AssertNull("f", () => NumericalDiff.Derivative((Func<double, double>)null!, 1.0));
        AssertNull("f", () => NumericalDiff.Derivative(null!, 1.0, out _));
        AssertNull("f", () => NumericalDiff.Derivative((Func<float, float>)null!, 1f));
        AssertNull("f", () => NumericalDiff.Gradient(null!, [1.0]));
        AssertNull("f", () => NumericalDiff.DirectionalDerivative(null!, [1.0], [1.0]));
    }

    [Fact]
    public void NullPointOrDirection_Throws()
    {
        AssertNull("x", () => NumericalDiff.Gradient(Vector, null!));
        AssertNull("x", () => NumericalDiff.DirectionalDerivative(Vector, null!, [1.0]));
        AssertNull("direction", () => NumericalDiff.DirectionalDerivative(Vector, [1.0], null!));
    }

    [Theory]
    [MemberData(nameof(BadSteps))]
    public void BadStep_ThrowsArgumentOutOfRange(double h)
    {
        AssertBadStep(() => NumericalDiff.CentralDifference(Scalar, 1.0, h));
        AssertBadStep(() => NumericalDiff.Derivative(Scalar, 1.0, h));
        AssertBadStep(() => NumericalDiff.Derivative(Scalar, 1.0, out _, h));
        AssertBadStep(() => NumericalDiff.Derivative(MathF.Sin, 1f, (float)h));
        AssertBadStep(() => NumericalDiff.Gradient(Vector, [1.0, 2.0], h));
        AssertBadStep(() => NumericalDiff.DirectionalDerivative(Vector, [1.0], [1.0], h));
    }

    [Fact]
    public void BadStep_IsRejectedEvenWhenThereIsNothingToDifferentiate()
    {
        // An empty point needs no evaluation, but a bad step is still a caller bug worth reporting.
        AssertBadStep(() => NumericalDiff.Gradient(Vector, [], -1.0));
        AssertBadStep(() => NumericalDiff.DirectionalDerivative(Vector, [], [], 0.0));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    [InlineData(2, 0)]
    public void DirectionOfTheWrongLength_ThrowsArgumentException(int pointLength, int directionLength)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            NumericalDiff.DirectionalDerivative(Vector, new double[pointLength], new double[directionLength]));

        Assert.Equal("direction", ex.ParamName);
        Assert.Contains(directionLength.ToString(), ex.Message);
        Assert.Contains(pointLength.ToString(), ex.Message);
    }

    [Fact]
    public void BadArguments_AreRejectedBeforeTheFunctionIsCalled()
    {
        bool called = false;
        double Spy(double[] p) { called = true; return 0; }

        Assert.ThrowsAny<ArgumentException>(() => NumericalDiff.DirectionalDerivative(Spy, [1.0, 2.0], [1.0]));
        Assert.ThrowsAny<ArgumentException>(() => NumericalDiff.Gradient(Spy, [1.0, 2.0], double.NaN));

        Assert.False(called);
    }

    private static void AssertNull(string parameter, Action call)
        => Assert.Equal(parameter, Assert.Throws<ArgumentNullException>(call).ParamName);

    private static void AssertBadStep(Action call)
        => Assert.Equal("h", Assert.Throws<ArgumentOutOfRangeException>(call).ParamName);
}
