using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Bodies and statements (<see cref="Bodies"/>, <see cref="BodiesF"/>).</summary>
public class BodiesTests
{
    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void ExpressionBody(double x, double y)
        => DerivativeAssert.Check(Bodies.ExpressionBody, Bodies.ExpressionBodyGradient, Bodies.ExpressionBodyTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void BlockBody(double x, double y)
        => DerivativeAssert.Check(Bodies.BlockBody, Bodies.BlockBodyGradient, Bodies.BlockBodyTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void Locals(double x, double y)
        => DerivativeAssert.Check(Bodies.Locals, Bodies.LocalsGradient, Bodies.LocalsTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(3.0)]
    public void DeclareThenAssign(double x)
        => DerivativeAssert.Check(Bodies.DeclareThenAssign, Bodies.DeclareThenAssignGradient, Bodies.DeclareThenAssignTangent, x);

    [Theory]
    [InlineData(0.4, 1.1)]
    [InlineData(-0.7, 0.3)]
    [InlineData(1.3, -0.9)]
    public void ReassignLocal(double x, double y)
        => DerivativeAssert.Check(Bodies.ReassignLocal, Bodies.ReassignLocalGradient, Bodies.ReassignLocalTangent, x, y);

    [Theory]
    [InlineData(0.4, 1.1)]
    [InlineData(-0.7, 0.3)]
    [InlineData(1.3, -0.9)]
    public void ReassignParameter(double x, double y)
        => DerivativeAssert.Check(Bodies.ReassignParameter, Bodies.ReassignParameterGradient, Bodies.ReassignParameterTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CompoundAdd(double x, double y)
        => DerivativeAssert.Check(Bodies.CompoundAdd, Bodies.CompoundAddGradient, Bodies.CompoundAddTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CompoundSubtract(double x, double y)
        => DerivativeAssert.Check(Bodies.CompoundSubtract, Bodies.CompoundSubtractGradient, Bodies.CompoundSubtractTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CompoundMultiply(double x, double y)
        => DerivativeAssert.Check(Bodies.CompoundMultiply, Bodies.CompoundMultiplyGradient, Bodies.CompoundMultiplyTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CompoundDivide(double x, double y)
        => DerivativeAssert.Check(Bodies.CompoundDivide, Bodies.CompoundDivideGradient, Bodies.CompoundDivideTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void CompoundOnParameters(double x, double y)
        => DerivativeAssert.Check(Bodies.CompoundOnParameters, Bodies.CompoundOnParametersGradient, Bodies.CompoundOnParametersTangent, x, y);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.5, 2)]
    [InlineData(2.0, -4)]
    public void CompoundWithInteger(double x, int n)
        => DerivativeAssert.Check(
            v => Bodies.CompoundWithInteger(v, n),
            (double v, out double dV) => Bodies.CompoundWithIntegerGradient(v, n, out dV),
            (double v, double dV, out double t) => Bodies.CompoundWithIntegerTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void UnaryMinus(double x, double y)
        => DerivativeAssert.Check(Bodies.UnaryMinus, Bodies.UnaryMinusGradient, Bodies.UnaryMinusTangent, x, y);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    public void UnaryMinusOfCall(double x)
        => DerivativeAssert.Check(Bodies.UnaryMinusOfCall, Bodies.UnaryMinusOfCallGradient, Bodies.UnaryMinusOfCallTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    public void UnaryPlus(double x)
        => DerivativeAssert.Check(Bodies.UnaryPlus, Bodies.UnaryPlusGradient, Bodies.UnaryPlusTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.2)]
    [InlineData(2.0)]
    public void IncrementDecrementLocal(double x)
    {
        var gradient = DerivativeAssert.Check(Bodies.IncrementDecrementLocal, Bodies.IncrementDecrementLocalGradient, Bodies.IncrementDecrementLocalTangent, x);
        // (x²+1)(x²+3)(x²+2): the increments shift the value and leave the derivative alone.
        double u = x * x;
        double expected = 2 * x * ((u + 3) * (u + 2) + (u + 1) * (u + 2) + (u + 1) * (u + 3));
        DerivativeAssert.AssertClose(expected, gradient[0], 1e-12, "analytic derivative");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.5)]
    [InlineData(-1.0)]
    public void DecrementParameter(double x)
        => DerivativeAssert.Check(Bodies.DecrementParameter, Bodies.DecrementParameterGradient, Bodies.DecrementParameterTangent, x);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.5, 0)]
    [InlineData(2.0, -4)]
    public void IntegerParameter(double x, int n)
        => DerivativeAssert.Check(
            v => Bodies.IntegerParameter(v, n),
            (double v, out double dV) => Bodies.IntegerParameterGradient(v, n, out dV),
            (double v, double dV, out double t) => Bodies.IntegerParameterTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.5, 0)]
    [InlineData(2.0, -4)]
    public void IntegerLocal(double x, int n)
        => DerivativeAssert.Check(
            v => Bodies.IntegerLocal(v, n),
            (double v, out double dV) => Bodies.IntegerLocalGradient(v, n, out dV),
            (double v, double dV, out double t) => Bodies.IntegerLocalTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 3L)]
    [InlineData(-1.5, 0L)]
    [InlineData(2.0, 10_000_000_000L)]
    public void LongParameter(double x, long m)
        => DerivativeAssert.Check(
            v => Bodies.LongParameter(v, m),
            (double v, out double dV) => Bodies.LongParameterGradient(v, m, out dV),
            (double v, double dV, out double t) => Bodies.LongParameterTangent(v, m, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 3)]
    [InlineData(-1.5, 0)]
    [InlineData(2.0, -4)]
    public void CastInsideExpression(double x, int n)
        => DerivativeAssert.Check(
            v => Bodies.CastInsideExpression(v, n),
            (double v, out double dV) => Bodies.CastInsideExpressionGradient(v, n, out dV),
            (double v, double dV, out double t) => Bodies.CastInsideExpressionTangent(v, n, dV, out t),
            x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(3.0)]
    public void Constants(double x)
    {
        var gradient = DerivativeAssert.Check(Bodies.Constants, Bodies.ConstantsGradient, Bodies.ConstantsTangent, x);
        DerivativeAssert.AssertClose(2 * Math.PI * x + Math.E - 2.5 / (x * x), gradient[0], 1e-13, "analytic derivative");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(3.0)]
    public void ConstLocal(double x)
        => DerivativeAssert.Check(Bodies.ConstLocal, Bodies.ConstLocalGradient, Bodies.ConstLocalTangent, x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    public void ConstantResult(double x)
    {
        var gradient = DerivativeAssert.Check(Bodies.ConstantResult, Bodies.ConstantResultGradient, Bodies.ConstantResultTangent, x);
        Assert.Equal(0.0, gradient[0]);
    }

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    public void UnusedParameter(double x, double y)
    {
        var gradient = DerivativeAssert.Check(Bodies.UnusedParameter, Bodies.UnusedParameterGradient, Bodies.UnusedParameterTangent, x, y);
        Assert.Equal(3.0, gradient[0]);
        Assert.Equal(0.0, gradient[1]);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-1.5)]
    [InlineData(3.0)]
    public void ParameterUsedManyTimes(double x)
        => DerivativeAssert.Check(Bodies.ParameterUsedManyTimes, Bodies.ParameterUsedManyTimesGradient, Bodies.ParameterUsedManyTimesTangent, x);

    // ---- float ----

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void ExpressionBodySingle(float x, float y)
        => DerivativeAssert.Check(BodiesF.ExpressionBody, BodiesF.ExpressionBodyGradient, BodiesF.ExpressionBodyTangent, x, y, Bodies.ExpressionBodyGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void LocalsSingle(float x, float y)
        => DerivativeAssert.Check(BodiesF.Locals, BodiesF.LocalsGradient, BodiesF.LocalsTangent, x, y, Bodies.LocalsGradient);

    [Theory]
    [InlineData(0.4f, 1.1f)]
    [InlineData(-0.7f, 0.3f)]
    [InlineData(1.3f, -0.9f)]
    public void ReassignParameterSingle(float x, float y)
        => DerivativeAssert.Check(BodiesF.ReassignParameter, BodiesF.ReassignParameterGradient, BodiesF.ReassignParameterTangent, x, y, Bodies.ReassignParameterGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void CompoundOnParametersSingle(float x, float y)
        => DerivativeAssert.Check(BodiesF.CompoundOnParameters, BodiesF.CompoundOnParametersGradient, BodiesF.CompoundOnParametersTangent, x, y, Bodies.CompoundOnParametersGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void UnaryMinusSingle(float x, float y)
        => DerivativeAssert.Check(BodiesF.UnaryMinus, BodiesF.UnaryMinusGradient, BodiesF.UnaryMinusTangent, x, y, Bodies.UnaryMinusGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.2f)]
    [InlineData(2f)]
    public void IncrementDecrementLocalSingle(float x)
        => DerivativeAssert.Check(BodiesF.IncrementDecrementLocal, BodiesF.IncrementDecrementLocalGradient, BodiesF.IncrementDecrementLocalTangent, x, Bodies.IncrementDecrementLocalGradient);

    [Theory]
    [InlineData(0.5f, 3)]
    [InlineData(-1.5f, 0)]
    [InlineData(2f, -4)]
    public void IntegerParameterSingle(float x, int n)
        => DerivativeAssert.Check(
            v => BodiesF.IntegerParameter(v, n),
            (float v, out float dV) => BodiesF.IntegerParameterGradient(v, n, out dV),
            (float v, float dV, out float t) => BodiesF.IntegerParameterTangent(v, n, dV, out t),
            x,
            (double v, out double dV) => Bodies.IntegerParameterGradient(v, n, out dV));

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.5f)]
    [InlineData(3f)]
    public void ConstantsSingle(float x)
        => DerivativeAssert.Check(BodiesF.Constants, BodiesF.ConstantsGradient, BodiesF.ConstantsTangent, x, Bodies.ConstantsGradient);
}
