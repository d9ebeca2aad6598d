using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Statements of a loop whose value, in every pass but the last one that runs them, the next pass overwrites before
/// anything reads it, so that their adjoint there is zero: a store into a fixed element of an array the loop does not
/// read, an assignment to a variable the loop does not read, and an assignment read in the loop only by such
/// statements. Reverse mode forms the assignments' partials only when the adjoint is not zero (0 · ∞ from a dead pass
/// would make the gradient NaN, where a tape would never have seen the dead value).
/// </summary>
internal static class LastPassOnly
{
    /// <param name="body">The method body after <see cref="Transforms.ReturnNormalizer"/>.</param>
    /// <param name="result">The variable holding the returned value: its adjoint is the seed, never zero.</param>
    /// <returns>The assignments among those statements (stores form no partial of their own).</returns>
    public static HashSet<Stmt> Find(EquatableArray<Stmt> body, VarExpr result)
    {
        var found = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        foreach (var statement in IrWalker.Statements(body))
        {
            if (IrWalker.LoopBody(statement) is not { } block) continue;
            var inLoop = IrWalker.Statements(block).ToList();
            var assigned = new HashSet<string>(IrWalker.Assigned(new[] { statement }), System.StringComparer.Ordinal);
            var readers = new Dictionary<string, List<Stmt>>(System.StringComparer.Ordinal);
            foreach (var reader in inLoop.Append(statement))
            {
                foreach (var name in IrWalker.Reads(reader).Distinct())
                {
                    if (!readers.TryGetValue(name, out var list)) readers[name] = list = new List<Stmt>();
                    list.Add(reader);
                }
            }

            var dead = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
            foreach (var store in inLoop.OfType<StoreStmt>())
            {
                if (store.Kind == AssignKind.Set && !readers.ContainsKey(store.Array.Name) && !IrWalker.Variables(store.Index).Any(assigned.Contains)) dead.Add(store);
            }
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var assignment in inLoop.OfType<AssignStmt>())
                {
                    if (dead.Contains(assignment) || assignment.Kind != AssignKind.Set || !assignment.Target.Type.IsReal || assignment.Target.Name == result.Name) continue;
                    if (readers.TryGetValue(assignment.Target.Name, out var list) && !list.All(dead.Contains)) continue;
                    dead.Add(assignment);
                    changed = true;
                }
            }
            found.UnionWith(dead.OfType<AssignStmt>());
        }
        return found;
    }
}
