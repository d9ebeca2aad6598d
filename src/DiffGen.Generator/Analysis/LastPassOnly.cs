using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Assignments in a loop to a variable nothing in the loop reads: in every pass but the last one that runs them, the
/// next pass overwrites the value before anything reads it, so its adjoint there is zero. Reverse mode forms their
/// partials only when the adjoint is not zero (0 · ∞ from a dead pass would make the gradient NaN).
/// </summary>
internal static class LastPassOnly
{
    /// <param name="body">The method body after <see cref="Transforms.ReturnNormalizer"/>.</param>
    /// <param name="result">The variable holding the returned value: its adjoint is the seed, never zero.</param>
    public static HashSet<Stmt> Find(EquatableArray<Stmt> body, VarExpr result)
    {
        var found = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        foreach (var statement in IrWalker.Statements(body))
        {
            var loopBody = statement switch
            {
                ForStmt counted => counted.Body,
                LoopStmt loop => loop.Body,
                _ => (EquatableArray<Stmt>?)null,
            };
            if (loopBody is not { } block) continue;
            var reads = new HashSet<string>(IrWalker.Statements(block).Concat(new[] { statement }).SelectMany(IrWalker.Reads), System.StringComparer.Ordinal);
            foreach (var assignment in IrWalker.Statements(block).OfType<AssignStmt>())
            {
                if (assignment.Kind == AssignKind.Set && assignment.Target.Type.IsReal && assignment.Target.Name != result.Name
                    && !reads.Contains(assignment.Target.Name))
                {
                    found.Add(assignment);
                }
            }
        }
        return found;
    }
}
