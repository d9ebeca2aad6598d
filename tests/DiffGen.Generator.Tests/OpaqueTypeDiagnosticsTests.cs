using System.Globalization;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Misuses of opaque differentiable types (<c>IDifferentiable&lt;TSelf&gt;</c>): each is a DG error at the right
/// place that says why, and the valid use next to it generates code that compiles.
/// </summary>
public class OpaqueTypeDiagnosticsTests
{
    /// <summary>An opaque type with one operation whose derivatives are written by hand.</summary>
    private const string Prelude = $$"""
        using System;
        using DiffGen;

        public sealed partial class Vec : IDifferentiable<Vec>
        {
            {{OpaqueSources.VecAlgebra}}
            public double Norm => V[0];
            public double First() => V[0];
            public static Vec operator +(Vec a, Vec b) => a;
            public static Vec Twice(Vec a) => a;

            [Differentiable] public static double Sum(Vec a) { double s = 0; foreach (var v in a.V) s += v; return s; }
            public static double SumGradient(Vec a, ref Vec dA) => SumGradient(a, 1, ref dA);
            public static double SumGradient(Vec a, double seed, ref Vec dA) { dA ??= Zero(a); for (int i = 0; i < a.V.Length; i++) dA.V[i] += seed; return Sum(a); }
            public static double SumTangent(Vec a, Vec dA, out double tangent) { tangent = Sum(dA); return Sum(a); }
        }

        """;

    private static GeneratorRun Run(string members) => GeneratorHarness.Run(Prelude + "public static partial class M\n{\n" + members + "\n}\n");

