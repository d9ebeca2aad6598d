using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// What a caller hands a vector-valued callee in an output: a generated callee gives back the adjoints of the
/// output's old contents through its callers' overload (<c>d{Y}Before</c>), so any array will do. A callee whose
/// derivative is written by hand takes them as constants: passing it an array that already carries a derivative is
/// then wrong exactly when the callee may read the output before writing it, and that is DG0020 at the call.
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

            // Written by hand: its gradient knows nothing of what y held before.
            [Differentiable]
            public static void Bump(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] = y[j] + x[j]; }
            public static void BumpGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY)
            {
                for (int j = 0; j < y.Length; j++) { y[j] = y[j] + x[j]; dX[j] += dY[j]; }
            }

            // Written by hand, and only writes.
            [Differentiable]
            public static void Copy(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] = x[j]; }
            public static void CopyGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY)
            {
                for (int j = 0; j < y.Length; j++) { y[j] = x[j]; dX[j] += dY[j]; }
            }

        """;

    private static GeneratorRun RunMembers(string members) => GeneratorHarness.Run(Prelude + members + "\n}\n");

    public static TheoryData<string, string> Errors => new()
    {
        { "after the array was written", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; for (int j = 0; j < y.Length; j++) y[j] = x[j]; Bump(x, y); return y[0]; }" },
        { "in a loop, whose earlier pass wrote the array", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; for (int p = 0; p < 2; p++) { Bump(x, y); y[0] = x[0]; } return y[0]; }" },
        { "the caller's own output, written first", "[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) { y[0] = x[0]; Bump(x, y); }" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void An_array_holding_a_derivative_passed_to_a_hand_written_reading_callee_is_DG0020(string shape, string members)
    {
        var run = RunMembers(members);
        var error = Assert.Single(run.DG);
        Assert.True(error.Id == "DG0020", $"{shape}: expected DG0020; the generator reported:\n{GeneratorHarness.Describe(run.DG)}");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("y", run.TextAt(error));
        Assert.Matches(@"^'y' already holds values that carry a derivative, and '[^']*Bump\([^']*\)', whose derivative is written by hand, may read its output 'y' before writing it", error.GetMessage());
        Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("C.F_", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> NotErrors => new()
    {
        { "a generated callee that reads the written array", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; for (int j = 0; j < y.Length; j++) y[j] = x[j]; ScaleInPlace(x, y); return y[0]; }" },
        { "a generated callee that accumulates", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; AddInto(x, y); return y[0]; }" },
        { "a fresh array to a hand-written reading callee", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; Bump(x, y); return y[0]; }" },
        { "a written array to a hand-written callee that only writes", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; Copy(x, y); return y[0]; }" },
        { "an array written with constants only", "[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = 1; Bump(x, y); return y[0]; }" },
        { "the caller's own output, unwritten", "[Differentiable] public static void F(ReadOnlySpan<double> x, Span<double> y) => Bump(x, y);" },
    };

    [Theory]
    [MemberData(nameof(NotErrors))]
    public void Generated_callees_fresh_arrays_and_writing_callees_stay_quiet(string shape, string members)
    {
        var run = RunMembers(members);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, $"{shape}:\n{run.Describe()}");
    }

    [Fact]
    public void A_generated_callee_gets_its_callers_overload_and_callers_use_it()
    {
        var run = RunMembers("[Differentiable] public static double F(double[] x) { var y = new double[x.Length]; y[0] = x[0]; AddInto(x, y); return y[0]; }");
        Assert.Contains("Span<double> dYBefore", run.Source("C.AddInto_"), StringComparison.Ordinal);
        string caller = run.Source("C.F_");
        // The callee's value is computed once, by its Primal; its Pullback runs none of it again, on no copy of y.
        Assert.Matches(@"AddIntoPrimal\(x, y\);", caller);
        Assert.Matches(@"AddIntoPullback\(x, y, dX, (_d_\w+), \1\);", caller);
        Assert.DoesNotMatch(@"AddIntoGradient\(|_rerun", caller);
    }
}
