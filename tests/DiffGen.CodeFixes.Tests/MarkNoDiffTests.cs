namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// DG0004 (a parameter of a type DiffGen cannot differentiate) and DG0018 (a span output of a method that returns a
/// value): the fix marks the parameter [NoDiff], adding <c>using DiffGen;</c> when DiffGen is not in scope.
/// </summary>
public class MarkNoDiffTests
{
    [Fact]
    public Task Marks_a_parameter_of_an_unsupported_type()
        => CodeFixTest<MarkNoDiffCodeFixProvider>.RunAsync("""
            using System.Collections.Generic;
            using DiffGen;

            public static partial class Model
            {
                [Differentiable]
                public static double Scale(double x, List<double> {|DG0004:history|}) => x * 2;
            }
            """, """
            using System.Collections.Generic;
            using DiffGen;

            public static partial class Model
            {
                [Differentiable]
                public static double Scale(double x, [NoDiff] List<double> history) => x * 2;
            }
            """);

    [Fact]
    public Task Marks_a_span_of_a_method_that_returns_a_value_and_adds_the_using()
        => CodeFixTest<MarkNoDiffCodeFixProvider>.RunAsync("""
            using System;

            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double x, Span<double> {|DG0018:scratch|}) => x * x;
            }
            """, """
            using System;
            using DiffGen;

            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double x, [NoDiff] Span<double> scratch) => x * x;
            }
            """);

    /// <summary>A model whose Scale takes x, <paramref name="history"/> and <paramref name="tag"/>, one a line.</summary>
    private static string Wrapped(string history, string tag) => $$"""
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using DiffGen;

        public static partial class Model
        {
            [Differentiable]
            public static double Scale(
                double x,
                {{history}},
                {{tag}}) => x * 2;
        }
        """;

    [Fact]
    public Task Keeps_the_other_attributes_and_a_wrapped_parameter_list()
        => CodeFixTest<MarkNoDiffCodeFixProvider>.RunAsync(
            Wrapped("[NotNull] List<double> {|DG0004:history|}", "object {|DG0004:tag|}"),
            Wrapped("[NotNull][NoDiff] List<double> history", "[NoDiff] object tag"));

    [Fact]
    public Task Fix_all_marks_every_parameter_and_adds_one_using()
        => CodeFixTest<MarkNoDiffCodeFixProvider>.RunAsync("""
            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double x, System.Span<double> {|DG0018:scratch|}) => x * x;

                [DiffGen.Differentiable]
                public static double Scale(double x, object {|DG0004:tag|}) => x * 2;
            }
            """, """
            using DiffGen;

            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double x, [NoDiff] System.Span<double> scratch) => x * x;

                [DiffGen.Differentiable]
                public static double Scale(double x, [NoDiff] object tag) => x * 2;
            }
            """);
}
