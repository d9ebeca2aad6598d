namespace DiffGen.Generator.Tests;

/// <summary>
/// Which loops the generated code runs with <c>Vector&lt;T&gt;</c> (<c>Analysis/LoopVectorizer.cs</c>), read off the
/// generated Tangent: element-wise loops of exact arithmetic, and not what would round differently or read what another
/// lane stores. The end-to-end tests (ElementWiseTests) check the numbers, bit for bit.
/// </summary>
public class VectorizationTests
{
    private static string Tangent(string loopBody, string parameters = "ReadOnlySpan<double> x, double a, Span<double> y")
    {
        var run = GeneratorHarness.Run($$"""
            using System;
            using DiffGen;
            public static partial class C
            {
                [Differentiable]
                public static void F({{parameters}})
                {
                    for (int i = 0; i < y.Length; i++) { {{loopBody}} }
                }
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        var source = run.Source("C.F");
        int start = source.IndexOf("FTangent(", StringComparison.Ordinal);
        int end = source.IndexOf("[global::", start, StringComparison.Ordinal);
        return source[start..(end < 0 ? source.Length : end)];
    }

    [Theory]
    [InlineData("y[i] = a * x[i] - x[i] / a;")]
    [InlineData("y[i] = Math.Sqrt(Math.Abs(x[i])) + 1;")]
    [InlineData("y[i] = -x[i];")]
    [InlineData("y[i] = Math.Abs(x[i]) * a;")]                             // its tangent selects per lane
    public void Element_wise_exact_arithmetic_is_vectorized(string body)
    {
        var tangent = Tangent(body);
        Assert.Contains("global::System.Numerics.Vector<double>", tangent, StringComparison.Ordinal);
        // The rest of the elements, one at a time.
        Assert.Contains("for (; i < y.Length; i++)", tangent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("y[i] = Math.Exp(x[i]);")]                                 // a vector exp rounds differently
    [InlineData("y[i] = x[i + 1] - x[i];", "ReadOnlySpan<double> x, Span<double> y")]   // y may overlap x
    [InlineData("s += x[i]; y[i] = s;", "ReadOnlySpan<double> x, double s, Span<double> y")] // a running sum
    [InlineData("y[i] = x[i]; y[0] = a;")]                                 // y stored at two places
    [InlineData("y[i] = x[i] > a ? x[i] : a * x[i];")]                     // a branch of the user's
    public void Loops_that_would_round_differently_or_overlap_stay_scalar(string body, string parameters = "ReadOnlySpan<double> x, double a, Span<double> y")
        => Assert.DoesNotContain("Numerics.Vector<", Tangent(body, parameters), StringComparison.Ordinal);
}
