using static System.Math;

namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Corners of ordinary C# that a generator can trip on: user names that look like generated ones, sibling scopes
/// with the same local name, named and default arguments, static fields, using static, chained assignment, special points.
/// </summary>
public static partial class EdgeCases
{
    private const double ConstField = 1.5;
    private static readonly double ReadonlyField = 0.25;

    [Differentiable]
    public static double Identity(double x) => x;

    [Differentiable]
    public static double LocalsNamedLikeTemporaries(double x, double y)
    {
        double _t0 = x * y;
        double _d_t0 = _t0 + x;
        double _s0 = _d_t0 * _d_t0;
        double _result = _s0 - y;
        double _d_x = _result * x;
        return _d_x + _t0;
    }

    [Differentiable]
    public static double LocalNamedLikeDerivativeParameter(double x, double y)
    {
        double dX = x * y;
        double dY = dX + y;
        return dX * dY;
    }

    [Differentiable]
    public static double LocalNamedTangent(double x)
    {
        double tangent = x * 2;
        return tangent * x;
    }

    [Differentiable]
    public static double SameLocalNameInSiblingScopes(double x, double y)
    {
        double r;
        if (x < y)
        {
            double a = x * x;
            r = a * y;
        }
        else
        {
            double a = x + y;
            r = a * a;
        }
        return r;
    }

    [Differentiable]
    public static double LocalDeclaredInBranchUsedLater(double x)
    {
        double r = x;
        if (x > 0)
        {
            double inner = Sin(x) * x;
            r = inner * inner + r;
        }
        return r * x;
    }

    [Differentiable]
    public static double MultipleDeclarators(double x, double y)
    {
        double a = x * y, b = a + x, c = b * a;
        return a + b * c;
    }

    [Differentiable]
    public static double ChainedAssignment(double x)
    {
        double a, b;
        a = b = x * x;
        return a * b + b;
    }

    [Differentiable]
    public static double UsingStatic(double x, double y) => Sin(x) * Exp(y) + Pow(x, 2) + Sqrt(y * y + 1);

    [Differentiable]
    public static double StaticFields(double x) => ConstField * x * x + ReadonlyField * x;

    [Differentiable]
    public static double NamedArgumentsOutOfOrder(double x, double y) => Calls.ScaledPower(scale: 2.0, power: 3, x: y) + Calls.Hypot(y: x, x: 1.0);

    [Differentiable]
    public static double WithDefault(double x, double k = 2.0) => k * x * x;

    [Differentiable]
    public static double CallsWithDefault(double x) => WithDefault(x) + WithDefault(x, x);

    [Differentiable]
    public static double IntegerArgumentToDifferentiableParameter(double x, int n) => Calls.Hypot(n, x) * Outer.Inner.Leaf(n);

    [Differentiable]
    public static double IntegerDivisionInside(double x, int n) => x * (n / 2) + x / n;

    [Differentiable]
    public static double IntLocalIncrement(double x)
    {
        int k = 1;
        k++;
        k += 2;
        return x * k;
    }

    [Differentiable]
    public static double TruncatingCast(double x) => (int)x * x + (long)(x * 3);

    [Differentiable]
    public static double LiteralForms(double x) => 1e-3 * x + .5 * x + 1_000.25 / (x + 2f) + 0x10 * x;

    [Differentiable]
    public static double RoundWithDigitsAndMode(double x) => Round(x, 1) * x + Round(x, MidpointRounding.AwayFromZero) * x;

    [Differentiable]
    public static double ClampWithIntegerBounds(double x) => Clamp(x, 0, 1) * x;

    [Differentiable]
    public static double ParameterNamedWithKeyword(double @double, double @in) => @double * @in + @in;

    [Differentiable]
    public static double PowAtZero(double x) => Pow(x, 2) + Pow(x, 3) + Pow(x, 2.5) * 0 + x;

