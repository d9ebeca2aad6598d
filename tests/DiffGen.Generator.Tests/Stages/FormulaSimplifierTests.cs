using DiffGen.Generator.IR;
using DiffGen.Generator.Transforms;
using static DiffGen.Generator.Transforms.Formula;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>The simplifications <see cref="Formula"/>'s constructors make, one rule each, and how formulas print.</summary>
public class FormulaSimplifierTests
{
    private static readonly Formula X = Variable("x");
    private static readonly Formula Y = Variable("y");

    [Fact]
    public void Simplifies()
    {
        var cases = new (Formula Formula, string Printed)[]
        {
            (Add(Number(2), Number(3)), "5"),
            (Divide(Number(6), Number(4)), "3 / 2"),
            (Multiply(X, Number(1)), "x"),
            (Multiply(Number(0), Add(X, Y)), "0"),
            (Add(X, Number(0)), "x"),
            (Negate(Negate(X)), "x"),
            (Subtract(X, X), "0"),
            (Add(Multiply(Number(3), X), Multiply(Number(3), X)), "6·x"),
            (Multiply(X, X), "x²"),
            (Multiply(Multiply(X, Y), Divide(X, Y)), "x²"),
            (Divide(X, X), "1"),
            (Add(Subtract(X, Number(4)), Subtract(X, Number(4))), "2·(x − 4)"),
            (Negate(Subtract(X, Y)), "y − x"),
            (Subtract(Number(1), Multiply(X, X)), "1 − x²"),
            (Divide(Number(1), Multiply(Number(2), X)), "1 / (2·x)"),
            (Power(Add(X, Number(1)), -2), "1 / (x + 1)²"),
            (Multiply(Y, Call(MathFunction.Sin, new[] { X })), "y·Sin(x)"),
            (Call(MathFunction.Sqrt, new[] { Add(X, Y) }), "√(x + y)"),
            (Power(Call(MathFunction.Sqrt, new[] { X }), 2), "(√x)²"),
            (RealPower(Add(X, Number(1)), Number(1.5)), "(x + 1)^1.5"),
            (Multiply(Number(System.Math.PI), Multiply(Number(2), X)), "2·π·x"),
            (Multiply(X, Number(0.5)), "0.5·x"),
        };
        Assert.All(cases, c => Assert.Equal(c.Printed, c.Formula.ToString()));
    }

    [Fact]
    public void GivesUpPastTheNodeLimit()
    {
        var formula = X;
        Assert.Throws<NoFormula>(() =>
        {
            for (int i = 0; i < MaxNodes; i++) formula = Call(MathFunction.Sin, new[] { Add(formula, Y) });
        });
        Assert.Throws<NoFormula>(() => Divide(X, Number(0)));
        Assert.Throws<NoFormula>(() => Number(double.NaN));
    }
}
