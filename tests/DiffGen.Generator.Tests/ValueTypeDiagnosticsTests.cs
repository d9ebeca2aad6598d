using System.Globalization;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Misuses of differentiable values: each is a DG error at the right place that says what to change, never DG9999,
/// never generated code that does not compile, never a silent wrong derivative.
/// </summary>
public class ValueTypeDiagnosticsTests
{
    private const string Usings = "using System;\nusing DiffGen;\n";

    private const string Vec = "public partial record struct Vec(double X, double Y) { [Differentiable] public static Vec operator +(Vec a, Vec b) => new(a.X + b.X, a.Y + b.Y); }\n";

    private static Diagnostic Error(string code, string id, string quoted)
    {
        var run = GeneratorHarness.Run(Usings + code);
        Assert.DoesNotContain(run.DG, d => d.Id == "DG9999");
        var diagnostic = run.DG.FirstOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, $"expected {id}:\n{run.Describe()}");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic!.Severity);
        Assert.Equal(quoted, run.TextAt(diagnostic));
        Assert.Empty(run.GeneratedCodeDiagnostics);
        return diagnostic;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    [Fact]
    public void A_getter_only_property_cannot_receive_its_derivative()
    {
        var d = Error("public partial struct P { public double X { get; } public P(double x) { X = x; } }\npublic static partial class M { [Differentiable] public static double F(P p) => p.X * p.X; }",
            "DG0031", "p");
        Assert.Contains("no setter", Message(d));
    }

    [Fact]
    public void A_private_member_cannot_be_reached_from_generated_code()
    {
        var d = Error("public partial struct P { private double x; public double Y; }\npublic static partial class M { [Differentiable] public static double F(P p) => p.Y; }", "DG0031", "p");
        Assert.Contains("private", Message(d));
    }

    [Fact]
    public void An_init_only_property_of_a_plain_class_cannot_be_added_into()
    {
        var d = Error("public partial class P { public double X { get; init; } }\npublic static partial class M { [Differentiable] public static double F(P p) => p.X; }", "DG0031", "p");
        Assert.Contains("not a record", Message(d));
    }

    [Fact]
    public void A_member_of_an_unknown_type_must_be_marked_NoDiff()
    {
        var d = Error("public partial struct P { public double X; public System.Collections.Generic.List<int> Items; }\npublic static partial class M { [Differentiable] public static double F(P p) => p.X; }", "DG0031", "p");
        Assert.Contains("[NoDiff]", Message(d));
    }

    [Fact]
    public void A_returned_type_that_cannot_be_a_value_is_reported_at_the_return_type()
    {
        Error("public partial struct P { public readonly double X; public P(double x) { X = x; } }\npublic static partial class M { [Differentiable] public static P F(double x) => new P(x); }", "DG0031", "P");
    }

    [Fact]
    public void An_input_value_is_not_changed_in_place()
    {
        var d = Error("public partial class C { public double A { get; set; } }\npublic static partial class N { [Differentiable] public static double G(C c) { c.A = 3; return c.A; } }",
            "DG0016", "c.A");
        Assert.Contains("shared by reference", Message(d));

        // A struct parameter is the method's own copy: changing it is fine, as for a double.
        var run = GeneratorHarness.Run(Usings + Vec + "public static partial class M { [Differentiable] public static double F(Vec v) { v.X *= 2; v = v + v; return v.X * v.Y; } }");
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void A_class_value_is_not_changed_in_place()
    {
        var d = Error("public partial class C { public double A { get; set; } }\npublic static partial class M { [Differentiable] public static double F(double x) { var c = new C { A = x }; c.A = x * x; return c.A; } }",
            "DG0016", "c.A");
        Assert.Contains("shared by reference", Message(d));
    }

    [Fact]
    public void A_method_on_values_that_is_not_differentiable_is_named()
    {
        var d = Error(Vec + "public static partial class M { static Vec Twice(Vec v) => v + v; [Differentiable] public static double F(Vec v) => Twice(v).X; }", "DG0015", "Twice(v)");
        Assert.Contains("mark it [Differentiable]", Message(d));
    }

    [Fact]
    public void An_operator_that_is_not_differentiable_is_named()
    {
        var d = Error("public partial record struct W(double X) { public static W operator *(W a, double k) => new(a.X * k); }\npublic static partial class M { [Differentiable] public static double F(W w) => (w * 2).X; }", "DG0015", "w * 2");
        Assert.Contains("mark the operator [Differentiable]", Message(d));
    }

    [Fact]
    public void Recursion_through_values_is_reported_at_the_call()
    {
        var d = Error(Vec + "public static partial class M { [Differentiable] public static Vec Pow(Vec v, int n) => n == 0 ? v : Pow(v + v, n - 1); }", "DG0032", "Pow(v + v, n - 1)");
        Assert.Contains("calls itself", Message(d));
    }

    [Fact]
    public void A_callee_that_returns_from_a_loop_is_reported_at_the_call()
    {
        var d = Error(Vec + "public static partial class M { [Differentiable] public static Vec First(Vec v, int n) { for (int i = 0; i < n; i++) { if (v.X > 1) return v; v = v + v; } return v; } [Differentiable] public static double F(Vec v) => First(v, 3).X; }",
            "DG0032", "First(v, 3)");
        Assert.Contains("inside a loop", Message(d));
    }

    [Fact]
    public void A_callee_with_an_error_is_reported_at_the_call_with_its_error()
    {
        var run = GeneratorHarness.Run(Usings + Vec + "public static partial class M { static double Opaque(double x) => x; [Differentiable] public static Vec Scale(Vec v) => new(Opaque(v.X), v.Y); [Differentiable] public static double F(Vec v) => Scale(v).X; }");
        Assert.Contains(run.DG, d => d.Id == "DG0010");
        Assert.DoesNotContain(run.DG, d => d.Id == "DG9999");
        Assert.Empty(run.GeneratedCodeDiagnostics);
        // The callee's own error where it is, and the caller's at the call that brings it in.
        Assert.Contains(run.DG, d => d.Id == "DG0010" && run.TextAt(d) == "Scale(v)");
        Assert.Contains(run.DG, d => d.Id == "DG0010" && run.TextAt(d) == "Opaque(v.X)");
    }

    [Fact]
    public void A_method_of_a_value_that_is_not_differentiable_is_named()
    {
        var d = Error(Vec + "public static partial class M { [Differentiable] public static double F(Vec v) => v.X * v.GetHashCode(); }", "DG0015", "v.GetHashCode()");
        Assert.Contains("not [Differentiable]", Message(d));
    }

    [Fact]
    public void A_value_holding_an_array_is_read_not_built()
    {
        var d = Error("public partial struct Layer { public double[] W; }\npublic static partial class M { [Differentiable] public static double F(double x) { var l = new Layer { W = new double[2] }; return x; } }",
            "DG0015", "new Layer { W = new double[2] }");
        Assert.Contains("holds an array", Message(d));
    }

    [Fact]
    public void A_value_holding_an_array_is_read_as_a_parameter()
    {
        var run = GeneratorHarness.Run(Usings + "public partial struct Layer { public double[] W; public double B; }\npublic static partial class M { [Differentiable] public static double F(Layer l, double x) { double s = l.B; for (int i = 0; i < l.W.Length; i++) s += l.W[i] * x; return s * s; } }");
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void Instance_methods_of_records_compile_with_init_only_members()
    {
        var run = GeneratorHarness.Run(Usings + "public partial record R(double A, double B) { [Differentiable] public double Product(double x) => A * B * x; }\npublic readonly partial record struct S(double A) { [Differentiable] public double Square() => A * A; }");
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        // A record class's init-only members: its derivative is rebuilt, so it is passed by ref.
        Assert.Contains("ref global::R dThis", run.Source("R.Product"), StringComparison.Ordinal);
        Assert.Contains("dThis = dThis with { A = dThis.A + ", run.Source("R.Product"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_returned_record_class_compiles_without_nullable_warnings()
    {
        var run = GeneratorHarness.Run("#nullable enable\n" + Usings + "public partial record Body(double X, double M);\npublic static partial class M { [Differentiable] public static Body Push(Body b, double dx) => b with { X = b.X + dx * b.M }; }");
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
    }

    [Fact]
    public void A_method_on_values_with_hand_written_derivatives_is_not_bypassed()
    {
        var d = Error(Vec + "public static partial class M { [Differentiable] public static double Norm(Vec v) => Math.Sqrt(v.X * v.X + v.Y * v.Y); public static double NormGradient(Vec v, ref Vec dV) => 0; [Differentiable] public static double F(Vec v) => Norm(v); }",
            "DG0032", "Norm(v)");
        Assert.Contains("written by hand", Message(d));
    }

    [Fact]
    public void A_value_passed_to_an_inlined_callees_NoDiff_parameter_warns_as_at_any_call()
    {
        var run = GeneratorHarness.Run(Usings + Vec + "public static partial class M { [Differentiable] public static double W([NoDiff] Vec w, Vec v, [NoDiff] double k) => (w + v).X * k; [Differentiable] public static double F(Vec a, Vec b, double s) => W(a, b, s); }");
        Assert.Equal(2, run.DG.Count(d => d.Id == "DG0017"));
        Assert.Contains(run.DG, d => d.Id == "DG0017" && run.TextAt(d) == "a");
        Assert.Contains(run.DG, d => d.Id == "DG0017" && run.TextAt(d) == "s");
    }

    [Fact]
    public void Inlining_that_would_grow_exponentially_stops_with_an_error()
    {
        // Each level calls the next twice: 2^10 bodies if nothing stopped it.
        var levels = string.Concat(Enumerable.Range(0, 10).Select(k => $"[Differentiable] public static Vec L{k}(Vec v) => L{k + 1}(v) + L{k + 1}(v);\n"));
        var run = GeneratorHarness.Run(Usings + Vec + "public static partial class M {\n" + levels + "[Differentiable] public static Vec L10(Vec v) => v + v;\n[Differentiable] public static double F(Vec v) => L0(v).X; }");
        Assert.DoesNotContain(run.DG, d => d.Id == "DG9999");
        Assert.Contains(run.DG, d => d.Id == "DG0032" && Message(d).Contains("more than 512", StringComparison.Ordinal));
        Assert.Empty(run.GeneratedCodeDiagnostics);
    }
}
