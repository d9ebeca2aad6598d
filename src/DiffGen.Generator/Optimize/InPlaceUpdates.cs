using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Optimize;

/// <summary>
/// <c>a[i] += e</c> (and <c>a[i] = a[i] − e</c>, <c>a[i] = e + a[i]</c>) lowered as read, add, store becomes one
/// updating store again. Its adjoint leaves the element's adjoint as it is (it only adds to <c>e</c>'s), where the
/// three statements would clear the adjoint and add it back; and forward mode updates the tangent in place.
/// </summary>
internal static class InPlaceUpdates
{
    public static EquatableArray<Stmt> Apply(EquatableArray<Stmt> body)
    {
        var assignments = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var reads = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var statement in IrWalker.Statements(body))
        {
            if (statement is AssignStmt assignment) assignments[assignment.Target.Name] = (assignments.TryGetValue(assignment.Target.Name, out int a) ? a : 0) + 1;
            foreach (var name in IrWalker.Reads(statement)) reads[name] = (reads.TryGetValue(name, out int r) ? r : 0) + 1;
        }
        return Block(body, assignments, reads).ToEquatableArray();
    }

    private static List<Stmt> Block(EquatableArray<Stmt> block, Dictionary<string, int> assignments, Dictionary<string, int> reads)
    {
        var output = new List<Stmt>(block.Count);
        foreach (var statement in block)
        {
            output.Add(statement switch
            {
                IfStmt branch => branch with { Then = Block(branch.Then, assignments, reads).ToEquatableArray(), Else = Block(branch.Else, assignments, reads).ToEquatableArray() },
                ForStmt loop => loop with { Body = Block(loop.Body, assignments, reads).ToEquatableArray() },
                LoopStmt loop => loop with { Body = Block(loop.Body, assignments, reads).ToEquatableArray() },
                _ => statement,
            });
            if (output[output.Count - 1] is StoreStmt store) TryFuse(output, store, assignments, reads);
        }
        return output;
    }

    /// <summary>
    /// The store is last in <paramref name="output"/>: <c>u = a[i]; …; t = u ± e; a[i] = t</c>, with <c>u</c> and
    /// <c>t</c> used nowhere else and nothing stored or called between the read and the store.
    /// </summary>
    private static void TryFuse(List<Stmt> output, StoreStmt store, Dictionary<string, int> assignments, Dictionary<string, int> reads)
    {
        int last = output.Count - 1;
        if (store.Kind != AssignKind.Set || store.Value is not VarExpr sum || store.Index is not (VarExpr or ConstExpr) || last < 2) return;
        if (output[last - 1] is not AssignStmt { Kind: AssignKind.Set, Value: BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract } update } definition
            || definition.Target.Name != sum.Name || !Single(sum.Name, assignments, reads))
        {
            return;
        }

        for (int p = last - 2; p >= 0; p--)
        {
            var statement = output[p];
            if (statement is AssignStmt { Kind: AssignKind.Set, Value: ElementExpr element } read
                && element.Array.Name == store.Array.Name && element.Index == store.Index)
            {
                Expr? increment = null;
                var kind = AssignKind.Add;
                if (Same(update.Left, read.Target) && !Same(update.Right, read.Target))
                {
                    increment = update.Right;
                    kind = update.Op == BinaryOp.Add ? AssignKind.Add : AssignKind.Subtract;
                }
                else if (update.Op == BinaryOp.Add && Same(update.Right, read.Target) && !Same(update.Left, read.Target))
                {
                    increment = update.Left;
                }
                if (increment is not (VarExpr or ConstExpr) || !Single(read.Target.Name, assignments, reads) || update.Type != element.Type) return;
                output.RemoveAt(last);
                output.RemoveAt(last - 1);
                output.RemoveAt(p);
                output.Add(new StoreStmt(store.Array, store.Index, increment, kind));
                return;
            }
            // Anything in between that may change the element or the index ends the search.
            if (statement is not AssignStmt between || between.Value is DifferentiableCallExpr or InvokeExpr
                || (store.Index is VarExpr index && between.Target.Name == index.Name))
            {
                return;
            }
        }
    }

    private static bool Same(Expr expression, VarExpr variable) => expression is VarExpr other && other.Name == variable.Name;

    private static bool Single(string name, Dictionary<string, int> assignments, Dictionary<string, int> reads)
        => assignments.TryGetValue(name, out int assigned) && assigned == 1 && reads.TryGetValue(name, out int read) && read == 1;

}
