using DiffGen.Generator.IR;
using DiffGen.Generator.Parsing;
using static DiffGen.Generator.Tests.Stages.IrBuilder;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>
/// Parse hands over the body as the user wrote it (its diagnostics are decided on that); Optimize, a step of its own,
/// cleans it up for the derivatives.
/// </summary>
public class OptimizationTests
{
    private static (MethodModel Parsed, MethodModel Optimized) Run(string members)
    {
        var run = GeneratorHarness.Run("using System;\nusing DiffGen;\nnamespace Demo;\npublic static partial class Functions\n{\n" + members + "\n}\n");
        ParseResult Output(string step) => (ParseResult)Assert.Single(run.Result.TrackedSteps[step].SelectMany(s => s.Outputs)).Value;
        return (Assert.IsType<MethodModel>(Output(TrackingNames.Parse).Model), Assert.IsType<MethodModel>(Output(TrackingNames.Optimize).Model));
    }

    [Fact]
    public void A_local_keeps_the_temporary_of_its_initializer_until_Optimize_folds_it()
    {
        var (parsed, optimized) = Run("[Differentiable] public static double F(double x) { double y = Math.Tanh(x); return y * x; }");

        var tanh = Math(MathFunction.Tanh, D("x"));
        Assert.Equal(Block(Set(D("_t0"), tanh), Set(D("y"), D("_t0")), Set(D("_t1"), Mul(D("y"), D("x"))), new ReturnStmt(D("_t1"))), parsed.Body);
        Assert.Equal(Block(Set(D("y"), tanh), Set(D("_t1"), Mul(D("y"), D("x"))), new ReturnStmt(D("_t1"))), optimized.Body);
        Assert.Equal(parsed with { Body = optimized.Body }, optimized);
    }

    [Fact]
    public void Read_add_store_becomes_an_updating_store_in_Optimize()
    {
        var (parsed, optimized) = Run("[Differentiable] public static double F(double x) { Span<double> a = stackalloc double[2]; a[1] += x; return a[1]; }");

        Assert.DoesNotContain(IrWalker.Statements(parsed.Body), s => s is StoreStmt { Kind: AssignKind.Add });
        Assert.Contains(IrWalker.Statements(optimized.Body), s => s is StoreStmt { Kind: AssignKind.Add, Value: VarExpr { Name: "x" } });
    }
}
