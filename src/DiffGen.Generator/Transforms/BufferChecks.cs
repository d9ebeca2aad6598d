using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>The checks at the top of a generated method: each derivative buffer has its parameter's length.</summary>
internal static class BufferChecks
{
    public static IEnumerable<Stmt> For(MethodModel method, IReadOnlyDictionary<string, VarExpr> derivatives)
    {
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable || parameter.IsField || parameter.Type.Kind != ValueKind.Array) continue;
            var buffer = derivatives[parameter.Name];
            var array = new VarExpr(parameter.Name, parameter.Type);
            yield return new BufferCheckStmt(buffer, new LengthExpr(array), buffer.Name, parameter.Name);
        }
    }
}
