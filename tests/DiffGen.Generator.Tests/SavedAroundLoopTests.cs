namespace DiffGen.Generator.Tests;

/// <summary>
/// Variables assigned in an inner loop whose value only adjoints after the loop read (<c>Analysis/SavedAroundLoops.cs</c>):
/// reverse mode saves them once per outer pass, not once per inner pass. Read off the generated seeded Gradient; the
/// end-to-end tests (SavedAroundLoopTests) check the numbers.
/// </summary>
public class SavedAroundLoopTests
{
    /// <summary>Issue 13's dense layer (the read-out in a loop of its own, so that reverse mode does not fuse the layer's loop).</summary>
    private static string Gradient(string innerBody, string after, string declarations = "float s = b[j];")
    {
        return GeneratorHarness.RunClean($$"""
            [Differentiable]
            public static float F(float[] w, float[] b, [NoDiff] float[] x, [NoDiff] float[] c, int nIn, int nOut)
            {
                float[] h = new float[nOut];
                for (int j = 0; j < nOut; j++)
                {
                    {{declarations}}
                    for (int i = 0; i < nIn; i++) { {{innerBody}} }
                    h[j] = {{after}};
                }
                float loss = 0f;
                for (int j = 0; j < nOut; j++) loss += h[j] * c[j];
                return loss;
            }
            """).MethodText("C.F", "float seed,");
    }

    /// <summary>The primal sweep's inner loop: from its header to the Max after it.</summary>
    private static string PrimalInnerLoop(string gradient)
    {
        // The primal sweep's inner loop: its vector passes (a sum added lane by lane) and its scalar passes.
        int start = gradient.IndexOf("i = 0;", StringComparison.Ordinal);
        Assert.True(start >= 0, gradient);
        int end = gradient.IndexOf("Math.Max(", start, StringComparison.Ordinal);
        Assert.True(end > start, gradient);
        return gradient[start..end];
    }

    [Fact]
    public void Dense_layer_accumulator_is_saved_once_per_unit()
    {
        var gradient = Gradient("s += w[j * nIn + i] * x[i];", "Math.Max(s, 0f)");
        Assert.DoesNotContain("_top++", PrimalInnerLoop(gradient), StringComparison.Ordinal);
        // One push per unit (s's value from the unit before, overwritten by s = b[j]), reserved with the outer loop.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(gradient, @"_top\+\+\] = s;"));
        // The adjoint's row update reads no s and nothing of the inner pass: it runs Vector<float>.Count lanes.
        Assert.Contains("global::System.Numerics.Vector<float>", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accumulator_read_inside_the_loop_is_still_saved_per_pass()
    {
        // t's adjoint reads s in every pass: s is saved before each overwrite, as before.
        var gradient = Gradient("s += w[j * nIn + i] * x[i]; t += s * s;", "Math.Max(s, 0f) + t", "float s = b[j], t = 0f;");
        // (s itself or the inner loop's own local for it: LoopCodeTests)
        Assert.Matches(@"_top\+\+\] = (s|_rs);", PrimalInnerLoop(gradient));
    }

    [Fact]
    public void The_value_before_the_loop_is_saved_once_when_an_earlier_adjoint_reads_it()
    {
        var gradient = GeneratorHarness.RunClean("""
            [Differentiable]
            public static double F(double[] w, double[] x)
            {
                double s = x[0] * w[0];
                double q = Math.Cos(s);
                for (int i = 0; i < x.Length; i++) s = s * 0.75 + w[i] * x[i];
                return q * s * s;
            }
            """).MethodText("C.F", "double seed,");
        // No value stack at all: the value Cos reads is kept in a local before the loop and put back after its adjoint.
        Assert.DoesNotContain("_stack_double", gradient, StringComparison.Ordinal);
        Assert.Contains("_s0 = s;", gradient, StringComparison.Ordinal);
        Assert.Contains("s = _s0;", gradient, StringComparison.Ordinal);
    }
}
