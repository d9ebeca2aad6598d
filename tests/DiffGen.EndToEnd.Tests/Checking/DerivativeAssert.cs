using System.Globalization;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace DiffGen.EndToEnd.Tests.Checking;

/// <summary>
/// The checks every corpus method goes through at a point:
/// <list type="number">
/// <item>the values returned by <c>Gradient</c> and <c>Tangent</c> are bit-identical to the method's own value;</item>
/// <item>each reverse-mode partial derivative agrees with finite differences (<see cref="NumericalDiff.Derivative(Func{double, double}, double, double)"/>,
/// one coordinate at a time, the others fixed);</item>
/// <item>forward mode with each unit seed gives the matching reverse-mode partial, a zero seed gives zero, and a
/// pseudo-random direction gives Σ gradient·direction;</item>
/// <item>for float methods, the gradient also agrees with the double twin's generated gradient.</item>
/// </list>
/// The overloads return the reverse-mode gradient so a test can add checks of its own.
/// </summary>
public static partial class DerivativeAssert
{
    /// <summary>Reverse mode against finite differences, double: |a − b| ≤ tol · max(1, |a|, |b|).</summary>
    public const double DoubleNumericalTolerance = 1e-7;

    /// <summary>Forward against reverse, double: the same partials, possibly summed in another order.</summary>
    public const double DoubleModeTolerance = 1e-12;

    /// <summary>Reverse mode against finite differences of the float method (extrapolated in double).</summary>
    public const double SingleNumericalTolerance = 1e-3;

    /// <summary>Forward against reverse, float.</summary>
    public const double SingleModeTolerance = 1e-5;

    /// <summary>Float gradient against the double twin's gradient at the same (widened) point.</summary>
    public const double SingleTwinTolerance = 1e-4;

    // ---- double ----

