namespace DiffGen.CodeFixes.Tests;

/// <summary>DG0001: the fix declares the type partial, and every type around it that is not.</summary>
public class MakePartialTests
{
    [Fact]
    public Task Adds_partial_after_the_other_modifiers()
        => CodeFixTest<MakePartialCodeFixProvider>.RunAsync("""
            using DiffGen;

            public static class {|DG0001:Model|}
            {
                [Differentiable]
                public static double Loss(double w) => (w - 4) * (w - 4);
            }
            """, """
            using DiffGen;

            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double w) => (w - 4) * (w - 4);
            }
            """);

    [Fact]
    public Task Adds_partial_to_a_type_without_modifiers_keeping_its_comments()
        => CodeFixTest<MakePartialCodeFixProvider>.RunAsync("""
            namespace Models
            {
                // The model.
                struct {|DG0001:Model|}
                {
                    [DiffGen.Differentiable]
                    public static double Loss(double w) => w * w;
                }
            }
            """, """
            namespace Models
            {
                // The model.
                partial struct Model
                {
                    [DiffGen.Differentiable]
                    public static double Loss(double w) => w * w;
                }
            }
            """);

    private const string Nested = """
        using DiffGen;

        public class {|DG0001:Outer|}
        {
            public static class {|DG0001:Inner|}
            {
                [Differentiable]
                public static double Loss(double w) => w * w;
            }
        }
        """;

    private const string NestedFixed = """
        using DiffGen;

        public partial class Outer
        {
            public static partial class Inner
            {
                [Differentiable]
                public static double Loss(double w) => w * w;
            }
        }
        """;

    /// <summary>Fixing Outer's diagnostic first leaves Inner's: two fixes one at a time, one pass of Fix All.</summary>
    [Fact]
    public Task Every_enclosing_type_that_is_not_partial_is_reported_and_fixed()
        => CodeFixTest<MakePartialCodeFixProvider>.RunAsync(Nested, NestedFixed, iterations: 2);

    /// <summary>Fixing the inner type's diagnostic makes the outer type partial too (one light-bulb action suffices).</summary>
    [Fact]
    public async Task The_fix_on_a_nested_type_makes_its_enclosing_types_partial()
        => Assert.Equal(NestedFixed, await CodeFixTest<MakePartialCodeFixProvider>.FixOneAsync(Nested, "DG0001", at: "Inner"));

    [Fact]
    public Task Fix_all_makes_every_type_of_the_document_partial()
        => CodeFixTest<MakePartialCodeFixProvider>.RunAsync("""
            using DiffGen;

            public static class {|DG0001:A|}
            {
                [Differentiable] public static double F(double x) => x * x;
            }

            public record {|DG0001:B|}
            {
                [Differentiable] public static double G(double x) => x * 3;
            }

            public static partial class C
            {
                [Differentiable] public static double H(double x) => x + 1;
            }
            """, """
            using DiffGen;

            public static partial class A
            {
                [Differentiable] public static double F(double x) => x * x;
            }

            public partial record B
            {
                [Differentiable] public static double G(double x) => x * 3;
            }

            public static partial class C
            {
                [Differentiable] public static double H(double x) => x + 1;
            }
            """);
}
