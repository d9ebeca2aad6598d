using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Per loop, the variables its body assigns that no adjoint inside the loop reads (an accumulator <c>s += w·x</c> whose
/// value only a statement after the loop reads, <c>h = max(s, 0)</c>). Reverse mode restores a variable before each
/// overwrite only for the adjoints that read the value it held; inside such a loop none does, so the loop as a whole
/// counts as one overwrite: the value before it is saved once (when an earlier adjoint reads it) and restored after
/// its adjoint, and its passes save nothing. A dense layer's accumulator then costs one saved value per outer pass,
/// not one per inner pass. Counted-loop counters are replayed, never saved; loops whose only writes of the variable
/// are integer updates <c>i = i ± c</c> keep those (undone for free).
/// </summary>
internal static class SavedAroundLoops
{
    /// <param name="body">The method body after <see cref="ReturnNormalizer"/>.</param>
    /// <param name="reads">What each statement's adjoint reads.</param>
    /// <param name="result">The variable holding the returned value (never saved).</param>
    public static Dictionary<Stmt, List<VarExpr>> Find(EquatableArray<Stmt> body, AdjointReads reads, VarExpr result)
    {
        var found = new Dictionary<Stmt, List<VarExpr>>(ReferenceComparer<Stmt>.Instance);
        foreach (var statement in IrWalker.Statements(body))
        {
            if (IrWalker.LoopBody(statement) is not { } block) continue;
            var readInside = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var inner in block) reads.Add(inner, readInside);
            var variables = new Dictionary<string, VarExpr>(System.StringComparer.Ordinal);
            var savedByStack = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var assignment in IrWalker.Statements(block).OfType<AssignStmt>())
            {
                var target = assignment.Target;
                if (target.Name == result.Name || readInside.Contains(target.Name)) continue;
                if (target.Type.Kind is not (ValueKind.Real or ValueKind.Integer or ValueKind.Boolean or ValueKind.Opaque)) continue;
                variables[target.Name] = target;
                if (ReverseTransformer.InverseUpdate(assignment) is null) savedByStack.Add(target.Name);
            }
            var saved = variables.Values.Where(v => savedByStack.Contains(v.Name)).ToList();
            if (saved.Count > 0) found[statement] = saved;
        }
        return found;
    }

    /// <summary>
    /// Whether the value <paramref name="name"/> holds when <paramref name="block"/>[<paramref name="index"/>] starts
    /// is one no adjoint reads: it was assigned earlier in the same block, and neither that assignment's adjoint (which
    /// may read the value it assigned: <c>v = 1 / b</c>'s reads <c>v</c>, as do those of Exp, Sqrt, Tanh) nor anything
    /// between reads it, and nothing between assigns it again.
    /// </summary>
    public static bool FreshAndUnread(IReadOnlyList<Stmt> block, int index, string name, AdjointReads reads)
    {
        var readBetween = new HashSet<string>(System.StringComparer.Ordinal);
        for (int i = index - 1; i >= 0; i--)
        {
            var statement = block[i];
            if (statement is AssignStmt assignment && assignment.Target.Name == name)
            {
                reads.Add(statement, readBetween);
                return !readBetween.Contains(name);
            }
            if (IrWalker.Assigned(new[] { statement }).Contains(name)) return false;
            reads.Add(statement, readBetween);
            if (readBetween.Contains(name)) return false;
        }
        return false;
    }
}
