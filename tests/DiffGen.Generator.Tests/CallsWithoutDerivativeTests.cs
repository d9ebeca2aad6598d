using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// A call to a method without a derivative, whose value depends on the differentiable parameters and reaches a result,
/// is an error (DG0010) whatever the path: directly, through locals, arrays, loops, branches or other calls. Each
/// shape here once risked a silently wrong derivative; none may ever compile to a number. And the calls that do not
/// matter to the derivative stay quiet.
/// </summary>
public class CallsWithoutDerivativeTests
{
    private const string Prelude = """
        using System;
        using DiffGen;

        public static class Other
        {
            public static double Helper(double v) => v * v;
        }

        public static partial class C
        {
            public static double Helper(double v) => v * v;
            public static double Helper2(double v, double w) => v * w;
            public static int Count(int n) => n * 2;
            public static void Fill(double v, Span<double> t) => t[0] = v * v;

            [Differentiable]
            public static double G(double v) => v * v;

            [Differentiable]
            public static double Scale(double a, [NoDiff] double factor) => a * factor;

        """;

    private static GeneratorRun RunMembers(string members) => GeneratorHarness.Run(Prelude + members + "\n}\n");

    public static TheoryData<string, string, string> Errors => new()
    {
        { "directly", "[Differentiable] public static double F(double x) => Helper(x) * x;", "Helper(x)" },
        { "through a local", "[Differentiable] public static double F(double x) { double y = Helper(x); return y * x; }", "Helper(x)" },
        { "through a chain of locals", "[Differentiable] public static double F(double x) { double y = Helper(x); double z = y; double w = z + 1; return w * x; }", "Helper(x)" },
        { "returned through a local", "[Differentiable] public static double F(double x) { double y = Helper(x); return y; }", "Helper(x)" },
        { "through a compound addition", "[Differentiable] public static double F(double x) { double s = x; s += Helper(x); return s; }", "Helper(x)" },
        { "through a compound multiplication", "[Differentiable] public static double F(double x) { double s = x; s *= Helper(x); return s; }", "Helper(x)" },
        { "in a for loop", "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) s += Helper(x); return s; }", "Helper(x)" },
        { "in a for loop through a local", "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) { double t = Helper(x + i); s = s + t; } return s; }", "Helper(x + i)" },
        { "in a while loop", "[Differentiable] public static double F(double x) { double s = 0; int i = 0; while (i < 3) { s = s + Helper(x * i); i++; } return s; }", "Helper(x * i)" },
        { "in a loop with a break", "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 9; i++) { if (s > 4) break; s += Helper(x); } return s; }", "Helper(x)" },
        { "in a nested loop", "[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) { for (int j = 0; j < i; j++) { double t = Helper(x + j); s += t; } } return s; }", "Helper(x + j)" },
        { "in the then branch", "[Differentiable] public static double F(double x) { double y; if (x > 0) y = Helper(x); else y = x; return y; }", "Helper(x)" },
        { "in the else branch", "[Differentiable] public static double F(double x) { double y = 0; if (x > 0) { y = x; } else { y = Helper(x); } return y * 2; }", "Helper(x)" },
        { "in a ternary", "[Differentiable] public static double F(double x) => x > 0 ? Helper(x) : x;", "Helper(x)" },
        { "through an array element", "[Differentiable] public static double F(double x) { double[] a = new double[2]; a[1] = Helper(x); return a[1] * x; }", "Helper(x)" },
        { "through an array element in a loop", "[Differentiable] public static double F(double x) { double[] a = new double[3]; for (int i = 0; i < 3; i++) a[i] = Helper(x + i); double s = 0; for (int i = 0; i < 3; i++) s += a[i]; return s; }", "Helper(x + i)" },
        { "as the argument of a differentiable callee", "[Differentiable] public static double F(double x) => G(Helper(x));", "Helper(x)" },
        { "as the argument of a differentiable callee through a local", "[Differentiable] public static double F(double x) { double h = Helper(x); return G(h) + x; }", "Helper(x)" },
        { "returned from a loop", "[Differentiable] public static double F(double x) { for (int i = 0; i < 10; i++) { if (i == 2) return Helper(x); } return x; }", "Helper(x)" },
        { "written to a vector output", "[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < y.Length; i++) y[i] = Helper(x[i]); }", "Helper(x[i])" },
        { "written to a vector output through a local", "[Differentiable] public static void F(double x, Span<double> y) { double h = Helper(x); y[0] = h; }", "Helper(x)" },
        { "of a helper in another class", "[Differentiable] public static double F(double x) { double y = Other.Helper(x); return y * x; }", "Other.Helper(x)" },
        { "of a helper in another class in a loop", "[Differentiable] public static double F(double[] x) { double s = 0; for (int i = 0; i < x.Length; i++) s += Other.Helper(x[i]); return s; }", "Other.Helper(x[i])" },
        { "with one varied argument of two", "[Differentiable] public static double F(double x, [NoDiff] double c) { double y = Helper2(c, x); return y; }", "Helper2(c, x)" },
        { "of a helper whose value feeds another", "[Differentiable] public static double F(double x) => Helper(Helper(x) + 1);", "Helper(x)" },
        { "of a helper filling a span", "[Differentiable] public static double F(double x) { Span<double> t = stackalloc double[1]; Fill(x, t); return t[0] * x; }", "Fill(x, t)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_call_without_derivative_whose_value_matters_is_DG0010(string shape, string members, string call)
    {
        var run = RunMembers(members);
        Assert.True(run.DG.Count > 0 && run.DG.All(d => d.Id == "DG0010"), $"{shape}: expected DG0010 only; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        Assert.Contains(run.DG, d => run.TextAt(d) == call);
        Assert.All(run.DG, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        // No derivative of F: its callers fail to find one rather than compute a wrong number.
        Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_call_of_a_chain_is_reported()
    {
        var run = RunMembers("[Differentiable] public static double F(double x) => Helper(Helper(x) + 1);");
        Assert.Equal(new[] { "Helper(Helper(x) + 1)", "Helper(x)" }, run.DG.Select(run.TextAt).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_call_in_a_statement_that_a_break_copies_into_two_branches_is_reported_once()
    {
        var run = RunMembers("[Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 9; i++) { if (i > 4) break; double t = Helper(x); s += t; } return s; }");
        Assert.Single(run.DG, d => d.Id == "DG0010");
    }

    [Fact]
    public void An_instance_helper_called_from_an_instance_method_is_an_error()
    {
        var run = GeneratorHarness.Run("""
            using DiffGen;
            public partial class Model
            {
                public double W;
                public double Helper(double v) => v * W;

                [Differentiable]
                public double F(double x) { double y = Helper(x); return y * x; }
            }
            """);
        var error = Assert.Single(run.DG);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("Helper(x)", run.TextAt(error));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_static_helper_called_from_an_instance_method_is_DG0010()
    {
        var run = GeneratorHarness.Run("""
            using DiffGen;
            public partial class Model
            {
                public double W;
                public static double Helper(double v) => v * v;

                [Differentiable]
                public double F(double x) { double y = Helper(x * W); return y + x; }
            }
            """);
        var error = Assert.Single(run.DG);
        Assert.Equal("DG0010", error.Id);
        Assert.Equal("Helper(x * W)", run.TextAt(error));
    }

    public static TheoryData<string, string> NotErrors => new()
    {
        { "the result is unused", "[Differentiable] public static double F(double x) { double unused = Helper(x); return x * x; }" },
        { "the result is overwritten in a branch never read", "[Differentiable] public static double F(double x) { if (x > 0) { double u = Helper(x); } return x * x; }" },
        { "the arguments are constants", "[Differentiable] public static double F(double x, [NoDiff] double c) => x * Helper(3.0) + Helper(c);" },
        { "the helper takes and returns integers", "[Differentiable] public static double F(double x, int n) => x * Count(n);" },
        { "the helper is given an integer", "[Differentiable] public static double F(double x, int n) { double h = Helper(n); return x * h; }" },
        { "the result goes to a [NoDiff] parameter", "[Differentiable] public static double F(double x) => Scale(x, Helper(x));" },
        { "the result becomes an integer", "[Differentiable] public static double F(double x) { int n = (int)Helper(x); return x * n; }" },
        { "the result only decides a branch", "[Differentiable] public static double F(double x) { if (Helper(x) > 1) return x; return -x; }" },
        { "the result only decides a loop", "[Differentiable] public static double F(double x) { double s = x; while (Helper(s) < 10) s = s * 2; return s; }" },
        { "the result is wrapped in StopGradient", "[Differentiable] public static double F(double x) => x * DiffMath.StopGradient(Helper(x));" },
        { "a local holds the StopGradient of the result", "[Differentiable] public static double F(double x) { double y = DiffMath.StopGradient(Helper(x)); for (int i = 0; i < 2; i++) y += x; return y; }" },
    };

    [Theory]
    [MemberData(nameof(NotErrors))]
    public void A_call_without_derivative_that_does_not_matter_is_quiet(string shape, string members)
    {
        var run = RunMembers(members);
        Assert.True(run.DG.Count == 0, $"{shape}: expected no DG diagnostic; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        Assert.Contains(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
        Assert.True(run.OutputErrors.Count == 0, "The output has errors:\n" + run.Describe());
    }
}
