using System.Text.RegularExpressions;

namespace DiffGen.Generator.Tests;

/// <summary>
/// What the emitter does around loops for the JIT's sake (docs/generator.md, Emit), read off the generated Gradient:
/// one value-stack reservation per pass of an outer loop for everything its inner loops push, element reads that every
/// pass makes alike read once before the loop, and short straight-line methods marked for inlining. The end-to-end
/// tests (GMM, LSTM, the corpus) check the numbers.
/// </summary>
public class LoopCodeTests
{
    private static string Gradient(string body, string parameters = "double[] x, double[] w, int n")
        => GeneratorHarness.RunClean($"[Differentiable] public static double F({parameters}) {{ {body} }}")
            .MethodText("C.F", "FGradient(double[] x, double[] w, int n, double seed");

    // Per pass of j: n values of e pushed by the inner loop, one of t: all reserved at the top of j's pass.
    private const string NestedPushes = """
        double y = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double e = Math.Exp(w[i] * x[j]);
                s += e * e;
            }
            double t = Math.Sin(s);
            y += t * t;
        }
        return y;
        """;

    [Fact]
    public void An_outer_loop_reserves_its_inner_loops_pushes_once_per_pass()
    {
        var gradient = Gradient(NestedPushes);
        var reserves = Regex.Matches(gradient, @"ValueStack<double>\.Reserve\(").Count;
        Assert.True(reserves == 1, gradient);
        // The reservation is inside j's loop, before the inner loop, and covers it: the inner pushes have no check.
        int outer = gradient.IndexOf("for (j = 0; j < n; j++)", StringComparison.Ordinal);
        int reserve = gradient.IndexOf("Reserve(", StringComparison.Ordinal);
        int inner = gradient.IndexOf("for (i = 0; i < x.Length; i++)", StringComparison.Ordinal);
        Assert.True(outer < reserve && reserve < inner, gradient);
        Assert.DoesNotContain("Grow(", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_loops_whose_bounds_the_pass_changes_reserve_for_themselves()
    {
        // i's bound m is assigned in j's pass: the count is not known at the top of the pass.
        var gradient = Gradient(NestedPushes.Replace("int i = 0; i < x.Length; i++", "int i = 0; i < m; i++")
            .Replace("double s = 0;", "double s = 0; int m = j % x.Length + 1;"));
        int inner = gradient.IndexOf("for (i = 0; i < m; i++)", StringComparison.Ordinal);
        Assert.True(inner >= 0, gradient);
        int reserve = gradient.LastIndexOf("Reserve(", inner, StringComparison.Ordinal);
        int outer = gradient.IndexOf("for (j = 0; j < n; j++)", StringComparison.Ordinal);
        Assert.True(reserve > outer && gradient.IndexOf("m", reserve, StringComparison.Ordinal) < inner, gradient);
    }

    [Fact]
    public void An_element_every_pass_reads_alike_is_read_once_before_the_loop()
    {
        var gradient = Gradient("""
            double y = 0;
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    y += Math.Exp(w[i]) * x[j];
                }
            }
            return y;
            """);
        // x[j] in the inner loop (scalar: Math.Exp has no exact vector form), primal and adjoint: a local, read
        // under the loop's first test.
        Assert.Matches(@"if \(0 < x\.Length\) _invx\w* = x\[j\];", gradient);
        int inner = gradient.IndexOf("for (i = 0; i < x.Length; i++)", StringComparison.Ordinal);
        int close = gradient.IndexOf('}', inner);
        Assert.DoesNotContain("x[j]", gradient[inner..close], StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_of_an_array_the_loop_writes_stays_in_the_loop()
    {
        var gradient = Gradient("""
            var h = new double[x.Length];
            double y = 0;
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < x.Length; i++)
                {
                    h[i] = w[i] * h[0] + x[j];
                }
                y += h[x.Length - 1];
            }
            return y;
            """);
        Assert.DoesNotContain("_invh", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tiny_tangent_is_marked_for_inlining_and_one_with_a_loop_is_not()
    {
        var run = GeneratorHarness.RunClean("""
            [Differentiable]
            public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

            [Differentiable]
            public static double Sum(double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += Sigmoid(x[i]);
                return s;
            }
            """);
        const string inline = "MethodImplOptions.AggressiveInlining)]\n    public static double ";
        var sigmoid = run.Source("C.Sigmoid").ReplaceLineEndings("\n");
        Assert.True(sigmoid.Contains(inline + "SigmoidTangent(", StringComparison.Ordinal), sigmoid);
        Assert.True(sigmoid.Contains(inline + "SigmoidGradient(double x, out double dX)", StringComparison.Ordinal), sigmoid);
        var sum = run.Source("C.Sum").ReplaceLineEndings("\n");
        Assert.True(sum.Contains("public static double SumTangent(", StringComparison.Ordinal), sum);
        Assert.False(sum.Contains(inline + "SumTangent(", StringComparison.Ordinal), sum);
    }

    [Fact]
    public void A_value_an_inner_loop_carries_from_pass_to_pass_has_a_local_of_the_loops_own()
    {
        // li and the sum are carried by the scalar inner loop (Math.Exp keeps it scalar): copied into the loop's own
        // locals before it and back after it, primal and adjoint alike.
        var gradient = Gradient("""
            double y = 0;
            int li = 0;
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += Math.Exp(w[li] * x[i]);
                    li++;
                }
                y += s * x[j];
            }
            return y;
            """);
        Assert.Matches(@"int _rli = li;", gradient);
        Assert.Matches(@"li = _rli;", gradient);
        int inner = gradient.IndexOf("for (i = 0; i < x.Length; i++)", StringComparison.Ordinal);
        int close = gradient.IndexOf('}', inner);
        Assert.DoesNotMatch(@"\bli\b", gradient[inner..close]);
    }
}
