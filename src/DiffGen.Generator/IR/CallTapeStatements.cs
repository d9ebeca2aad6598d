namespace DiffGen.Generator.IR;

/// <summary>
/// At the end of a <c>{Name}Primal</c>: pushes <paramref name="Value"/> onto the thread's call tape for the matching
/// <c>{Name}Pullback</c>: a scalar, the contents of a span (then its length), or the contents of a value stack.
/// </summary>
internal sealed record KeepStmt(VarExpr Value) : Stmt;

/// <summary>
/// At the start of a <c>{Name}Pullback</c>: pops back what a <see cref="KeepStmt"/> pushed, in reverse order. A span
/// is rented from <paramref name="Buffer"/> (a scratch buffer) at the kept length first; a value stack gets a pooled
/// array of its own.
/// </summary>
internal sealed record TakeStmt(VarExpr Target, VarExpr? Buffer = null) : Stmt;
