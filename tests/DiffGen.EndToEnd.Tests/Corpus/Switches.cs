namespace DiffGen.EndToEnd.Tests.Corpus;

public enum Figure { Line, Square, Cube, Wave }

/// <summary>
/// <c>switch</c> statements and expressions and <c>is</c> patterns on constants, lowered to if-else chains: stacked
/// labels, default anywhere, break, return and continue inside sections, guards, in loops.
/// </summary>
public static partial class Switches
{
    [Differentiable]
    public static double Statement(double x, int k)
    {
        double r = x;
        switch (k)
        {
            case 0:
                r = x * x;
                break;
            case 1:
            case 2:
                r = Math.Sin(x) * k;
                break;
            default:
                r = x * 3;
                break;
            case 5:
            {
                r = Math.Exp(x);
                break;
            }
            case 6:
                if (x > 1) { r = x * x * x; break; }
                else { r = -x; break; }
        }
        return r * x;
    }

    [Differentiable]
    public static double Returns(double x, Figure shape)
    {
        switch (shape)
        {
            case Figure.Line: return x;
            case Figure.Square: return x * x;
            case Figure.Cube:
                if (x > 0) return x * x * x;
                return -x * x * x;
            default: return Math.Sin(x);
        }
    }

    // The case taken depends on x itself.
    [Differentiable]
    public static double OnActiveValue(double x)
    {
        switch ((int)Math.Floor(x))
        {
            case 0: return x * x;
            case 1 or 2: return 2 * x + Math.Sin(x);
            default: return Math.Cos(x);
        }
    }

    // break leaves the switch, continue the loop.
    [Differentiable]
    public static double InLoop(double[] v, double a)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            switch (i % 3)
            {
                case 0:
                    s += v[i] * a;
                    break;
                case 1:
                    if (v[i] > 2) continue;
                    s += v[i] * v[i];
                    break;
                default:
                    s = s * Math.Cos(v[i]);
                    break;
            }
            s += 0.5 * a;
        }
        return s;
    }

    [Differentiable]
    public static double ReturnInLoop(double[] v, double a)
    {
        double s = a;
        int i = 0;
        while (i < v.Length)
        {
            switch (i)
            {
                case 0: s *= v[i]; break;
                case 3: return s * v[i];
                default: s += v[i] * a; break;
            }
            i++;
        }
        return s;
    }

    [Differentiable]
    public static double Guards(double x, int k)
    {
        switch (k)
        {
            case 0 when x > 1: return x * x;
            case 0: return -x;
            case > 3 and < 10: return x * k;
            case not 1: return Math.Exp(x);
            default: return 1;
        }
    }

    [Differentiable]
    public static double Expression(double x, int k) => k switch
    {
        0 => x * x,
        1 or 2 => Math.Sin(x) * k,
        < 0 => -x,
        _ => Math.Exp(x) + k,
    };

    [Differentiable]
    public static double ExpressionOnEnum(double x, Figure s)
        => s switch { Figure.Line => x, Figure.Square => x * x, _ => x * x * x } * Math.Cos(x);

    [Differentiable]
    public static double ExpressionOnActiveValue(double x) => x switch
    {
        < 0 => -x,
        < 1 when x > 0.5 => x * x + 0.25,
        < 1 => x,
        _ => Math.Sqrt(x) + 0.5,
    };

    [Differentiable]
    public static double IsPatterns(double x, int k, Figure s)
    {
        if (x is double.NaN) return 0;
        double r = x;
        if (k is 0) r *= x;
        if (k is 1 or 2) r += Math.Sin(x);
        if (s is Figure.Wave) r = Math.Sin(r);
        if (s is not Figure.Line and not Figure.Cube) r *= 2;
        if (x is > 0 and < 1) r += x * x;
        return r;
    }

    [Differentiable]
    public static double OnString(double x, string name) => name switch
    {
        "square" => x * x,
        "sine" => Math.Sin(x),
        _ => x,
    } + (name[0] is 's' ? x * x : 0);

    // A switch expression in each pass, and a switch nested in another.
    [Differentiable]
    public static double Nested(double[] v, double a)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += (i % 2) switch { 0 => v[i] * a, _ => v[i] * v[i] };
            switch (i % 2)
            {
                case 0:
                    switch (i % 4)
                    {
                        case 0: s *= a; break;
                        default: s += a; break;
                    }
                    break;
                default:
                    s -= 0.1 * v[i];
                    break;
            }
        }
        return s;
    }

    // Second derivatives through a switch expression: the Hessian is the one of the arm taken.
    [Differentiable]
    public static double TwoVariables(double x, double y, int k) => k switch
    {
        0 => x * x * y,
        1 or 2 => Math.Sin(x * y) * k,
        _ => Math.Exp(x - y) + x * y * y,
    };
}
