using static DiffGen.Tests.Primitives.VectorizedCases;

namespace DiffGen.Tests.Primitives;

/// <summary>
/// Sum, Dot, SumOfSquares and LogSumExp of <see cref="DiffGen.Vectorized"/>: values against scalar loops, gradients
/// against finite differences, the seeded and forward modes against the gradient, accumulation, in double and float.
/// </summary>
public sealed class ReductionTests
{
    private const double Seed = -2.5;

    public static TheoryData<string, int> Cases => ReductionsBySize();

    public static TheoryData<string> Names => new(Reductions.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Value_matches_a_scalar_loop(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: n);
        Near(f.Reference(p), f.Value(p), 1e-15 * (n + 10), name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_finite_differences(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: 10 + n);
        var d = ZerosLike(p);
        f.Gradient(p, d);
        double[] numeric = NumericalDiff.Gradient(flat => f.Value(Unflatten(flat, p)), Flatten(p));
        double[] analytic = Flatten(d);
        for (int i = 0; i < numeric.Length; i++) Near(numeric[i], analytic[i], 1e-8, $"{name}: component {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_mode_returns_the_value_bit_for_bit(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: 20 + n);
        double value = f.Value(p);
        Assert.Equal(value, f.Gradient(p, ZerosLike(p)));
        Assert.Equal(value, f.Seeded(p, Seed, ZerosLike(p)));
        Assert.Equal(value, f.Tangent(p, Inputs(f.Arity, n, seed: 1)).Value);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Seeded_gradient_is_seed_times_the_gradient(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: 30 + n);
        var plain = ZerosLike(p);
        var seeded = ZerosLike(p);
        f.Gradient(p, plain);
        f.Seeded(p, Seed, seeded);
        double[] g = Flatten(plain), s = Flatten(seeded);
        for (int i = 0; i < g.Length; i++) Near(Seed * g[i], s[i], 1e-15, $"{name}: component {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tangent_is_the_gradient_along_the_direction(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: 40 + n);
        var direction = Inputs(f.Arity, n, seed: 50 + n);
        var d = ZerosLike(p);
        f.Gradient(p, d);
        double expected = Flatten(d).Zip(Flatten(direction), (g, v) => g * v).Sum();
        Near(expected, f.Tangent(p, direction).Tangent, 1e-14 * (n + 10), name);
        if (n <= 7)
        {
            double numeric = NumericalDiff.DirectionalDerivative(flat => f.Value(Unflatten(flat, p)), Flatten(p), Flatten(direction));
            Near(numeric, f.Tangent(p, direction).Tangent, 1e-8, name);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradients_are_added_to_the_buffers(string name)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, 9, seed: 60);
        var g = ZerosLike(p);
        f.Gradient(p, g);
        var d = p.Select(a => Enumerable.Repeat(0.75, a.Length).ToArray()).ToArray();
        f.Gradient(p, d);
        f.Seeded(p, Seed, d);
        double[] expected = Flatten(g).Select(v => 0.75 + v + Seed * v).ToArray(), actual = Flatten(d);
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], 1e-14, $"{name}: component {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_overloads_agree_with_double(string name, int n)
    {
        var f = Reductions[name];
        var p = Inputs(f.Arity, n, seed: 70 + n);
        var pf = ToFloat(p);
        var pd = pf.Select(a => a.Select(v => (double)v).ToArray()).ToArray();  // the float inputs, exactly
        double tolerance = 1e-6 * (n + 10);
        float value = f.ValueF(pf);
        Near(f.Reference(pd), value, tolerance, name);

        var g = ZerosLike(pd);
        f.Gradient(pd, g);
        var gf = pf.Select(a => new float[a.Length]).ToArray();
        Assert.Equal(value, f.GradientF(pf, gf));
        double[] expected = Flatten(g);
        float[] actual = gf.SelectMany(a => a).ToArray();
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], 1e-6, $"{name}: component {i}");

        var sf = pf.Select(a => new float[a.Length]).ToArray();
        Assert.Equal(value, f.SeededF(pf, (float)Seed, sf));
        float[] seeded = sf.SelectMany(a => a).ToArray();
        for (int i = 0; i < seeded.Length; i++) Near(Seed * actual[i], seeded[i], 1e-6, $"{name}: seeded component {i}");

        var direction = ToFloat(Inputs(f.Arity, n, seed: 80 + n));
        var (tangentValue, tangent) = f.TangentF(pf, direction);
        Assert.Equal(value, tangentValue);
        double expectedTangent = f.Tangent(pd, direction.Select(a => a.Select(v => (double)v).ToArray()).ToArray()).Tangent;
        Near(expectedTangent, tangent, tolerance, name);
    }

    // ---- LogSumExp: stability and edge cases ----

    [Fact]
    public void LogSumExp_does_not_overflow_or_underflow()
    {
        double[] large = [1000, 1001, 999];
        double expected = 1001 + Math.Log(1 + Math.Exp(-1) + Math.Exp(-2));
        Assert.Equal(expected, Vectorized.LogSumExp(large), 12);
        var d = new double[3];
        Assert.Equal(expected, Vectorized.LogSumExpGradient(large, d), 12);
        Assert.Equal(1.0, d.Sum(), 14);
        Assert.Equal(1 / (1 + Math.Exp(-1) + Math.Exp(-2)), d[1], 14);

        double[] small = [-1000, -1001];
        Assert.Equal(-1000 + Math.Log(1 + Math.Exp(-1)), Vectorized.LogSumExp(small), 12);
        Vectorized.LogSumExpTangent(small, [1, 1], out double tangent);
        Assert.Equal(1.0, tangent, 14);  // shifting every logit by t shifts the result by t

        float[] largeF = [100f, 101f];  // e^100 overflows float
        Assert.Equal(101 + Math.Log(1 + Math.Exp(-1)), Vectorized.LogSumExp(largeF), 4);
        var dF = new float[2];
        Vectorized.LogSumExpGradient(largeF, dF);
        Assert.Equal(1f, dF[0] + dF[1], 5);
    }

    [Fact]
    public void LogSumExp_of_nothing_is_minus_infinity()
    {
        Assert.Equal(double.NegativeInfinity, Vectorized.LogSumExp(ReadOnlySpan<double>.Empty));
        Assert.Equal(double.NegativeInfinity, Vectorized.LogSumExpGradient(ReadOnlySpan<double>.Empty, Span<double>.Empty));
        Assert.Equal(double.NegativeInfinity, Vectorized.LogSumExpTangent(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, out double tangent));
        Assert.Equal(0, tangent);
        Assert.Equal(float.NegativeInfinity, Vectorized.LogSumExp(ReadOnlySpan<float>.Empty));
        Assert.Equal(0, Vectorized.Sum(ReadOnlySpan<double>.Empty));
        Assert.Equal(0, Vectorized.Dot(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void LogSumExp_with_infinities()
    {
        Assert.Equal(double.PositiveInfinity, Vectorized.LogSumExp([1.0, double.PositiveInfinity]));
        Assert.Equal(double.NegativeInfinity, Vectorized.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]));
        Assert.Equal(Math.Log(1 + Math.Exp(1.0)), Vectorized.LogSumExp([double.NegativeInfinity, 0.0, 1.0]), 14);
        var d = new double[3];
        Vectorized.LogSumExpGradient([double.NegativeInfinity, 0.0, 1.0], d);
        Assert.Equal(0.0, d[0]);
        Assert.Equal(1.0, d[1] + d[2], 14);
    }

    // ---- Length checks: an ArgumentException naming the buffer, before anything is written ----

    public static TheoryData<string, string> LengthErrors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (call, (parameter, _)) in Mismatches) data.Add(call, parameter);
        return data;
    }

