using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>Hand-written and registered derivatives, StopGradient and [NoDiff] methods: what the generator accepts and rejects.</summary>
public class CustomDerivativeTests
{
    private static GeneratorRun Run(string members)
        => GeneratorHarness.Run("using System;\nusing DiffGen;\npublic static class Special\n{\n    public static double Erf(double x) => x;\n    public static double Erf(float x) => x;\n}\npublic static partial class C\n{\n" + members + "\n}\n");

    private static Diagnostic Single(GeneratorRun run, string id, string text)
    {
        var matches = run.DG.Where(d => d.Id == id && run.TextAt(d) == text).ToList();
        Assert.True(matches.Count == 1, $"Expected one {id} at '{text}'; got:\n{run.Describe()}");
        return matches[0];
    }

    [Fact]
    public void A_hand_written_gradient_replaces_the_generated_one_and_callers_use_it()
    {
        var run = Run("""
            [Differentiable] public static double F(double x) => x * x;
            public static double FGradient(double x, out double dX) { dX = 2 * x; return x * x; }
            [Differentiable] public static double G(double x) => F(x) + 1;
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
        Assert.DoesNotContain("FGradient(double x, out double dX)", run.Source("C.F_double"));
        Assert.Contains("FTangent(", run.Source("C.F_double"));
        Assert.Contains("global::C.FGradient(x, out ", run.Source("C.G_double"));
    }

    [Fact]
    public void DG0019_HandWrittenGradientWithTheWrongSignature()
    {
        var run = Run("""
            [Differentiable] public static double F(double x, double y) => x * y;
            public static double FGradient(double x, double y, out double dX) { dX = y; return x * y; }
            """);
        var diagnostic = Single(run, "DG0019", "FGradient");
        Assert.Contains("expected: static double FGradient(double x, double y, out double dX, out double dY)", diagnostic.GetMessage());
    }

    [Fact]
    public void DG0019_HandWrittenGradientOfAnArrayMethodWithoutTheSeededOverload()
    {
        var run = Run("""
            [Differentiable] public static double Sum(double[] v) { double s = 0; foreach (var e in v) s += e; return s; }
            public static double SumGradient(double[] v, Span<double> dV) { foreach (ref var d in dV) d += 1; return Sum(v); }
            """);
        var diagnostic = Single(run, "DG0019", "SumGradient");
        Assert.Contains("expected: static double SumGradient(double[] v, double seed, Span<double> dV)", diagnostic.GetMessage());
    }

    [Fact]
    public void A_registered_derivative_makes_calls_of_the_target_differentiable()
    {
        var run = Run("""
            [DerivativeOf(typeof(Special), nameof(Special.Erf))]
            public static double ErfGradient(double x, out double dX) { dX = 1; return x; }
            [DerivativeOf(typeof(Special), nameof(Special.Erf))]
            public static double ErfTangent(double x, double dX, out double tangent) { tangent = dX; return x; }
            [Differentiable] public static double F(double x) => Special.Erf(x * x);
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
        Assert.Contains("global::C.ErfGradient(", run.Source("C.F_double"));
        Assert.Contains("global::C.ErfTangent(", run.Source("C.F_double"));
    }

    [Fact]
    public void A_target_with_only_one_mode_registered_still_has_no_derivative()
    {
        var run = Run("""
            [DerivativeOf(typeof(Special), nameof(Special.Erf))]
            public static double ErfGradient(double x, out double dX) { dX = 1; return x; }
            [Differentiable] public static double F(double x) => Special.Erf(x * x);
            """);
        Single(run, "DG0010", "Special.Erf(x * x)");
    }

    [Fact]
    public void DG0019_RegistrationThatFitsNoOverload()
    {
        var run = Run("""
            [DerivativeOf(typeof(Special), nameof(Special.Erf))]
            public static double ErfGradient(double x, double y, out double dX) { dX = 1; return x; }
            """);
        var diagnostic = Single(run, "DG0019", "ErfGradient");
        Assert.Contains("static double ErfGradient(double x, out double dX)", diagnostic.GetMessage());
        Assert.Contains("static double ErfGradient(float x, out float dX)", diagnostic.GetMessage());
    }

    [Fact]
    public void DG0019_RegistrationWithTheWrongNameOrTarget()
    {
        var run = Run("""
            [DerivativeOf(typeof(Special), nameof(Special.Erf))]
            public static double ErfDerivative(double x, out double dX) { dX = 1; return x; }
            [DerivativeOf(typeof(Special), "Gamma")]
            public static double GammaGradient(double x, out double dX) { dX = 1; return x; }
            """);
        Assert.Contains("must be named 'ErfGradient' or 'ErfTangent'", Single(run, "DG0019", "ErfDerivative").GetMessage());
        Assert.Contains("has no static method 'Gamma'", Single(run, "DG0019", "GammaGradient").GetMessage());
    }

    [Fact]
    public void StopGradient_and_NoDiff_methods_are_constants_without_DG0010()
    {
        var run = Run("""
            [NoDiff] public static double Lookup(double x) => Math.Round(x);
            public static double Helper(double x) => x;
            [Differentiable] public static double F(double x) => x * DiffMath.StopGradient(x) + Lookup(x) * x;
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
        Assert.Contains("global::DiffGen.DiffMath.StopGradient(x)", run.Source("C.F_double"));
    }

    [Fact]
    public void A_hand_written_gradient_of_a_vector_valued_method_needs_no_seeded_overload()
    {
        var run = Run("""
            [Differentiable] public static void Twice(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = 2 * x[i]; }
            public static void TwiceGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY)
            {
                Twice(x, y);
                for (int i = 0; i < y.Length; i++) dX[i] += 2 * dY[i];
            }
            [Differentiable] public static double Total(double[] v) { var y = new double[v.Length]; Twice(v, y); double s = 0; foreach (var e in y) s += e; return s; }
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
        Assert.Contains("global::C.TwiceGradient(", run.Source("C.Total"));
    }
}
