using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// A real <c>out</c> parameter the body reads or assigns more than once (a Gradient's <c>dX</c>: zeroed, then set, then
/// added into) is worked on in a local of its own, assigned to the parameter once before each return. The JIT keeps a
/// local in a register, but an out parameter is a reference it cannot tell apart from the others: every update of it
/// was a load and a store, and the zeroing a store it could not drop (a 2-D Rosenbrock's gradient made six memory
/// accesses where the hand-written one makes two). The values are the same: only where they live changes.
/// </summary>
internal static class OutParameterLocals
{
    public static GeneratedMethod Apply(GeneratedMethod method)
    {
        // A member added into by path (an init-only member of a value) names its root as text, which renaming misses.
        if (IrWalker.Statements(method.Body).Any(s => s is AddIntoMemberStmt)) return method;
        var statements = IrWalker.Statements(method.Body).ToList();
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Locals.Select(l => l.Name)), System.StringComparer.Ordinal);
        var renaming = new Dictionary<string, VarExpr>(System.StringComparer.Ordinal);
        var parameters = new List<(GeneratedParameter Parameter, VarExpr Local)>();
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.IsOut || parameter.Modifier is not null) continue;
            var type = parameter.TypeText switch { "double" => IrType.Double, "float" => IrType.Float, _ => null };
            if (type is null || !UpdatedOrRead(parameter.Name, method.Body, statements)) continue;
            // return F(…, out dX) (the unit-seed overload): the parameter is written by the returned call itself.
            if (statements.OfType<ReturnStmt>().Any(r => r.Value is { } value && IrWalker.Variables(value).Contains(parameter.Name))) continue;
            string name = "_" + parameter.Name;
            while (!taken.Add(name)) name += "_";
            var local = new VarExpr(name, type);
            renaming[parameter.Name] = local;
            parameters.Add((parameter, local));
        }
        if (parameters.Count == 0) return method;

        var body = method.Body.Select(s => Renaming.Rename(s, renaming)).ToEquatableArray();
        // Every use must have moved to the local, or the final assignment would overwrite one that did not.
        if (IrWalker.Mentions(body).Any(renaming.ContainsKey)) return method;
        var stores = parameters.Select(p => (Stmt)new AssignStmt(new VarExpr(p.Parameter.Name, p.Local.Type), p.Local)).ToList();
        var block = StoreBeforeReturns(body, stores);
        if (body.Count == 0 || body[body.Count - 1] is not ReturnStmt) block = block.Concat(stores).ToEquatableArray();
        return method with { Locals = method.Locals.Concat(parameters.Select(p => p.Local)).ToEquatableArray(), Body = block };
    }

    /// <summary>
    /// Read or updated anywhere, or set at the top level and then written again (a Gradient's zeroing): a parameter set
    /// once per path (a Tangent's <c>tangent</c> before each return) gains nothing and stays as it is.
    /// </summary>
    private static bool UpdatedOrRead(string name, EquatableArray<Stmt> body, List<Stmt> statements)
    {
        if (statements.Any(s => IrWalker.Reads(s).Contains(name))) return true;
        var writes = statements.Where(s => IrWalker.Writes(s).Contains(name)).ToList();
        return writes.Count > 1 && body.Any(s => ReferenceEquals(s, writes[0]));
    }

    private static EquatableArray<Stmt> StoreBeforeReturns(EquatableArray<Stmt> block, List<Stmt> stores)
    {
        var result = new List<Stmt>();
        foreach (var statement in block)
        {
            switch (statement)
            {
                case ReturnStmt:
                    result.AddRange(stores);
                    result.Add(statement);
                    break;
                case IfStmt branch:
                    result.Add(branch with { Then = StoreBeforeReturns(branch.Then, stores), Else = StoreBeforeReturns(branch.Else, stores) });
                    break;
                case ForStmt loop:
                    result.Add(loop with { Body = StoreBeforeReturns(loop.Body, stores) });
                    break;
                case LoopStmt loop:
                    result.Add(loop with { Body = StoreBeforeReturns(loop.Body, stores) });
                    break;
                case RepeatStmt repeat:
                    result.Add(repeat with { Body = StoreBeforeReturns(repeat.Body, stores) });
                    break;
                default:
                    result.Add(statement);
                    break;
            }
        }
        return result.ToEquatableArray();
    }
}