    private static readonly double[] X3 = [1, 2, 3], Y3 = [0.5, -1, 2], X2 = [1, 2];
    private static readonly float[] F3 = [1, 2, 3], G3 = [0.5f, -1, 2], F2 = [1, 2];

    private static readonly Dictionary<string, (string Parameter, Action Call)> Mismatches = new()
    {
        ["SumGradient dX"] = ("dX", () => Vectorized.SumGradient(X3, new double[2])),
        ["SumGradient seeded dX"] = ("dX", () => Vectorized.SumGradient(X3, 2.0, new double[4])),
        ["SumTangent dX"] = ("dX", () => Vectorized.SumTangent(X3, X2, out _)),
        ["Dot b"] = ("b", () => Vectorized.Dot(X3, X2)),
        ["DotGradient b"] = ("b", () => Vectorized.DotGradient(X3, X2, new double[3], new double[2])),
        ["DotGradient dA"] = ("dA", () => Vectorized.DotGradient(X3, Y3, new double[2], new double[3])),
        ["DotGradient seeded dB"] = ("dB", () => Vectorized.DotGradient(X3, Y3, 2.0, new double[3], new double[2])),
        ["DotTangent dA"] = ("dA", () => Vectorized.DotTangent(X3, Y3, X2, Y3, out _)),
        ["DotTangent dB"] = ("dB", () => Vectorized.DotTangent(X3, Y3, X3, X2, out _)),
        ["SumOfSquaresGradient dX"] = ("dX", () => Vectorized.SumOfSquaresGradient(X3, new double[2])),
        ["SumOfSquaresGradient seeded dX"] = ("dX", () => Vectorized.SumOfSquaresGradient(X3, 2.0, new double[2])),
        ["SumOfSquaresTangent dX"] = ("dX", () => Vectorized.SumOfSquaresTangent(X3, X2, out _)),
        ["LogSumExpGradient dX"] = ("dX", () => Vectorized.LogSumExpGradient(X3, new double[2])),
        ["LogSumExpGradient seeded dX"] = ("dX", () => Vectorized.LogSumExpGradient(X3, 2.0, new double[0])),
        ["LogSumExpTangent dX"] = ("dX", () => Vectorized.LogSumExpTangent(X3, X2, out _)),
        ["float SumGradient dX"] = ("dX", () => Vectorized.SumGradient(F3, new float[2])),
        ["float Dot b"] = ("b", () => Vectorized.Dot(F3, F2)),
        ["float DotGradient seeded dA"] = ("dA", () => Vectorized.DotGradient(F3, G3, 2f, new float[2], new float[3])),
        ["float SumOfSquaresTangent dX"] = ("dX", () => Vectorized.SumOfSquaresTangent(F3, F2, out _)),
        ["float LogSumExpGradient dX"] = ("dX", () => Vectorized.LogSumExpGradient(F3, new float[2])),
        ["float LogSumExpTangent dX"] = ("dX", () => Vectorized.LogSumExpTangent(F3, F2, out _)),
    };

    [Theory]
    [MemberData(nameof(LengthErrors))]
    public void A_span_of_the_wrong_length_throws_naming_it(string call, string parameter)
    {
        var exception = Assert.Throws<ArgumentException>(Mismatches[call].Call);
        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void Nothing_is_written_before_a_length_check_fails()
    {
        var dA = new double[3];
        Assert.Throws<ArgumentException>(() => Vectorized.DotGradient(X3, Y3, dA, new double[2]));
        Assert.All(dA, v => Assert.Equal(0, v));
    }
}
