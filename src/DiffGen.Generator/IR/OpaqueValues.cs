namespace DiffGen.Generator.IR;

// What derivative code of opaque differentiable values (IrType.IsOpaque) asks of the runtime: their adjoints are
// null (a zero not created yet) until something adds into them, and a zero tangent is made shaped like a value.

/// <summary><c>Adjoints.Add(ref Adjoint, Value)</c>: <c>Adjoint += Value</c>, creating the adjoint if it is null.</summary>
internal sealed record AdjointAddExpr(VarExpr Adjoint, Expr Value) : Expr(IrType.Void);

/// <summary><c>Adjoints.Ensure(ref Adjoint, Like)</c>: creates a null adjoint before a callee's derivative adds into it.</summary>
internal sealed record AdjointEnsureExpr(VarExpr Adjoint, Expr Like) : Expr(IrType.Void);

/// <summary><c>T.Zero(Like)</c>: a zero tangent shaped like a value (forward mode's tangent of a constant).</summary>
internal sealed record ZeroLikeExpr(Expr Like, IrType Type) : Expr(Type);