    private static Microsoft.CodeAnalysis.Diagnostic Single(GeneratorRun run, string id, string text)
    {
        Assert.True(run.DG.Count == 1 && run.DG[0].Id == id, $"Expected exactly one {id}; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        Assert.Equal(text, run.TextAt(run.DG[0]));
        return run.DG[0];
    }

    private static string Message(Microsoft.CodeAnalysis.Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void A_method_composing_operations_generates_code_that_compiles()
    {
        var run = Run("[Differentiable] public static double F(Vec a, double x) { var b = a; if (x > 0) b = a; return Vec.Sum(b) * x; }");
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        Assert.Contains(run.Sources, s => s.Value.Contains("ref global::Vec dA", StringComparison.Ordinal));
    }

    [Fact]
    public void An_opaque_field_of_a_struct_model_generates_code_that_compiles()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public partial struct Model
            {
                public Vec Weights;
                public double Scale;
                [Differentiable] public double Loss(double x) => Scale * Vec.Sum(Weights) * x;
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        Assert.Contains(run.Sources, s => s.Value.Contains("Adjoints.Add(ref dThis.Weights", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_a_member_of_an_opaque_value_is_an_error()
    {
        var diagnostic = Single(Run("[Differentiable] public static double F(Vec a) => a.Norm * 2;"), "DG0015", "a.Norm");
        Assert.Contains("of the opaque differentiable type 'Vec'", Message(diagnostic));
        Assert.Contains("never looks inside a type that implements IDifferentiable<T>", Message(diagnostic));
    }

    [Fact]
    public void Calling_an_instance_method_of_an_opaque_value_is_an_error()
    {
        var diagnostic = Single(Run("[Differentiable] public static double F(Vec a) => a.First();"), "DG0015", "a.First()");
        Assert.Contains("instance method 'First' on the opaque differentiable type 'Vec'", Message(diagnostic));
    }

    [Fact]
    public void An_operator_of_an_opaque_type_without_its_named_method_is_an_error()
    {
        // An operator is differentiated as the type's [Differentiable] method of its .NET name (a + b as Vec.Add(a, b)).
        var diagnostic = Single(Run("[Differentiable] public static double F(Vec a) => Vec.Sum(a + a);"), "DG0015", "a + a");
        Assert.Contains("differentiated as its [Differentiable] static method 'Add(Vec, Vec)', which 'Vec' does not declare", Message(diagnostic));
    }

    [Fact]
    public void An_operation_without_a_derivative_is_an_error_where_it_matters()
    {
        var diagnostic = Single(Run("[Differentiable] public static double F(Vec a) => Vec.Sum(Vec.Twice(a));"), "DG0010", "Vec.Twice(a)");
        Assert.Contains("Twice", Message(diagnostic));
    }

    [Fact]
    public void A_type_implementing_the_interface_for_another_type_is_an_error()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public sealed class Other : IDifferentiable<Vec>
            {
                public static Vec Zero(Vec like) => like;
                public static void Accumulate(ref Vec a, Vec b) { }
            }
            public static partial class M { [Differentiable] public static double F(Other o, double x) => x; }
            """);
        var diagnostic = Single(run, "DG0030", "o");
        Assert.Contains("implements IDifferentiable<Vec> rather than IDifferentiable<Other>", Message(diagnostic));
    }

    [Fact]
    public void A_struct_implementing_the_interface_is_an_error()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public struct S : IDifferentiable<S>
            {
                public double X;
                public static S Zero(S like) => default;
                public static void Accumulate(ref S a, S b) => a.X += b.X;
            }
            public static partial class M { [Differentiable] public static S F(double x) => default; }
            """);
        var diagnostic = Single(run, "DG0030", "S");
        Assert.Contains("it is a struct", Message(diagnostic));
    }

    [Fact]
    public void A_hand_written_gradient_of_an_operation_must_add_into_a_ref_gradient()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public static partial class Ops
            {
                [Differentiable] public static Vec Id(Vec a) => a;
                public static Vec IdGradient(Vec a, Vec seed, out Vec dA) { dA = seed; return a; }
                public static Vec IdTangent(Vec a, Vec dA, out Vec tangent) { tangent = dA; return a; }
            }
            """);
        var diagnostic = Single(run, "DG0019", "IdGradient");
        Assert.Contains("static Vec IdGradient(Vec a, Vec seed, ref Vec dA)", Message(diagnostic));
    }

    [Fact]
    public void A_pullback_of_the_wrong_shape_is_an_error_that_shows_the_shape()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public static partial class Ops
            {
                [Differentiable] public static Vec Id(Vec a) => a;
                public static Vec IdGradient(Vec a, Vec seed, ref Vec dA) { Vec.Accumulate(ref dA, seed); return a; }
                public static Vec IdTangent(Vec a, Vec dA, out Vec tangent) { tangent = dA; return a; }
                public static void IdPullback(Vec a, Vec seed, ref Vec dA) { }
            }
            """);
        var diagnostic = Single(run, "DG0019", "IdPullback");
        Assert.Contains("static void IdPullback(Vec a, Vec result, Vec seed, ref Vec dA)", Message(diagnostic));
    }

    [Fact]
    public void An_opaque_value_passed_to_a_NoDiff_parameter_drops_its_derivative_with_a_warning()
    {
        var run = Run("""
            [Differentiable] public static double Weighted(double w, [NoDiff] Vec v) => w * Vec.Sum(v);
            [Differentiable] public static double F(Vec a, double w) => Weighted(w, a);
            """);
        var diagnostic = Single(run, "DG0017", "a");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void An_instance_method_of_an_opaque_type_cannot_be_differentiable()
    {
        var run = GeneratorHarness.Run(Prelude + """
            public sealed partial class W : IDifferentiable<W>
            {
                public double[] C = new double[1];
                public static W Zero(W like) => new();
                public static void Accumulate(ref W a, W b) => a.C[0] += b.C[0];
                [Differentiable] public double Value(double x) => C[0] * x;
            }
            """);
        var diagnostic = Single(run, "DG0015", "Value");
        Assert.Contains("instance method of the opaque differentiable type 'W'", Message(diagnostic));
        Assert.Contains("a static method that takes the value as a parameter", Message(diagnostic));
    }
}
