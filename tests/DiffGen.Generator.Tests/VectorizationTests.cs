namespace DiffGen.Generator.Tests;

/// <summary>
/// Which loops the generated code runs with <c>Vector&lt;T&gt;</c> (<c>Analysis/LoopVectorizer.cs</c>), read off the
/// generated Tangent: element-wise loops of exact arithmetic, and not what would round differently or read what another
/// lane stores. The end-to-end tests (ElementWiseTests) check the numbers, bit for bit.
/// </summary>
public class VectorizationTests
{
    private static string Tangent(string loopBody, string parameters = "ReadOnlySpan<double> x, double a, Span<double> y")
        => Method($"public static void F({parameters}) {{ for (int i = 0; i < y.Length; i++) {{ {loopBody} }} }}", "FTangent");

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

    /// <summary>The generated method that starts with <paramref name="name"/>, up to the next one.</summary>
    private static string Method(string method, string name)
        => GeneratorHarness.RunClean("[Differentiable] " + method).MethodText("C.F", name.Contains('(', StringComparison.Ordinal) ? name : name + "(");

    [Theory]
    [InlineData("s += x[i] * w[i];")]                                       // s = s + t
    [InlineData("s = s - x[i] * w[i];")]
    [InlineData("double a = x[i + 1] - w[i]; s += a * a;")]                // two bases of reads
    public void Sums_add_the_lanes_in_the_loops_order(string body)
    {
        string method = $"public static double F(double[] x, double[] w) {{ double s = 0; for (int i = 0; i + 1 < x.Length; i++) {{ {body} }} return s; }}";
        var tangent = Method(method, "FTangent");
        Assert.Contains("global::System.Numerics.Vector<double>", tangent, StringComparison.Ordinal);
        // The value and its tangent: lane after lane into the sums, as the scalar loop adds.
        Assert.Matches(@"for \(int _lane = 0; _lane < global::System\.Numerics\.Vector<double>\.Count; _lane\+\+\)\s*\{\s*s = s [+-] _v\w*\[_lane\];", tangent);
        Assert.Matches(@"_d_s = _d_s [+-] _v\w*\[_lane\];", tangent);
    }

    [Fact]
    public void A_gradients_primal_sweep_adds_its_sums_lane_by_lane_too()
    {
        // Its adjoint sweep runs downwards, where sums stay scalar; a loop that saves values for the adjoint stays scalar.
        string method = "public static double F(double[] x, double[] w) { double s = 0; for (int i = 0; i < x.Length; i++) { s += x[i] * w[i]; } return s * s; }";
        Assert.Matches(@"s = s \+ _v\w*\[_lane\];", Method(method, "FGradient(double[] x, double[] w, double seed"));
    }

    [Theory]
    [InlineData("s += x[i]; t += s * w[i];")]                               // s read by the loop
    [InlineData("s += x[i]; s += w[i];")]                                   // added into twice
    [InlineData("s *= x[i];")]                                              // a product
    [InlineData("s = x[i] - s;")]                                           // not s ± e
    [InlineData("s += Math.Exp(x[i]);")]                                    // a vector exp rounds differently
    public void Sums_that_would_round_differently_stay_scalar(string body)
    {
        string method = $"public static double F(double[] x, double[] w) {{ double s = 1, t = 0; for (int i = 0; i < x.Length; i++) {{ {body} }} return s + t; }}";
        Assert.DoesNotContain("Numerics.Vector<", Method(method, "FTangent"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_index_and_an_element_fixed_in_the_loop_are_vectorized()
    {
        // ADBench GMM's triangle: p[j] += l[li]·c[i], li counting along.
        const string method = """
            public static double F(double[] l, double[] c)
            {
                var p = new double[c.Length];
                int li = 0;
                for (int i = 0; i < c.Length; i++)
                {
                    for (int j = i + 1; j < c.Length; j++)
                    {
                        p[j] += l[li] * c[i];
                        li++;
                    }
                }
                return p[c.Length - 1];
            }
            """;
        var tangent = Method(method, "FTangent");
        Assert.Contains("li = li + global::System.Numerics.Vector<double>.Count;", tangent, StringComparison.Ordinal);
        Assert.Matches(@"new global::System\.Numerics\.Vector<double>\(l, li\)", tangent);
        Assert.Matches(@"new global::System\.Numerics\.Vector<double>\(c\[i\]\)", tangent);
    }

    [Theory]
    [InlineData("y[i] = x[k] * a; k++; y[i] += x[k];")]                    // the index read after its step
    [InlineData("y[i] = x[k] * a; k += 2;")]                                // a step of two
    [InlineData("y[i] = y[k] * a + x[i];")]                                 // an element of the array the loop stores
    [InlineData("y[i] = x[k] * a + x[i];")]                                 // x may be y
    public void Running_indices_and_fixed_elements_that_would_read_the_wrong_element_stay_scalar(string body)
    {
        string method = $"public static void F(ReadOnlySpan<double> x, double a, Span<double> y) {{ int k = 0; for (int i = 0; i < y.Length; i++) {{ {body} }} }}";
        Assert.DoesNotContain("Numerics.Vector<", Method(method, "FTangent"), StringComparison.Ordinal);
    }
}
