using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>
/// How a value of a differentiable type is built from its leaves: <c>new T(positional...) { Other = ... }</c>, with
/// nested types built the same way. Its leaves, depth first, are the <see cref="ConstructExpr"/>'s operands.
/// </summary>
internal sealed record AggregateLayout(string TypeName, int PositionalCount, EquatableArray<AggregateMember> Members)
{
    /// <summary>Every leaf's path from the value (<c>X</c>, <c>Pos.X</c>) and type, depth first.</summary>
    public IEnumerable<(string Path, IrType Type)> Leaves()
    {
        foreach (var member in Members)
        {
            if (member.Nested is null) yield return (member.Name, member.Leaf!);
            else foreach (var (path, type) in member.Nested.Leaves()) yield return (member.Name + "." + path, type);
        }
    }
}

/// <summary>A member of an <see cref="AggregateLayout"/>: a leaf of type <paramref name="Leaf"/> or a nested value.</summary>
internal sealed record AggregateMember(string Name, IrType? Leaf, AggregateLayout? Nested, bool InitOnly);

/// <summary>
/// A value of a differentiable type built from its leaves (in <see cref="AggregateLayout.Leaves"/> order): what a
/// method returning such a value returns. Its derivative with respect to leaf <c>i</c> is the seed's member at that path.
/// </summary>
internal sealed record ConstructExpr(AggregateLayout Layout, EquatableArray<Expr> Leaves, IrType Type) : Expr(Type);

/// <summary><c>Instance.Path</c>: a leaf of a value of a differentiable type (a seed's <c>seed.Pos.X</c>).</summary>
internal sealed record MemberExpr(VarExpr Instance, string Path, IrType Type) : Expr(Type);

/// <summary>
/// <c>Root.Path += Value</c> into a derivative of a differentiable type (<c>=</c> when <paramref name="Assign"/>); a
/// member on the path that is init-only is rebuilt with <c>with</c> (<c>dP = dP with { X = dP.X + v }</c>).
/// <paramref name="InitOnly"/>: per step of the path.
/// </summary>
internal sealed record AddIntoMemberStmt(string Root, EquatableArray<string> Path, EquatableArray<bool> InitOnly, Expr Value, bool Assign = false) : Stmt;
