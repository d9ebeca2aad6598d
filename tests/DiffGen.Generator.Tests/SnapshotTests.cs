namespace DiffGen.Generator.Tests;

/// <summary>
/// End-to-end snapshots of generated code, reviewed like code: each test's generated file must equal
/// <c>Snapshots/&lt;TestName&gt;.verified.cs</c>, compile without errors or warnings, and be the same on every run.
/// </summary>
public class SnapshotTests
{
    /// <summary>Runs the generator twice, checks the file compiles and is deterministic, and returns its text.</summary>
    private static string Generate(string source, string hintNamePart)
    {
        var first = GeneratorHarness.Run(source);
        Assert.True(first.DG.Count == 0, "Unexpected diagnostics:\n" + GeneratorHarness.Describe(first.DG));
        Assert.True(first.OutputErrorsAndWarnings.Count == 0, "The output does not compile cleanly:\n" + first.Describe());
        var second = GeneratorHarness.Run(source);
        Assert.Equal(first.Sources, second.Sources);
        return first.Source(hintNamePart);
    }

    [Fact]
    public void ValuesOfARecordStruct()
    {
        var text = Generate("""
            using DiffGen;

            public partial record struct Vec2(double X, double Y)
            {
                [Differentiable] public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
                [Differentiable] public double Dot(Vec2 o) => X * o.X + Y * o.Y;
            }

            public static partial class Physics
            {
                [Differentiable]
                public static double Energy(Vec2 a, Vec2 b, double k)
                {
                    var d = a - b;
                    return 0.5 * k * d.Dot(d);
                }
            }
            """, "Physics.Energy");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void Loss()
    {
        var text = Generate("""
            using DiffGen;

            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double w) => (w - 4) * (w - 4);
            }
            """, "Model.Loss_double");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void OpaqueValueThroughALoop()
    {
        var text = Generate($$"""
            using DiffGen;

            public sealed partial class Vec : IDifferentiable<Vec>
            {
                {{OpaqueSources.VecAlgebra}}

                [Differentiable] public static Vec Scale(Vec a, double s) => a;
                public static Vec ScaleGradient(Vec a, double s, Vec seed, ref Vec dA, out double dS) { dS = 0; return a; }
                public static void ScalePullback(Vec a, double s, Vec result, Vec seed, ref Vec dA, out double dS) { dS = 0; }
                public static Vec ScaleTangent(Vec a, double s, Vec dA, double dS, out Vec tangent) { tangent = dA; return a; }

                [Differentiable] public static double Sum(Vec a) => a.V[0];
                public static double SumGradient(Vec a, ref Vec dA) => a.V[0];
                public static double SumGradient(Vec a, double seed, ref Vec dA) => a.V[0];
                public static double SumTangent(Vec a, Vec dA, out double tangent) { tangent = 0; return a.V[0]; }
            }

            public static partial class Model
            {
                [Differentiable]
                public static double Loss(Vec a, double s, int n)
                {
                    var q = a;
                    for (int k = 0; k < n; k++) q = Vec.Scale(q, s);
                    return Vec.Sum(q);
                }
            }
            """, "Model.Loss");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void Polynomial()
    {
        var text = Generate("""
            using DiffGen;

            public static partial class Poly
            {
                /// <summary>a·x³ − 2x² + x/a + 7, with a a parameter too.</summary>
                [Differentiable]
                public static double Cubic(double x, double a)
                {
                    double x2 = x * x;
                    double y = a * x2 * x;
                    y -= 2 * x2;
                    y += x / a;
                    return y + 7;
                }
            }
            """, "Poly.Cubic_double_double");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void BranchyEarlyReturnAndTernary()
    {
        var text = Generate("""
            using DiffGen;

            public static partial class Activation
            {
                /// <summary>Leaky clipped activation: early return below zero, ternary above one.</summary>
                [Differentiable]
                public static double Leaky(double x, double slope)
                {
                    if (x < 0)
                    {
                        return slope * x;
                    }
                    double y = x > 1 ? 1 + (x - 1) * slope : x * x;
                    return y;
                }
            }
            """, "Activation.Leaky_double_double");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void FloatWithMathF()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public static partial class Smooth
            {
                [Differentiable]
                public static float SoftPlusSin(float x, float y)
                {
                    float s = MathF.Log(1f + MathF.Exp(x));
                    return s * MathF.Sin(y) + MathF.Sqrt(x * x + 1f);
                }
            }
            """, "Smooth.SoftPlusSin_float_float");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void CallsDifferentiableMethodWithIntAndNoDiff()
    {
        var text = Generate("""
            using DiffGen;

            public static partial class Physics
            {
                [Differentiable]
                public static double Spring(double x, int coils, [NoDiff] double stiffness)
                    => 0.5 * stiffness * coils * x * x;

                [Differentiable]
                public static double Energy(double x, double v, [NoDiff] double k)
                    => Spring(x, 3, k) + 0.5 * v * v;
            }
            """, "Physics.Energy_double_double_double");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void NestedGenericStructInNamespace()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            namespace Models.Physics
            {
                public partial class Outer<T>
                {
                    internal readonly partial struct Inner
                    {
                        [Differentiable]
                        internal static double Damped(double t, double omega)
                            => Math.Exp(-t) * Math.Cos(omega * t);
                    }
                }
            }
            """, "Damped");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void DotProductLoop()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public static partial class Vectors
            {
                [Differentiable]
                public static double Dot(double[] a, [NoDiff] ReadOnlySpan<double> b)
                {
                    double s = 0;
                    for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                    return s;
                }
            }
            """, "Vectors.Dot");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void ConvergenceLoopWithBreak()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public static partial class Solvers
            {
                /// <summary>√v by Newton's method: the trip count depends on v.</summary>
                [Differentiable]
                public static double Sqrt(double v)
                {
                    double r = v;
                    for (int k = 0; k < 100; k++)
                    {
                        double next = 0.5 * (r + v / r);
                        if (Math.Abs(next - r) < 1e-15) break;
                        r = next;
                    }
                    return r;
                }
            }
            """, "Solvers.Sqrt");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void VectorValuedDenseLayer()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public static partial class Layers
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
            }
            """, "Layers.Dense");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void StructModelWithALayerField()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public partial struct Layer
            {
                public double[] W;
                public double Bias;

                [Differentiable]
                public double Apply(ReadOnlySpan<double> x)
                {
                    double s = Bias;
                    for (int i = 0; i < x.Length; i++) s += W[i] * x[i];
                    return Math.Tanh(s);
                }
            }

            public partial struct Model
            {
                public Layer First;
                public double Scale;

                [Differentiable]
                public double Predict([NoDiff] double[] x) => Scale * First.Apply(x);
            }
            """, "Model.Predict");
        SnapshotAssert.Matches(text);
    }

    [Fact]
    public void CallOfARegisteredDerivative()
    {
        var text = Generate("""
            using System;
            using DiffGen;

            public static class Special
            {
                public static double Erf(double x) => x;
            }

            public static partial class Stats
            {
                [DerivativeOf(typeof(Special), nameof(Special.Erf))]
                public static double ErfGradient(double x, out double dX) { dX = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x); return Special.Erf(x); }

                [DerivativeOf(typeof(Special), nameof(Special.Erf))]
                public static double ErfTangent(double x, double dX, out double tangent) { tangent = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * dX; return Special.Erf(x); }

                [Differentiable]
                public static double NormalCdf(double x, double sigma) => 0.5 * (1 + Special.Erf(x / (sigma * Math.Sqrt(2))));
            }
            """, "Stats.NormalCdf");
        SnapshotAssert.Matches(text);
    }
}
