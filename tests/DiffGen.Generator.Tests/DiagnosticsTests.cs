using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Tests;

/// <summary>
/// One test per DG id: a minimal source that triggers it, the id, severity, count and exact location; and the
/// nearby valid code that must not trigger it.
/// </summary>
public class DiagnosticsTests
{
    private const string Usings = "using System;\nusing DiffGen;\n";

    /// <summary>Members inside <c>public static partial class C</c>.</summary>
    private static GeneratorRun RunMembers(string members)
        => GeneratorHarness.Run(Usings + "public static partial class C\n{\n" + members + "\n}\n");

    /// <summary>
    /// Asserts that the generator reported exactly one DG diagnostic, <paramref name="id"/> with
    /// <paramref name="severity"/>, at the source text <paramref name="text"/>, and returns it.
    /// </summary>
    private static Diagnostic Single(GeneratorRun run, string id, string text, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        Assert.True(run.DG.Count == 1 && run.DG[0].Id == id, $"Expected exactly one {id}; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        var diagnostic = run.DG[0];
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(text, run.TextAt(diagnostic));
        return diagnostic;
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static void NoDiagnostics(GeneratorRun run)
    {
        Assert.True(run.DG.Count == 0, $"Expected no DG diagnostic; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
    }

    private static void Generated(GeneratorRun run)
    {
        NoDiagnostics(run);
        Assert.NotEmpty(run.Sources);
        Assert.True(run.OutputErrors.Count == 0, "The output has errors:\n" + run.Describe());
    }

    // ---- DG0001: containing type not partial -----------------------------------------------------------------

    [Fact]
    public void DG0001_ContainingTypeNotPartial()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static class Model
            {
                [Differentiable]
                public static double Loss(double w) => w * w;
            }
            """);
        var diagnostic = Single(run, "DG0001", "Model");
        Assert.Contains("'Model' must be declared partial", Message(diagnostic));
        Assert.Contains("'Loss'", Message(diagnostic));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void DG0001_OuterTypeOfNestedPartialTypeNotPartial()
    {
        var run = GeneratorHarness.Run(Usings + """
            public class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double Loss(double w) => w * w;
                }
            }
            """);
        Single(run, "DG0001", "Outer");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void DG0001_NotReportedWhenEveryEnclosingTypeIsPartial()
    {
        var run = GeneratorHarness.Run(Usings + """
            public partial class Outer
            {
                public partial struct Inner
                {
                    [Differentiable]
                    public static double Loss(double w) => w * w;
                }
            }
            """);
        Generated(run);
    }

    // ---- DG0002: not static ----------------------------------------------------------------------------------

    [Fact]
    public void DG0002_InstanceMethodOfAnInterface()
    {
        var run = GeneratorHarness.Run(Usings + """
            public partial interface IModel
            {
                [Differentiable]
                public double Loss(double w) => w * w;
            }
            """);
        var diagnostic = Single(run, "DG0002", "Loss");
        Assert.Contains("'Loss' must be static", Message(diagnostic));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Instance_methods_of_classes_and_structs_differentiate_with_respect_to_this()
    {
        var run = GeneratorHarness.Run(Usings + """
            public partial class C
            {
                public double Scale;
                [Differentiable]
                public double Loss(double w) => Scale * w * w;
            }
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
        Assert.Contains("public double LossGradient(double w, global::C dThis, out double dW)", run.Source("C.Loss"));
        Assert.Contains("public double LossTangent(double w, global::C dThis, double dW, out double tangent)", run.Source("C.Loss"));
    }

    // ---- DG0003: return type ---------------------------------------------------------------------------------

    [Fact]
    public void DG0003_ReturnsInt()
    {
        var run = RunMembers("""
            [Differentiable]
            public static int Round(double x) => (int)x;
            """);
        var diagnostic = Single(run, "DG0003", "int");
        Assert.Contains("returns 'int'", Message(diagnostic));
    }

    [Fact]
    public void DG0003_ReturnsVoid()
    {
        var run = RunMembers("""
            [Differentiable]
            public static void Nothing(double x) { }
            """);
        Single(run, "DG0003", "void");
    }