    public static double[] Check(Func<double, double> f, Gradient1 gradient, Tangent1 tangent, double a,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckDouble(name,
            x => f(x[0]),
            x => { double v = gradient(x[0], out double d0); return (v, [d0]); },
            (x, s) => { double v = tangent(x[0], s[0], out double t); return (v, t); },
            [a]);

    public static double[] Check(Func<double, double, double> f, Gradient2 gradient, Tangent2 tangent, double a, double b,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckDouble(name,
            x => f(x[0], x[1]),
            x => { double v = gradient(x[0], x[1], out double d0, out double d1); return (v, [d0, d1]); },
            (x, s) => { double v = tangent(x[0], x[1], s[0], s[1], out double t); return (v, t); },
            [a, b]);

    public static double[] Check(Func<double, double, double, double> f, Gradient3 gradient, Tangent3 tangent,
        double a, double b, double c, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckDouble(name,
            x => f(x[0], x[1], x[2]),
            x => { double v = gradient(x[0], x[1], x[2], out double d0, out double d1, out double d2); return (v, [d0, d1, d2]); },
            (x, s) => { double v = tangent(x[0], x[1], x[2], s[0], s[1], s[2], out double t); return (v, t); },
            [a, b, c]);

    // ---- float (twin: the double version's generated gradient, compared at the widened point) ----

    public static float[] Check(Func<float, float> f, Gradient1F gradient, Tangent1F tangent, float a,
        Gradient1? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckSingle(name,
            x => f(x[0]),
            x => { float v = gradient(x[0], out float d0); return (v, [d0]); },
            (x, s) => { float v = tangent(x[0], s[0], out float t); return (v, t); },
            twin is null ? null : x => { twin(x[0], out double d0); return [d0]; },
            [a]);

    public static float[] Check(Func<float, float, float> f, Gradient2F gradient, Tangent2F tangent, float a, float b,
        Gradient2? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckSingle(name,
            x => f(x[0], x[1]),
            x => { float v = gradient(x[0], x[1], out float d0, out float d1); return (v, [d0, d1]); },
            (x, s) => { float v = tangent(x[0], x[1], s[0], s[1], out float t); return (v, t); },
            twin is null ? null : x => { twin(x[0], x[1], out double d0, out double d1); return [d0, d1]; },
            [a, b]);

    public static float[] Check(Func<float, float, float, float> f, Gradient3F gradient, Tangent3F tangent,
        float a, float b, float c, Gradient3? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckSingle(name,
            x => f(x[0], x[1], x[2]),
            x => { float v = gradient(x[0], x[1], x[2], out float d0, out float d1, out float d2); return (v, [d0, d1, d2]); },
            (x, s) => { float v = tangent(x[0], x[1], x[2], s[0], s[1], s[2], out float t); return (v, t); },
            twin is null ? null : x => { twin(x[0], x[1], x[2], out double d0, out double d1, out double d2); return [d0, d1, d2]; },
            [a, b, c]);

    // ---- shared tolerance test ----

    /// <summary>|expected − actual| ≤ tolerance · max(1, |expected|, |actual|); NaN or infinity never passes.</summary>
    public static bool Close(double expected, double actual, double tolerance)
        => double.IsFinite(expected) && double.IsFinite(actual)
           && Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));

    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        if (!Close(expected, actual, tolerance))
            throw new XunitException($"{what}: expected {R(expected)}, actual {R(actual)} (difference {R(actual - expected)}, relative tolerance {tolerance:g2})");
    }

    public static void AssertBitIdentical(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            throw new XunitException($"{what}: expected bit-identical {R(expected)}, actual {R(actual)}");
    }

    public static void AssertBitIdentical(float expected, float actual, string what)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
            throw new XunitException($"{what}: expected bit-identical {R(expected)}, actual {R(actual)}");
    }

    // ---- cores ----

    private static double[] CheckDouble(
        string name,
        Func<double[], double> f,
        Func<double[], (double Value, double[] Gradient)> reverse,
        Func<double[], double[], (double Value, double Tangent)> forward,
        double[] point,
        Func<int, string>? label = null)
    {
        label ??= i => $"x{i}";
        string at = $"{Name(name)}({Point(point.Select(p => R(p)))})";
        double value = f((double[])point.Clone());

        var (reverseValue, gradient) = reverse((double[])point.Clone());
        AssertBitIdentical(value, reverseValue, $"{at}: value returned by Gradient");
        Assert.Equal(point.Length, gradient.Length);

        for (int i = 0; i < point.Length; i++)
        {
            int index = i;
            double numerical = NumericalDiff.Derivative(v =>
            {
                var moved = (double[])point.Clone();
                moved[index] = v;
                return f(moved);
            }, point[i]);
            AssertClose(numerical, gradient[i], DoubleNumericalTolerance, $"{at}: reverse ∂/∂{label(i)} against finite differences");
        }

        for (int i = 0; i < point.Length; i++)
        {
            var seed = new double[point.Length];
            seed[i] = 1;
            var (forwardValue, tangent) = forward((double[])point.Clone(), seed);
            AssertBitIdentical(value, forwardValue, $"{at}: value returned by Tangent");
            AssertClose(gradient[i], tangent, DoubleModeTolerance, $"{at}: forward ∂/∂{label(i)} (unit seed) against reverse");
        }

        var (_, zeroTangent) = forward((double[])point.Clone(), new double[point.Length]);
        if (zeroTangent != 0)
            throw new XunitException($"{at}: forward with a zero seed gave tangent {R(zeroTangent)}, expected 0");

        var direction = Direction(point.Length);
        double expectedDirectional = 0, scale = 0;
        for (int i = 0; i < point.Length; i++)
        {
            expectedDirectional += gradient[i] * direction[i];
            scale += Math.Abs(gradient[i] * direction[i]);
        }
        var (_, directional) = forward((double[])point.Clone(), direction);
        if (!(Math.Abs(directional - expectedDirectional) <= DoubleModeTolerance * Math.Max(1, scale)))
            throw new XunitException($"{at}: forward along [{string.Join(", ", direction.Select(d => R(d)))}] gave {R(directional)}, Σ gradient·direction = {R(expectedDirectional)}");

        return gradient;
    }

    private static float[] CheckSingle(
        string name,
        Func<float[], float> f,
        Func<float[], (float Value, float[] Gradient)> reverse,
        Func<float[], float[], (float Value, float Tangent)> forward,
        Func<double[], double[]>? twin,
        float[] point,
        Func<int, string>? label = null)
    {
        label ??= i => $"x{i}";
        string at = $"{Name(name)}({Point(point.Select(p => R(p) + "f"))})";
        float value = f((float[])point.Clone());

        var (reverseValue, gradient) = reverse((float[])point.Clone());
        AssertBitIdentical(value, reverseValue, $"{at}: value returned by Gradient");
        Assert.Equal(point.Length, gradient.Length);

        for (int i = 0; i < point.Length; i++)
        {
            int index = i;
            // The double overload, with the float method inside: the same extrapolation as the float overload,
            // without rounding the reference to float before the comparison.
            double numerical = NumericalDiff.Derivative((double v) =>
            {
                var moved = (float[])point.Clone();
                moved[index] = (float)v;
                return (double)f(moved);
            }, (double)point[i], 1e-2);
            AssertClose(numerical, gradient[i], SingleNumericalTolerance, $"{at}: reverse ∂/∂{label(i)} against finite differences");
        }

        if (twin is not null)
        {
            var reference = twin(point.Select(p => (double)p).ToArray());
            for (int i = 0; i < point.Length; i++)
                AssertClose(reference[i], gradient[i], SingleTwinTolerance, $"{at}: reverse ∂/∂{label(i)} against the double version's gradient");
        }

        for (int i = 0; i < point.Length; i++)
        {
            var seed = new float[point.Length];
            seed[i] = 1;
            var (forwardValue, tangent) = forward((float[])point.Clone(), seed);
            AssertBitIdentical(value, forwardValue, $"{at}: value returned by Tangent");
            AssertClose(gradient[i], tangent, SingleModeTolerance, $"{at}: forward ∂/∂{label(i)} (unit seed) against reverse");
        }

        var (_, zeroTangent) = forward((float[])point.Clone(), new float[point.Length]);
        if (zeroTangent != 0)
            throw new XunitException($"{at}: forward with a zero seed gave tangent {R(zeroTangent)}, expected 0");

        var direction = Direction(point.Length).Select(d => (float)d).ToArray();
        double expectedDirectional = 0, scale = 0;
        for (int i = 0; i < point.Length; i++)
        {
            expectedDirectional += (double)gradient[i] * direction[i];
            scale += Math.Abs((double)gradient[i] * direction[i]);
        }
        var (_, directional) = forward((float[])point.Clone(), direction);
        if (!(Math.Abs(directional - expectedDirectional) <= SingleModeTolerance * Math.Max(1, scale)))
            throw new XunitException($"{at}: forward along [{string.Join(", ", direction.Select(d => R(d)))}] gave {R(directional)}, Σ gradient·direction = {R(expectedDirectional)}");

        return gradient;
    }

    // A fixed pseudo-random direction per arity: reproducible failures, no component zero.
    private static double[] Direction(int length)
    {
        var random = new Random(20_250_000 + length);
        var direction = new double[length];
        for (int i = 0; i < length; i++)
            direction[i] = (random.NextDouble() < 0.5 ? -1 : 1) * (0.25 + 0.75 * random.NextDouble());
        return direction;
    }

    // "Corpus.Sin" from "MathFunctions.Sin" or "(x) => Calls.Scaled(x, 3, 2.5)": keep it short but recognisable.
    private static string Name(string expression) => expression.Length <= 80 ? expression : expression[..77] + "...";

    // The point in failure messages: all of it when short, else its start (the labels say which coordinate failed).
    private static string Point(IEnumerable<string> coordinates)
    {
        var all = coordinates.ToArray();
        return all.Length <= 12 ? string.Join(", ", all) : string.Join(", ", all.Take(12)) + $", … ({all.Length} in all)";
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    private static string R(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
