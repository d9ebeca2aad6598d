using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

internal abstract record Stmt;

internal enum AssignKind { Set, Add, Subtract }

/// <summary><c>Target = Value</c>, or <c>+=</c>/<c>-=</c> (adjoint accumulation).</summary>
internal sealed record AssignStmt(VarExpr Target, Expr Value, AssignKind Kind = AssignKind.Set) : Stmt;

internal sealed record IfStmt(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else) : Stmt;

internal sealed record ReturnStmt(Expr Value) : Stmt;

/// <summary>An expression evaluated for its effect, such as a call whose result is unused.</summary>
internal sealed record ExprStmt(Expr Value) : Stmt;

/// <summary>A line comment in the emitted code, to make it readable.</summary>
internal sealed record CommentStmt(string Text) : Stmt;

/// <summary><c>Array[Index] = Value</c>, or <c>+=</c>/<c>-=</c> (gradient accumulation).</summary>
internal sealed record StoreStmt(VarExpr Array, Expr Index, Expr Value, AssignKind Kind = AssignKind.Set) : Stmt;

/// <summary>
/// <c>while (true) { Header; if (!Test) break; Body; if (BreakFlag) break; }</c>. The body holds no break, continue
/// or return: the parser turns those into a flag and structured branches, so that every pass through the body is
/// a whole pass and reverse mode can replay it.
/// </summary>
internal sealed record LoopStmt(EquatableArray<Stmt> Header, Expr Test, EquatableArray<Stmt> Body, VarExpr? BreakFlag) : Stmt;

/// <summary>Markers the lowering uses inside loop bodies; <see cref="Parsing.LoopNormalizer"/> removes them.</summary>
internal sealed record BreakStmt : Stmt;

internal sealed record ContinueStmt : Stmt;

/// <summary><c>Stack.Push(Value)</c>: reverse mode keeps a value of a loop iteration for its adjoint sweep.</summary>
internal sealed record PushStmt(VarExpr Stack, Expr Value) : Stmt;

/// <summary><c>for (Counter = Count; Counter &gt; 0; Counter--) { Body }</c>: the adjoint sweep of a loop.</summary>
internal sealed record RepeatStmt(VarExpr Counter, Expr Count, EquatableArray<Stmt> Body) : Stmt;
