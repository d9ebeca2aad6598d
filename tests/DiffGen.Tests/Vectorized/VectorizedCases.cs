namespace DiffGen.Tests.Primitives;

/// <summary>
/// The primitives of <see cref="DiffGen.Vectorized"/> behind one shape each, so that every test runs over all of them:
/// parameters are arrays (a scalar parameter is an array of one element), and each case has a scalar-loop reference.
/// </summary>
internal static class VectorizedCases
{
    /// <summary>A reduction T F(ReadOnlySpan&lt;T&gt;...): its primal, derivatives and a scalar-loop reference, in double and float.</summary>
    internal sealed record Reduction(
        string Name,
        int Arity,
        Func<double[][], double> Value,
        Func<double[][], double> Reference,
        Func<double[][], double[][], double> Gradient,
        Func<double[][], double, double[][], double> Seeded,
        Func<double[][], double[][], (double Value, double Tangent)> Tangent,
        Func<float[][], float> ValueF,
        Func<float[][], float[][], float> GradientF,
        Func<float[][], float, float[][], float> SeededF,
        Func<float[][], float[][], (float Value, float Tangent)> TangentF);

    /// <summary>A vector-valued void F(..., Span&lt;T&gt; y): y's length is that of the first parameter.</summary>
    internal sealed record Map(
        string Name,
        Func<int, Random, double[][]> Inputs,
        Action<double[][], double[]> Apply,
        Func<double[][], int, double> Reference,
        Action<double[][], double[], double[][], double[]> Gradient,
        Action<double[][], double[], double[][], double[]> Tangent,
        Action<float[][], float[]> ApplyF,
        Action<float[][], float[], float[][], float[]> GradientF,
        Action<float[][], float[], float[][], float[]> TangentF);

