using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// A vector-valued method's derivative takes its outputs' initial contents as constants (docs/API.md). Passing it an
/// array that already carries a derivative is then wrong exactly when the callee may read the output before writing
/// it: DG0020 at the call, never a silently dropped term. Callees that only write, and fresh arrays, stay quiet.
/// </summary>
public class OutputReadTests
{
    private const string Prelude = """
        using System;
        using DiffGen;

        public static partial class C
        {
            [Differentiable]
            public static void ScaleInPlace(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] *= x[j]; }

            [Differentiable]
            public static void AddInto(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] += x[j]; }

            [Differentiable]
            public static void Forward(ReadOnlySpan<double> x, Span<double> y) => ScaleInPlace(x, y);

            [Differentiable]
            public static void Triple(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] = 3 * x[j]; }

            [Differentiable]
            public static void TripleThenSquare(ReadOnlySpan<double> x, Span<double> y) { Triple(x, y); for (int j = 0; j < y.Length; j++) y[j] = y[j] * y[j]; }

        """;

    private static GeneratorRun RunMembers(string members) => GeneratorHarness.Run(Prelude + members + "\n}\n");

    public static TheoryData<string, string, string> Errors => new()
    {
        { "a reading callee after the array was written", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; for (int j = 0; j < y.Length; j++) y[j] = x[j]; ScaleInPlace(x, y); return y[0]; }", "y" },
        { "an accumulating callee", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; AddInto(x, y); return y[0]; }", "y" },
        { "a callee that passes its output on to a reading one", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; Triple(x, y); Forward(x, y); return y[0]; }", "y" },
        { "a reading callee in a loop, whose earlier pass wrote the array", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; for (int p = 0; p < 2; p++) { ScaleInPlace(x, y); y[0] = x[0]; } return y[0]; }", "y" },
        // The check reads the callee's syntax and errs towards an error: a read after the callee's own write counts.
        { "a callee that reads what it wrote", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; TripleThenSquare(x, y); return y[0]; }", "y" },
        { "the caller's own output, written first", "[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; AddInto(x, y); }", "y" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void An_array_holding_a_derivative_passed_to_a_reading_callee_is_DG0020(string shape, string members, string argument)
    {
        var run = RunMembers(members);
        var error = Assert.Single(run.DG);
        Assert.True(error.Id == "DG0020", $"{shape}: expected DG0020; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(argument, run.TextAt(error));
        Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> NotErrors => new()
    {
        { "a fresh array", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; ScaleInPlace(x, y); return y[0]; }" },
        { "a callee that only writes", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; Triple(x, y); return y[0]; }" },
        { "the caller's own output, unwritten", "[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) => AddInto(x, y);" },
        { "an array written with constants only", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = 1; ScaleInPlace(x, y); return y[0]; }" },
    };

    [Theory]
    [MemberData(nameof(NotErrors))]
    public void Fresh_arrays_and_writing_callees_stay_quiet(string shape, string members)
    {
        var run = RunMembers(members);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, $"{shape}:\n{run.Describe()}");
    }
}
