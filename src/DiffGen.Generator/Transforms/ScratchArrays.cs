using System.Collections.Generic;
using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Local arrays in generated code: each <see cref="NewArrayExpr"/> becomes a rent from its own pooled
/// <c>ScratchBuffer&lt;T&gt;</c>, returned to its pool before the method returns.
/// </summary>
internal sealed class ScratchArrays
{
    private readonly NameScope names;
    private readonly List<VarExpr> locals;

    public ScratchArrays(NameScope names, List<VarExpr> locals)
    {
        this.names = names;
        this.locals = locals;
    }

    public List<VarExpr> Buffers { get; } = new();

    /// <summary><c>array = _buffer.Rent(length)</c>, zeroed like <c>new T[n]</c>.</summary>
    public AssignStmt Rent(VarExpr array, Expr length)
    {
        var element = array.Type.Element!;
        var buffer = new VarExpr(names.Fresh("_buffer_" + array.Name.TrimStart('_')), IrType.ScratchBufferOf(element));
        Buffers.Add(buffer);
        locals.Add(buffer);
        return new AssignStmt(array, new RentExpr(buffer, length, array.Type));
    }
}
