using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests;

/// <summary>
/// The generator never throws: the IDE runs it on every keystroke, so half-typed methods are its daily input.
/// Valid sources are truncated and mutated token by token; every run must finish without an exception, without
/// DG9999, and, where the mutated user code still compiles, with generated code that compiles too.
/// </summary>
public class RobustnessTests
{
    private const string Prelude = "using System;\nusing DiffGen;\n";

    public static readonly TheoryData<string, string> Sources = new()
    {
        { "ValueTypes", """
            public partial record struct V2(double X, double Y)
            {
                [Differentiable] public static V2 operator +(V2 a, V2 b) => new(a.X + b.X, a.Y + b.Y);
                [Differentiable] public static V2 operator *(double k, V2 a) => new(k * a.X, k * a.Y);
                [Differentiable] public double Dot(V2 o) => X * o.X + Y * o.Y;
            }
            public readonly partial record struct Polar(double R, double Theta);
            public partial record Body(V2 Pos, double Mass) { [NoDiff] public int Id { get; init; } }
            public partial struct Spring { public double K; public double Rest; [Differentiable] public Spring(double k, double rest) { K = k; Rest = rest; } }
            public partial class Coefficients { public double A { get; set; } public double B { get; set; } }
            public static partial class Sim
            {
                [Differentiable]
                public static V2 Step(V2 p, V2 v, double dt) { if (dt > 1) return p; return p + dt * v; }
                [Differentiable]
                public static double Run(Body b, Spring s, ReadOnlySpan<V2> anchors, Coefficients c, Polar q, double dt, int n)
                {
                    var p = b.Pos;
                    var v = new V2 { X = 0, Y = q.R };
                    for (int i = 0; i < n; i++)
                    {
                        var pull = (-s.K * (p.Dot(p) - s.Rest)) * p;
                        v = v + (dt / b.Mass) * pull;
                        p = Step(p, v, dt);
                        p.X += c.A * anchors[i % anchors.Length].X;
                    }
                    var w = q with { R = q.R * c.B };
                    return p.Dot(v) + w.R * Math.Sin(w.Theta) + b.Id;
                }
            }
            """ },
        { "OpaqueType", $$"""
            public sealed partial class Vec : IDifferentiable<Vec>
            {
                {{OpaqueSources.VecAlgebra}}
                [Differentiable] public static Vec Scale(Vec a, double s) { var c = new double[a.V.Length]; for (int i = 0; i < c.Length; i++) c[i] = s * a.V[i]; return new Vec(c); }
                public static Vec ScaleGradient(Vec a, double s, Vec seed, ref Vec dA, out double dS) { dS = 0; for (int i = 0; i < a.V.Length; i++) { dA.V[i] += s * seed.V[i]; dS += seed.V[i] * a.V[i]; } return Scale(a, s); }
                public static void ScalePullback(Vec a, double s, Vec result, Vec seed, ref Vec dA, out double dS) => ScaleGradient(a, s, seed, ref dA, out dS);
                public static Vec ScaleTangent(Vec a, double s, Vec dA, double dS, out Vec tangent) { var t = Scale(dA, s); var u = Scale(a, dS); for (int i = 0; i < t.V.Length; i++) t.V[i] += u.V[i]; tangent = t; return Scale(a, s); }
                [Differentiable] public static double Sum(Vec a) { double s = 0; foreach (var v in a.V) s += v; return s; }
                public static double SumGradient(Vec a, ref Vec dA) => SumGradient(a, 1, ref dA);
                public static double SumGradient(Vec a, double seed, ref Vec dA) { for (int i = 0; i < a.V.Length; i++) dA.V[i] += seed; return Sum(a); }
                public static double SumTangent(Vec a, Vec dA, out double tangent) { tangent = Sum(dA); return Sum(a); }
                public static Vec operator *(Vec a, double s) => Scale(a, s);
                [Differentiable] public static Vec Multiply(Vec a, double s) => Scale(a, s);
            }
            public static partial class P
            {
                [Differentiable] public static double Half(double x) => x / 2;

                [Differentiable]
                public static double F(Vec a, double s, int n)
                {
                    var q = a;
                    for (int k = 0; k < n; k++) { q = Vec.Scale(q, s); if (Vec.Sum(q) > 1) q = q * 0.5; }
                    return Half(Vec.Sum(q) * s);
                }
            }
            """ },
        { "Seed", """
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double w) => (w - 4) * (w - 4);
            }
            """ },
        { "LocalsAndCompound", """
            public static partial class P
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x * y, b = a - 1;
                    a += b * 2;
                    a *= x;
                    b = -a / (y + 3);
                    return a + b;
                }
            }
            """ },
        { "Branches", """
            public static partial class P
            {
                [Differentiable]
                public static double F(double x, int n, bool flag)
                {
                    if (x < 0 && flag) return -x;
                    else if (n > 2 || x > 10) { x = x * n; }
                    double y = flag ? x * x : Math.Abs(x);
                    return y;
                }
            }
            """ },
        { "MathCalls", """
            public static partial class P
            {
                [Differentiable]
                public static double F(double x, double y)
                    => Math.Sin(x) * Math.Exp(y) + Math.Pow(x, 3) + Math.Atan2(y, x) + Math.Max(x, y) + Math.Clamp(x, -1, 1) + Math.Log(x, 2);
            }
            """ },
        { "FloatMathF", """
            public static partial class P
            {
                [Differentiable]
                public static float F(float x, float y)
                {
                    float s = MathF.Sqrt(x * x + y * y);
                    s = MathF.Tanh(s) + MathF.Floor(x);
                    return s * 0.5f;
                }
            }
            """ },
        { "CallsAndNoDiff", """
            public static partial class P
            {
                [Differentiable]
                public static double G(double a, [NoDiff] double k, int n) => a * k * n;

                [Differentiable]
                public static double F(double x, [NoDiff] double c) => G(x, c, 2) + G(c, 1.0, 3) * x;
            }
            """ },
        { "NestedTypes", """
            namespace N.M
            {
                public partial class Outer<T>
                {
                    public partial struct Inner
                    {
                        [Differentiable]
                        internal static double F(double x) => Other.H(x) * 2;
                    }
                }

                public static partial class Other
                {
                    [Differentiable]
                    public static double H(double z) => z * z;
                }
            }
            """ },
        { "IncrementsAndConversions", """
            public static partial class P
            {
                [Differentiable]
                public static double F(double x, int n, long m)
                {
                    int i = n;
                    i++;
                    --i;
                    double y = x * i + m;
                    y++;
                    y--;
                    long k = (long)y;
                    return k * x + (double)n / 2 + y;
                }
            }
            """ },
        { "ConstantsAndStatics", """
            public static partial class P
            {
                private static readonly double Scale = 2.5;
                private const double Offset = 1e-3;

                [Differentiable]
                public static double F(double x, string name, DayOfWeek day)
                {
                    double y = x * Scale + Offset + Math.PI;
                    if (day == DayOfWeek.Monday && name == "square") y = y * y;
                    return y % 3.0;
                }
            }
            """ },
        { "Diagnostics", """
            public static partial class P
            {
                public static double Helper(double v) => v;

                [Differentiable]
                public static double F(double x, [NoDiff] double[] xs)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++) s += xs[i] * x;
                    try { s = Helper(x); } finally { }
                    switch (xs.Length) { case 0: return s; }
                    Func<double> f = () => s;
                    return s + f();
                }
            }
            """ },
        { "LoopsAndArrays", """
            public static partial class P
            {
                [Differentiable]
                public static double F(double[] a, ReadOnlySpan<double> b, [NoDiff] double[] data, int n)
                {
                    var p = new double[a.Length + 1];
                    Span<double> q = stackalloc double[3];
                    p[0] = 1;
                    for (int i = 0; i < a.Length; i++)
                    {
                        if (a[i] < 0) continue;
                        p[i + 1] = p[i] * Math.Sin(a[i]) + b[i % b.Length];
                        q[i % 3] += p[i + 1] * data[i];
                        if (p[i + 1] > 100) break;
                    }
                    double s = 0;
                    foreach (var v in p) s += v;
                    int k = 0;
                    do { s = s * 0.5 + q[k]; k++; } while (k < 3 && s > 1e-3);
                    while (n-- > 0) { if (s > 10) return s; s *= 1.5; }
                    return s;
                }
            }
            """ },
        { "VectorOutputs", """
            public static partial class P
            {
                [Differentiable]
                public static void Dense(ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> y)
                {
                    for (int j = 0; j < y.Length; j++)
                    {
                        double s = b[j];
                        for (int i = 0; i < x.Length; i++) s += w[j * x.Length + i] * x[i];
                        y[j] = Math.Tanh(s);
                    }
                }

                [Differentiable]
                public static double Loss(double[] w, double[] b, [NoDiff] double[] x)
                {
                    var h = new double[b.Length];
                    Dense(x, w, b, h);
                    double s = 0;
                    for (int j = 0; j < h.Length; j++) s += h[j] * h[j];
                    return s;
                }
            }
            """ },
        { "TypesAndCustomDerivatives", """
            public static class Special
            {
                public static double Erf(double x) => x;
            }

            public partial struct Layer
            {
                public double[] W;
                public double Bias;
                [NoDiff] public int Size;

                [Differentiable]
                public double Apply(ReadOnlySpan<double> x)
                {
                    double s = Bias;
                    for (int i = 0; i < x.Length; i++) s += W[i] * x[i];
                    return Math.Tanh(s) + Special.Erf(s);
                }
            }

            public partial struct Model
            {
                public Layer First, Second;
                public double Scale;

                [Differentiable]
                public double Loss([NoDiff] double[] x, double target)
                {
                    double e = Scale * (First.Apply(x) + Second.Apply(x)) - target;
                    return e * e + DiffMath.StopGradient(e);
                }
            }

            public static partial class Registered
            {
                [DerivativeOf(typeof(Special), nameof(Special.Erf))]
                public static double ErfGradient(double x, out double dX) { dX = 1; return x; }

                [DerivativeOf(typeof(Special), nameof(Special.Erf))]
                public static double ErfTangent(double x, double dX, out double tangent) { tangent = dX; return x; }

                [Differentiable]
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                public static double SoftplusGradient(double x, out double dX) { dX = 1 / (1 + Math.Exp(-x)); return Softplus(x); }

                [Differentiable]
                public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

                [Differentiable]
                public static void Polar(double r, double t, Span<double> xy) { xy[0] = r * Math.Cos(t); xy[1] = r * Math.Sin(t); }
            }
            """ },
    };

