using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>+ − × ÷ alone and nested (<see cref="Arithmetic"/>, <see cref="ArithmeticF"/>).</summary>
public class ArithmeticTests
{
    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    [InlineData(3.0, 0.2)]
    public void Add(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Arithmetic.Add, Arithmetic.AddGradient, Arithmetic.AddTangent, x, y);
        Assert.Equal(new[] { 1.0, 1.0 }, gradient);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    [InlineData(3.0, 0.2)]
    public void Subtract(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Arithmetic.Subtract, Arithmetic.SubtractGradient, Arithmetic.SubtractTangent, x, y);
        Assert.Equal(new[] { 1.0, -1.0 }, gradient);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    [InlineData(3.0, 0.2)]
    public void Multiply(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Arithmetic.Multiply, Arithmetic.MultiplyGradient, Arithmetic.MultiplyTangent, x, y);
        Assert.Equal(new[] { y, x }, gradient);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    [InlineData(3.0, 0.2)]
    public void Divide(double x, double y)
        => DerivativeAssert.Check(Arithmetic.Divide, Arithmetic.DivideGradient, Arithmetic.DivideTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void Reciprocal(double x)
        => DerivativeAssert.Check(Arithmetic.Reciprocal, Arithmetic.ReciprocalGradient, Arithmetic.ReciprocalTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void Square(double x)
    {
        var gradient = DerivativeAssert.Check(Arithmetic.Square, Arithmetic.SquareGradient, Arithmetic.SquareTangent, x);
        Assert.Equal(2 * x, gradient[0]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    [InlineData(1.1)]
    public void Polynomial(double x)
        => DerivativeAssert.Check(Arithmetic.Polynomial, Arithmetic.PolynomialGradient, Arithmetic.PolynomialTangent, x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.4)]
    public void Rational(double x, double y)
        => DerivativeAssert.Check(Arithmetic.Rational, Arithmetic.RationalGradient, Arithmetic.RationalTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5, -0.7)]
    [InlineData(-1.2, 0.8, 2.1)]
    [InlineData(2.0, -1.0, 0.5)]
    public void Nested(double x, double y, double z)
        => DerivativeAssert.Check(Arithmetic.Nested, Arithmetic.NestedGradient, Arithmetic.NestedTangent, x, y, z);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, -0.5)]
    [InlineData(-3.0, 0.7)]
    public void DeepNesting(double x, double y)
        => DerivativeAssert.Check(Arithmetic.DeepNesting, Arithmetic.DeepNestingGradient, Arithmetic.DeepNestingTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5, -0.7)]
    [InlineData(-1.2, 0.8, 2.1)]
    [InlineData(2.0, -1.0, 0.5)]
    public void Precedence(double x, double y, double z)
        => DerivativeAssert.Check(Arithmetic.Precedence, Arithmetic.PrecedenceGradient, Arithmetic.PrecedenceTangent, x, y, z);

    [Theory]
    [InlineData(0.5, 1.5, -0.7)]
    [InlineData(-1.2, 0.8, 2.1)]
    [InlineData(2.0, -1.0, 0.5)]
    public void ThreeInputs(double x, double y, double z)
        => DerivativeAssert.Check(Arithmetic.ThreeInputs, Arithmetic.ThreeInputsGradient, Arithmetic.ThreeInputsTangent, x, y, z);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(3.0)]
    public void LiteralsOnBothSides(double x)
        => DerivativeAssert.Check(Arithmetic.LiteralsOnBothSides, Arithmetic.LiteralsOnBothSidesGradient, Arithmetic.LiteralsOnBothSidesTangent, x);

    // ---- float ----

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void AddSingle(float x, float y)
        => DerivativeAssert.Check(ArithmeticF.Add, ArithmeticF.AddGradient, ArithmeticF.AddTangent, x, y, Arithmetic.AddGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void SubtractSingle(float x, float y)
        => DerivativeAssert.Check(ArithmeticF.Subtract, ArithmeticF.SubtractGradient, ArithmeticF.SubtractTangent, x, y, Arithmetic.SubtractGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void MultiplySingle(float x, float y)
        => DerivativeAssert.Check(ArithmeticF.Multiply, ArithmeticF.MultiplyGradient, ArithmeticF.MultiplyTangent, x, y, Arithmetic.MultiplyGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void DivideSingle(float x, float y)
        => DerivativeAssert.Check(ArithmeticF.Divide, ArithmeticF.DivideGradient, ArithmeticF.DivideTangent, x, y, Arithmetic.DivideGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    [InlineData(1.1f)]
    public void PolynomialSingle(float x)
        => DerivativeAssert.Check(ArithmeticF.Polynomial, ArithmeticF.PolynomialGradient, ArithmeticF.PolynomialTangent, x, Arithmetic.PolynomialGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.4f)]
    public void RationalSingle(float x, float y)
        => DerivativeAssert.Check(ArithmeticF.Rational, ArithmeticF.RationalGradient, ArithmeticF.RationalTangent, x, y, Arithmetic.RationalGradient);

    [Theory]
    [InlineData(0.5f, 1.5f, -0.7f)]
    [InlineData(-1.2f, 0.8f, 2.1f)]
    [InlineData(2f, -1f, 0.5f)]
    public void NestedSingle(float x, float y, float z)
        => DerivativeAssert.Check(ArithmeticF.Nested, ArithmeticF.NestedGradient, ArithmeticF.NestedTangent, x, y, z, Arithmetic.NestedGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2f)]
    [InlineData(3f)]
    public void LiteralsOnBothSidesSingle(float x)
        => DerivativeAssert.Check(ArithmeticF.LiteralsOnBothSides, ArithmeticF.LiteralsOnBothSidesGradient, ArithmeticF.LiteralsOnBothSidesTangent, x, Arithmetic.LiteralsOnBothSidesGradient);
}
