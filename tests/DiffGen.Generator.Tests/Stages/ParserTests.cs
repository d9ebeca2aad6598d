using DiffGen.Generator.IR;
using DiffGen.Generator.Parsing;
using static DiffGen.Generator.Tests.Stages.IrBuilder;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>Source → model: what the Parse step hands the rest of the pipeline.</summary>
public class ParserTests
{
    private static ParseResult Parse(string members)
    {
        var run = GeneratorHarness.Run("using System;\nusing DiffGen;\nnamespace Demo;\npublic static partial class Functions\n{\n" + members + "\n}\n");
        var outputs = run.Result.TrackedSteps[TrackingNames.Parse].SelectMany(step => step.Outputs).ToList();
        return (ParseResult)Assert.Single(outputs).Value;
    }

    [Fact]
    public void An_expression_body_is_lowered_to_flat_statements_with_a_temporary_per_operation()
    {
        var parsed = Parse("[Differentiable] public static double Loss(double w) => (w - 4) * (w - 4);");

        var model = Assert.IsType<MethodModel>(parsed.Model);
        Assert.Empty(parsed.Diagnostics);
        Assert.Equal("Demo", model.Namespace);
        Assert.Equal("global::Demo.Functions", model.ContainingTypeFullName);
        Assert.Equal(new TypeDeclaration("static partial class", "Functions"), Assert.Single(model.ContainingTypes));
        Assert.Equal(Real("w"), Assert.Single(model.Parameters));
        Assert.Equal(
            Block(
                Set(D("_t0"), new BinaryExpr(BinaryOp.Subtract, D("w"), C(4), IrType.Double)),
                Set(D("_t1"), new BinaryExpr(BinaryOp.Subtract, D("w"), C(4), IrType.Double)),
                Set(D("_t2"), Mul(D("_t0"), D("_t1"))),
                new ReturnStmt(D("_t2"))),
            model.Body);
    }

    [Fact]
    public void Ternaries_become_branches_and_integer_and_NoDiff_parameters_are_constants()
    {
        var parsed = Parse("[Differentiable] public static double F(double x, int n, [NoDiff] double k) => x > k ? x * n : k;");

        var model = Assert.IsType<MethodModel>(parsed.Model);
        Assert.Equal(new[] { true, false, false }, model.Parameters.Select(p => p.Differentiable));
        var branch = Assert.Single(model.Body.OfType<IfStmt>());
        Assert.Equal(new VarExpr("_t0", IrType.Bool), branch.Condition);
        Assert.Contains(branch.Then, s => s is AssignStmt { Value: ConvertExpr { Type.Name: "double" } });
        Assert.Equal(Block(Set(D("_t1"), D("k"))), branch.Else);
    }

    [Fact]
    public void The_attribute_on_the_defining_half_of_a_partial_method_differentiates_the_implementing_half()
    {
        var run = GeneratorHarness.Run("""
            using DiffGen;
            public static partial class Functions
            {
                [Differentiable]
                public static partial double Cube(double x);
                public static partial double Cube(double x) => x * x * x;
            }
            """);

        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrors);
        Assert.Contains("CubeGradient", run.Source("Cube"));
    }
}
