namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Method bodies and statements: expression and block bodies, locals, assignment forms, increments, casts, constants.</summary>
public static partial class Bodies
{
    [Differentiable]
    public static double ExpressionBody(double x, double y) => x * y + x;

    [Differentiable]
    public static double BlockBody(double x, double y)
    {
        return x * y + x;
    }

    [Differentiable]
    public static double Locals(double x, double y)
    {
        double sum = x + y;
        var product = x * y;
        double combined = sum * product - x;
        return combined / (1 + y * y);
    }

    [Differentiable]
    public static double DeclareThenAssign(double x)
    {
        double t;
        t = x * 3;
        return t * x;
    }

    [Differentiable]
    public static double ReassignLocal(double x, double y)
    {
        double t = x * y;
        t = t * t + x;
        t = Math.Sin(t) * y;
        return t;
    }

    [Differentiable]
    public static double ReassignParameter(double x, double y)
    {
        x = x * x + y;
        y = y * x;
        x = x - y;
        return x * y;
    }

    [Differentiable]
    public static double CompoundAdd(double x, double y)
    {
        double s = x;
        s += y * y;
        s += x;
        return s * s;
    }

    [Differentiable]
    public static double CompoundSubtract(double x, double y)
    {
        double s = x * y;
        s -= y;
        s -= 2 * x;
        return s * x;
    }

    [Differentiable]
    public static double CompoundMultiply(double x, double y)
    {
        double p = x;
        p *= y;
        p *= p;
        p *= 1.5;
        return p + x;
    }

    [Differentiable]
    public static double CompoundDivide(double x, double y)
    {
        double q = x * x + 1;
        q /= y;
        q /= q + 1;
        return q;
    }

    [Differentiable]
    public static double CompoundOnParameters(double x, double y)
    {
        x += y;
        y *= x;
        x -= y / 3;
        y /= x + 2;
        return x * y;
    }

    [Differentiable]
    public static double CompoundWithInteger(double x, int n)
    {
        double s = x;
        s *= n;
        s += n;
        s /= n + 1;
        return s * x;
    }

    [Differentiable]
    public static double UnaryMinus(double x, double y) => -x * -(y - x) + -(-x * y);

    [Differentiable]
    public static double UnaryMinusOfCall(double x) => -Math.Exp(-x) * -x;

    [Differentiable]
    public static double UnaryPlus(double x) => +x * +(x - 1);

    [Differentiable]
    public static double IncrementDecrementLocal(double x)
    {
        double t = x * x;
        t++;
        ++t;
        t--;
        double before = t++;   // x² + 1, t becomes x² + 2
        double after = ++t;    // x² + 3
        --t;                   // x² + 2
        return before * after * t;
    }

    [Differentiable]
    public static double DecrementParameter(double x)
    {
        x--;
        x--;
        return x * x * x;
    }

    [Differentiable]
    public static double IntegerParameter(double x, int n) => x * n + (double)n * n / (x * x + 1);

    [Differentiable]
    public static double IntegerLocal(double x, int n)
    {
        int k = n * 2 + 1;
        double scaled = x * k;
        return scaled * scaled / k;
    }

    [Differentiable]
    public static double LongParameter(double x, long m) => x * m + Math.Sqrt(m) * x * x;

    [Differentiable]
    public static double CastInsideExpression(double x, int n) => Math.Sin((double)n * x) + (double)(n + 1) / x;

    [Differentiable]
    public static double Constants(double x) => Math.PI * x * x + Math.E * x + 2.5 / x - 1e-3;

    [Differentiable]
    public static double ConstLocal(double x)
    {
        const double half = 0.5;
        double third = 1.0 / 3;
        return half * x * x + third * x * x * x;
    }

    [Differentiable]
    public static double ConstantResult(double x) => 2.5;

    [Differentiable]
    public static double UnusedParameter(double x, double y) => 3 * x;

    [Differentiable]
    public static double ParameterUsedManyTimes(double x) => x * x * x - x / (x + 4) + x;
}
