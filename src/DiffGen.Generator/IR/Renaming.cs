using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>Replaces variables in statements and expressions, and lists the variables an expression reads.</summary>
internal static class Renaming
{
    public static Stmt Rename(Stmt statement, IReadOnlyDictionary<string, VarExpr> renaming) => statement switch
    {
        AssignStmt assignment => new AssignStmt(Variable(assignment.Target, renaming), Rename(assignment.Value, renaming), assignment.Kind),
        StoreStmt store => store with { Array = Variable(store.Array, renaming), Index = Rename(store.Index, renaming), Value = Rename(store.Value, renaming) },
        IfStmt branch => new IfStmt(Rename(branch.Condition, renaming), Block(branch.Then, renaming), Block(branch.Else, renaming)),
        ForStmt loop => loop with { Counter = Variable(loop.Counter, renaming), Start = Rename(loop.Start, renaming), Bound = Rename(loop.Bound, renaming), Body = Block(loop.Body, renaming) },
        LoopStmt loop => new LoopStmt(Rename(loop.Test, renaming), Block(loop.Body, renaming), loop.BreakFlag is null ? null : Variable(loop.BreakFlag, renaming)),
        RepeatStmt repeat => new RepeatStmt(Variable(repeat.Counter, renaming), Rename(repeat.Count, renaming), Block(repeat.Body, renaming)),
        ExprStmt expression => new ExprStmt(Rename(expression.Value, renaming)),
        PushStmt push => push with { Value = Rename(push.Value, renaming) },
        ReturnStmt { Value: { } value } => new ReturnStmt(Rename(value, renaming)),
        _ => statement,
    };

    private static EquatableArray<Stmt> Block(EquatableArray<Stmt> block, IReadOnlyDictionary<string, VarExpr> renaming)
        => block.Select(s => Rename(s, renaming)).ToEquatableArray();

    private static VarExpr Variable(VarExpr variable, IReadOnlyDictionary<string, VarExpr> renaming)
        => renaming.TryGetValue(variable.Name, out var renamed) ? renamed : variable;

    public static Expr Rename(Expr expression, IReadOnlyDictionary<string, VarExpr> renaming) => expression switch
    {
        VarExpr variable => Variable(variable, renaming),
        UnaryExpr unary => unary with { Operand = Rename(unary.Operand, renaming) },
        BinaryExpr binary => binary with { Left = Rename(binary.Left, renaming), Right = Rename(binary.Right, renaming) },
        ConvertExpr convert => convert with { Operand = Rename(convert.Operand, renaming) },
        ConditionalExpr conditional => conditional with
        {
            Condition = Rename(conditional.Condition, renaming),
            WhenTrue = Rename(conditional.WhenTrue, renaming),
            WhenFalse = Rename(conditional.WhenFalse, renaming),
        },
        MathCallExpr call => call with { Arguments = call.Arguments.Select(a => Rename(a, renaming)).ToEquatableArray() },
        InvokeExpr call => call with { Arguments = call.Arguments.Select(a => a.Value is null ? a : a with { Value = Rename(a.Value, renaming) }).ToEquatableArray() },
        DifferentiableCallExpr call => call with { Arguments = call.Arguments.Select(a => a with { Value = Rename(a.Value, renaming) }).ToEquatableArray() },
        ElementExpr element => element with { Array = Variable(element.Array, renaming), Index = Rename(element.Index, renaming) },
        LengthExpr length => length with { Array = Variable(length.Array, renaming) },
        NewArrayExpr array => array with { Length = Rename(array.Length, renaming) },
        _ => expression,
    };

    /// <summary>Every variable an expression reads (an element read reads its array), once per occurrence.</summary>
    public static IEnumerable<string> Variables(Expr expression)
    {
        switch (expression)
        {
            case VarExpr variable:
                yield return variable.Name;
                break;
            case ElementExpr element:
                yield return element.Array.Name;
                foreach (var name in Variables(element.Index)) yield return name;
                break;
            case LengthExpr length:
                yield return length.Array.Name;
                break;
            case UnaryExpr unary:
                foreach (var name in Variables(unary.Operand)) yield return name;
                break;
            case BinaryExpr binary:
                foreach (var name in Variables(binary.Left).Concat(Variables(binary.Right))) yield return name;
                break;
            case ConvertExpr convert:
                foreach (var name in Variables(convert.Operand)) yield return name;
                break;
            case ConditionalExpr conditional:
                foreach (var name in Variables(conditional.Condition).Concat(Variables(conditional.WhenTrue)).Concat(Variables(conditional.WhenFalse))) yield return name;
                break;
            case MathCallExpr call:
                foreach (var name in call.Arguments.SelectMany(Variables)) yield return name;
                break;
            case InvokeExpr call:
                foreach (var name in call.Arguments.Where(a => a.Value is not null).SelectMany(a => Variables(a.Value!))) yield return name;
                break;
            case DifferentiableCallExpr call:
                foreach (var name in call.Arguments.SelectMany(a => Variables(a.Value))) yield return name;
                break;
            case NewArrayExpr array:
                foreach (var name in Variables(array.Length)) yield return name;
                break;
        }
    }
}
