using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>Replaces variables in statements and expressions.</summary>
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
        BufferCheckStmt check => check with { Buffer = Variable(check.Buffer, renaming), Expected = Rename(check.Expected, renaming) },
        PushAllStmt save => save with { Array = Variable(save.Array, renaming) },
        PopAllStmt restore => restore with { Array = Variable(restore.Array, renaming) },
        CopyStmt copy => copy with { Source = Variable(copy.Source, renaming), Destination = Variable(copy.Destination, renaming) },
        ClearStmt clear => clear with { Array = Variable(clear.Array, renaming) },
        KeepStmt keep => keep with { Value = Variable(keep.Value, renaming) },
        TakeStmt take => take with { Target = Variable(take.Target, renaming) },
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
        ConstructExpr built => built with { Leaves = built.Leaves.Select(l => Rename(l, renaming)).ToEquatableArray() },
        MemberExpr member => member with { Instance = Variable(member.Instance, renaming) },
        _ => expression,
    };
}
