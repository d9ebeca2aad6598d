namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// DG0010 on a static method of another assembly: the fix creates its [DerivativeOf] Gradient and Tangent with the
/// exact signatures the generator expects, in a new static partial class after the calling type. The stubs compile
/// and silence DG0010 without a DG0019; filled in (<see cref="DerivativeOfStubAcceptanceTests"/>), they are what the
/// generator differentiates through.
/// </summary>
public class DerivativeOfStubTests
{
    public const string HypotSource = """
        using System;
        using DiffGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static double Length(double x, double y) => {|DG0010:double.Hypot(x, y)|} * 2;
        }
        """;

    public const string HypotFixed = """
        using System;
        using DiffGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static double Length(double x, double y) => double.Hypot(x, y) * 2;
        }

        internal static partial class DoubleHypotDerivatives
        {
            [DerivativeOf(typeof(double), nameof(double.Hypot))]
            public static double HypotGradient(double x, double y, out double dX, out double dY)
            {
                // TODO: return double.Hypot(x, y), and set dX = ∂/∂x, set dY = ∂/∂y.
                throw new NotImplementedException();
            }

            [DerivativeOf(typeof(double), nameof(double.Hypot))]
            public static double HypotTangent(double x, double y, double dX, double dY, out double tangent)
            {
                // TODO: return double.Hypot(x, y), and set tangent = ∂/∂x·dX + ∂/∂y·dY.
                throw new NotImplementedException();
            }
        }

        """;

    [Fact]
    public Task Registers_both_modes_of_a_method_of_the_runtime()
        => CodeFixTest<DerivativeOfStubCodeFixProvider>.RunAsync(HypotSource, HypotFixed);

    [Fact]
    public async Task The_action_names_the_method_as_the_code_does()
        => Assert.Equal(HypotFixed, await CodeFixTest<DerivativeOfStubCodeFixProvider>.FixOneAsync(HypotSource, "DG0010", at: "double.Hypot(x, y)",
            title: "Register the derivatives of 'double.Hypot' with [DerivativeOf]"));

    /// <summary>A library of another project: a function of an array (the seeded Gradient) and one of two scalars.</summary>
    public const string Library = """
        namespace Lib
        {
            public static class Stats
            {
                public static double Mean(double[] values, int count)
                {
                    double sum = 0;
                    for (int i = 0; i < count; i++) sum += values[i];
                    return sum / count;
                }

                public static float Blend(float a, float b, float t) => a + (b - a) * t;
            }
        }
        """;

    public const string LibrarySource = """
        namespace App
        {
            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double[] w) => {|DG0010:Lib.Stats.Mean(w, 2)|} + {|DG0010:Lib.Stats.Mean(w, 1)|};

                [DiffGen.Differentiable]
                public static float Mix(float a, float b) => {|DG0010:Lib.Stats.Blend(a, b, 0.25f)|};
            }
        }
        """;

    public const string LibraryFixed = """
        using DiffGen;

        namespace App
        {
            public static partial class Model
            {
                [DiffGen.Differentiable]
                public static double Loss(double[] w) => Lib.Stats.Mean(w, 2) + Lib.Stats.Mean(w, 1);

                [DiffGen.Differentiable]
                public static float Mix(float a, float b) => Lib.Stats.Blend(a, b, 0.25f);
            }

            internal static partial class StatsMeanDerivatives
            {
                [DerivativeOf(typeof(Lib.Stats), nameof(Lib.Stats.Mean))]
                public static double MeanGradient(double[] values, int count, double seed, System.Span<double> dValues)
                {
                    // TODO: return Lib.Stats.Mean(values, count), and add seed·∂/∂values[i] to dValues[i].
                    throw new System.NotImplementedException();
                }

                [DerivativeOf(typeof(Lib.Stats), nameof(Lib.Stats.Mean))]
                public static double MeanTangent(double[] values, int count, System.ReadOnlySpan<double> dValues, out double tangent)
                {
                    // TODO: return Lib.Stats.Mean(values, count), and set tangent = Σ ∂/∂values[i]·dValues[i].
                    throw new System.NotImplementedException();
                }
            }

            internal static partial class StatsBlendDerivatives
            {
                [DerivativeOf(typeof(Lib.Stats), nameof(Lib.Stats.Blend))]
                public static float BlendGradient(float a, float b, float t, out float dA, out float dB, out float dT)
                {
                    // TODO: return Lib.Stats.Blend(a, b, t), and set dA = ∂/∂a, set dB = ∂/∂b, set dT = ∂/∂t.
                    throw new System.NotImplementedException();
                }

                [DerivativeOf(typeof(Lib.Stats), nameof(Lib.Stats.Blend))]
                public static float BlendTangent(float a, float b, float t, float dA, float dB, float dT, out float tangent)
                {
                    // TODO: return Lib.Stats.Blend(a, b, t), and set tangent = ∂/∂a·dA + ∂/∂b·dB + ∂/∂t·dT.
                    throw new System.NotImplementedException();
                }
            }
        }
        """;

