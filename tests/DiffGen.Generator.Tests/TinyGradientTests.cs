namespace DiffGen.Generator.Tests;

/// <summary>
/// What makes the gradient of a tiny method cost what the hand-written one costs (issue 13; docs/generator.md, Emit):
/// real out parameters are worked on in locals and stored once, tiny gradients are inlined by the JIT, and the unit-seed
/// overload of a tiny seeded body is a copy of it with seed 1 rather than a call. Read off the generated source, and run.
/// </summary>
public class TinyGradientTests
{
    private const string Source = """
        using System;
        using DiffGen;
        public static partial class M
        {
            [Differentiable]
            public static double Rosenbrock(double x, double y)
            {
                double a = y - x * x;
                double b = 1 - x;
                return 100 * a * a + b * b;
            }

            [Differentiable]
            public static double OnArray(double[] x)
            {
                double a = x[1] - x[0] * x[0];
                return a * a + x[0];
            }

            [Differentiable]
            public static double Horner(double[] c, double t)
            {
                double r = 0;
                for (int i = 0; i < c.Length; i++) r = r * t + c[i];
                return r;
            }
        }
        """;

    private const string Inlined = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    private static GeneratorRun Run()
    {
        var run = GeneratorHarness.Run(Source);
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        return run;
    }

    /// <summary>The text of the first method whose declaration starts with <paramref name="signature"/>, its attributes included.</summary>
    private static string Method(string source, string signature)
    {
        int start = source.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {signature} in:\n{source}");
        int attributes = source.LastIndexOf("</summary>", start, StringComparison.Ordinal);
        int end = source.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        return source[attributes..end];
    }

    [Fact]
    public void A_tiny_gradient_is_inlined_and_stores_each_out_parameter_once()
    {
        var gradient = Method(Run().Source("M.Rosenbrock"), "public static double RosenbrockGradient(");
        Assert.Contains(Inlined, gradient, StringComparison.Ordinal);
        // dX is zeroed, set and added into in a local; the parameter is assigned once, at the end.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(gradient, @"\bdX (=|\+=|-=) "));
        Assert.Contains("dX = _dX;", gradient, StringComparison.Ordinal);
        Assert.Contains("dY = _dY;", gradient, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unit_seed_overload_of_a_tiny_body_is_the_body_with_seed_one_and_one_with_a_loop_calls_the_seeded_one()
    {
        var run = Run();
        var onArray = Method(run.Source("M.OnArray"), "public static double OnArrayGradient(double[] x, global::System.Span<double> dX)");
        Assert.Contains(Inlined, onArray, StringComparison.Ordinal);
        Assert.Contains("seed = 1d;", onArray, StringComparison.Ordinal);
        Assert.DoesNotContain("return OnArrayGradient(", onArray, StringComparison.Ordinal);
        var seeded = Method(run.Source("M.OnArray"), "public static double OnArrayGradient(double[] x, double seed,");
        Assert.DoesNotContain(Inlined, seeded, StringComparison.Ordinal);

        var horner = Method(run.Source("M.Horner"), "public static double HornerGradient(double[] c, double t, global::System.Span<double> dC, out double dT)");
        Assert.Contains(Inlined, horner, StringComparison.Ordinal);
        Assert.Contains("return HornerGradient(c, t, 1d, dC, out dT);", horner, StringComparison.Ordinal);
        var hornerSeeded = Method(run.Source("M.Horner"), "public static double HornerGradient(double[] c, double t, double seed,");
        Assert.DoesNotContain(Inlined, hornerSeeded, StringComparison.Ordinal);
    }

    [Fact]
    public void The_copied_unit_seed_body_gives_the_seeded_overloads_bits_at_seed_one()
    {
        var type = GeneratorHarness.Load(Run()).GetType("M")!;
        var plain = type.GetMethod("OnArrayGradient", [typeof(double[]), typeof(Span<double>)])!;
        var seeded = type.GetMethod("OnArrayGradient", [typeof(double[]), typeof(double), typeof(Span<double>)])!;
        double[] x = [-1.2, 1.0];
        // Spans cannot be boxed for reflection: call through delegates.
        var plainCall = plain.CreateDelegate<Plain>();
        var seededCall = seeded.CreateDelegate<Seeded>();
        double[] g = [0.25, -0.5], h = [0.25, -0.5];
        double value = plainCall(x, g), seededValue = seededCall(x, 1, h);
        Assert.Equal(BitConverter.DoubleToInt64Bits(seededValue), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(h, g);
        // ∂/∂x0 = 2a·(−2·x0) + 1, ∂/∂x1 = 2a, added into what the buffer held.
        double a = x[1] - x[0] * x[0];
        Assert.Equal(0.25 + 2 * a * (-2 * x[0]) + 1, g[0], 12);
        Assert.Equal(-0.5 + 2 * a, g[1], 12);
    }

    private delegate double Plain(double[] x, Span<double> dX);

    private delegate double Seeded(double[] x, double seed, Span<double> dX);
}
