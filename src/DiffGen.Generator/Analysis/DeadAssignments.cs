using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Assignments whose value reaches no result: every path from them overwrites the variable before a statement that
/// matters reads it (strong liveness: a read by a dead assignment does not make a value live). Their adjoint is zero,
/// so reverse mode forms none of their partials — as a tape never records what the result does not depend on. Without
/// this, an overflowed dead value (<c>x *= -x</c> in a loop whose result is later overwritten) would turn 0 · ∞ into
/// a NaN gradient. Arrays are always live (their elements are not followed one by one).
/// </summary>
internal static class DeadAssignments
{
    /// <param name="body">The method body after <see cref="Transforms.ReturnNormalizer"/>.</param>
    /// <param name="results">What the method gives back: the result variable, or its outputs.</param>
    public static HashSet<Stmt> Find(EquatableArray<Stmt> body, IEnumerable<string> results)
    {
        var live = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        LiveBefore(body, new HashSet<string>(results, System.StringComparer.Ordinal), live);
        var dead = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        foreach (var assignment in IrWalker.Statements(body).OfType<AssignStmt>())
        {
            if (!live.Contains(assignment)) dead.Add(assignment);
        }
        return dead;
    }

    private static bool SurelyRuns(Stmt loop) => loop is ForStmt
    {
        Start: ConstExpr { Type.Kind: ValueKind.Integer } start,
        Bound: ConstExpr { Type.Kind: ValueKind.Integer } bound,
    } counted
        && long.TryParse(start.Literal, out long first) && long.TryParse(bound.Literal, out long last)
        && counted.Comparison switch
        {
            BinaryOp.LessThan => first < last,
            BinaryOp.LessThanOrEqual => first <= last,
            BinaryOp.GreaterThan => first > last,
            _ => first >= last,
        };

    /// <summary>The variables live before <paramref name="block"/>, given those live after it; marks the live assignments.</summary>
    private static HashSet<string> LiveBefore(IEnumerable<Stmt> block, HashSet<string> after, HashSet<Stmt> live)
    {
        var current = new HashSet<string>(after, System.StringComparer.Ordinal);
        foreach (var statement in block.Reverse())
        {
            switch (statement)
            {
                case AssignStmt assignment:
                {
                    var target = assignment.Target;
                    if (target.Type.Kind == ValueKind.Array || current.Contains(target.Name))
                    {
                        live.Add(assignment);
                        if (assignment.Kind == AssignKind.Set && target.Type.Kind != ValueKind.Array) current.Remove(target.Name);
                        current.UnionWith(IrWalker.Reads(assignment));
                    }
                    break;
                }
                case IfStmt branch:
                {
                    var then = LiveBefore(branch.Then, current, live);
                    var @else = LiveBefore(branch.Else, current, live);
                    current = then;
                    current.UnionWith(@else);
                    current.UnionWith(IrWalker.Variables(branch.Condition));
                    break;
                }
                case ForStmt or LoopStmt or RepeatStmt:
                {
                    // A pass may run after any other: iterate until what is live at the bottom of the body stops
                    // growing. Before the loop: what its first pass needs, and what comes after it unless the loop
                    // surely runs (a counted loop over constant bounds).
                    var body = statement switch
                    {
                        ForStmt counted => counted.Body,
                        LoopStmt loop => loop.Body,
                        _ => ((RepeatStmt)statement).Body,
                    };
                    var header = IrWalker.Reads(statement).ToList();
                    var bottom = new HashSet<string>(current, System.StringComparer.Ordinal);
                    bottom.UnionWith(header);
                    HashSet<string> top;
                    while (true)
                    {
                        top = LiveBefore(body, bottom, live);
                        int count = bottom.Count;
                        bottom.UnionWith(top);
                        if (bottom.Count == count) break;
                    }
                    if (!SurelyRuns(statement)) top.UnionWith(current);
                    top.UnionWith(header);
                    current = top;
                    break;
                }
                default:
                    // Stores, calls and anything else: they matter, and so does everything they read.
                    foreach (var nested in IrWalker.Statements(new[] { statement })) current.UnionWith(IrWalker.Reads(nested));
                    break;
            }
        }
        return current;
    }
}
