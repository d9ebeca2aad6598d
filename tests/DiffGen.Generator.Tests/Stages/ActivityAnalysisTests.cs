using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using static DiffGen.Generator.Tests.Stages.IrBuilder;

namespace DiffGen.Generator.Tests.Stages;

public class ActivityAnalysisTests
{
    [Fact]
    public void A_value_is_active_only_when_it_depends_on_an_input_and_reaches_the_result()
    {
        // t0 = x * k; t1 = k * k (constant); t2 = x * x (unused); return t0 + t1
        var (x, k, t0, t1, t2, t3) = (D("x"), D("k"), D("t0"), D("t1"), D("t2"), D("t3"));
        var method = Method("F", new[] { Real("x"), Constant("k") }, new[] { t0, t1, t2, t3 },
            Set(t0, Mul(x, k)), Set(t1, Mul(k, k)), Set(t2, Mul(x, x)), Set(t3, Add(t0, t1)), new ReturnStmt(t3));

        var activity = ActivityAnalysis.Analyse(method.Parameters, method.Body);

        Assert.True(activity.IsActive("x"));
        Assert.True(activity.IsActive("t0"));
        Assert.True(activity.IsActive("t3"));
        Assert.False(activity.IsActive("k"));   // not varied: a constant
        Assert.False(activity.IsActive("t1"));  // not varied
        Assert.False(activity.IsActive("t2"));  // varied but useless
        Assert.Contains("t2", activity.Varied);
        Assert.DoesNotContain("t2", activity.Useful);
    }

    [Fact]
    public void Piecewise_constant_functions_and_comparisons_stop_activity()
    {
        var (x, t0, t1) = (D("x"), D("t0"), D("t1"));
        var method = Method("F", new[] { Real("x") }, new[] { t0, t1 },
            Set(t0, Math(MathFunction.Floor, x)), Set(t1, Mul(t0, t0)), new ReturnStmt(t1));

        var activity = ActivityAnalysis.Analyse(method.Parameters, method.Body);

        Assert.False(activity.IsActive("t0"));
        Assert.False(activity.IsActive("t1"));
        Assert.False(activity.IsActive("x"));
    }

    [Fact]
    public void Activity_flows_through_both_branches()
    {
        var (x, y, c) = (D("x"), D("y"), new VarExpr("c", IrType.Bool));
        var method = Method("F", new[] { Real("x") }, new[] { y, c },
            Set(c, Greater(x, C(0))),
            new IfStmt(c, Block(Set(y, x)), Block(Set(y, C(1)))),
            new ReturnStmt(y));

        var activity = ActivityAnalysis.Analyse(method.Parameters, method.Body);

        Assert.True(activity.IsActive("y"));
        Assert.False(activity.IsActive("c"));
    }
}
