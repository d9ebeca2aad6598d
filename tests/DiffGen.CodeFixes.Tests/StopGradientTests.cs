namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// DG0010 (a call without derivative receives a varied value) and DG0017 (a varied value passed to a [NoDiff]
/// parameter): the fix wraps the varied arguments in DiffMath.StopGradient; the fixed code has no diagnostic left.
/// </summary>
public class StopGradientTests
{
    private const string Helpers = """
            public static double Helper(double v) => v * v;
            public static double Helper2(double v, double w) => v * w;

            [Differentiable]
            public static double Scale(double a, [NoDiff] double factor) => a * factor;
        """;

    private static string Model(string members) => $$"""
        using DiffGen;

        public static partial class Model
        {
        {{Helpers}}

        {{members}}
        }
        """;

    [Fact]
    public Task Wraps_the_argument_of_a_call_without_derivative()
        => CodeFixTest<StopGradientCodeFixProvider>.RunAsync(
            Model("    [Differentiable] public static double F(double x) => {|DG0010:Helper(x)|} * x;"),
            Model("    [Differentiable] public static double F(double x) => Helper(DiffMath.StopGradient(x)) * x;"));

    [Fact]
    public async Task The_action_names_the_arguments_it_wraps()
        => Assert.Equal(
            Model("    [Differentiable] public static double F(double x, double y) => Helper2(DiffMath.StopGradient(x), DiffMath.StopGradient(y * 2));"),
            await CodeFixTest<StopGradientCodeFixProvider>.FixOneAsync(
                Model("    [Differentiable] public static double F(double x, double y) => Helper2(x, y * 2);"), "DG0010", at: "Helper2(x, y * 2)",
                title: "Wrap the arguments 'x', 'y * 2' in DiffMath.StopGradient"));

    [Fact]
    public Task Wraps_only_the_varied_arguments()
        => CodeFixTest<StopGradientCodeFixProvider>.RunAsync(
            Model("    [Differentiable] public static double F(double x, [NoDiff] double c) { double y = {|DG0010:Helper2(c * 2, x + 1)|}; return y; }"),
            Model("    [Differentiable] public static double F(double x, [NoDiff] double c) { double y = Helper2(c * 2, DiffMath.StopGradient(x + 1)); return y; }"));

    [Fact]
    public Task Wraps_a_value_passed_to_a_NoDiff_parameter()
        => CodeFixTest<StopGradientCodeFixProvider>.RunAsync(
            Model("    [Differentiable] public static double F(double x) => Scale(x, {|DG0017:x * 3|});"),
            Model("    [Differentiable] public static double F(double x) => Scale(x, DiffMath.StopGradient(x * 3));"));

    [Fact]
    public Task Adds_using_DiffGen_when_it_is_not_in_scope()
        => CodeFixTest<StopGradientCodeFixProvider>.RunAsync("""
            using System;

            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double F(double x) => {|DG0010:Math.ReciprocalEstimate(x)|} + x;
            }
            """, """
            using System;
            using DiffGen;

            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double F(double x) => Math.ReciprocalEstimate(DiffMath.StopGradient(x)) + x;
            }
            """);

    [Fact]
    public Task Fix_all_wraps_every_call_of_the_document()
        => CodeFixTest<StopGradientCodeFixProvider>.RunAsync(
            Model("""
                    [Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) s += {|DG0010:Helper(x * i)|}; return s; }
                    [Differentiable] public static double G(double x, double y) => {|DG0010:Helper2(x, y)|} + Scale(y, {|DG0017:x|});
                """),
            Model("""
                    [Differentiable] public static double F(double x) { double s = 0; for (int i = 0; i < 3; i++) s += Helper(DiffMath.StopGradient(x * i)); return s; }
                    [Differentiable] public static double G(double x, double y) => Helper2(DiffMath.StopGradient(x), DiffMath.StopGradient(y)) + Scale(y, DiffMath.StopGradient(x));
                """));
}
