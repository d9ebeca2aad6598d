using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

// Opaque differentiable values in the adjoint sweep (docs/generator.md, "Opaque differentiable types"): their
// adjoints are null until something adds into them, and calls hand them to the callee's derivative by ref.
internal sealed partial class ReverseTransformer
{
    /// <summary>
    /// <c>if (seed != null) { … }</c> around a call's derivative. Real adjoints first written inside are zeroed
    /// before it, since the guard may skip their write; opaque ones stay null, which is zero.
    /// </summary>
    private List<Stmt> OpaqueSeedGuard(DifferentiableCallExpr call, Expr seed, HashSet<string> nonZero, Action<List<Stmt>> body)
    {
        var output = new List<Stmt>();
        foreach (var argument in call.Arguments)
        {
            if (!argument.Differentiable || argument.IsReceiver || argument.Value is not VarExpr { Type.IsReal: true } real || !activity.IsActive(real.Name)) continue;
            var adjoint = Adjoint(real);
            if (nonZero.Add(adjoint.Name)) output.Add(new AssignStmt(adjoint, Real(adjoint.Type, 0)));
        }
        var guarded = new List<Stmt>();
        body(guarded);
        output.Add(new IfStmt(IsCreated(seed), guarded.ToEquatableArray(), EquatableArray<Stmt>.Empty));
        return output;
    }

    private static readonly IrType ObjectType = new("object", ValueKind.Other);

    /// <summary><c>(object)adjoint != null</c>: a reference test that no operator of the user's type can change.</summary>
    private static Expr IsCreated(Expr adjoint)
        => new BinaryExpr(BinaryOp.NotEquals, new ConvertExpr(adjoint, ObjectType), new ConstExpr(ObjectType, "null"), IrType.Bool);

    /// <summary>
    /// The <c>ref</c> gradient argument of an opaque argument: its adjoint, created first (the callee adds into it),
    /// or, for a value without one (a constant), null: the derivative is not needed, and the callee may skip it (a
    /// matrix product's gradient with respect to its [NoDiff] input is a whole product not computed) or create one.
    /// </summary>
    private Argument OpaqueGradientArgument(Expr value, HashSet<string> nonZero, List<Stmt> output)
    {
        var like = rematerialized.Substitute(value);
        VarExpr adjoint;
        if (value is VarExpr variable && activity.IsActive(variable.Name))
        {
            adjoint = Adjoint(variable);
            nonZero.Add(adjoint.Name);
            output.Add(new ExprStmt(new AdjointEnsureExpr(adjoint, like)));
        }
        else
        {
            adjoint = NewLocal(names.Numbered("_dropped"), value.Type);
            output.Add(new AssignStmt(adjoint, Real(value.Type, 0)));
        }
        return new Argument(adjoint) { IsRef = true };
    }
}
