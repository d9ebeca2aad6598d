using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

internal abstract record Stmt;

internal enum AssignKind { Set, Add, Subtract }

/// <summary><c>Target = Value</c>, or <c>+=</c>/<c>-=</c> (adjoint accumulation).</summary>
internal sealed record AssignStmt(VarExpr Target, Expr Value, AssignKind Kind = AssignKind.Set) : Stmt;

internal sealed record IfStmt(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else) : Stmt;

/// <summary><c>return Value;</c>, or <c>return;</c> in a vector-valued (void) method.</summary>
internal sealed record ReturnStmt(Expr? Value) : Stmt;

/// <summary>An expression evaluated for its effect, such as a call whose result is unused.</summary>
internal sealed record ExprStmt(Expr Value) : Stmt;

/// <summary>A line comment in the emitted code, to make it readable.</summary>
internal sealed record CommentStmt(string Text) : Stmt;

/// <summary><c>Array[Index] = Value</c>, or <c>+=</c>/<c>-=</c> (gradient accumulation).</summary>
internal sealed record StoreStmt(VarExpr Array, Expr Index, Expr Value, AssignKind Kind = AssignKind.Set) : Stmt;

/// <summary>
/// <c>while (Test) { Body; if (BreakFlag) break; }</c>, where <c>Test</c> is a constant or a variable. The body holds
/// no break, continue or return, and it computes the next test itself: the parser evaluates a loop's condition once
/// before the loop and again at the end of the body, and turns jumps into a flag and structured branches. Every
/// pass through the body is then a whole pass, which reverse mode can replay.
/// </summary>
internal sealed record LoopStmt(Expr Test, EquatableArray<Stmt> Body, VarExpr? BreakFlag) : Stmt;

/// <summary>
/// A counted loop, <c>for (Counter = Start; Counter &lt; Bound; Counter++) { Body }</c> (or <c>&lt;=</c>, or downwards
/// with <c>&gt;</c>/<c>&gt;=</c> and <c>--</c>): the counter changes nowhere else, the bounds are loop-invariant
/// expressions and the body never breaks out. Reverse mode replays it by running the counter backwards, storing
/// neither the counter nor a trip count; the JIT sees the loop shape it optimises best.
/// </summary>
internal sealed record ForStmt(VarExpr Counter, Expr Start, Expr Bound, BinaryOp Comparison, EquatableArray<Stmt> Body) : Stmt
{
    /// <summary>+1 for <c>&lt;</c>/<c>&lt;=</c>, −1 for <c>&gt;</c>/<c>&gt;=</c>.</summary>
    public int Step => Comparison is BinaryOp.LessThan or BinaryOp.LessThanOrEqual ? 1 : -1;
}

/// <summary>Markers the lowering uses inside loop bodies; <see cref="Parsing.LoopNormalizer"/> removes them.</summary>
internal sealed record BreakStmt : Stmt;

internal sealed record ContinueStmt : Stmt;

/// <summary><c>Stack.Push(Value)</c>: reverse mode keeps a value of a loop iteration for its adjoint sweep.</summary>
internal sealed record PushStmt(VarExpr Stack, Expr Value) : Stmt;

/// <summary><c>for (Counter = Count; Counter &gt; 0; Counter--) { Body }</c>: the adjoint sweep of a loop.</summary>
internal sealed record RepeatStmt(VarExpr Counter, Expr Count, EquatableArray<Stmt> Body) : Stmt;

/// <summary>
/// The runtime's check that <c>Buffer</c> holds <c>Expected</c> values, at the top of a generated method: against
/// another parameter's length (<paramref name="OfParameter"/>), or against a count. <paramref name="Parameter"/> and
/// <paramref name="OfParameter"/> are the names the exception gives, fixed when the check is made.
/// </summary>
internal sealed record BufferCheckStmt(VarExpr Buffer, Expr Expected, string Parameter, string? OfParameter = null) : Stmt;

/// <summary><c>Stack.PushAll(Array)</c>: a whole array that a call is about to overwrite, kept for the adjoint sweep.</summary>
internal sealed record PushAllStmt(VarExpr Stack, VarExpr Array) : Stmt;

/// <summary><c>Stack.PopAll(Array)</c>: the adjoint sweep gives back what <see cref="PushAllStmt"/> kept.</summary>
internal sealed record PopAllStmt(VarExpr Stack, VarExpr Array) : Stmt;

/// <summary><c>Source.CopyTo(Destination)</c>: every element of one span into another as long or longer.</summary>
internal sealed record CopyStmt(VarExpr Source, VarExpr Destination) : Stmt;

/// <summary><c>Array.Clear()</c>: every element set to zero.</summary>
internal sealed record ClearStmt(VarExpr Array) : Stmt;
