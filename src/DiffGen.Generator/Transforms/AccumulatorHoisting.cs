using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Gradient updates <c>g[k] += v</c> whose element stays the same through a counted loop gather in a local and reach
/// the buffer once after it: <c>acc += v</c> in the loop, <c>g[k] += acc</c> after. The JIT cannot keep an element in
/// a register across a loop that writes other spans (they might alias), so each pass would otherwise wait for the
/// previous pass's store. Only where the loop neither reads <c>g</c> nor assigns it outright, and the index does not
/// change in the loop; the update after the loop runs only when the loop runs at least once (the index may not be
/// valid otherwise). Only adjoints: the method's own arrays (its parameters, outputs and locals) keep their updates
/// in order, or the value would round differently from the method's (docs/API.md promises it is bit-identical).
/// </summary>
internal sealed class AccumulatorHoisting
{
    private readonly ISet<string> primalArrays;
    private readonly Func<string, IrType, VarExpr> newLocal;

    private AccumulatorHoisting(ISet<string> primalArrays, Func<string, IrType, VarExpr> newLocal)
    {
        this.primalArrays = primalArrays;
        this.newLocal = newLocal;
    }

    public static List<Stmt> Apply(IEnumerable<Stmt> statements, ISet<string> primalArrays, Func<string, IrType, VarExpr> newLocal)
        => new AccumulatorHoisting(primalArrays, newLocal).Apply(statements);

    private List<Stmt> Apply(IEnumerable<Stmt> statements)
    {
        var output = new List<Stmt>();
        foreach (var statement in statements) output.AddRange(Rewrite(statement));
        return output;
    }

    private IEnumerable<Stmt> Rewrite(Stmt statement)
    {
        switch (statement)
        {
            case IfStmt branch:
                return new[] { branch with { Then = Apply(branch.Then).ToEquatableArray(), Else = Apply(branch.Else).ToEquatableArray() } };
            case LoopStmt loop:
                return new[] { loop with { Body = Apply(loop.Body).ToEquatableArray() } };
            case RepeatStmt repeat:
                return new[] { repeat with { Body = Apply(repeat.Body).ToEquatableArray() } };
            case ForStmt loop:
                return Hoist(loop with { Body = Apply(loop.Body).ToEquatableArray() });
            default:
                return new[] { statement };
        }
    }

    private List<Stmt> Hoist(ForStmt loop)
    {
        var statements = IrWalker.Statements(loop.Body).ToList();
        var assigned = new HashSet<string>(System.StringComparer.Ordinal) { loop.Counter.Name };
        var blocked = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStmt assignment: assigned.Add(assignment.Target.Name); break;
                case ForStmt inner: assigned.Add(inner.Counter.Name); break;
                case RepeatStmt repeat: assigned.Add(repeat.Counter.Name); break;
                case StoreStmt store:
                    assigned.Add(store.Array.Name);
                    if (store.Kind == AssignKind.Set) blocked.Add(store.Array.Name);
                    break;
            }
            // Arrays read (or handed to a call, which may read them) cannot have their updates deferred.
            foreach (var expression in IrWalker.ExpressionsOf(statement))
            {
                foreach (var sub in IrWalker.Subexpressions(expression))
                {
                    if (sub is ElementExpr element) blocked.Add(element.Array.Name);
                    if (sub is VarExpr { Type.Kind: ValueKind.Array } array) blocked.Add(array.Name);
                }
            }
        }

        if (IrWalker.Variables(loop.Start).Concat(IrWalker.Variables(loop.Bound)).Any(assigned.Contains)) return new List<Stmt> { loop };
        var hoisted = new Dictionary<(string Array, Expr Index), VarExpr>();
        var order = new List<(VarExpr Array, Expr Index, VarExpr Accumulator)>();
        foreach (var store in statements.OfType<StoreStmt>())
        {
            if (store.Kind == AssignKind.Set || blocked.Contains(store.Array.Name) || primalArrays.Contains(store.Array.Name)) continue;
            if (IrWalker.Variables(store.Index).Any(assigned.Contains)) continue;
            var key = (store.Array.Name, store.Index);
            if (!hoisted.ContainsKey(key))
            {
                var accumulator = newLocal("_acc", store.Array.Type.Element!);
                hoisted[key] = accumulator;
                order.Add((store.Array, store.Index, accumulator));
            }
        }
        if (hoisted.Count == 0) return new List<Stmt> { loop };

        var output = new List<Stmt>();
        foreach (var (array, _, accumulator) in order) output.Add(new AssignStmt(accumulator, Literals.Real(array.Type.Element!, 0)));
        output.Add(loop with { Body = Replace(loop.Body, hoisted).ToEquatableArray() });
        var flush = order.Select(h => (Stmt)new StoreStmt(h.Array, h.Index, h.Accumulator, AssignKind.Add)).ToEquatableArray();
        // The loop ran at least once exactly when its condition held on entry: its bounds do not change in it.
        var ran = new BinaryExpr(loop.Comparison, loop.Start, loop.Bound, IrType.Bool);
        output.Add(new IfStmt(ran, flush, EquatableArray<Stmt>.Empty));
        return output;
    }

    private static List<Stmt> Replace(EquatableArray<Stmt> block, Dictionary<(string Array, Expr Index), VarExpr> hoisted)
    {
        var output = new List<Stmt>();
        foreach (var statement in block)
        {
            output.Add(statement switch
            {
                StoreStmt store when store.Kind != AssignKind.Set && hoisted.TryGetValue((store.Array.Name, store.Index), out var accumulator)
                    => new AssignStmt(accumulator, store.Value, store.Kind),
                IfStmt branch => branch with { Then = Replace(branch.Then, hoisted).ToEquatableArray(), Else = Replace(branch.Else, hoisted).ToEquatableArray() },
                ForStmt inner => inner with { Body = Replace(inner.Body, hoisted).ToEquatableArray() },
                RepeatStmt repeat => repeat with { Body = Replace(repeat.Body, hoisted).ToEquatableArray() },
                LoopStmt inner => inner with { Body = Replace(inner.Body, hoisted).ToEquatableArray() },
                _ => statement,
            });
        }
        return output;
    }
}
