using DiffGen.Generator.IR;
using DiffGen.Generator.Transforms;
using static DiffGen.Generator.Tests.Stages.IrBuilder;

namespace DiffGen.Generator.Tests.Stages;

public class ReturnNormalizerTests
{
    [Fact]
    public void An_early_return_moves_the_rest_of_the_body_into_the_branch_that_falls_through()
    {
        // if (c) return x; y = x * x; return y;
        var (x, y, r) = (D("x"), D("y"), D("r"));
        var c = new VarExpr("c", IrType.Bool);
        var body = Block(
            new IfStmt(c, Block(new ReturnStmt(x)), Block()),
            Set(y, Mul(x, x)),
            new ReturnStmt(y));

        var normalized = ReturnNormalizer.Normalize(body, r);

        var expected = Block(new IfStmt(c, Block(Set(r, x)), Block(Set(y, Mul(x, x)), Set(r, y))));
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void Code_after_a_return_is_dropped_and_branches_that_both_return_end_the_body()
    {
        var (x, r) = (D("x"), D("r"));
        var c = new VarExpr("c", IrType.Bool);
        var body = Block(
            new IfStmt(c, Block(new ReturnStmt(x)), Block(new ReturnStmt(C(2)))),
            Set(x, C(3)),
            new ReturnStmt(x));

        var normalized = ReturnNormalizer.Normalize(body, r);

        Assert.Equal(Block(new IfStmt(c, Block(Set(r, x)), Block(Set(r, C(2))))), normalized);
    }

    [Fact]
    public void A_body_without_early_returns_only_has_its_return_replaced()
    {
        var (x, y, r) = (D("x"), D("y"), D("r"));
        var normalized = ReturnNormalizer.Normalize(Block(Set(y, Mul(x, x)), new ReturnStmt(y)), r);
        Assert.Equal(Block(Set(y, Mul(x, x)), Set(r, y)), normalized);
    }
}
