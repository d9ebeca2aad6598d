using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Math and MathF functions (<see cref="MathFunctions"/>, <see cref="MathFunctionsF"/>).</summary>
public class MathFunctionTests
{
    [Theory]
    [InlineData(-2.1)]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(5.0)]
    public void Sin(double x)
        => DerivativeAssert.Check(MathFunctions.Sin, MathFunctions.SinGradient, MathFunctions.SinTangent, x);

    [Theory]
    [InlineData(-2.1)]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(5.0)]
    public void Cos(double x)
        => DerivativeAssert.Check(MathFunctions.Cos, MathFunctions.CosGradient, MathFunctions.CosTangent, x);

    [Theory]
    [InlineData(-1.2)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Tan(double x)
        => DerivativeAssert.Check(MathFunctions.Tan, MathFunctions.TanGradient, MathFunctions.TanTangent, x);

    [Theory]
    [InlineData(-0.8)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Asin(double x)
        => DerivativeAssert.Check(MathFunctions.Asin, MathFunctions.AsinGradient, MathFunctions.AsinTangent, x);

    [Theory]
    [InlineData(-0.8)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Acos(double x)
        => DerivativeAssert.Check(MathFunctions.Acos, MathFunctions.AcosGradient, MathFunctions.AcosTangent, x);

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(10.0)]
    public void Atan(double x)
        => DerivativeAssert.Check(MathFunctions.Atan, MathFunctions.AtanGradient, MathFunctions.AtanTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void Sinh(double x)
        => DerivativeAssert.Check(MathFunctions.Sinh, MathFunctions.SinhGradient, MathFunctions.SinhTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void Cosh(double x)
        => DerivativeAssert.Check(MathFunctions.Cosh, MathFunctions.CoshGradient, MathFunctions.CoshTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(1.5)]
    public void Tanh(double x)
        => DerivativeAssert.Check(MathFunctions.Tanh, MathFunctions.TanhGradient, MathFunctions.TanhTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void Exp(double x)
        => DerivativeAssert.Check(MathFunctions.Exp, MathFunctions.ExpGradient, MathFunctions.ExpTangent, x);

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(40.0)]
    public void Log(double x)
        => DerivativeAssert.Check(MathFunctions.Log, MathFunctions.LogGradient, MathFunctions.LogTangent, x);

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(40.0)]
    public void Log10(double x)
        => DerivativeAssert.Check(MathFunctions.Log10, MathFunctions.Log10Gradient, MathFunctions.Log10Tangent, x);

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(40.0)]
    public void Log2(double x)
        => DerivativeAssert.Check(MathFunctions.Log2, MathFunctions.Log2Gradient, MathFunctions.Log2Tangent, x);

    [Theory]
    [InlineData(0.25)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(9.0)]
    public void Sqrt(double x)
        => DerivativeAssert.Check(MathFunctions.Sqrt, MathFunctions.SqrtGradient, MathFunctions.SqrtTangent, x);

    [Theory]
    [InlineData(-8.0)]
    [InlineData(-0.5)]
    [InlineData(0.3)]
    [InlineData(2.0)]
    [InlineData(27.0)]
    public void Cbrt(double x)
        => DerivativeAssert.Check(MathFunctions.Cbrt, MathFunctions.CbrtGradient, MathFunctions.CbrtTangent, x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.2)]
    [InlineData(5.0)]
    public void PowVariableBase(double x)
        => DerivativeAssert.Check(MathFunctions.PowVariableBase, MathFunctions.PowVariableBaseGradient, MathFunctions.PowVariableBaseTangent, x);

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void PowVariableExponent(double x)
        => DerivativeAssert.Check(MathFunctions.PowVariableExponent, MathFunctions.PowVariableExponentGradient, MathFunctions.PowVariableExponentTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void PowConstantInteger(double x)
        => DerivativeAssert.Check(MathFunctions.PowConstantInteger, MathFunctions.PowConstantIntegerGradient, MathFunctions.PowConstantIntegerTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void PowSquare(double x)
        => DerivativeAssert.Check(MathFunctions.PowSquare, MathFunctions.PowSquareGradient, MathFunctions.PowSquareTangent, x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void PowNegativeInteger(double x)
        => DerivativeAssert.Check(MathFunctions.PowNegativeInteger, MathFunctions.PowNegativeIntegerGradient, MathFunctions.PowNegativeIntegerTangent, x);

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void Sigmoid(double x)
        => DerivativeAssert.Check(MathFunctions.Sigmoid, MathFunctions.SigmoidGradient, MathFunctions.SigmoidTangent, x);

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void Softplus(double x)
        => DerivativeAssert.Check(MathFunctions.Softplus, MathFunctions.SoftplusGradient, MathFunctions.SoftplusTangent, x);

    [Theory]
    [InlineData(-1.3)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void NestedFunctions(double x)
        => DerivativeAssert.Check(MathFunctions.NestedFunctions, MathFunctions.NestedFunctionsGradient, MathFunctions.NestedFunctionsTangent, x);

    [Theory]
    [InlineData(1.0, 2.0)]
    [InlineData(-0.5, -1.5)]
    [InlineData(2.0, -0.3)]
    [InlineData(-1.0, 0.1)]
    public void Atan2(double x, double y)
        => DerivativeAssert.Check(MathFunctions.Atan2, MathFunctions.Atan2Gradient, MathFunctions.Atan2Tangent, x, y);

    [Theory]
    [InlineData(2.5, 10.0)]
    [InlineData(0.3, 2.0)]
    [InlineData(7.0, 0.5)]
    [InlineData(1.5, 3.2)]
    public void LogWithBase(double x, double y)
        => DerivativeAssert.Check(MathFunctions.LogWithBase, MathFunctions.LogWithBaseGradient, MathFunctions.LogWithBaseTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(2.0, -0.7)]
    [InlineData(3.2, 2.0)]
    [InlineData(1.5, 0.0)]
    public void PowBoth(double x, double y)
        => DerivativeAssert.Check(MathFunctions.PowBoth, MathFunctions.PowBothGradient, MathFunctions.PowBothTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void SinOfProduct(double x, double y)
        => DerivativeAssert.Check(MathFunctions.SinOfProduct, MathFunctions.SinOfProductGradient, MathFunctions.SinOfProductTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void Atan2OfExpressions(double x, double y)
        => DerivativeAssert.Check(MathFunctions.Atan2OfExpressions, MathFunctions.Atan2OfExpressionsGradient, MathFunctions.Atan2OfExpressionsTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void LogWithBaseOfExpressions(double x, double y)
        => DerivativeAssert.Check(MathFunctions.LogWithBaseOfExpressions, MathFunctions.LogWithBaseOfExpressionsGradient, MathFunctions.LogWithBaseOfExpressionsTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void PowOfExpressions(double x, double y)
        => DerivativeAssert.Check(MathFunctions.PowOfExpressions, MathFunctions.PowOfExpressionsGradient, MathFunctions.PowOfExpressionsTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(10.0, 9.0)]
    public void LogSumExp(double x, double y)
        => DerivativeAssert.Check(MathFunctions.LogSumExp, MathFunctions.LogSumExpGradient, MathFunctions.LogSumExpTangent, x, y);

    [Theory]
    [InlineData(0.5, 0.8)]
    [InlineData(-0.3, 0.2)]
    [InlineData(0.9, 0.6)]
    public void InverseTrigonometry(double x, double y)
        => DerivativeAssert.Check(MathFunctions.InverseTrigonometry, MathFunctions.InverseTrigonometryGradient, MathFunctions.InverseTrigonometryTangent, x, y);

    [Theory]
    [InlineData(0.5, 1.5)]
    [InlineData(-2.0, 3.0)]
    [InlineData(1.25, -0.75)]
    public void Hyperbolic(double x, double y)
        => DerivativeAssert.Check(MathFunctions.Hyperbolic, MathFunctions.HyperbolicGradient, MathFunctions.HyperbolicTangent, x, y);

    [Theory]
    [InlineData(0.5, 0.0, 1.0)]
    [InlineData(-1.0, 0.5, 0.7)]
    [InlineData(2.0, 1.5, 2.5)]
    public void Gaussian(double x, double y, double z)
        => DerivativeAssert.Check(MathFunctions.Gaussian, MathFunctions.GaussianGradient, MathFunctions.GaussianTangent, x, y, z);

    // ---- float ----

    [Theory]
    [InlineData(-2.1f)]
    [InlineData(0.3f)]
    [InlineData(1.7f)]
    public void SinSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Sin, MathFunctionsF.SinGradient, MathFunctionsF.SinTangent, x, MathFunctions.SinGradient);

    [Theory]
    [InlineData(-2.1f)]
    [InlineData(0.3f)]
    [InlineData(1.7f)]
    public void CosSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Cos, MathFunctionsF.CosGradient, MathFunctionsF.CosTangent, x, MathFunctions.CosGradient);

    [Theory]
    [InlineData(-1.2f)]
    [InlineData(0.3f)]
    [InlineData(1f)]
    public void TanSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Tan, MathFunctionsF.TanGradient, MathFunctionsF.TanTangent, x, MathFunctions.TanGradient);

    [Theory]
    [InlineData(-0.8f)]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void AsinSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Asin, MathFunctionsF.AsinGradient, MathFunctionsF.AsinTangent, x, MathFunctions.AsinGradient);

    [Theory]
    [InlineData(-0.8f)]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void AcosSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Acos, MathFunctionsF.AcosGradient, MathFunctionsF.AcosTangent, x, MathFunctions.AcosGradient);

    [Theory]
    [InlineData(-3f)]
    [InlineData(0f)]
    [InlineData(0.7f)]
    public void AtanSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Atan, MathFunctionsF.AtanGradient, MathFunctionsF.AtanTangent, x, MathFunctions.AtanGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0.3f)]
    [InlineData(1.5f)]
    public void SinhSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Sinh, MathFunctionsF.SinhGradient, MathFunctionsF.SinhTangent, x, MathFunctions.SinhGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0.3f)]
    [InlineData(1.5f)]
    public void CoshSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Cosh, MathFunctionsF.CoshGradient, MathFunctionsF.CoshTangent, x, MathFunctions.CoshGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0.3f)]
    [InlineData(1.5f)]
    public void TanhSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Tanh, MathFunctionsF.TanhGradient, MathFunctionsF.TanhTangent, x, MathFunctions.TanhGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0f)]
    [InlineData(0.7f)]
    [InlineData(3f)]
    public void ExpSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Exp, MathFunctionsF.ExpGradient, MathFunctionsF.ExpTangent, x, MathFunctions.ExpGradient);

    [Theory]
    [InlineData(0.2f)]
    [InlineData(1f)]
    [InlineData(2.5f)]
    [InlineData(40f)]
    public void LogSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Log, MathFunctionsF.LogGradient, MathFunctionsF.LogTangent, x, MathFunctions.LogGradient);

    [Theory]
    [InlineData(0.2f)]
    [InlineData(1f)]
    [InlineData(2.5f)]
    public void Log10Single(float x)
        => DerivativeAssert.Check(MathFunctionsF.Log10, MathFunctionsF.Log10Gradient, MathFunctionsF.Log10Tangent, x, MathFunctions.Log10Gradient);

    [Theory]
    [InlineData(0.2f)]
    [InlineData(1f)]
    [InlineData(2.5f)]
    public void Log2Single(float x)
        => DerivativeAssert.Check(MathFunctionsF.Log2, MathFunctionsF.Log2Gradient, MathFunctionsF.Log2Tangent, x, MathFunctions.Log2Gradient);

    [Theory]
    [InlineData(0.25f)]
    [InlineData(2f)]
    [InlineData(9f)]
    public void SqrtSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Sqrt, MathFunctionsF.SqrtGradient, MathFunctionsF.SqrtTangent, x, MathFunctions.SqrtGradient);

    [Theory]
    [InlineData(-8f)]
    [InlineData(-0.5f)]
    [InlineData(0.3f)]
    [InlineData(2f)]
    public void CbrtSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Cbrt, MathFunctionsF.CbrtGradient, MathFunctionsF.CbrtTangent, x, MathFunctions.CbrtGradient);

    [Theory]
    [InlineData(0.3f)]
    [InlineData(1f)]
    [InlineData(2.2f)]
    public void PowVariableBaseSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.PowVariableBase, MathFunctionsF.PowVariableBaseGradient, MathFunctionsF.PowVariableBaseTangent, x, MathFunctions.PowVariableBaseGradient);

    [Theory]
    [InlineData(-1.5f)]
    [InlineData(0f)]
    [InlineData(3f)]
    public void PowVariableExponentSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.PowVariableExponent, MathFunctionsF.PowVariableExponentGradient, MathFunctionsF.PowVariableExponentTangent, x, MathFunctions.PowVariableExponentGradient);

    [Theory]
    [InlineData(-2f)]
    [InlineData(-0.5f)]
    [InlineData(0.7f)]
    [InlineData(3f)]
    public void PowConstantIntegerSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.PowConstantInteger, MathFunctionsF.PowConstantIntegerGradient, MathFunctionsF.PowConstantIntegerTangent, x, MathFunctions.PowConstantIntegerGradient);

    [Theory]
    [InlineData(-3f)]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(4f)]
    public void SigmoidSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Sigmoid, MathFunctionsF.SigmoidGradient, MathFunctionsF.SigmoidTangent, x, MathFunctions.SigmoidGradient);

    [Theory]
    [InlineData(-1.3f)]
    [InlineData(0.4f)]
    [InlineData(2f)]
    public void NestedFunctionsSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.NestedFunctions, MathFunctionsF.NestedFunctionsGradient, MathFunctionsF.NestedFunctionsTangent, x, MathFunctions.NestedFunctionsGradient);

    [Theory]
    [InlineData(1f, 2f)]
    [InlineData(-0.5f, -1.5f)]
    [InlineData(2f, -0.3f)]
    public void Atan2Single(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.Atan2, MathFunctionsF.Atan2Gradient, MathFunctionsF.Atan2Tangent, x, y, MathFunctions.Atan2Gradient);

    [Theory]
    [InlineData(2.5f, 10f)]
    [InlineData(0.3f, 2f)]
    [InlineData(7f, 0.5f)]
    public void LogWithBaseSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.LogWithBase, MathFunctionsF.LogWithBaseGradient, MathFunctionsF.LogWithBaseTangent, x, y, MathFunctions.LogWithBaseGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(2f, -0.7f)]
    [InlineData(3.2f, 2f)]
    public void PowBothSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.PowBoth, MathFunctionsF.PowBothGradient, MathFunctionsF.PowBothTangent, x, y, MathFunctions.PowBothGradient);

    [Theory]
    [InlineData(0.5f, 1.5f)]
    [InlineData(-2f, 3f)]
    [InlineData(1.25f, -0.75f)]
    public void SinOfProductSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.SinOfProduct, MathFunctionsF.SinOfProductGradient, MathFunctionsF.SinOfProductTangent, x, y, MathFunctions.SinOfProductGradient);

    [Theory]
    [InlineData(0.5f, 0f, 1f)]
    [InlineData(-1f, 0.5f, 0.7f)]
    [InlineData(2f, 1.5f, 2.5f)]
    public void GaussianSingle(float x, float y, float z)
        => DerivativeAssert.Check(MathFunctionsF.Gaussian, MathFunctionsF.GaussianGradient, MathFunctionsF.GaussianTangent, x, y, z, MathFunctions.GaussianGradient);

    // The exponent is an int constant: negative bases are fine, and no log(base) may leak into the derivative.
    [Theory]
    [InlineData(-2.0, 3)]
    [InlineData(-0.5, 2)]
    [InlineData(1.7, 4)]
    [InlineData(2.0, 0)]
    [InlineData(-1.5, -1)]
    [InlineData(1.2, 1)]
    public void PowIntegerParameter(double x, int n)
    {
        var gradient = DerivativeAssert.Check(
            v => MathFunctions.PowIntegerParameter(v, n),
            (double v, out double dV) => MathFunctions.PowIntegerParameterGradient(v, n, out dV),
            (double v, double dV, out double t) => MathFunctions.PowIntegerParameterTangent(v, n, dV, out t),
            x);
        DerivativeAssert.AssertClose(n * Math.Pow(x, n - 1), gradient[0], 1e-14, "analytic n·x^(n−1)");
    }

    [Theory]
    [InlineData(-2f, 3)]
    [InlineData(-0.5f, 2)]
    [InlineData(1.7f, 4)]
    [InlineData(-1.5f, -1)]
    public void PowIntegerParameterSingle(float x, int n)
        => DerivativeAssert.Check(
            v => MathFunctionsF.PowIntegerParameter(v, n),
            (float v, out float dV) => MathFunctionsF.PowIntegerParameterGradient(v, n, out dV),
            (float v, float dV, out float t) => MathFunctionsF.PowIntegerParameterTangent(v, n, dV, out t),
            x,
            (double v, out double dV) => MathFunctions.PowIntegerParameterGradient(v, n, out dV));

    // ---- Asinh … IEEERemainder, the rows added for other projects' test suites -------------------------------

    [Theory]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(7.0)]
    public void Asinh(double x)
        => DerivativeAssert.Check(MathFunctions.Asinh, MathFunctions.AsinhGradient, MathFunctions.AsinhTangent, x);

    [Theory]
    [InlineData(0.1)]
    [InlineData(1.0)]
    [InlineData(8.0)]
    public void Acosh(double x)
        => DerivativeAssert.Check(MathFunctions.Acosh, MathFunctions.AcoshGradient, MathFunctions.AcoshTangent, x);

    [Theory]
    [InlineData(-0.8)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Atanh(double x)
        => DerivativeAssert.Check(MathFunctions.Atanh, MathFunctions.AtanhGradient, MathFunctions.AtanhTangent, x);

    [Theory]
    [InlineData(1.3, 3)]
    [InlineData(-0.7, -2)]
    [InlineData(5.0, 0)]
    public void ScaleB(double x, int n)
    {
        var gradient = DerivativeAssert.Check(
            v => MathFunctions.ScaleB(v, n),
            (double v, out double dV) => MathFunctions.ScaleBGradient(v, n, out dV),
            (double v, double dV, out double t) => MathFunctions.ScaleBTangent(v, n, dV, out t),
            x);
        Assert.Equal(Math.Pow(2, n), gradient[0]);
    }

    [Theory]
    [InlineData(1.5, 2.0)]
    [InlineData(1.5, -2.0)]
    [InlineData(-0.4, 3.0)]
    [InlineData(-0.4, -3.0)]
    public void CopySign(double x, double y)
        => DerivativeAssert.Check(MathFunctions.CopySign, MathFunctions.CopySignGradient, MathFunctions.CopySignTangent, x, y);

    // Slope 1 in x, as a difference quotient measures: d/dx (next(x)·x) = next(x) + x.
    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.25)]
    [InlineData(3.0)]
    public void BitIncrement(double x)
        => DerivativeAssert.Check(MathFunctions.BitIncrement, MathFunctions.BitIncrementGradient, MathFunctions.BitIncrementTangent, x);

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.25)]
    [InlineData(3.0)]
    public void BitDecrement(double x)
        => DerivativeAssert.Check(MathFunctions.BitDecrement, MathFunctions.BitDecrementGradient, MathFunctions.BitDecrementTangent, x);

    [Theory]
    [InlineData(1.5, -2.0)]
    [InlineData(-3.0, 2.0)]
    [InlineData(0.5, 0.25)]
    public void MaxMagnitude(double x, double y)
        => DerivativeAssert.Check(MathFunctions.MaxMagnitude, MathFunctions.MaxMagnitudeGradient, MathFunctions.MaxMagnitudeTangent, x, y);

    [Theory]
    [InlineData(1.5, -2.0)]
    [InlineData(-3.0, 2.0)]
    [InlineData(0.5, 0.25)]
    public void MinMagnitude(double x, double y)
        => DerivativeAssert.Check(MathFunctions.MinMagnitude, MathFunctions.MinMagnitudeGradient, MathFunctions.MinMagnitudeTangent, x, y);

    [Theory]
    [InlineData(5.3, 2.0)]
    [InlineData(-7.1, 1.5)]
    [InlineData(0.4, 3.0)]
    public void IEEERemainder(double x, double y)
        => DerivativeAssert.Check(MathFunctions.IEEERemainder, MathFunctions.IEEERemainderGradient, MathFunctions.IEEERemainderTangent, x, y);

    [Theory]
    [InlineData(1.5, -2.0, 0.5)]
    [InlineData(-0.3, 4.0, 2.0)]
    public void FusedMultiplyAdd(double x, double y, double z)
        => DerivativeAssert.Check(MathFunctions.FusedMultiplyAdd, MathFunctions.FusedMultiplyAddGradient, MathFunctions.FusedMultiplyAddTangent, x, y, z);

    [Theory]
    [InlineData(3.0, 4.0)]
    [InlineData(-1.0, 0.5)]
    public void Hypot(double x, double y)
        => DerivativeAssert.Check(MathFunctions.Hypot, MathFunctions.HypotGradient, MathFunctions.HypotTangent, x, y);

    [Theory]
    [InlineData(0.7, 1.2)]
    [InlineData(-1.5, -0.5)]
    public void DoubleClassFunctions(double x, double y)
        => DerivativeAssert.Check(MathFunctions.DoubleClassFunctions, MathFunctions.DoubleClassFunctionsGradient, MathFunctions.DoubleClassFunctionsTangent, x, y);

    [Theory]
    [InlineData(-2f)]
    [InlineData(0.6f)]
    public void AsinhSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Asinh, MathFunctionsF.AsinhGradient, MathFunctionsF.AsinhTangent, x, MathFunctions.AsinhGradient);

    [Theory]
    [InlineData(0.5f)]
    [InlineData(3f)]
    public void AcoshSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Acosh, MathFunctionsF.AcoshGradient, MathFunctionsF.AcoshTangent, x, MathFunctions.AcoshGradient);

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(0.3f)]
    public void AtanhSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.Atanh, MathFunctionsF.AtanhGradient, MathFunctionsF.AtanhTangent, x, MathFunctions.AtanhGradient);

    [Theory]
    [InlineData(1.3f, 3)]
    [InlineData(-0.7f, -2)]
    public void ScaleBSingle(float x, int n)
        => DerivativeAssert.Check(
            v => MathFunctionsF.ScaleB(v, n),
            (float v, out float dV) => MathFunctionsF.ScaleBGradient(v, n, out dV),
            (float v, float dV, out float t) => MathFunctionsF.ScaleBTangent(v, n, dV, out t),
            x,
            (double v, out double dV) => MathFunctions.ScaleBGradient(v, n, out dV));

    [Theory]
    [InlineData(1.5f, -2f)]
    [InlineData(-0.4f, 3f)]
    public void CopySignSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.CopySign, MathFunctionsF.CopySignGradient, MathFunctionsF.CopySignTangent, x, y, MathFunctions.CopySignGradient);

    [Theory]
    [InlineData(-1.5f)]
    [InlineData(3f)]
    public void BitIncrementSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.BitIncrement, MathFunctionsF.BitIncrementGradient, MathFunctionsF.BitIncrementTangent, x, MathFunctions.BitIncrementGradient);

    [Theory]
    [InlineData(-1.5f)]
    [InlineData(3f)]
    public void BitDecrementSingle(float x)
        => DerivativeAssert.Check(MathFunctionsF.BitDecrement, MathFunctionsF.BitDecrementGradient, MathFunctionsF.BitDecrementTangent, x, MathFunctions.BitDecrementGradient);

    [Theory]
    [InlineData(1.5f, -2f)]
    [InlineData(0.5f, 0.25f)]
    public void MaxMagnitudeSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.MaxMagnitude, MathFunctionsF.MaxMagnitudeGradient, MathFunctionsF.MaxMagnitudeTangent, x, y, MathFunctions.MaxMagnitudeGradient);

    [Theory]
    [InlineData(1.5f, -2f)]
    [InlineData(0.5f, 0.25f)]
    public void MinMagnitudeSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.MinMagnitude, MathFunctionsF.MinMagnitudeGradient, MathFunctionsF.MinMagnitudeTangent, x, y, MathFunctions.MinMagnitudeGradient);

    [Theory]
    [InlineData(5.3f, 2f)]
    [InlineData(-7.1f, 1.5f)]
    public void IEEERemainderSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.IEEERemainder, MathFunctionsF.IEEERemainderGradient, MathFunctionsF.IEEERemainderTangent, x, y, MathFunctions.IEEERemainderGradient);

    [Theory]
    [InlineData(1.5f, -2f, 0.5f)]
    [InlineData(-0.3f, 4f, 2f)]
    public void FusedMultiplyAddSingle(float x, float y, float z)
        => DerivativeAssert.Check(MathFunctionsF.FusedMultiplyAdd, MathFunctionsF.FusedMultiplyAddGradient, MathFunctionsF.FusedMultiplyAddTangent, x, y, z, MathFunctions.FusedMultiplyAddGradient);

    [Theory]
    [InlineData(3f, 4f)]
    [InlineData(-1f, 0.5f)]
    public void HypotSingle(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.Hypot, MathFunctionsF.HypotGradient, MathFunctionsF.HypotTangent, x, y, MathFunctions.HypotGradient);

    [Theory]
    [InlineData(0.7f, 1.2f)]
    [InlineData(-1.5f, -0.5f)]
    public void FloatClassFunctions(float x, float y)
        => DerivativeAssert.Check(MathFunctionsF.FloatClassFunctions, MathFunctionsF.FloatClassFunctionsGradient, MathFunctionsF.FloatClassFunctionsTangent, x, y, MathFunctions.DoubleClassFunctionsGradient);
}