    [Fact]
    public void FloatReturnIsSupported()
    {
        Generated(RunMembers("""
            [Differentiable]
            public static float Square(float x) => x * x;
            """));
    }

    // ---- DG0004: parameter type ------------------------------------------------------------------------------

    [Fact]
    public void DG0004_ArrayOfArraysParameterWithoutNoDiff()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double Scale(double x, double[][] weights) => x;
            """);
        var diagnostic = Single(run, "DG0004", "weights");
        Assert.Contains("Parameter 'weights' has type 'double[][]'", Message(diagnostic));
        Assert.Contains("[NoDiff]", Message(diagnostic));
    }

    [Fact]
    public void DG0004_StructParameterWithoutNoDiff()
    {
        var run = GeneratorHarness.Run(Usings + """
            public struct Point { public double X; }
            public static partial class C
            {
                [Differentiable]
                public static double Norm(double x, Point p) => x;
            }
            """);
        var diagnostic = Single(run, "DG0004", "p");
        Assert.Contains("'Point'", Message(diagnostic));
    }

    [Fact]
    public void DG0004_NotReportedForNoDiffArrayAndStruct()
    {
        var run = GeneratorHarness.Run(Usings + """
            public struct Point { public double X; }
            public static partial class C
            {
                [Differentiable]
                public static double Scale(double x, [NoDiff] double[] weights, [NoDiff] Point p) => x * x;
            }
            """);
        Generated(run);
        var source = run.Source("Scale");
        Assert.Contains("ScaleGradient(double x, double[] weights, global::Point p, out double dX)", source);
        Assert.Contains("ScaleTangent(double x, double[] weights, global::Point p, double dX, out double tangent)", source);
    }

    [Fact]
    public void IntBoolEnumAndStringParametersAreConstants()
    {
        var run = GeneratorHarness.Run(Usings + """
            public enum Mode { A, B }
            public static partial class C
            {
                [Differentiable]
                public static double F(double x, int n, bool flag, Mode mode, string name) => flag ? x * n : x;
            }
            """);
        Generated(run);
        Assert.Contains("FGradient(double x, int n, bool flag, global::Mode mode, string name, out double dX)", run.Source("C.F"));
    }

    // ---- DG0005: ref, out, in, params ------------------------------------------------------------------------

    [Theory]
    [InlineData("ref double y", "ref")]
    [InlineData("in double y", "in")]
    [InlineData("ref readonly double y", "refreadonlyparameter")]
    public void DG0005_ByReferenceParameter(string parameter, string modifier)
    {
        var run = RunMembers($$"""
            [Differentiable]
            public static double F(double x, {{parameter}}) => x * y;
            """);
        var diagnostic = Single(run, "DG0005", "y");
        Assert.Contains($"Parameter 'y' is passed by reference ('{modifier}')", Message(diagnostic));
    }

    [Fact]
    public void DG0005_OutParameter()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, out double y) { y = x; return x; }
            """);
        var diagnostic = Single(run, "DG0005", "y");
        Assert.Contains("('out')", Message(diagnostic));
    }

    [Fact]
    public void DG0005_ParamsParameter()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, params double[] rest) => x;
            """);
        var diagnostic = Single(run, "DG0005", "rest");
        Assert.Contains("('params')", Message(diagnostic));
    }

    [Fact]
    public void A_params_shape_is_a_constant_not_DG0005()
    {
        // params int[] (a tensor's shape): callers pass its elements; the array crosses from Primal to Pullback whole.
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable]
                public static double Scaled(double x, params int[] shape) => x * x * shape.Length;

                [Differentiable]
                public static double Caller(double x) => Scaled(x * x, 2, 3) + Scaled(x);
            }
            """);
        Generated(run);
        Assert.Contains("ScaledGradient(double x, int[] shape, out double dX)", run.Source("C.Scaled"));
    }

    // ---- DG0006: generic method ------------------------------------------------------------------------------

    [Fact]
    public void DG0006_GenericMethod()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F<T>(double x) => x * x;
            """);
        var diagnostic = Single(run, "DG0006", "F");
        Assert.Contains("'F' is generic", Message(diagnostic));
    }

    [Fact]
    public void DG0006_NotReportedForMethodOfGenericType()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class Box<T>
            {
                [Differentiable]
                public static double F(double x) => x * x;
            }
            """);
        Generated(run);
    }

    // ---- DG0007: derivative name collision -------------------------------------------------------------------

    [Fact]
    public void DG0007_ParameterNamedLikeADerivative()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, double dX) => x * dX;
            """);
        var diagnostic = Single(run, "DG0007", "dX");
        Assert.Contains("'dX'", Message(diagnostic));
        Assert.Contains("'x'", Message(diagnostic));
    }

    [Fact]
    public void DG0007_NotReportedWhenTheNamesakeIsNoDiff()
    {
        // [NoDiff] x has no derivative parameter, so dX is free.
        var run = RunMembers("""
            [Differentiable]
            public static double F([NoDiff] double x, double dX) => x * dX;
            """);
        Generated(run);
    }

    [Fact]
    public void DG0007_ParameterNamedTangent()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, double tangent) => x * tangent;
            """);
        var diagnostic = Single(run, "DG0007", "tangent");
        Assert.Contains("'tangent'", Message(diagnostic));
    }

    // ---- DG0008: no body -------------------------------------------------------------------------------------

    [Fact]
    public void DG0008_StaticAbstractInterfaceMethod()
    {
        var run = GeneratorHarness.Run(Usings + """
            public partial interface IModel
            {
                [Differentiable]
                static abstract double Loss(double w);
            }
            """);
        var diagnostic = Single(run, "DG0008", "Loss");
        Assert.Contains("'Loss' has no body", Message(diagnostic));
    }

    [Fact]
    public void DG0008_ExternMethod()
    {
        var run = RunMembers("""
            [Differentiable]
            public static extern double Loss(double w);
            """);
        Single(run, "DG0008", "Loss");
    }

    [Fact]
    public void DG0008_PartialMethodWithoutImplementation()
    {
        // A partial void method without accessibility may lack its implementing half: then nothing has a body.
        var run = RunMembers("""
            [Differentiable]
            static partial void Fill(ReadOnlySpan<double> x, Span<double> y);
            """);
        Assert.Contains("has no body", Message(Single(run, "DG0008", "Fill")));
    }

    [Fact]
    public void PartialMethodAttributeOnTheImplementingHalfDifferentiatesIt()
    {
        // On the defining half, see ParserTests: the implementing half is differentiated too.
        var run = RunMembers("""
            public static partial double Cube(double x);
            [Differentiable]
            public static partial double Cube(double x) => x * x * x;
            """);
        Generated(run);
        Assert.Contains("CubeGradient", run.Source("Cube"));
    }

    [Fact]
    public void PartialMethodWithAccessibilityAndNoImplementationGetsTheCompilersErrorOnly()
    {
        var run = RunMembers("""
            [Differentiable]
            public static partial double Cube(double x);
            """);
        Assert.Empty(run.DG);
        Assert.Contains(run.OutputErrors, d => d.Id == "CS8795");
    }

    // ---- DG0009: local function ------------------------------------------------------------------------------

    [Fact]
    public void DG0009_LocalFunctionMarked()
    {
        var run = RunMembers("""
            public static double Outer(double x)
            {
                return Square(x);

                [Differentiable]
                static double Square(double y) => y * y;
            }
            """);
        var diagnostic = Single(run, "DG0009", "Square");
        Assert.Contains("Local function 'Square'", Message(diagnostic));
        Assert.Empty(run.Sources);
    }

    // ---- DG0010: call without derivative ---------------------------------------------------------------------

    [Fact]
    public void DG0010_CallOfNonDifferentiableMethodWithActiveArgument()
    {
        var run = RunMembers("""
            public static double Helper(double v) => v * 2;

            [Differentiable]
            public static double F(double x) => 1 + Helper(x);
            """);
        var diagnostic = Single(run, "DG0010", "Helper(x)");
        Assert.Contains("'C.Helper(double)' has no derivative", Message(diagnostic));
    }

    [Fact]
    public void DG0010_NotReportedWhenArgumentsAreConstants()
    {
        var run = RunMembers("""
            public static double Helper(double v) => v * 2;

            [Differentiable]
            public static double F(double x, [NoDiff] double c) => x * Helper(3.0) + Helper(c);
            """);
        Generated(run);
    }

    [Fact]
    public void DG0010_NotReportedWhenTheResultDoesNotMatter()
    {
        var run = RunMembers("""
            public static double Helper(double v) => v * 2;

            [Differentiable]
            public static double F(double x)
            {
                double unused = Helper(x);
                return x * x;
            }
            """);
        Generated(run);
    }

    // ---- DG0011: closure capturing an active value ------------------------------------------------------------

    [Fact]
    public void DG0011_LambdaCapturesActiveLocal()
    {
        var run = RunMembers("""
            public static double Apply(Func<double, double> f) => f(1.0);

            [Differentiable]
            public static double F(double x)
            {
                double scaled = 2 * x;
                return x + Apply(y => y * scaled);
            }
            """);
        var diagnostic = Single(run, "DG0011", "y => y * scaled");
        Assert.Contains("This lambda captures 'scaled'", Message(diagnostic));
    }

    [Fact]
    public void DG0011_LocalFunctionCapturesActiveParameter()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                return Twice() + x;

                double Twice() => 2 * x;
            }
            """);
        var diagnostic = Single(run, "DG0011", "Twice");
        Assert.Contains("This local function captures 'x'", Message(diagnostic));
    }

    [Fact]
    public void DG0015_LambdaCapturingNothingActive()
    {
        var run = RunMembers("""
            public static double Apply(Func<double, double> f) => f(1.0);

            [Differentiable]
            public static double F(double x) => x + Apply(y => y * 2);
            """);
        var diagnostic = Single(run, "DG0015", "y => y * 2");
        Assert.Contains("A lambda is not supported", Message(diagnostic));
    }

    // ---- DG0012: try -----------------------------------------------------------------------------------------

    [Fact]
    public void DG0012_TryCatch()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                try { return x * x; }
                catch (Exception) { return 0; }
            }
            """);
        var diagnostic = Single(run, "DG0012", "try");
        Assert.Contains("try/catch/finally", Message(diagnostic));
    }

    [Fact]
    public void DG0012_TryFinally()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                double y = 0;
                try { y = x * x; }
                finally { y = y + 1; }
                return y;
            }
            """);
        Single(run, "DG0012", "try");
    }

    // ---- DG0013: goto and labels -----------------------------------------------------------------------------

    [Fact]
    public void DG0013_Label()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
            end:
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0013", "end");
        Assert.Contains("goto or labels", Message(diagnostic));
    }

    [Fact]
    public void DG0013_GotoAndLabel()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                double y = x;
                if (x > 0) goto done;
                y = -x;
            done:
                return y;
            }
            """);
        // One at the goto, one at the label.
        Assert.All(run.DG, d => Assert.Equal("DG0013", d.Id));
        Assert.Equal(new[] { "goto", "done" }, run.DG.Select(run.TextAt).ToArray());
    }

    // ---- DG0014: loops ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("for (int i = 0; i < n; i++) s = s * x;")]
    [InlineData("while (n-- > 0) s = s * x;")]
    [InlineData("do { s = s * x; } while (--n > 0);")]
    [InlineData("foreach (var c in counts) s = s * x * c;")]
    public void Loops_over_arrays_and_counts_are_supported(string loop)
    {
        var run = RunMembers($$"""
            [Differentiable]
            public static double Power(double x, int n, [NoDiff] int[] counts)
            {
                double s = 1;
                {{loop}}
                return s;
            }
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrorsAndWarnings);
    }

    [Fact]
    public void DG0014_ForEachOverAnEnumerable()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double Sum(double x, [NoDiff] System.Collections.Generic.List<double> values)
            {
                double s = 0;
                foreach (var v in values) s += v * x;
                return s;
            }
            """);
        var diagnostic = Single(run, "DG0014", "values");
        Assert.StartsWith("Unsupported loop: foreach over 'System.Collections.Generic.List<double>'", Message(diagnostic));
    }

    // ---- DG0015: other unsupported constructs ----------------------------------------------------------------

    [Fact]
    public void DG0015_SwitchExpressionWithoutDiscardArm()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, int n)
            {
                return n switch
                {
                    0 => x,
                    1 => x * x,
                };
            }
            """);
        var switchExpression = run.Input.SyntaxTrees[0].GetRoot().DescendantNodes().OfType<SwitchExpressionSyntax>().Single();
        var diagnostic = Single(run, "DG0015", switchExpression.ToString());
        Assert.Equal(switchExpression.Span, diagnostic.Location.SourceSpan);
        // The quote has its newlines and indentation collapsed.
        Assert.Equal("A switch expression without a last '_ =>' arm ('n switch { 0 => x, 1 => x * x, }') is not supported in a differentiable method; "
            + "end it with '_ => …' (a value such as double.NaN where no other arm can match)", Message(diagnostic));
    }

    [Fact]
    public void DG0015_BreakBeforeTheEndOfASwitchSection()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, int n)
            {
                switch (n)
                {
                    case 0:
                        if (x > 1) break;
                        x = x * x;
                        break;
                }
                return x;
            }
            """);
        var diagnostic = Single(run, "DG0015", "break");
        Assert.Equal("A break before the end of a switch section is not supported in a differentiable method; end the section with it, and put the statements it skips in an else", Message(diagnostic));
    }

    [Theory]
    [InlineData("v is { Length: > 2 }", "{ Length: > 2 }")]
    [InlineData("v is [_, _]", "[_, _]")]
    [InlineData("x is double d", "double d")]
    public void DG0015_PatternThatIsNotAConstantTest(string test, string pattern)
    {
        var run = RunMembers($$"""
            [Differentiable]
            public static double F(double x, double[] v)
            {
                if ({{test}}) return x * v[0];
                return x;
            }
            """);
        var diagnostic = Single(run, "DG0015", pattern);
        Assert.Equal($"The pattern '{pattern}' is not supported in a differentiable method; test with constants (case 1, is 0 or 2, is not Color.Red), relational patterns (< 0, >= 1), and, or, not, or with comparisons", Message(diagnostic));
    }

    [Fact]
    public void DG0015_Throw()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                if (x < 0) throw new ArgumentException("negative");
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0015", "throw new ArgumentException(\"negative\");");
        Assert.Contains("throw", Message(diagnostic));
    }

    [Fact]
    public void DG0015_StringInterpolation()
    {
        var run = RunMembers("""
            public static void Log(string message) { }

            [Differentiable]
            public static double F(double x)
            {
                Log($"x = {x}");
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0015", "$\"x = {x}\"");
        Assert.Contains("interpolated string", Message(diagnostic));
    }

    [Fact]
    public void DG0015_TupleDeconstruction()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                var (a, b) = (x, 2.0);
                return a * b;
            }
            """);
        var diagnostic = Single(run, "DG0015", "var (a, b) = (x, 2.0)");
        Assert.Contains("is not supported", Message(diagnostic));
    }

    // ---- DG0016: assignment targets --------------------------------------------------------------------------

    [Fact]
    public void DG0016_StaticField()
    {
        var run = RunMembers("""
            public static double Last;

            [Differentiable]
            public static double F(double x)
            {
                Last = x;
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0016", "Last");
        Assert.Contains("the field 'Last'", Message(diagnostic));
    }

    [Fact]
    public void DG0016_ElementOfAParameterArray()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, [NoDiff] double[] buffer)
            {
                buffer[0] = x;
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0016", "buffer[0]");
        Assert.Contains("an element of the parameter 'buffer'", Message(diagnostic));
    }

    [Theory]
    // Only the outputs the model knows (Span<double> or Span<float>, not [NoDiff]) are writable: a [NoDiff] span
    // written in a loop used to get a gradient that indexed an adjoint span it never rented.
    [InlineData("double x, [NoDiff] Span<double> w", "for (int i = 0; i < 1; i++) w[i] = x;")]
    [InlineData("double x, Span<int> w", "w[0] = 3;")]
    public void DG0016_ElementOfASpanThatIsNoOutput(string parameters, string write)
    {
        var run = RunMembers($$"""
            [Differentiable]
            public static double F({{parameters}})
            {
                {{write}}
                return x * x;
            }
            """);
        var diagnostic = Single(run, "DG0016", write.Contains("w[i]") ? "w[i]" : "w[0]");
        Assert.Contains("an element of the parameter 'w'", Message(diagnostic));
    }

    [Fact]
    public void DG0016_ReassignedLocalArray()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, [NoDiff] double[] data)
            {
                var p = new double[2];
                p = data;
                return x * p[0];
            }
            """);
        var diagnostic = Single(run, "DG0016", "p");
        Assert.Contains("the array variable 'p'", Message(diagnostic));
    }

    [Fact]
    public void A_local_array_passed_to_a_differentiable_callees_array_parameter_is_passed_as_a_copy()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double Sum(double[] v)
            {
                double s = 0;
                foreach (var e in v) s += e;
                return s;
            }

            [Differentiable]
            public static double F(double x)
            {
                var p = new double[2];
                p[0] = x;
                p[1] = x * x;
                return Sum(p);
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        Assert.Contains("Spans.ToArray(p)", string.Join("\n", run.Sources.Values));
    }

    [Theory]
    [InlineData("public static double Sum(double[] v) => v[0] + v[1];", "return Sum(p);")]
    [InlineData("[Differentiable] public static void Twice(double[] v, Span<double> y) { y[0] = 2 * v[0]; }", "Twice(p, p); return p[0];")]
    public void DG0015_LocalArrayPassedToAnArrayParameter(string callee, string use)
    {
        var run = RunMembers($$"""
            {{callee}}

            [Differentiable]
            public static double F(double x)
            {
                var p = new double[2];
                p[0] = x;
                p[1] = x * x;
                {{use}}
            }
            """);
        var diagnostic = Single(run, "DG0015", "p");
        Assert.Contains("declare that parameter ReadOnlySpan<T>", Message(diagnostic));
    }

    [Fact]
    public void DG0015_ArrayCreatedInsideALoop()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    var p = new double[2];
                    p[0] = x;
                    s += p[0];
                }
                return s;
            }
            """);
        var diagnostic = Single(run, "DG0015", "new double[2]");
        Assert.Contains("An array created inside a loop", Message(diagnostic));
    }

    [Fact]
    public void DG0016_CompoundAssignmentToStaticField()
    {
        var run = RunMembers("""
            public static double Total;

            [Differentiable]
            public static double F(double x)
            {
                Total += x;
                return x * x;
            }
            """);
        Single(run, "DG0016", "Total");
    }

    // ---- DG0017: derivative dropped at a [NoDiff] parameter --------------------------------------------------

    private const string Scale = """
        [Differentiable]
        public static double Scale(double a, [NoDiff] double factor) => a * factor;
        """;

    [Fact]
    public void DG0017_ActiveValuePassedToNoDiffParameter()
    {
        var run = RunMembers(Scale + """

            [Differentiable]
            public static double F(double x) => Scale(2.0, x * x);
            """);
        var diagnostic = Single(run, "DG0017", "x * x", DiagnosticSeverity.Warning);
        Assert.Contains("'factor' of 'C.Scale(double, double)'", Message(diagnostic));
        // A warning: the derivatives are generated all the same.
        Assert.Contains(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
        Assert.True(run.OutputErrors.Count == 0, run.Describe());
    }

    [Fact]
    public void DG0017_ReportedWhenTheCallsResultGoesIntoALocal()
    {
        // Decided before the clean-ups, which fold the call's temporary into the local.
        var run = RunMembers(Scale + """

            [Differentiable]
            public static double F(double x) { double y = Scale(2.0, x * x); return y; }
            """);
        Single(run, "DG0017", "x * x", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void DG0017_ReportedForAVectorValuedCallee()
    {
        var run = RunMembers("""
            [Differentiable]
            public static void Fill(double a, [NoDiff] double factor, Span<double> y) { y[0] = a * factor; }

            [Differentiable]
            public static void F(double x, Span<double> y) => Fill(2.0, x * x, y);
            """);
        Single(run, "DG0017", "x * x", DiagnosticSeverity.Warning);
    }

    [Fact]
    public void DG0017_NotReportedForConstantArgument()
    {
        var run = RunMembers(Scale + """

            [Differentiable]
            public static double F(double x, [NoDiff] double c) => Scale(x, 2.0) + Scale(x, c);
            """);
        Generated(run);
    }

    // ---- DG9999 and invalid code -----------------------------------------------------------------------------

    // Error-typed operands (x * undefinedName) still get DG0015 today: see KnownFailures.cs.txt.
    [Theory]
    [InlineData("public static double F(double x) => undefinedName;", "CS0103")]
    [InlineData("public static double F(double x) => Undefined(x);", "CS0103")]
    [InlineData("public static double F(double x) => Math.Sin(undefinedName);", "CS0103")]
    [InlineData("public static double F(double x) => x.Foo;", "CS1061")]
    [InlineData("public static double F(double x) => (double)undefinedName;", "CS0103")]
    [InlineData("public static double F(double x) { if (undefinedName) return x; return 0; }", "CS0103")]
    [InlineData("public static double F(double x) => Math.Max(x, \"a\");", "CS1503")]
    [InlineData("public static double F(double x) => new Foo();", "CS0246")]
    [InlineData("public static double F(double x) => G(x, 1); public static double G(double a) => a;", "CS1501")]
    public void CompileErrorInBodyYieldsNoDiagnosticAndNoOutput(string member, string compilerError)
    {
        var run = RunMembers("[Differentiable]\n" + member);
        NoDiagnostics(run);
        Assert.Empty(run.Sources);
        Assert.Contains(run.OutputErrors, d => d.Id == compilerError);
    }

    [Fact]
    public void CompileErrorInStatementYieldsNoDiagnosticAndNoOutput()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                double y = Math.Sinn(x);
                return y + ;
            }
            """);
        NoDiagnostics(run);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void DG0018_SpanOutputOfAMethodThatReturnsAValue()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x, Span<double> y)
            {
                y[0] = x;
                return x;
            }
            """);
        var diagnostic = Single(run, "DG0018", "y");
        Assert.Contains("Parameter 'y' is a Span<T>, an output", Message(diagnostic));
    }

    [Fact]
    public void EveryDescriptorHasItsIdAndCategory()
    {
        var descriptors = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        var expected = Enumerable.Range(1, 22).Concat(new[] { 30, 31, 32 }).Select(i => $"DG{i:0000}").Append("DG9999").ToList();
        Assert.Equal(expected, descriptors.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList());
        Assert.All(descriptors, d =>
        {
            Assert.Equal("DiffGen", d.Category);
            Assert.Equal(d.Id == "DG0017" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.EndsWith(d.Id.ToLowerInvariant(), d.HelpLinkUri, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// Each help link is absolute (an IDE opens it), points at the id's anchor in docs/diagnostics.md, and starts with
    /// the repository's address as Directory.Build.props records it.
    /// </summary>
    [Fact]
    public void EveryHelpLinkIsTheAbsoluteAddressOfItsAnchorInTheDocs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "DiffGen.sln"))) root = root.Parent ?? throw new InvalidOperationException("DiffGen.sln not found");
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(root.FullName, "Directory.Build.props"));
        string repository = props.Descendants("RepositoryUrl").Single().Value;
        Assert.Equal(Diagnostics.DiagnosticDescriptors.RepositoryUrl, repository);
        string docs = File.ReadAllText(Path.Combine(root.FullName, "docs", "diagnostics.md"));

        var descriptors = typeof(Diagnostics.DiagnosticDescriptors)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
        Assert.All(descriptors, d =>
        {
            string anchor = d.Id.ToLowerInvariant();
            Assert.Equal(repository + "/blob/main/docs/diagnostics.md#" + anchor, d.HelpLinkUri);
            Assert.True(Uri.IsWellFormedUriString(d.HelpLinkUri, UriKind.Absolute), d.HelpLinkUri);
            Assert.Contains($"<a id=\"{anchor}\"></a>", docs, StringComparison.Ordinal);
        });
    }
}
