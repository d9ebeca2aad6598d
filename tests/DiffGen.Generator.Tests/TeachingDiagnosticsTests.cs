using System.Globalization;
using DiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Diagnostics that say what to write instead (issue 10): one error per construct, at the construct, with its whole
/// message asserted: what is wrong, why DiffGen cannot differentiate it, and what to write instead.
/// </summary>
public class TeachingDiagnosticsTests
{
    private const string Prelude = "using System;\nusing System.Linq;\nusing DiffGen;\n\npublic static partial class C\n{\n";

    private static GeneratorRun RunMembers(string members) => GeneratorHarness.Run(Prelude + members + "\n}\n");

    /// <summary>Exactly one DG diagnostic: its id, the source text it spans, and its message.</summary>
    private static void Single(GeneratorRun run, string id, string text, string message)
    {
        Assert.True(run.DG.Count == 1, $"Expected exactly one {id}; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        var diagnostic = run.DG[0];
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(text, run.TextAt(diagnostic));
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private const string Linq = "; DiffGen cannot differentiate through its lambdas and enumerators: write a for loop over the array instead";

    // ---- LINQ: one error, at the outermost call, saying to write a for loop ------------------------------------

    public static TheoryData<string, string> LinqQueries => new()
    {
        { "[Differentiable] public static double F(double x, [NoDiff] double[] v) => v.Select(e => e * x).Sum();", "v.Select(e => e * x).Sum()" },
        { "[Differentiable] public static double F(double x, [NoDiff] double[] v) => x * v.Select(e => e * 2).Sum();", "v.Select(e => e * 2).Sum()" },
        { "[Differentiable] public static double F(double[] x) => x.Sum();", "x.Sum()" },
        { "[Differentiable] public static double F(double x, [NoDiff] double[] v) => (from e in v select e * x).Sum();", "(from e in v select e * x).Sum()" },
        { "[Differentiable] public static double F(double x, [NoDiff] double[] v) { var q = v.Where(e => e > 0); return x * q.Sum(); }", "v.Where(e => e > 0)" },
        { "[Differentiable] public static double F(double x, [NoDiff] double[] v) { double s = 0; foreach (var e in v.Where(e => e > 0)) s += e * x; return s; }", "v.Where(e => e > 0)" },
    };

    [Theory]
    [MemberData(nameof(LinqQueries))]
    public void A_LINQ_query_is_one_error_that_says_to_write_a_for_loop(string members, string query)
    {
        var run = RunMembers(members);
        Single(run, "DG0015", query, $"A LINQ query ('{query}') is not supported in a differentiable method" + Linq);
        Assert.Empty(run.Sources);
    }

    // ---- Lambdas, local functions, delegates: one error, saying to write a [Differentiable] method ------------

    [Fact]
    public void A_lambda_in_a_delegate_local_that_captures_a_parameter_is_one_DG0011()
    {
        var run = RunMembers("[Differentiable] public static double F(double x) { Func<double, double> f = y => y * x; return f(x); }");
        Single(run, "DG0011", "y => y * x",
            "This lambda captures 'x', which carries a derivative, and DiffGen cannot differentiate through a delegate: write its body as a [Differentiable] method and call that instead");
    }

    [Fact]
    public void A_lambda_in_a_delegate_local_is_one_DG0015_at_the_lambda()
    {
        var run = RunMembers("[Differentiable] public static double F(double x) { Func<double, double> f = y => y * 2; return f(x) + f(1); }");
        Single(run, "DG0015", "y => y * 2",
            "A lambda is not supported in a differentiable method; DiffGen cannot differentiate through a delegate: write its body as a [Differentiable] method and call that instead");
    }

    [Fact]
    public void A_local_function_says_to_make_it_a_Differentiable_method()
    {
        var run = RunMembers("[Differentiable] public static double F(double x) { return Square(x); static double Square(double y) => y * y; }");
        Single(run, "DG0015", "Square",
            "A local function is not supported in a differentiable method; make it a [Differentiable] static method of the type and call that instead");
    }

    [Fact]
    public void A_method_group_in_a_delegate_says_to_call_the_method()
    {
        var run = RunMembers("""
            [Differentiable] public static double Square(double y) => y * y;
            [Differentiable] public static double F(double x) { Func<double, double> f = Square; return f(x); }
            """);
        Single(run, "DG0015", "Square",
            "A delegate of 'Square' is not supported in a differentiable method; call 'Square' directly (a [Differentiable] method) instead");
    }

    [Fact]
    public void A_call_of_a_delegate_parameter_says_to_call_a_Differentiable_method()
    {
        var run = RunMembers("[Differentiable] public static double F(double x, [NoDiff] Func<double, double> f) => x * f(x);");
        Single(run, "DG0015", "f(x)",
            "A call of the delegate 'f' is not supported in a differentiable method; DiffGen cannot differentiate through a delegate: call a [Differentiable] method directly instead");
    }

    // ---- DG0010: a library method cannot be marked [Differentiable] -------------------------------------------

    [Theory]
    [InlineData("double.Hypot(x, 1)", "double.Hypot(double, double)", "double", "Hypot")]
    [InlineData("Math.ReciprocalEstimate(x)", "System.Math.ReciprocalEstimate(double)", "Math", "ReciprocalEstimate")]
    public void A_library_method_without_derivative_says_to_register_one_or_stop_the_gradient(string call, string display, string type, string name)
    {
        var run = RunMembers($"[Differentiable] public static double F(double x) => {call};");
        Single(run, "DG0010", call,
            $"'{display}' has no derivative and receives a value that depends on the differentiable parameters; a library method cannot be marked [Differentiable]: "
            + $"register its derivatives with [DerivativeOf(typeof({type}), nameof({type}.{name}))] on static methods named {name}Gradient and {name}Tangent, "
            + "or wrap the argument in DiffMath.StopGradient if its derivative does not matter");
    }

    [Fact]
    public void A_method_in_source_without_derivative_says_to_mark_it_Differentiable()
    {
        var run = RunMembers("""
            public static double Helper(double v) => v * v;
            [Differentiable] public static double F(double x) => Helper(x);
            """);
        Single(run, "DG0010", "Helper(x)",
            "'C.Helper(double)' has no derivative and receives a value that depends on the differentiable parameters; mark it [Differentiable], register its Gradient and Tangent with [DerivativeOf], or wrap the argument in DiffMath.StopGradient");
    }

    [Fact]
    public void A_Differentiable_callee_whose_declaration_is_rejected_is_not_told_to_be_marked_again()
    {
        var run = RunMembers("""
            [Differentiable] public static double Twice<T>(double v) => 2 * v;
            [Differentiable] public static double F(double x) => Twice<int>(x);
            """);
        var call = Assert.Single(run.DG, d => d.Id == "DG0010");
        Assert.Equal("Twice<int>(x)", run.TextAt(call));
        Assert.Equal("'C.Twice<int>(double)' has no derivative and receives a value that depends on the differentiable parameters; it is [Differentiable], but its declaration has an error of its own (reported there) that stops its derivatives; fix that first",
            call.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(run.DG, d => d.Id == "DG0006");
    }

    // ---- Quoted snippets: whitespace collapsed -----------------------------------------------------------------

    // DiagnosticsTests.DG0015_SwitchStatement asserts a whole message with a collapsed quote.
    [Theory]
    [InlineData("x * y", "x * y")]
    [InlineData("switch (kind)\n    {\n        case 0: return x;\n    }", "switch (kind) { case 0: return x; }")]
    [InlineData("  a\r\n\t b  ", "a b")]
    [InlineData("switch (kind) { case 0: return x; default: return x * x; }", "switch (kind) { case 0: return x; ...")]
    [InlineData("aVeryLongIdentifierWithoutAnySpacesThatGoesOnAndOn", "aVeryLongIdentifierWithoutAnySpacesTh ...")]
    public void Snippets_collapse_whitespace_and_cut_at_a_space(string text, string expected)
        => Assert.Equal(expected, OperationLowering.Shorten(text));

    // ---- A span over [NoDiff] data says what it is ------------------------------------------------------------

    [Theory]
    [InlineData("var d = data.ToArray();", "data.ToArray()", "the [NoDiff] parameter 'data'")]
    [InlineData("ReadOnlySpan<double> d = data.AsSpan()[^2..];", "data.AsSpan()[^2..]", "the [NoDiff] parameter 'data'")]
    public void A_span_over_data_is_named_as_a_view(string declaration, string value, string what)
    {
        var run = RunMembers($"[Differentiable] public static double F(double[] x, [NoDiff] double[] data) {{ {declaration} return x[0] * d[0]; }}");
        string name = what.Split('\'')[1];
        Single(run, "DG0015", value,
            $"A local span or array over {what} ('{value}') is not supported in a differentiable method; a local array is a new one (new T[n], new T[] {{ ... }} or stackalloc T[n]): "
            + $"read '{name}' directly ({name}[i], {name}[offset + i]) instead, or copy what you need into a new T[n]");
    }

    // ---- Local slices are read in place; any other use of one says how to write it -----------------------------

    [Theory]
    [InlineData("ReadOnlySpan<double> d = data;")]
    [InlineData("var d = data.AsSpan(1);")]
    [InlineData("ReadOnlySpan<double> d = data.AsSpan(1, 2);")]
    [InlineData("double[] d = data;")]
    [InlineData("ReadOnlySpan<double> d = x;")]
    [InlineData("var d = x.AsSpan()[1..3];")]
    [InlineData("var d = x[1..];")]
    public void A_local_slice_read_by_index_is_supported(string declaration)
    {
        var run = RunMembers($"[Differentiable] public static double F(double[] x, [NoDiff] double[] data) {{ {declaration} return x[0] * d[0] * d.Length; }}");
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
    }

    [Fact]
    public void A_slice_passed_to_a_method_without_derivative_says_how_to_pass_it()
    {
        var run = RunMembers("""
            public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];
            [Differentiable] public static double F(double[] x) => x[0] * Sum(x.AsSpan(1, 2));
            """);
        Single(run, "DG0015", "x.AsSpan(1, 2)",
            "A slice that is neither a local nor an input of a [Differentiable] method ('x.AsSpan(1, 2)') is not supported in a differentiable method; declare it as a local (var row = x.Slice(s, n)) "
            + "and read row[j] and row.Length, pass it to a [Differentiable] method's ReadOnlySpan<T> parameter, or pass the whole array and the offset and index v[offset + j]");
    }

    [Fact]
    public void A_slice_passed_to_a_differentiable_method_is_passed_as_a_slice_of_each_buffer()
    {
        var run = RunMembers("""
            [Differentiable] public static double Sum(ReadOnlySpan<double> v) => v[0] + v[1];
            [Differentiable] public static double F(double[] x) { var d = x.AsSpan(1); return Sum(x.AsSpan(1, 2)) * Sum(d); }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        string gradient = string.Join("\n", run.Sources.Values);
        Assert.Contains("Spans.Slice(dX, 1, 2)", gradient);
    }

    [Theory]
    [InlineData("d[0] = 1; return x[0];", "d")]
    [InlineData("return d[0] + Plain(d);", "d")]
    public void A_local_slice_used_otherwise_says_how_to_read_it(string use, string quoted)
    {
        var run = RunMembers($$"""
            public static double Plain(ReadOnlySpan<double> v) => v[0] + v[1];
            [Differentiable] public static double F(double[] x) { var t = new double[3]; t[0] = x[0]; var d = t.AsSpan(1); {{use}} }
            """);
        var diagnostic = Assert.Single(run.DG);
        Assert.Equal("DG0015", diagnostic.Id);
        Assert.Equal(quoted, run.TextAt(diagnostic));
        Assert.StartsWith("Using the slice 'd' other than as d[j] or d.Length", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    // ---- DG0021: callers of a method whose derivatives could not be generated ---------------------------------

    private const string FailingCallee = """
        public static double Helper(double v) => v * v;
        [Differentiable] public static double G(double v) => Helper(v) * v;
        """;

    [Fact]
    public void A_caller_of_a_callee_with_a_DG_error_gets_DG0021_naming_it_and_its_error()
    {
        var run = RunMembers(FailingCallee + "\n[Differentiable] public static double F(double x) => G(x) * 2;");
        Assert.Equal(new[] { "DG0010", "DG0021" }, run.DG.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray());
        var error = run.DG.Single(d => d.Id == "DG0021");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("G(x)", run.TextAt(error));
        Assert.Equal("'F' calls 'C.G(double)', whose derivatives could not be generated (DG0010 at Source0.cs(8,54)); fix that error first: until then 'F' has no derivatives either",
            error.GetMessage(CultureInfo.InvariantCulture));
        // No generated code naming GGradient: no CS0117 anywhere.
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.OutputErrors, d => d.Id == "CS0117");
    }

    [Fact]
    public void The_callers_of_a_failed_caller_fail_too_each_naming_its_own_callee()
    {
        var run = RunMembers(FailingCallee + """

            [Differentiable] public static double F(double x) => G(x) * 2;
            [Differentiable] public static double H(double x) => F(x) + x;
            """);
        var h = run.DG.Single(d => d.Id == "DG0021" && run.TextAt(d) == "F(x)");
        Assert.Equal("'H' calls 'C.F(double)', whose derivatives could not be generated (DG0021 at Source0.cs(9,54)); fix that error first: until then 'H' has no derivatives either",
            h.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.OutputErrors, d => d.Id == "CS0117");
    }

    [Fact]
    public void Mutually_recursive_methods_one_of_which_fails()
    {
        var run = RunMembers("""
            public static double Helper(double v) => v * v;
            [Differentiable] public static double G(double v, int n) => n > 0 ? H(v, n - 1) : Helper(v);
            [Differentiable] public static double H(double v, int n) => n > 0 ? G(v, n - 1) : v;
            """);
        Assert.Equal(new[] { "DG0010", "DG0021" }, run.DG.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("G(v, n - 1)", run.TextAt(run.DG.Single(d => d.Id == "DG0021")));
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.OutputErrors, d => d.Id == "CS0117");
    }

    [Fact]
    public void A_caller_of_a_callee_that_does_not_compile_gets_DG0021()
    {
        var run = RunMembers("""
            [Differentiable] public static double G(double v) => v * undefinedName;
            [Differentiable] public static double F(double x) => G(x) * 2;
            """);
        var error = Assert.Single(run.DG);
        Assert.Equal("DG0021", error.Id);
        Assert.Equal("'F' calls 'C.G(double)', whose derivatives could not be generated (its body does not compile); fix that error first: until then 'F' has no derivatives either",
            error.GetMessage(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(run.OutputErrors, d => d.Id == "CS0117");
    }

    [Fact]
    public void A_caller_of_a_callee_whose_derivatives_are_written_by_hand_is_fine()
    {
        var run = RunMembers("""
            [Differentiable] public static double G(double v) => v * v;
            public static double GGradient(double v, out double dV) { dV = 2 * v; return v * v; }
            public static double GTangent(double v, double dV, out double tangent) { tangent = 2 * v * dV; return v * v; }
            [Differentiable] public static double F(double x) => G(x) * 2;
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        Assert.Contains(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
    }

    [Fact]
    public void Fixing_the_callee_clears_the_callers_error()
    {
        var broken = GeneratorHarness.Run(Prelude + FailingCallee + "\n[Differentiable] public static double F(double x) => G(x) * 2;\n}\n");
        Assert.Contains(broken.DG, d => d.Id == "DG0021");
        var fixedSource = (Prelude + FailingCallee + "\n[Differentiable] public static double F(double x) => G(x) * 2;\n}\n").Replace("Helper(v) * v", "v * v * v");
        var compilation = broken.Input.ReplaceSyntaxTree(broken.Input.SyntaxTrees[0], GeneratorHarness.ParseTree(fixedSource, "Source0.cs"));
        var run = GeneratorHarness.Run(compilation, broken.Driver);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        Assert.Equal(2, run.Sources.Count);
    }

    // ---- DG0022: a derivative called as if a parameter were [NoDiff] ------------------------------------------

    private const string Loss = "[Differentiable] public static double Loss(double w, double[] data) => w * data[0];\n";

    [Fact]
    public void Calling_the_gradient_as_if_data_were_NoDiff_gets_a_hint_beside_CS1501()
    {
        var run = RunMembers(Loss + "public static double Train(double w, double[] data) { LossGradient(w, data, out var dw); return dw; }");
        Single(run, "DG0022", "LossGradient",
            "No generated 'LossGradient' takes 3 arguments: it is 'static double LossGradient(double w, double[] data, out double dW, Span<double> dData)', "
            + "with a derivative parameter for every parameter of 'Loss' not marked [NoDiff]; if 'data' holds data rather than values to differentiate, mark it [NoDiff] in 'Loss'");
        Assert.Contains(run.OutputErrors, d => d.Id == "CS1501");
    }

    [Fact]
    public void The_hint_finds_the_method_through_its_type_name()
    {
        var run = GeneratorHarness.Run(Prelude + Loss + "}\npublic static class Trainer\n{\n    public static double Step(double w, double[] data) { C.LossTangent(w, data, 1.0, out var t); return t; }\n}\n");
        var hint = Assert.Single(run.DG);
        Assert.Equal("DG0022", hint.Id);
        Assert.Equal("LossTangent", run.TextAt(hint));
        Assert.StartsWith("No generated 'LossTangent' takes 4 arguments: it is 'static double LossTangent(double w, double[] data, double dW, ReadOnlySpan<double> dData, out double tangent)'", hint.GetMessage(CultureInfo.InvariantCulture));
    }

    public static TheoryData<string, string> NotDerivativeCallHints => new()
    {
        { "a call that fits", Loss + "public static double Train(double w, double[] data) { var g = new double[1]; LossGradient(w, data, out var dw, g); return dw; }" },
        { "a count no [NoDiff] explains", Loss + "public static double Train(double w, double[] data) { var g = new double[1]; LossGradient(w, data, out var dw, g, g, g); return dw; }" },
        { "a method that is not [Differentiable]", "public static double Norm(double w, double[] data) => w;\npublic static double Train(double w, double[] data) => NormGradient(w, data);" },
        { "a hand-written method of that name", Loss + "public static double LossGradient(double w) => w;\npublic static double Train(double w, double[] data) { LossGradient(w, data, out var dw); return dw; }" },
    };

    [Theory]
    [MemberData(nameof(NotDerivativeCallHints))]
    public void Calls_the_hint_cannot_explain_are_left_to_the_compiler(string shape, string members)
    {
        var run = RunMembers(members);
        Assert.True(run.DG.All(d => d.Id != "DG0022"), $"{shape}:\n{GeneratorHarness.Describe(run.DG)}");
    }

    // ---- Other DG0015s say what to write instead too ----------------------------------------------------------

    public static TheoryData<string, string, string> OtherConstructs => new()
    {
        { "[Differentiable] public static double F(double x, [NoDiff] Random r) => x * r.NextDouble();", "r.NextDouble()",
          "A call of the instance method 'System.Random.NextDouble()' is not supported in a differentiable method; call a static method, or a [Differentiable] instance method of this or of one of its fields" },
        { "[Differentiable] public static double F(double x, int n) => x * checked(n * 2);", "n * 2",
          "Checked arithmetic is not supported in a differentiable method; compute unchecked" },
        { "[Differentiable] public static double F(double x) { if (x < 0) throw new ArgumentException(\"negative\"); return x; }", "throw new ArgumentException(\"negative\");",
          "A throw statement ('throw new ArgumentException(\"negative\");') is not supported in a differentiable method; check the input in the caller before calling, or return a value such as double.NaN" },
    };

    [Theory]
    [MemberData(nameof(OtherConstructs))]
    public void Other_unsupported_constructs_say_what_to_write_instead(string members, string text, string message)
        => Single(RunMembers(members), "DG0015", text, message);
}