    /// <summary>
    /// A library's methods (another project): the seeded Gradient for the array, floats for the float function, one
    /// class per method however often it is called, <c>using DiffGen;</c> added. One pass of Fix All fixes all.
    /// </summary>
    [Fact]
    public Task Registers_the_methods_of_another_project_with_fix_all()
    {
        var test = new CodeFixTest<DerivativeOfStubCodeFixProvider> { TestCode = LibrarySource, FixedCode = LibraryFixed };
        test.TestState.AdditionalProjects["Lib"].Sources.Add(("Stats.cs", Library));
        test.TestState.AdditionalProjects["Lib"].AdditionalReferences.AddRange(CodeFixTest<DerivativeOfStubCodeFixProvider>.References);
        test.TestState.AdditionalProjectReferences.Add("Lib");
        // One fix registers the method for both of its calls; the next one registers the other method.
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 1;
        return test.RunAsync();
    }

    private const string HandWrittenGradient = """
            [DerivativeOf(typeof(double), nameof(double.Hypot))]
            public static double HypotGradient(double x, double y, out double dX, out double dY)
            {
                double h = double.Hypot(x, y);
                dX = x / h;
                dY = y / h;
                return h;
            }
        """;

    /// <summary>A registration that exists already is not written again: only the missing Tangent is.</summary>
    [Fact]
    public Task Writes_only_the_missing_mode()
        => CodeFixTest<DerivativeOfStubCodeFixProvider>.RunAsync($$"""
            using System;
            using DiffGen;

            public static partial class Geometry
            {
                [Differentiable]
                public static double Length(double x, double y) => {|DG0010:double.Hypot(x, y)|};

            {{HandWrittenGradient}}
            }
            """, $$"""
            using System;
            using DiffGen;

            public static partial class Geometry
            {
                [Differentiable]
                public static double Length(double x, double y) => double.Hypot(x, y);

            {{HandWrittenGradient}}
            }

            internal static partial class DoubleHypotDerivatives
            {
                [DerivativeOf(typeof(double), nameof(double.Hypot))]
                public static double HypotTangent(double x, double y, double dX, double dY, out double tangent)
                {
                    // TODO: return double.Hypot(x, y), and set tangent = ∂/∂x·dX + ∂/∂y·dY.
                    throw new NotImplementedException();
                }
            }

            """);

    /// <summary>A method of the same compilation is not foreign: the user marks it [Differentiable] instead; no stub.</summary>
    [Fact]
    public Task Offers_nothing_for_a_method_of_the_same_assembly()
    {
        const string source = """
            using DiffGen;

            public static partial class Model
            {
                public static double Helper(double v) => v * v;

                [Differentiable]
                public static double F(double x) => {|DG0010:Helper(x)|} * x;
            }
            """;
        return CodeFixTest<DerivativeOfStubCodeFixProvider>.RunAsync(source, source, iterations: 0, fixAllIterations: 0);
    }
}
