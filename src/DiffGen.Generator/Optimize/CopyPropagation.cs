using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Optimize;

/// <summary>
/// <c>t = u</c>, where <c>t</c> is a temporary of the lowering (never a variable of the user's, whose name the
/// generated code keeps), both are assigned nowhere else and <c>t</c> is read only by the statements after the copy in
/// the same block: the copy goes and those statements read <c>u</c>. What <see cref="ElementReuse"/> leaves behind
/// (<c>t = x[i]</c> become <c>t = u</c>) then costs nothing: reverse mode keeps one value where it kept two. And
/// <c>t = e; v = t</c> with <c>t</c> read nowhere else becomes <c>v = e</c>: a local such as
/// <c>double change = Math.Tanh(z)</c> holds the value itself, not a copy of a temporary beside it.
/// </summary>
internal static class CopyPropagation
{
    public static EquatableArray<Stmt> Apply(EquatableArray<Stmt> body, HashSet<string> temporaries)
    {
        var assignments = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var reads = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var statement in IrWalker.Statements(body))
        {
            if (statement is AssignStmt assignment) assignments[assignment.Target.Name] = Count(assignments, assignment.Target.Name) + 1;
            if (statement is ForStmt loop) assignments[loop.Counter.Name] = Count(assignments, loop.Counter.Name) + 2;
            foreach (var name in IrWalker.Reads(statement)) reads[name] = Count(reads, name) + 1;
        }
        return Block(body, assignments, reads, temporaries).ToEquatableArray();
    }

    private static List<Stmt> Block(EquatableArray<Stmt> block, Dictionary<string, int> assignments, Dictionary<string, int> reads, HashSet<string> temporaries)
    {
        var statements = block.Select(s => s switch
        {
            IfStmt branch => branch with { Then = Block(branch.Then, assignments, reads, temporaries).ToEquatableArray(), Else = Block(branch.Else, assignments, reads, temporaries).ToEquatableArray() },
            ForStmt loop => loop with { Body = Block(loop.Body, assignments, reads, temporaries).ToEquatableArray() },
            LoopStmt loop => loop with { Body = Block(loop.Body, assignments, reads, temporaries).ToEquatableArray() },
            _ => s,
        }).ToList();

        // t = e; v = t, with t read only there: v = e (e not reading v, so that updates keep their shape).
        for (int k = statements.Count - 2; k >= 0; k--)
        {
            if (statements[k] is AssignStmt { Kind: AssignKind.Set } definition && temporaries.Contains(definition.Target.Name)
                && statements[k + 1] is AssignStmt { Kind: AssignKind.Set, Value: VarExpr copied } user && copied.Name == definition.Target.Name
                && user.Target.Type == definition.Target.Type && Count(assignments, definition.Target.Name) == 1 && Count(reads, definition.Target.Name) == 1
                && definition.Value is not NewArrayExpr && !IrWalker.Variables(definition.Value).Contains(user.Target.Name))
            {
                statements[k] = new AssignStmt(user.Target, definition.Value);
                statements.RemoveAt(k + 1);
                reads[definition.Target.Name] = 0;
            }
        }

        for (int k = 0; k < statements.Count; k++)
        {
            if (statements[k] is not AssignStmt { Kind: AssignKind.Set, Value: VarExpr source } copy || source.Type != copy.Target.Type) continue;
            string target = copy.Target.Name;
            if (!temporaries.Contains(target)) continue;
            if (Count(assignments, target) != 1 || Count(assignments, source.Name) != 1 || target == source.Name) continue;
            if (copy.Target.Type.Kind is not (ValueKind.Real or ValueKind.Integer)) continue;
            // Every read of the copy is in the statements after it.
            int later = 0;
            for (int j = k + 1; j < statements.Count; j++) later += IrWalker.Statements(new[] { statements[j] }).SelectMany(IrWalker.Reads).Count(n => n == target);
            if (later != Count(reads, target)) continue;
            // The source keeps its value while the copy is read: nothing after the copy assigns it (a parameter is
            // assigned once after its entry value; and x = t * e must not become x = x * e, an update of itself).
            if (statements.Skip(k + 1).SelectMany(s => IrWalker.Statements(new[] { s })).Any(s => IrWalker.Writes(s).Contains(source.Name))) continue;
            var renaming = new Dictionary<string, VarExpr>(System.StringComparer.Ordinal) { [target] = source };
            for (int j = k + 1; j < statements.Count; j++) statements[j] = Renaming.Rename(statements[j], renaming);
            reads[source.Name] = Count(reads, source.Name) + later;
            reads[target] = 0;
            statements.RemoveAt(k);
            k--;
        }
        return statements;
    }

    private static int Count(Dictionary<string, int> counts, string name) => counts.TryGetValue(name, out int count) ? count : 0;
}
