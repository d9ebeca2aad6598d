namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Control flow decided by active values: if/else, else-if chains, nesting, early returns, ternaries, logic.</summary>
public static partial class Branches
{
    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r;
        if (x < y)
            r = x * y;
        else
            r = x + y * y;
        return r;
    }

    [Differentiable]
    public static double IfWithoutElse(double x)
    {
        double r = x * x;
        if (x > 1)
            r = r * x;
        return r;
    }

    [Differentiable]
    public static double ElseIfChain(double x)
    {
        double r;
        if (x < -1)
        {
            r = -x;
        }
        else if (x < 0)
        {
            r = x * x;
        }
        else if (x <= 1)
        {
            r = Math.Sin(x);
        }
        else
        {
            r = Math.Log(x) + 0.75;
        }
        return r * x;
    }

    [Differentiable]
    public static double NestedIf(double x, double y)
    {
        double r = x + y;
        if (x > 0)
        {
            if (y > 0)
            {
                r *= x * y;
            }
            else
            {
                r -= x / (1 - y);
            }
        }
        else
        {
            if (y < x)
                r = y * y;
            else
                r += Math.Exp(x);
        }
        return r;
    }

    [Differentiable]
    public static double EarlyReturn(double x, double y)
    {
        if (x > 2)
            return x * x;
        double t = x * y;
        if (t < 0)
            return -t * y;
        t += y;
        return t * x;
    }

    [Differentiable]
    public static double ReturnsInEveryBranch(double x)
    {
        if (x < 0)
        {
            double cube = x * x;
            cube *= x;
            return cube;
        }
        else if (x < 1)
        {
            return Math.Sqrt(x + 1);
        }
        return Math.Log(x) * x + Math.Sqrt(2);
    }

    [Differentiable]
    public static double Ternary(double x, double y) => x > y ? x * y : x - y;

    [Differentiable]
    public static double NestedTernary(double x, double y)
        => x < 0 ? (y < 0 ? x * y : x + y) : (y < 0 ? x - y * y : x / (y + 1));

    [Differentiable]
    public static double TernaryInLocal(double x)
    {
        var scale = x >= 1 ? 2.0 : x;
        return scale * x;
    }

    [Differentiable]
    public static double LessOrEqual(double x, double y) => x <= y ? Math.Exp(x - y) : 1 + x - y;

    [Differentiable]
    public static double GreaterOrEqual(double x, double y) => x * x >= y ? x * y : y - x;

    [Differentiable]
    public static double LogicalAnd(double x, double y)
    {
        if (x > 0 && y > 0)
            return x * y;
        return x + y;
    }

    [Differentiable]
    public static double LogicalOr(double x, double y)
    {
        if (x < -1 || y > 1)
            return x * y * y;
        return x - y;
    }

    [Differentiable]
    public static double LogicalNot(double x, double y)
    {
        if (!(x < y))
            return x * x;
        return y * y;
    }

    [Differentiable]
    public static double CombinedConditions(double x, double y, double z)
    {
        double r = x + y + z;
        if ((x < y && y < z) || !(x > -2))
            r = x * y * z;
        else if (x == y || z <= 0)
            r = r * r;
        return r;
    }

    // Equality on an active value: sin(x)/x with its removable singularity (derivative 0 at 0).
    [Differentiable]
    public static double Sinc(double x) => x == 0 ? 1 : Math.Sin(x) / x;

    [Differentiable]
    public static double NotEqual(double x, double y)
    {
        if (x != 0)
            return y / x + x;
        return y;
    }

    [Differentiable]
    public static double ConditionOnComputedValue(double x)
    {
        var s = Math.Sin(x);
        if (s * s > 0.25)
            return s * x;
        return Math.Cos(x) * x;
    }

    [Differentiable]
    public static double BranchReassignsParameter(double x)
    {
        if (x < 0)
            x = -x;
        return Math.Sqrt(x + 1) * x;
    }

    [Differentiable]
    public static double BoolParameter(double x, double y, bool square)
    {
        if (square)
            return x * x * y;
        return x * y;
    }

    [Differentiable]
    public static double IntCondition(double x, int n)
    {
        double r = x;
        if (n > 2)
            r *= x;
        else if (n == 0)
            r = -r;
        return r * n + r;
    }

    // Each condition reads a value the previous branch may have overwritten: reverse mode must restore the
    // overwritten values and replay the branch decisions in reverse order.
    [Differentiable]
    public static double SequentialDependentBranches(double x)
    {
        double t = x;
        if (t > 1)
            t = t * t;
        if (t > 2)
            t = Math.Sin(t) * 3 + t;
        else
            t -= Math.Exp(-t);
        if (t < 0)
            t = -t * x;
        return t * x;
    }

    [Differentiable]
    public static double OverwriteInsideBranch(double x, double y)
    {
        double t = x * y;
        if (x > 0)
        {
            t = t * t;
            t = Math.Sin(t);
            t *= y;
        }
        else
        {
            y = y * y;
            t = t + y;
        }
        return t + y * x;
    }

    [Differentiable]
    public static double EarlyReturnAfterMutation(double x, double y)
    {
        double t = x;
        t *= y;
        if (t > 1)
        {
            t = Math.Log(t);
            if (y > 2)
                return t * y;
            t += x;
        }
        x = x * t;
        return x - y;
    }
}