    [Differentiable]
    public static double DeepBlocks(double x)
    {
        double r = x;
        {
            {
                r *= x;
            }
            r += 1;
        }
        return r;
    }

    [Differentiable]
    public static double ReturnFromInsideElse(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
                return x * y;
        }
        else
        {
            if (y < 0)
                return x - y;
            else
                return x * x;
        }
        return y;
    }

    // Constants the emitter has to spell as C#: infinities, NaN, extremes, a float literal in a double method.
    [Differentiable]
    public static double LiteralExtremes(double x)
        => Math.Min(x, double.PositiveInfinity) + Math.Max(x * 1e-300, double.NegativeInfinity) * 1e300
           + x * double.Epsilon * 1e300 + (x > double.MaxValue ? double.NaN : x) + 0.1f * x - (x < double.MinValue ? 1 : 0) * x;

    [Differentiable]
    public static float FloatLiteralExtremes(float x)
        => MathF.Min(x, float.PositiveInfinity) + (x > float.MaxValue ? float.NaN : x) * 0.1f + float.Epsilon * x;

    [Differentiable]
    public static double OverloadedCallee(double x) => x * x;

    [Differentiable]
    public static float OverloadedCallee(float x) => x * x * x;

    // Goes through float: 2x + 3·float(x)², checked against the analytic value rather than finite differences.
    [Differentiable]
    public static double CallsOverload(double x) => OverloadedCallee(x) + OverloadedCallee((float)x);

    [Differentiable]
    public static float MixedPrecision(float x) => (float)Math.Sqrt(x) * x + (float)(x * 0.5);

    [Differentiable]
    public static double PostfixInsideExpression(double x)
    {
        double t = x;
        double u = t++ * t;      // x·(x + 1)
        double v = --t * u;      // x·x·(x + 1)
        return u + v;
    }

    [Differentiable]
    public static double CompoundAssignmentAsExpression(double x)
    {
        double t = x;
        double u = (t += x) * 2;   // 4x, t = 2x
        double w = (t *= u) + 1;   // 8x² + 1
        return w * t;
    }

    [Differentiable]
    public static double TernaryWithIntegerBranch(double x) => x > 0 ? 1 : x * x;

    [Differentiable]
    public static double ConditionInsideMathCall(double x) => Math.Sin(x > 0 ? x : -x) * x;

    [Differentiable]
    public static double ConstantOperandsInMath(double x)
        => Math.Log(x, 10) + Math.Log(2, x) + Math.Pow(2, x) + Math.Atan2(1, x) + Math.Max(x, 0) + Math.Pow(x, 0.5);

    [Differentiable]
    public static double NegatedCall(double x) => -Calls.Hypot(x, 2) * -Outer.Inner.Leaf(-x);

    [DiffGen.Differentiable]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double QualifiedAttributeAndOthers(double x) => x * x * x;

    [DifferentiableAttribute]
    public static double AttributeWithSuffix(double x) => x * x * 0.5;

    [Differentiable]
    public static double CallsOtherNamespace(double x) => Elsewhere.Far.Away(x) + global::GlobalNamespaceType.Bump(x);
}

// Types outside any nesting, of each kind.
public partial struct TopLevelStruct
{
    [Differentiable]
    public static double Bump(double x) => Math.Exp(-x * x);
}

public partial record TopLevelRecord
{
    [Differentiable]
    internal static double Bump(double x) => Math.Exp(-x * x) * x;
}

public partial class InstanceClass
{
    [Differentiable]
    protected internal static double Protected(double x) => x * x * x;

    public double Use(double x) => ProtectedGradient(x, out _);
}

public readonly partial struct ReadonlyStruct
{
    [Differentiable]
    public static double Bump(double x) => Math.Sinh(x) * x;
}

public abstract partial class AbstractBase
{
    [Differentiable]
    public static double Bump(double x) => Math.Cosh(x) * x;
}

public sealed partial class Generic<T>
{
    [Differentiable]
    public static double Bump(double x) => Math.Tanh(x) * x;
}