    public static readonly Dictionary<string, Reduction> Reductions = new Reduction[]
    {
        new("Sum", 1,
            p => Vectorized.Sum(p[0]),
            p => p[0].Sum(),
            (p, d) => Vectorized.SumGradient(p[0], d[0]),
            (p, s, d) => Vectorized.SumGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.SumTangent(p[0], d[0], out double t), t),
            p => Vectorized.Sum(p[0]),
            (p, d) => Vectorized.SumGradient(p[0], d[0]),
            (p, s, d) => Vectorized.SumGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.SumTangent(p[0], d[0], out float t), t)),
        new("Dot", 2,
            p => Vectorized.Dot(p[0], p[1]),
            p => { double s = 0; for (int i = 0; i < p[0].Length; i++) s += p[0][i] * p[1][i]; return s; },
            (p, d) => Vectorized.DotGradient(p[0], p[1], d[0], d[1]),
            (p, s, d) => Vectorized.DotGradient(p[0], p[1], s, d[0], d[1]),
            (p, d) => (Vectorized.DotTangent(p[0], p[1], d[0], d[1], out double t), t),
            p => Vectorized.Dot(p[0], p[1]),
            (p, d) => Vectorized.DotGradient(p[0], p[1], d[0], d[1]),
            (p, s, d) => Vectorized.DotGradient(p[0], p[1], s, d[0], d[1]),
            (p, d) => (Vectorized.DotTangent(p[0], p[1], d[0], d[1], out float t), t)),
        new("SumOfSquares", 1,
            p => Vectorized.SumOfSquares(p[0]),
            p => p[0].Sum(v => v * v),
            (p, d) => Vectorized.SumOfSquaresGradient(p[0], d[0]),
            (p, s, d) => Vectorized.SumOfSquaresGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.SumOfSquaresTangent(p[0], d[0], out double t), t),
            p => Vectorized.SumOfSquares(p[0]),
            (p, d) => Vectorized.SumOfSquaresGradient(p[0], d[0]),
            (p, s, d) => Vectorized.SumOfSquaresGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.SumOfSquaresTangent(p[0], d[0], out float t), t)),
        new("LogSumExp", 1,
            p => Vectorized.LogSumExp(p[0]),
            p => ReferenceLogSumExp(p[0]),
            (p, d) => Vectorized.LogSumExpGradient(p[0], d[0]),
            (p, s, d) => Vectorized.LogSumExpGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.LogSumExpTangent(p[0], d[0], out double t), t),
            p => Vectorized.LogSumExp(p[0]),
            (p, d) => Vectorized.LogSumExpGradient(p[0], d[0]),
            (p, s, d) => Vectorized.LogSumExpGradient(p[0], s, d[0]),
            (p, d) => (Vectorized.LogSumExpTangent(p[0], d[0], out float t), t)),
    }.ToDictionary(c => c.Name);

    public static readonly Dictionary<string, Map> Maps = new Map[]
    {
        new("Exp",
            (n, r) => [Vector(n, r)],
            (p, y) => Vectorized.Exp(p[0], y),
            (p, j) => Math.Exp(p[0][j]),
            (p, y, d, dy) => Vectorized.ExpGradient(p[0], y, d[0], dy),
            (p, y, d, dy) => Vectorized.ExpTangent(p[0], y, d[0], dy),
            (p, y) => Vectorized.Exp(p[0], y),
            (p, y, d, dy) => Vectorized.ExpGradient(p[0], y, d[0], dy),
            (p, y, d, dy) => Vectorized.ExpTangent(p[0], y, d[0], dy)),
        new("Softmax",
            (n, r) => [Vector(n, r)],
            (p, y) => Vectorized.Softmax(p[0], y),
            (p, j) => Math.Exp(p[0][j] - ReferenceLogSumExp(p[0])),
            (p, y, d, dy) => Vectorized.SoftmaxGradient(p[0], y, d[0], dy),
            (p, y, d, dy) => Vectorized.SoftmaxTangent(p[0], y, d[0], dy),
            (p, y) => Vectorized.Softmax(p[0], y),
            (p, y, d, dy) => Vectorized.SoftmaxGradient(p[0], y, d[0], dy),
            (p, y, d, dy) => Vectorized.SoftmaxTangent(p[0], y, d[0], dy)),
        new("Scale",
            (n, r) => [Vector(n, r), Vector(1, r)],
            (p, y) => Vectorized.Scale(p[0], p[1][0], y),
            (p, j) => p[1][0] * p[0][j],
            (p, y, d, dy) => { Vectorized.ScaleGradient(p[0], p[1][0], y, d[0], out double da, dy); d[1][0] += da; },
            (p, y, d, dy) => Vectorized.ScaleTangent(p[0], p[1][0], y, d[0], d[1][0], dy),
            (p, y) => Vectorized.Scale(p[0], p[1][0], y),
            (p, y, d, dy) => { Vectorized.ScaleGradient(p[0], p[1][0], y, d[0], out float da, dy); d[1][0] += da; },
            (p, y, d, dy) => Vectorized.ScaleTangent(p[0], p[1][0], y, d[0], d[1][0], dy)),
        new("Add",
            (n, r) => [Vector(n, r), Vector(n, r)],
            (p, y) => Vectorized.Add(p[0], p[1], y),
            (p, j) => p[0][j] + p[1][j],
            (p, y, d, dy) => Vectorized.AddGradient(p[0], p[1], y, d[0], d[1], dy),
            (p, y, d, dy) => Vectorized.AddTangent(p[0], p[1], y, d[0], d[1], dy),
            (p, y) => Vectorized.Add(p[0], p[1], y),
            (p, y, d, dy) => Vectorized.AddGradient(p[0], p[1], y, d[0], d[1], dy),
            (p, y, d, dy) => Vectorized.AddTangent(p[0], p[1], y, d[0], d[1], dy)),
        new("Multiply",
            (n, r) => [Vector(n, r), Vector(n, r)],
            (p, y) => Vectorized.Multiply(p[0], p[1], y),
            (p, j) => p[0][j] * p[1][j],
            (p, y, d, dy) => Vectorized.MultiplyGradient(p[0], p[1], y, d[0], d[1], dy),
            (p, y, d, dy) => Vectorized.MultiplyTangent(p[0], p[1], y, d[0], d[1], dy),
            (p, y) => Vectorized.Multiply(p[0], p[1], y),
            (p, y, d, dy) => Vectorized.MultiplyGradient(p[0], p[1], y, d[0], d[1], dy),
            (p, y, d, dy) => Vectorized.MultiplyTangent(p[0], p[1], y, d[0], d[1], dy)),
    }.ToDictionary(c => c.Name);

    /// <summary>Lengths below one block, of one block and a bit, and of several blocks (and past the stack scratch).</summary>
    public static readonly int[] Lengths = [1, 7, 600, 1100];

    public static TheoryData<string, int> ReductionsBySize()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Reductions.Keys)
            foreach (int n in Lengths) data.Add(name, n);
        return data;
    }

    public static TheoryData<string, int> MapsBySize()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Maps.Keys)
            foreach (int n in Lengths) data.Add(name, n);
        return data;
    }

    /// <summary>log Σ exp, max-shifted, by a scalar loop in double.</summary>
    public static double ReferenceLogSumExp(double[] x)
    {
        double m = double.NegativeInfinity;
        foreach (double v in x) m = Math.Max(m, v);
        double s = 0;
        foreach (double v in x) s += Math.Exp(v - m);
        return m + Math.Log(s);
    }

    /// <summary>n values in [−2, 2), reproducibly.</summary>
    public static double[] Vector(int n, Random random)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 4 * random.NextDouble() - 2;
        return v;
    }

    public static double[][] Inputs(int arity, int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, arity).Select(_ => Vector(n, random)).ToArray();
    }

    public static double[][] ZerosLike(double[][] p) => p.Select(a => new double[a.Length]).ToArray();

    public static double[][] Copy(double[][] p) => p.Select(a => (double[])a.Clone()).ToArray();

    public static float[][] ToFloat(double[][] p) => p.Select(a => a.Select(v => (float)v).ToArray()).ToArray();

    public static double[] Flatten(double[][] p) => p.SelectMany(a => a).ToArray();

    public static double[][] Unflatten(double[] flat, double[][] like)
    {
        var result = new double[like.Length][];
        int offset = 0;
        for (int k = 0; k < like.Length; k++)
        {
            result[k] = flat.AsSpan(offset, like[k].Length).ToArray();
            offset += like[k].Length;
        }
        return result;
    }

    /// <summary>|actual − expected| within <paramref name="relative"/>·max(1, |expected|).</summary>
    public static void Near(double expected, double actual, double relative, string what)
        => Assert.True(Math.Abs(actual - expected) <= relative * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}");
}