    private sealed class Outcome
    {
        public int Runs;
        public int Generated;
        public List<string> Failures { get; } = new();
    }

    private static void Check(string name, string mutation, string text, Outcome outcome, bool checkGeneratedCode)
    {
        outcome.Runs++;
        var compilation = GeneratorHarness.Compile(text);
        var driver = GeneratorHarness.CreateDriver(trackSteps: false).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            outcome.Failures.Add($"{name} {mutation}: the generator threw {result.Exception.GetType().Name}: {result.Exception.Message}\n{text}");
            return;
        }
        foreach (var diagnostic in result.Diagnostics.Concat(driverDiagnostics).Where(d => d.Id is "DG9999" or "CS8784" or "CS8785"))
        {
            outcome.Failures.Add($"{name} {mutation}: {diagnostic.Id} {diagnostic.GetMessage()}\n{text}");
        }
        if (result.GeneratedSources.IsEmpty) return;
        outcome.Generated++;

        // User code that compiles, and that the generator accepts, must get generated code that compiles.
        if (checkGeneratedCode
            && !result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            && !compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
            foreach (var error in output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree)))
            {
                outcome.Failures.Add($"{name} {mutation}: generated code does not compile: {error}\n{text}");
            }
        }
    }

    private static void AssertNoFailures(Outcome outcome)
    {
        Assert.True(outcome.Runs > 0);
        Assert.True(outcome.Failures.Count == 0,
            $"{outcome.Failures.Count} of {outcome.Runs} runs failed; first ones:\n" + string.Join("\n\n", outcome.Failures.Take(3)));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void TruncatedSourcesNeverCrashTheGenerator(string name, string body)
    {
        string source = Prelude + body;
        var outcome = new Outcome();
        for (int length = source.Length - 1; length > Prelude.Length; length -= 7)
        {
            Check(name, $"truncated at {length}", source.Substring(0, length), outcome, checkGeneratedCode: false);
        }
        AssertNoFailures(outcome);
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void SourcesWithADeletedOrDuplicatedTokenNeverCrashTheGenerator(string name, string body)
    {
        string source = Prelude + body;
        var tokens = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot().DescendantTokens()
            .Where(t => t.SpanStart >= Prelude.Length && !t.IsKind(SyntaxKind.EndOfFileToken))
            .ToList();
        var random = new Random(name.Length * 7919 + 17);
        var outcome = new Outcome();
        for (int i = 0; i < 80; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            Check(name, $"without '{token.Text}' at {token.SpanStart}", source.Remove(token.SpanStart, token.Span.Length), outcome, checkGeneratedCode: true);
        }
        for (int i = 0; i < 40; i++)
        {
            var token = tokens[random.Next(tokens.Count)];
            var at = tokens[random.Next(tokens.Count)];
            Check(name, $"with '{token.Text}' inserted at {at.SpanStart}", source.Insert(at.SpanStart, token.Text + " "), outcome, checkGeneratedCode: true);
        }
        AssertNoFailures(outcome);
    }

    [Fact]
    public void EveryValidSourceCompilesAndGenerates()
    {
        foreach (var row in Sources)
        {
            string name = (string)row[0], body = (string)row[1];
            var run = GeneratorHarness.Run(Prelude + body);
            if (name == "Diagnostics")
            {
                Assert.NotEmpty(run.DG);
                continue;
            }
            Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, $"{name}:\n{run.Describe()}");
            Assert.NotEmpty(run.Sources);
        }
    }
}
