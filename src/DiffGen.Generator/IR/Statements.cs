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
