using System.Text.RegularExpressions;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Which loops reverse mode fuses (each pass's adjoint right after the pass, <c>Analysis/LoopFusion.cs</c>): read off
/// the generated seeded Gradient. A fused loop sets its accumulator's adjoint from the seed before the primal sweep's
/// loop and leaves no loop for the adjoint sweep. The end-to-end tests check the numbers of the same shapes.
/// </summary>
public class LoopFusionTests
{
    private static string SeededGradient(string members)
    {
        var run = GeneratorHarness.Run("using System;\nusing DiffGen;\npublic static partial class C\n{\n" + members + "\n}\n");
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        var source = run.Source("C.F");
        int start = source.IndexOf("double seed", StringComparison.Ordinal);
        Assert.True(start >= 0, source);
        // Up to the next generated method (or the end of a try block's body).
        int end = new[] { source.IndexOf("finally", start, StringComparison.Ordinal), source.IndexOf("[global::", start, StringComparison.Ordinal) }
            .Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        return end < 0 ? source[start..] : source[start..end];
    }

    private static bool IsFused(string gradient)
    {
        int adjointSweep = gradient.IndexOf("// Adjoint sweep", StringComparison.Ordinal);
        var primal = gradient[..adjointSweep];
        var adjoint = gradient[adjointSweep..];
        return Regex.IsMatch(primal, @"_d_\w+ = -?seed;") && !adjoint.Contains("for (", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s += x[i] * x[i];", "return s;")]
    [InlineData("s += Math.Sin(x[i]);", "return 2.0 - s;")]
    [InlineData("s -= Math.Exp(x[i]) * c;", "return -(c + s);")]
    [InlineData("if (x[i] > c) s += x[i]; else s += c * x[i];", "return s;")]
    public void A_sum_reaching_the_result_through_sums_and_differences_is_fused(string pass, string ret)
    {
        var gradient = SeededGradient($$"""
            [Differentiable]
            public static double F(double[] x, double c)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) { {{pass}} }
                {{ret}}
            }
            """);
        Assert.True(IsFused(gradient), gradient);
    }

    [Fact]
    public void Scratch_arrays_each_pass_stores_in_full_before_reading_are_fused()
    {
        var gradient = SeededGradient("""
            [Differentiable]
            public static double F(double[] w, double[] x, int width)
            {
                int passes = x.Length / width;
                var h = new double[width];
                double total = 0;
                for (int p = 0; p < passes; p++)
                {
                    for (int j = 0; j < width; j++) h[j] = w[j] * x[p * width + j];
                    for (int i = 0; i < width; i++)
                        for (int j = i + 1; j < width; j++) h[j] += w[i] * h[i];
                    double q = 0;
                    for (int j = 0; j < width; j++) q += h[j] * h[j];
                    total += Math.Log(q + 1);
                }
                return total;
            }
            """);
        Assert.True(IsFused(gradient), gradient);
        // Within a pass, nothing earlier passes' adjoints need: the per-pass sum q is not pushed.
        Assert.DoesNotContain("Push(q)", gradient, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h = Math.Tanh(h + x[i]); s += h;", "return s;")]          // state carried from pass to pass
    [InlineData("s += Math.Sin(x[i]);", "return s * s;")]                  // the sum's adjoint needs the whole loop
    [InlineData("s += h * x[i];", "h = c * c; return s + h;")]             // reassigned after the loop
    [InlineData("s += x[i]; h += s;", "return h;")]                        // an accumulator read in the loop
    [InlineData("s += x[i] * x[i];", "return s + h * s;")]                 // the sum read twice after the loop
    public void Loops_whose_passes_depend_on_each_other_are_not_fused(string pass, string ret)
    {
        var gradient = SeededGradient($$"""
            [Differentiable]
            public static double F(double[] x, double c)
            {
                double s = 0, h = c;
                for (int i = 0; i < x.Length; i++) { {{pass}} }
                {{ret}}
            }
            """);
        Assert.False(IsFused(gradient), gradient);
    }

    [Theory]
    [InlineData("last[0] = x[i]; s += last[0] * x[i];", false)]             // stored before read, but not by a covering loop
    [InlineData("s += last[0] * x[i]; last[0] = x[i];", false)]             // reads what the pass before stored
    public void Arrays_written_in_the_loop_must_be_covered_in_every_pass(string pass, bool fused)
    {
        var gradient = SeededGradient($$"""
            [Differentiable]
            public static double F(double[] x, double c)
            {
                var last = new double[1];
                double s = 0;
                for (int i = 0; i < x.Length; i++) { {{pass}} }
                return s;
            }
            """);
        Assert.Equal(fused, IsFused(gradient));
    }

    [Fact]
    public void Counted_loops_reserve_their_pushes_unless_whole_arrays_share_the_stack()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class C
            {
                [Differentiable]
                public static void Layer(ReadOnlySpan<double> x, Span<double> y)
                {
                    for (int j = 0; j < y.Length; j++) y[j] = Math.Tanh(x[j]);
                }

                [Differentiable]
                public static double F(double[] x)
                {
                    var y = new double[x.Length];
                    double scale = 1, s = 0;
                    for (int pass = 0; pass < 3; pass++)
                    {
                        Layer(x, y);
                        scale = Math.Sin(scale * y[0]);
                        for (int j = 0; j < y.Length; j++) s += scale * y[j] * y[j];
                    }
                    double r = 0;
                    for (int i = 0; i < x.Length; i++) r = Math.Cos(r + x[i]);
                    return s * s + r;
                }
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        var source = run.Source("C.F");
        var gradient = source[source.IndexOf("double seed", StringComparison.Ordinal)..];
        // The second loop pushes r alone: room for all its passes first, then no check in the loop.
        Assert.Contains("_stack_double = global::DiffGen.CompilerServices.ValueStack<double>.Reserve(_stack_double, _stack_double_top, ((long)(x.Length) - (long)(0)));", gradient, StringComparison.Ordinal);
        // The first saves whole arrays on the same stack: its pushes keep their checks.
        Assert.Contains("PushAll(", gradient, StringComparison.Ordinal);
        int firstLoop = gradient.IndexOf("for (pass = 0", StringComparison.Ordinal);
        int secondLoop = gradient.IndexOf("for (i = 0", StringComparison.Ordinal);
        Assert.Contains(".Grow(", gradient[firstLoop..secondLoop], StringComparison.Ordinal);
    }
}
