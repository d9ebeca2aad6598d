using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace DiffGen.EndToEnd.Tests.Checking;

/// <summary>One differentiable parameter of a method under test: an array (or span) or a scalar.</summary>
public sealed record Part(string Name, double[] Values, bool IsArray)
{
    public static Part Array(string name, params double[] values) => new(name, values, true);
    public static Part Scalar(string name, double value) => new(name, [value], false);
}

/// <summary>One differentiable parameter of a single-precision method under test.</summary>
public sealed record PartF(string Name, float[] Values, bool IsArray)
{
    public static PartF Array(string name, params float[] values) => new(name, values, true);
    public static PartF Scalar(string name, float value) => new(name, [value], false);
}

/// <summary>
/// Methods with array and span parameters. Every coordinate of every array is one coordinate of the point the scalar
/// checks run on (finite differences, forward against reverse, float against the double twin), and on top of them:
/// <list type="number">
/// <item>neither mode writes into the arrays it reads;</item>
/// <item>the gradient is ADDED to the buffers (docs/API.md): a call on buffers already holding values leaves
/// those values plus the gradient.</item>
/// </list>
/// </summary>
public static partial class DerivativeAssert
{
    // ---- double ----

    public static double[] Check(Func<double[], double> f, GradientV gradient, TangentV tangent, double[] v,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckParts(name,
            p => f(p[0]),
            (p, g) => gradient(p[0], g[0]),
            (double[][] p, double[][] s, out double t) => tangent(p[0], s[0], out t),
            [Part.Array("v", v)])[0];

    /// <returns>[∂/∂v, [∂/∂a]].</returns>
    public static double[][] Check(Func<double[], double, double> f, GradientVS gradient, TangentVS tangent, double[] v, double a,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckParts(name,
            p => f(p[0], p[1][0]),
            (p, g) => gradient(p[0], p[1][0], g[0], out g[1][0]),
            (double[][] p, double[][] s, out double t) => tangent(p[0], p[1][0], s[0], s[1][0], out t),
            [Part.Array("v", v), Part.Scalar("a", a)]);

    /// <returns>[∂/∂u, ∂/∂v].</returns>
    public static double[][] Check(Func<double[], double[], double> f, GradientVV gradient, TangentVV tangent, double[] u, double[] v,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckParts(name,
            p => f(p[0], p[1]),
            (p, g) => gradient(p[0], p[1], g[0], g[1]),
            (double[][] p, double[][] s, out double t) => tangent(p[0], p[1], s[0], s[1], out t),
            [Part.Array("u", u), Part.Array("v", v)]);

    /// <summary>Any mix of differentiable array and scalar parameters.</summary>
    /// <returns>The reverse-mode gradient, one array per part (a scalar's of length 1).</returns>
    public static double[][] CheckParts(Func<double[][], double> f, GradientParts gradient, TangentParts tangent, Part[] parts,
        [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckParts(name, f, gradient, tangent, parts);

    // ---- float ----

    public static float[] Check(Func<float[], float> f, GradientVF gradient, TangentVF tangent, float[] v,
        GradientV? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckPartsSingle(name,
            p => f(p[0]),
            (p, g) => gradient(p[0], g[0]),
            (float[][] p, float[][] s, out float t) => tangent(p[0], s[0], out t),
            twin is null ? null : (p, g) => twin(p[0], g[0]),
            [PartF.Array("v", v)])[0];

    public static float[][] Check(Func<float[], float, float> f, GradientVSF gradient, TangentVSF tangent, float[] v, float a,
        GradientVS? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckPartsSingle(name,
            p => f(p[0], p[1][0]),
            (p, g) => gradient(p[0], p[1][0], g[0], out g[1][0]),
            (float[][] p, float[][] s, out float t) => tangent(p[0], p[1][0], s[0], s[1][0], out t),
            twin is null ? null : (p, g) => twin(p[0], p[1][0], g[0], out g[1][0]),
            [PartF.Array("v", v), PartF.Scalar("a", a)]);

    public static float[][] Check(Func<float[], float[], float> f, GradientVVF gradient, TangentVVF tangent, float[] u, float[] v,
        GradientVV? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckPartsSingle(name,
            p => f(p[0], p[1]),
            (p, g) => gradient(p[0], p[1], g[0], g[1]),
            (float[][] p, float[][] s, out float t) => tangent(p[0], p[1], s[0], s[1], out t),
            twin is null ? null : (p, g) => twin(p[0], p[1], g[0], g[1]),
            [PartF.Array("u", u), PartF.Array("v", v)]);

    public static float[][] CheckParts(Func<float[][], float> f, GradientPartsF gradient, TangentPartsF tangent, PartF[] parts,
        GradientParts? twin = null, [CallerArgumentExpression(nameof(f))] string name = "")
        => CheckPartsSingle(name, f, gradient, tangent, twin, parts);

    // ---- cores: flatten the parts into one point and run the scalar checks on it ----

    private static double[][] CheckParts(string name, Func<double[][], double> f, GradientParts gradient, TangentParts tangent, Part[] parts)
    {
        int[] lengths = parts.Select(p => p.Values.Length).ToArray();
        string[] labels = Labels(parts.Select(p => (p.Name, p.Values.Length, p.IsArray)));
        var flat = CheckDouble(name,
            x => f(Split(x, lengths)),
            x =>
            {
                var point = Split(x, lengths);
                var buffers = Split(new double[x.Length], lengths);
                double value = gradient(point, buffers);
                AssertUnchanged(x, point, labels, name, "Gradient");
                return (value, buffers.SelectMany(b => b).ToArray());
            },
            (x, s) =>
            {
                var point = Split(x, lengths);
                double value = tangent(point, Split(s, lengths), out double t);
                AssertUnchanged(x, point, labels, name, "Tangent");
                return (value, t);
            },
            parts.SelectMany(p => p.Values).ToArray(),
            i => labels[i]);
        var result = Split(flat, lengths);

        // Accumulation: array buffers start from nonzero values and must end at those values plus the gradient.
        var prefilled = parts.Select(p => p.IsArray ? Prefill(p.Values.Length) : [double.NaN]).ToArray();
        var buffers = prefilled.Select(b => (double[])b.Clone()).ToArray();
        gradient(parts.Select(p => (double[])p.Values.Clone()).ToArray(), buffers);
        for (int k = 0; k < parts.Length; k++)
            for (int i = 0; i < lengths[k]; i++)
                AssertClose(parts[k].IsArray ? prefilled[k][i] + result[k][i] : result[k][i], buffers[k][i], DoubleModeTolerance,
                    $"{Name(name)}: Gradient on a buffer holding {(parts[k].IsArray ? R(prefilled[k][i]) : "garbage")}, ∂/∂{Label(parts[k].Name, i, parts[k].IsArray)}" +
                    (parts[k].IsArray ? " (the gradient must be added to the buffer)" : " (an out parameter must be assigned)"));
        return result;
    }

    private static float[][] CheckPartsSingle(string name, Func<float[][], float> f, GradientPartsF gradient, TangentPartsF tangent,
        GradientParts? twin, PartF[] parts)
    {
        int[] lengths = parts.Select(p => p.Values.Length).ToArray();
        string[] labels = Labels(parts.Select(p => (p.Name, p.Values.Length, p.IsArray)));
        var flat = CheckSingle(name,
            x => f(Split(x, lengths)),
            x =>
            {
                var point = Split(x, lengths);
                var buffers = Split(new float[x.Length], lengths);
                float value = gradient(point, buffers);
                AssertUnchanged(x, point, labels, name, "Gradient");
                return (value, buffers.SelectMany(b => b).ToArray());
            },
            (x, s) =>
            {
                var point = Split(x, lengths);
                float value = tangent(point, Split(s, lengths), out float t);
                AssertUnchanged(x, point, labels, name, "Tangent");
                return (value, t);
            },
            twin is null ? null : x =>
            {
                var buffers = Split(new double[x.Length], lengths);
                twin(Split(x, lengths), buffers);
                return buffers.SelectMany(b => b).ToArray();
            },
            parts.SelectMany(p => p.Values).ToArray(),
            i => labels[i]);
        var result = Split(flat, lengths);

        var prefilled = parts.Select(p => p.IsArray ? Prefill(p.Values.Length).Select(v => (float)v).ToArray() : [float.NaN]).ToArray();
        var buffers = prefilled.Select(b => (float[])b.Clone()).ToArray();
        gradient(parts.Select(p => (float[])p.Values.Clone()).ToArray(), buffers);
        for (int k = 0; k < parts.Length; k++)
            for (int i = 0; i < lengths[k]; i++)
                AssertClose(parts[k].IsArray ? (double)(prefilled[k][i] + result[k][i]) : result[k][i], buffers[k][i], SingleModeTolerance,
                    $"{Name(name)}: Gradient on a buffer holding {(parts[k].IsArray ? R(prefilled[k][i]) : "garbage")}, ∂/∂{Label(parts[k].Name, i, parts[k].IsArray)}" +
                    (parts[k].IsArray ? " (the gradient must be added to the buffer)" : " (an out parameter must be assigned)"));
        return result;
    }

    // ---- helpers ----

    /// <summary>Cuts a flat vector into consecutive pieces of the given lengths (fresh arrays).</summary>
    public static T[][] Split<T>(T[] flat, int[] lengths)
    {
        var parts = new T[lengths.Length][];
        int offset = 0;
        for (int k = 0; k < lengths.Length; k++)
        {
            parts[k] = flat.AsSpan(offset, lengths[k]).ToArray();
            offset += lengths[k];
        }
        return parts;
    }

    private static string[] Labels(IEnumerable<(string Name, int Length, bool IsArray)> parts)
        => parts.SelectMany(p => Enumerable.Range(0, p.Length).Select(i => Label(p.Name, i, p.IsArray))).ToArray();

    private static string Label(string name, int index, bool isArray) => isArray ? $"{name}[{index}]" : name;

    // Distinct nonzero values, exact in float: 1, 1.25, 1.5, ...
    private static double[] Prefill(int length) => Enumerable.Range(0, length).Select(i => 1 + 0.25 * (i % 16)).ToArray();

    private static void AssertUnchanged<T>(T[] expected, T[][] parts, string[] labels, string name, string mode) where T : struct
    {
        int i = 0;
        foreach (var part in parts)
            foreach (var value in part)
            {
                if (!EqualityComparer<T>.Default.Equals(expected[i], value))
                    throw new XunitException($"{Name(name)}: {mode} wrote into its input {labels[i]}: {expected[i]} became {value}");
                i++;
            }
    }
}
