namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>The smooth <see cref="Math"/> functions, one method each, and a few compositions.</summary>
public static partial class MathFunctions
{
    [Differentiable] public static double Sin(double x) => Math.Sin(x);
    [Differentiable] public static double Cos(double x) => Math.Cos(x);
    [Differentiable] public static double Tan(double x) => Math.Tan(x);
    [Differentiable] public static double Asin(double x) => Math.Asin(x);
    [Differentiable] public static double Acos(double x) => Math.Acos(x);
    [Differentiable] public static double Atan(double x) => Math.Atan(x);
    [Differentiable] public static double Atan2(double y, double x) => Math.Atan2(y, x);
    [Differentiable] public static double Sinh(double x) => Math.Sinh(x);
    [Differentiable] public static double Cosh(double x) => Math.Cosh(x);
    [Differentiable] public static double Tanh(double x) => Math.Tanh(x);
    [Differentiable] public static double Exp(double x) => Math.Exp(x);
    [Differentiable] public static double Log(double x) => Math.Log(x);
    [Differentiable] public static double LogWithBase(double x, double newBase) => Math.Log(x, newBase);
    [Differentiable] public static double Log10(double x) => Math.Log10(x);
    [Differentiable] public static double Log2(double x) => Math.Log2(x);
    [Differentiable] public static double Sqrt(double x) => Math.Sqrt(x);
    [Differentiable] public static double Cbrt(double x) => Math.Cbrt(x);
    [Differentiable] public static double Asinh(double x) => Math.Asinh(x);
    // Shifted so that it is defined at the points FormulaTests samples, (0, 1).
    [Differentiable] public static double Acosh(double x) => Math.Acosh(x + 1);
    [Differentiable] public static double Atanh(double x) => Math.Atanh(x);
    [Differentiable] public static double ScaleB(double x, int n) => Math.ScaleB(x, n);
    [Differentiable] public static double CopySign(double x, double y) => Math.CopySign(x, y);
    [Differentiable] public static double BitIncrement(double x) => Math.BitIncrement(x) * x;
    [Differentiable] public static double BitDecrement(double x) => Math.BitDecrement(x) * x;
    [Differentiable] public static double MaxMagnitude(double x, double y) => Math.MaxMagnitude(x, y);
    [Differentiable] public static double MinMagnitude(double x, double y) => Math.MinMagnitude(x, y);
    [Differentiable] public static double IEEERemainder(double x, double y) => Math.IEEERemainder(x, y);
    [Differentiable] public static double FusedMultiplyAdd(double x, double y, double z) => Math.FusedMultiplyAdd(x, y, z);
    // A hypot as users write it: no function of its own, the chain rule through Sqrt.
    [Differentiable] public static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);
    [Differentiable] public static double DoubleClassFunctions(double x, double y) => double.Asinh(x * y) + double.CopySign(x, y) * double.ScaleB(y, 3);

    [Differentiable] public static double PowVariableBase(double x) => Math.Pow(x, 2.5);
    [Differentiable] public static double PowVariableExponent(double y) => Math.Pow(2.5, y);
    [Differentiable] public static double PowBoth(double x, double y) => Math.Pow(x, y);
    [Differentiable] public static double PowConstantInteger(double x) => Math.Pow(x, 3);
    [Differentiable] public static double PowSquare(double x) => Math.Pow(x, 2);
    [Differentiable] public static double PowNegativeInteger(double x) => Math.Pow(x, -2);
    [Differentiable] public static double PowIntegerParameter(double x, int n) => Math.Pow(x, n);

    // Chain rule through each argument.
    [Differentiable] public static double SinOfProduct(double x, double y) => Math.Sin(x * y) * Math.Cos(x - y);
    [Differentiable] public static double Atan2OfExpressions(double x, double y) => Math.Atan2(x * y - 1, x + y * y);
    [Differentiable] public static double LogWithBaseOfExpressions(double x, double y) => Math.Log(x * x + 1, y + 2);
    [Differentiable] public static double PowOfExpressions(double x, double y) => Math.Pow(x * x + 1, Math.Sin(y));
    [Differentiable] public static double LogSumExp(double x, double y) => Math.Log(Math.Exp(x) + Math.Exp(y));
    [Differentiable] public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
    [Differentiable] public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Differentiable]
    public static double Gaussian(double x, double mu, double sigma)
        => Math.Exp(-(x - mu) * (x - mu) / (2 * sigma * sigma)) / (sigma * Math.Sqrt(2 * Math.PI));

    [Differentiable]
    public static double NestedFunctions(double x)
        => Math.Sqrt(1 + Math.Sin(x) * Math.Sin(x)) * Math.Tanh(Math.Cbrt(x)) + Math.Log10(Math.Cosh(x)) - Math.Log2(2 + Math.Atan(x));

    [Differentiable]
    public static double InverseTrigonometry(double x, double y)
        => Math.Asin(x * y) + Math.Acos(x - y) * Math.Atan(x / y);

    [Differentiable]
    public static double Hyperbolic(double x, double y) => Math.Sinh(x * y) / Math.Cosh(y) + Math.Tanh(x - y) * Math.Exp(-x);
}
