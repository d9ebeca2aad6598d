using static DiffGen.Tests.Primitives.VectorizedCases;

namespace DiffGen.Tests.Primitives;

/// <summary>
/// Exp, Softmax, Scale, Add and Multiply of <see cref="DiffGen.Vectorized"/> (vector outputs): values against scalar
/// loops, vector-Jacobian products against finite differences, Jacobian-vector products against both, in double and
/// float.
/// </summary>
public sealed class VectorOutputTests
{
    public static TheoryData<string, int> Cases => MapsBySize();

    public static TheoryData<string> Names => new(Maps.Keys);

    private static double[] Apply(Map f, double[][] p)
    {
        var y = new double[p[0].Length];
        f.Apply(p, y);
        return y;
    }

    /// <summary>w·F(p): a scalar whose gradient is the vector-Jacobian product with w.</summary>
    private static double Weighted(Map f, double[][] p, double[] w) => Apply(f, p).Zip(w, (y, v) => y * v).Sum();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_match_a_scalar_loop(string name, int n)
    {
        var f = Maps[name];
        var p = f.Inputs(n, new Random(n));
        var y = Apply(f, p);
        for (int j = 0; j < n; j++) Near(f.Reference(p, j), y[j], 1e-15 * 8, $"{name}: y[{j}]");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_is_the_vector_Jacobian_product(string name, int n)
    {
        var f = Maps[name];
        var random = new Random(100 + n);
        var p = f.Inputs(n, random);
        var dY = Vector(n, random);
        var y = new double[n];
        var d = ZerosLike(p);
        f.Gradient(p, y, d, dY);
        Assert.Equal(Apply(f, p), y);  // it writes y as F does, bit for bit

        double[] numeric = NumericalDiff.Gradient(flat => Weighted(f, Unflatten(flat, p), dY), Flatten(p));
        double[] analytic = Flatten(d);
        for (int i = 0; i < numeric.Length; i++) Near(numeric[i], analytic[i], 1e-8, $"{name}: component {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tangent_is_the_Jacobian_vector_product(string name, int n)
    {
        var f = Maps[name];
        var random = new Random(200 + n);
        var p = f.Inputs(n, random);
        var direction = p.Select(a => Vector(a.Length, random)).ToArray();
        var y = new double[n];
        var dY = Enumerable.Repeat(double.NaN, n).ToArray();  // written, never read
        f.Tangent(p, y, direction, dY);
        Assert.Equal(Apply(f, p), y);

        // ⟨w, J·v⟩ = ⟨Jᵀ·w, v⟩ with the gradient, and against finite differences along v.
        var w = Vector(n, random);
        var d = ZerosLike(p);
        f.Gradient(p, new double[n], d, w);
        double jvp = dY.Zip(w, (a, b) => a * b).Sum();
        Near(Flatten(d).Zip(Flatten(direction), (a, b) => a * b).Sum(), jvp, 1e-14 * (n + 10), name);
        Near(NumericalDiff.DirectionalDerivative(flat => Weighted(f, Unflatten(flat, p), w), Flatten(p), Flatten(direction)), jvp, 1e-8, name);
        if (n <= 7)
        {
            for (int j = 0; j < n; j++)
            {
                int output = j;
                double numeric = NumericalDiff.DirectionalDerivative(flat => Apply(f, Unflatten(flat, p))[output], Flatten(p), Flatten(direction));
                Near(numeric, dY[j], 1e-8, $"{name}: dY[{j}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradients_are_added_to_the_buffers(string name)
    {
        var f = Maps[name];
        var random = new Random(300);
        var p = f.Inputs(9, random);
        var dY = Vector(9, random);
        var g = ZerosLike(p);
        f.Gradient(p, new double[9], g, dY);
        var d = p.Select(a => Enumerable.Repeat(0.75, a.Length).ToArray()).ToArray();
        f.Gradient(p, new double[9], d, dY);
        f.Gradient(p, new double[9], d, dY);
        double[] expected = Flatten(g).Select(v => 0.75 + 2 * v).ToArray(), actual = Flatten(d);
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], 1e-14, $"{name}: component {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_overloads_agree_with_double(string name, int n)
    {
        var f = Maps[name];
        var random = new Random(400 + n);
        var pf = ToFloat(f.Inputs(n, random));
        var p = pf.Select(a => a.Select(v => (double)v).ToArray()).ToArray();
        var dYf = ToFloat([Vector(n, random)])[0];
        var dY = dYf.Select(v => (double)v).ToArray();

        var yf = new float[n];
        f.ApplyF(pf, yf);
        var y = Apply(f, p);
        for (int j = 0; j < n; j++) Near(y[j], yf[j], 1e-6, $"{name}: y[{j}]");

        var df = pf.Select(a => new float[a.Length]).ToArray();
        var yg = new float[n];
        f.GradientF(pf, yg, df, dYf);
        Assert.Equal(yf, yg);
        var d = ZerosLike(p);
        f.Gradient(p, new double[n], d, dY);
        double[] expected = Flatten(d);
        float[] actual = df.SelectMany(a => a).ToArray();
        for (int i = 0; i < expected.Length; i++) Near(expected[i], actual[i], 1e-5 * (name == "Scale" && i == expected.Length - 1 ? n : 1), $"{name}: component {i}");

        var directionF = pf.Select(a => ToFloat([Vector(a.Length, random)])[0]).ToArray();
        var tf = new float[n];
        var yt = new float[n];
        f.TangentF(pf, yt, directionF, tf);
        Assert.Equal(yf, yt);
        var t = new double[n];
        f.Tangent(p, new double[n], directionF.Select(a => a.Select(v => (double)v).ToArray()).ToArray(), t);
        for (int j = 0; j < n; j++) Near(t[j], tf[j], 1e-5, $"{name}: dY[{j}]");
    }

    // ---- Softmax ----

    [Fact]
    public void Softmax_of_large_logits_is_finite_and_sums_to_one()
    {
        double[] x = [1000, 1001, 999, -1000];
        var y = new double[4];
        Vectorized.Softmax(x, y);
        Assert.All(y, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1.0, y.Sum(), 15);
        Assert.Equal(1 / (1 + Math.Exp(-1) + Math.Exp(-2)), y[1], 15);

        float[] xf = [100f, 101f, 99f];
        var yf = new float[3];
        Vectorized.Softmax(xf, yf);
        Assert.Equal(1f, yf.Sum(), 6);
    }

    [Fact]
    public void Softmax_gradient_is_orthogonal_to_a_shift()
    {
        // softmax(x + t·1) = softmax(x): every vector-Jacobian product sums to zero.
        var random = new Random(7);
        var x = Vector(50, random);
        var dX = new double[50];
        Vectorized.SoftmaxGradient(x, new double[50], dX, Vector(50, random));
        Assert.Equal(0, dX.Sum(), 14);
        var dY = new double[50];
        Vectorized.SoftmaxTangent(x, new double[50], Enumerable.Repeat(1.0, 50).ToArray(), dY);
        Assert.All(dY, v => Assert.Equal(0, v, 15));
    }

    [Fact]
    public void Softmax_and_Exp_may_write_over_their_input()
    {
        var x = Vector(20, new Random(8));
        var expected = new double[20];
        Vectorized.Softmax(x, expected);
        var inPlace = (double[])x.Clone();
        Vectorized.Softmax(inPlace, inPlace);
        Assert.Equal(expected, inPlace);
        Vectorized.Exp(x, expected);
        inPlace = (double[])x.Clone();
        Vectorized.Exp(inPlace, inPlace);
        Assert.Equal(expected, inPlace);
    }

    [Fact]
    public void Empty_spans_are_fine()
    {
        Vectorized.Softmax(ReadOnlySpan<double>.Empty, Span<double>.Empty);
        Vectorized.SoftmaxGradient(ReadOnlySpan<double>.Empty, Span<double>.Empty, Span<double>.Empty, ReadOnlySpan<double>.Empty);
        Vectorized.SoftmaxTangent(ReadOnlySpan<float>.Empty, Span<float>.Empty, ReadOnlySpan<float>.Empty, Span<float>.Empty);
        Vectorized.ScaleGradient(ReadOnlySpan<double>.Empty, 2, Span<double>.Empty, Span<double>.Empty, out double dA, ReadOnlySpan<double>.Empty);
        Assert.Equal(0, dA);
    }

    // ---- Length checks ----

    public static TheoryData<string, string> LengthErrors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (call, (parameter, _)) in Mismatches) data.Add(call, parameter);
        return data;
    }

    private static readonly double[] X3 = [1, 2, 3], X2 = [1, 2];
    private static readonly float[] F3 = [1, 2, 3], F2 = [1, 2];
    private static double[] D(int n) => new double[n];
    private static float[] F(int n) => new float[n];

    private static readonly Dictionary<string, (string Parameter, Action Call)> Mismatches = new()
    {
        ["Exp y"] = ("y", () => Vectorized.Exp(X3, D(2))),
        ["ExpGradient y"] = ("y", () => Vectorized.ExpGradient(X3, D(4), D(3), D(4))),
        ["ExpGradient dX"] = ("dX", () => Vectorized.ExpGradient(X3, D(3), D(2), X3)),
        ["ExpGradient dY"] = ("dY", () => Vectorized.ExpGradient(X3, D(3), D(3), X2)),
        ["ExpTangent dX"] = ("dX", () => Vectorized.ExpTangent(X3, D(3), X2, D(3))),
        ["ExpTangent dY"] = ("dY", () => Vectorized.ExpTangent(X3, D(3), X3, D(2))),
        ["Softmax y"] = ("y", () => Vectorized.Softmax(X3, D(4))),
        ["SoftmaxGradient dX"] = ("dX", () => Vectorized.SoftmaxGradient(X3, D(3), D(2), X3)),
        ["SoftmaxGradient dY"] = ("dY", () => Vectorized.SoftmaxGradient(X3, D(3), D(3), X2)),
        ["SoftmaxTangent dX"] = ("dX", () => Vectorized.SoftmaxTangent(X3, D(3), X2, D(3))),
        ["SoftmaxTangent dY"] = ("dY", () => Vectorized.SoftmaxTangent(X3, D(3), X3, D(4))),
        ["Scale y"] = ("y", () => Vectorized.Scale(X3, 2, D(2))),
        ["ScaleGradient dX"] = ("dX", () => Vectorized.ScaleGradient(X3, 2, D(3), D(2), out _, X3)),
        ["ScaleTangent dY"] = ("dY", () => Vectorized.ScaleTangent(X3, 2, D(3), X3, 1, D(2))),
        ["Add b"] = ("b", () => Vectorized.Add(X3, X2, D(3))),
        ["Add y"] = ("y", () => Vectorized.Add(X3, X3, D(2))),
        ["AddGradient dA"] = ("dA", () => Vectorized.AddGradient(X3, X3, D(3), D(2), D(3), X3)),
        ["AddGradient dB"] = ("dB", () => Vectorized.AddGradient(X3, X3, D(3), D(3), D(2), X3)),
        ["AddTangent dY"] = ("dY", () => Vectorized.AddTangent(X3, X3, D(3), X3, X3, D(2))),
        ["Multiply b"] = ("b", () => Vectorized.Multiply(X3, X2, D(3))),
        ["MultiplyGradient dY"] = ("dY", () => Vectorized.MultiplyGradient(X3, X3, D(3), D(3), D(3), X2)),
        ["MultiplyTangent dB"] = ("dB", () => Vectorized.MultiplyTangent(X3, X3, D(3), X3, X2, D(3))),
        ["float Exp y"] = ("y", () => Vectorized.Exp(F3, F(2))),
        ["float SoftmaxGradient dX"] = ("dX", () => Vectorized.SoftmaxGradient(F3, F(3), F(2), F3)),
        ["float ScaleTangent dX"] = ("dX", () => Vectorized.ScaleTangent(F3, 2, F(3), F2, 1, F(3))),
        ["float AddGradient dY"] = ("dY", () => Vectorized.AddGradient(F3, F3, F(3), F(3), F(3), F2)),
        ["float Multiply y"] = ("y", () => Vectorized.Multiply(F3, F3, F(4))),
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
        var y = new double[3];
        var dX = new double[3];
        Assert.Throws<ArgumentException>(() => Vectorized.SoftmaxGradient(X3, y, dX, X2));
        Assert.All(y, v => Assert.Equal(0, v));
        Assert.All(dX, v => Assert.Equal(0, v));
    }
}
