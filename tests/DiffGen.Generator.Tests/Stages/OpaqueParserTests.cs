using DiffGen.Generator.IR;
using DiffGen.Generator.Parsing;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>Source → model for opaque differentiable types: what the rest of the pipeline sees of them.</summary>
public class OpaqueParserTests
{
    private const string Vec = $$"""
        using System;
        using DiffGen;

        public sealed partial class Vec : IDifferentiable<Vec>
        {
            {{OpaqueSources.VecAlgebra}}
            [Differentiable] public static Vec Neg(Vec a) => a;
            public static Vec NegGradient(Vec a, Vec seed, ref Vec dA) => a;
            public static void NegPullback(Vec a, Vec result, Vec seed, ref Vec dA) { }
            public static Vec NegTangent(Vec a, Vec dA, out Vec tangent) { tangent = dA; return a; }
        }

        """;

    private static MethodModel Model(string source, string method)
    {
        var run = GeneratorHarness.Run(Vec + source);
        var parsed = run.Result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs).Select(o => (ParseResult)o.Value);
        return Assert.IsType<MethodModel>(Assert.Single(parsed, p => p.MethodName == method).Model);
    }

    [Fact]
    public void An_opaque_parameter_is_a_differentiable_value_of_its_own_kind_and_NoDiff_makes_it_a_constant()
    {
        var model = Model("public static partial class M { [Differentiable] public static double F(Vec a, [NoDiff] Vec b, double x) => x; }", "F");
        var type = new IrType("global::Vec", ValueKind.Opaque);
        Assert.Equal(
            new[] { new ParameterModel("a", type, true), new ParameterModel("b", type, false), new ParameterModel("x", IrType.Double, true) },
            model.Parameters);
        Assert.True(type.IsDifferentiableValue);
    }

    [Fact]
    public void A_call_of_an_operation_with_a_pullback_is_marked_and_takes_the_seeded_path()
    {
        var model = Model("public static partial class M { [Differentiable] public static Vec F(Vec a) => Vec.Neg(a); }", "F");
        Assert.True(model.ReturnType.IsOpaque);
        var call = Assert.IsType<DifferentiableCallExpr>(model.Body.OfType<AssignStmt>().First().Value);
        Assert.True(call.HasHandWrittenPullback);
        Assert.True(call.TakesArrays);
        Assert.Equal("global::Vec.NegPullback", call.PullbackMethod);
    }
}
