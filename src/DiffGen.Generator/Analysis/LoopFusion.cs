using System.Globalization;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>An accumulator of a fused loop and the sign with which it reaches the result.</summary>
internal sealed record FusedAccumulator(VarExpr Variable, bool Negated);

/// <summary>
/// Which top-level counted loops reverse mode can run as one sweep: each pass runs its primal statements and then, at
/// once, their adjoints, instead of storing every pass for an adjoint loop after the whole method. That is what a
/// hand-written gradient of a sum does (<c>Σ_i f(x, i)</c>), and it keeps a pass's saved values in cache.
/// </summary>
/// <remarks>
/// A pass's adjoint may run right after it when no value flows from one pass to a later one except through
/// accumulators (<c>s += e</c>, read nowhere else in the loop), and when the accumulators' adjoints are known before
/// the loop: each reaches the result through sums and differences only, so its adjoint is ±seed. Then every pass's
/// adjoint depends on that pass alone and they commute. The conditions, checked on the normalized body:
/// <list type="bullet">
/// <item>variables a pass reads before assigning them are accumulators, inactive values nothing restores, or not
/// assigned in the loop at all;</item>
/// <item>arrays the loop writes are local scratch that each pass overwrites before reading (a counted loop storing
/// <c>a[i]</c> first covers a range, and every later store stays inside it), and nothing after the loop reads them;</item>
/// <item>nothing after the loop reads the loop's other variables or reassigns what the loop reads (their adjoints would
/// mix);</item>
/// <item>no call in the loop writes outputs.</item>
/// </list>
/// </remarks>
internal static class LoopFusion
{
    /// <param name="body">The method body after <see cref="Transforms.ReturnNormalizer"/>.</param>
    /// <param name="result">The variable holding the returned value.</param>
    /// <param name="restored">Variables whose values the adjoint sweep reads, so reverse mode may save and restore them.</param>
    public static Dictionary<ForStmt, List<FusedAccumulator>> Find(
        EquatableArray<Stmt> body, VarExpr result, ActivityInfo activity, ISet<string> restored)
    {
        var plans = new Dictionary<ForStmt, List<FusedAccumulator>>(ReferenceComparer<ForStmt>.Instance);
        var assignmentCounts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var readCounts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var localArrays = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in IrWalker.Statements(body))
        {
            if (statement is AssignStmt assignment)
            {
                assignmentCounts[assignment.Target.Name] = Count(assignmentCounts, assignment.Target.Name) + 1;
                if (assignment.Value is NewArrayExpr) localArrays.Add(assignment.Target.Name);
            }
            foreach (var read in IrWalker.Reads(statement)) readCounts[read] = Count(readCounts, read) + 1;
        }
        if (Count(assignmentCounts, result.Name) != 1) return plans;

        for (int p = 0; p < body.Count; p++)
        {
            if (body[p] is not ForStmt loop) continue;
            var post = new List<Stmt>();
            for (int q = p + 1; q < body.Count; q++) post.Add(body[q]);
            if (Plan(loop, post, result, activity, restored, assignmentCounts, readCounts, localArrays) is { } accumulators)
            {
                plans[loop] = accumulators;
            }
        }
        return plans;
    }

    private static List<FusedAccumulator>? Plan(ForStmt loop, List<Stmt> post, VarExpr result, ActivityInfo activity, ISet<string> restored,
        Dictionary<string, int> assignmentCounts, Dictionary<string, int> readCounts, HashSet<string> localArrays)
    {
        var loopStatements = IrWalker.Statements(loop.Body).ToList();
        foreach (var statement in loopStatements)
        {
            // Calls that write outputs, local arrays created in the loop, out arguments: kept out, for simplicity.
            if (statement is AssignStmt { Value: NewArrayExpr }) return null;
            if (IrWalker.ExpressionsOf(statement).SelectMany(IrWalker.Subexpressions).Any(WritesThroughCall)) return null;
        }

        var assigned = new HashSet<string>(IrWalker.Assigned(loop.Body), System.StringComparer.Ordinal);
        if (assigned.Contains(result.Name) || assigned.Contains(loop.Counter.Name)) return null;
        var writtenArrays = new HashSet<string>(loopStatements.OfType<StoreStmt>().Select(s => s.Array.Name), System.StringComparer.Ordinal);

        // Values a pass reads before assigning them: from before the loop, or from the pass before.
        var exposed = new HashSet<string>(System.StringComparer.Ordinal);
        Exposed(loop.Body, new HashSet<string>(new[] { loop.Counter.Name }, System.StringComparer.Ordinal), exposed);

        var postStatements = post.SelectMany(s => IrWalker.Statements(new[] { s })).ToList();
        var postReads = new HashSet<string>(postStatements.SelectMany(IrWalker.Reads), System.StringComparer.Ordinal);
        var postAssigned = new HashSet<string>(IrWalker.Assigned(post).Concat(postStatements.SelectMany(IrWalker.Writes)), System.StringComparer.Ordinal);

        var accumulators = new List<FusedAccumulator>();
        foreach (var name in assigned)
        {
            bool carried = exposed.Contains(name);
            bool liveOut = postReads.Contains(name);
            if (!carried && !liveOut) continue;
            if (!activity.IsActive(name))
            {
                // An inactive value nothing restores simply runs on from pass to pass.
                if (restored.Contains(name)) return null;
                continue;
            }
            if (!carried || !liveOut || restored.Contains(name)) return null;
            // Its adjoint is ±seed for the whole loop only if nothing after the loop overwrites it on the way.
            if (postAssigned.Contains(name)) return null;
            if (!IsAccumulator(loop.Body, name, readCounts, assignmentCounts)) return null;
            if (SignToResult(name, post, result, assignmentCounts) is not { } negated) return null;
            accumulators.Add(new FusedAccumulator(loopStatements.OfType<AssignStmt>().First(a => a.Target.Name == name).Target, negated));
        }
        if (accumulators.Count == 0) return null;

        foreach (var array in writtenArrays)
        {
            if (!localArrays.Contains(array) || postReads.Contains(array)) return null;
            if (!Covers(loop.Body, array, assigned, new Dictionary<string, ForStmt>(System.StringComparer.Ordinal))) return null;
        }

        // What the loop reads from before it keeps its adjoint until the adjoint sweep reaches the statements before
        // the loop: nothing after the loop may reassign it, or the two values' adjoints would mix.
        var readInLoop = new HashSet<string>(loopStatements.SelectMany(IrWalker.Reads), System.StringComparer.Ordinal);
        readInLoop.Add(loop.Counter.Name);
        foreach (var name in readInLoop)
        {
            if (assigned.Contains(name) || writtenArrays.Contains(name)) continue;
            if (activity.IsActive(name) && postAssigned.Contains(name)) return null;
        }
        return accumulators;
    }

    /// <summary>
    /// Every assignment of <paramref name="name"/> in the loop is <c>s = t</c> right after <c>t = s ± e</c> (or
    /// <c>e + s</c>), with <c>t</c> read only there and <c>s</c> read nowhere else: its adjoint passes through a pass unchanged.
    /// </summary>
    private static bool IsAccumulator(EquatableArray<Stmt> block, string name, Dictionary<string, int> readCounts, Dictionary<string, int> assignmentCounts)
    {
        int accumulations = 0;
        if (!CountAccumulations(block, name, readCounts, assignmentCounts, ref accumulations)) return false;
        int reads = IrWalker.Statements(block).SelectMany(IrWalker.Reads).Count(v => v == name);
        return accumulations > 0 && reads == accumulations;
    }

    private static bool CountAccumulations(EquatableArray<Stmt> block, string name, Dictionary<string, int> readCounts, Dictionary<string, int> assignmentCounts, ref int accumulations)
    {
        for (int i = 0; i < block.Count; i++)
        {
            switch (block[i])
            {
                case AssignStmt assignment when assignment.Target.Name == name:
                {
                    if (assignment.Kind != AssignKind.Set || assignment.Value is not VarExpr temporary || i == 0) return false;
                    if (block[i - 1] is not AssignStmt { Kind: AssignKind.Set, Value: BinaryExpr sum } definition || definition.Target.Name != temporary.Name) return false;
                    if (Count(readCounts, temporary.Name) != 1 || Count(assignmentCounts, temporary.Name) != 1) return false;
                    bool left = sum.Left is VarExpr l && l.Name == name && !Reads(sum.Right, name) && sum.Op is BinaryOp.Add or BinaryOp.Subtract;
                    bool right = sum.Right is VarExpr r && r.Name == name && !Reads(sum.Left, name) && sum.Op == BinaryOp.Add;
                    if (!left && !right) return false;
                    accumulations++;
                    break;
                }
                case IfStmt branch:
                    if (!CountAccumulations(branch.Then, name, readCounts, assignmentCounts, ref accumulations)) return false;
                    if (!CountAccumulations(branch.Else, name, readCounts, assignmentCounts, ref accumulations)) return false;
                    break;
                case ForStmt counted:
                    if (!CountAccumulations(counted.Body, name, readCounts, assignmentCounts, ref accumulations)) return false;
                    break;
                case LoopStmt inner:
                    if (!CountAccumulations(inner.Body, name, readCounts, assignmentCounts, ref accumulations)) return false;
                    break;
            }
        }
        return true;
    }

    /// <summary>
    /// Follows <paramref name="name"/> after the loop to the result through copies, sums, differences and negations,
    /// each read once at the top level: the sign its adjoint gets from the seed, or null when the path is anything else.
    /// </summary>
    private static bool? SignToResult(string name, List<Stmt> post, VarExpr result, Dictionary<string, int> assignmentCounts)
    {
        bool negated = false;
        var current = name;
        for (int steps = 0; steps <= post.Count; steps++)
        {
            var uses = post.Where(s => IrWalker.Statements(new[] { s }).SelectMany(IrWalker.Reads).Contains(current)).ToList();
            if (uses.Count != 1 || uses[0] is not AssignStmt { Kind: AssignKind.Set } use) return null;
            if (IrWalker.Reads(use).Count(v => v == current) != 1 || Count(assignmentCounts, use.Target.Name) != 1) return null;
            switch (use.Value)
            {
                case VarExpr:
                case UnaryExpr { Op: UnaryOp.Plus }:
                    break;
                case UnaryExpr { Op: UnaryOp.Negate }:
                    negated = !negated;
                    break;
                case BinaryExpr { Op: BinaryOp.Add }:
                    break;
                case BinaryExpr { Op: BinaryOp.Subtract } difference:
                    if (difference.Right is VarExpr right && right.Name == current) negated = !negated;
                    break;
                default:
                    return null;
            }
            if (use.Value.Type != use.Target.Type) return null;
            if (use.Target.Name == result.Name) return negated;
            current = use.Target.Name;
        }
        return null;
    }

    /// <summary>
    /// Whether every pass overwrites the elements of <paramref name="array"/> it reads before reading them: the first
    /// statement touching it is a counted loop whose body first stores <c>array[counter]</c> (covering that range in
    /// every pass), or a loop whose own body does so, with nothing after it touching the array. After a covering
    /// loop, stores stay inside the covered range, so no element written in one pass is read in the next.
    /// </summary>
    private static bool Covers(EquatableArray<Stmt> block, string array, HashSet<string> assignedInFused, Dictionary<string, ForStmt> ranges)
    {
        int first = -1;
        for (int i = 0; i < block.Count; i++)
        {
            if (Touches(block[i], array)) { first = i; break; }
        }
        if (first < 0) return true;
        if (block[first] is not ForStmt loop) return false;
        if (IrWalker.ExpressionsOf(loop).SelectMany(IrWalker.Subexpressions).Any(e => e is ElementExpr element && element.Array.Name == array)) return false;

        var inner = new Dictionary<string, ForStmt>(ranges, System.StringComparer.Ordinal) { [loop.Counter.Name] = loop };
        if (CoverStore(loop, array) is { } coverIndex)
        {
            if (IrWalker.Variables(loop.Start).Concat(IrWalker.Variables(loop.Bound)).Any(assignedInFused.Contains)) return false;
            // Later stores, in the covering loop and after it, stay inside [Start, Bound). Until the covering loop
            // ends, only the element just stored is read: the others may not have been stored in this pass yet.
            for (int i = coverIndex + 1; i < loop.Body.Count; i++)
            {
                if (!StoresInRange(loop.Body[i], array, loop, inner)) return false;
                var later = IrWalker.Statements(new[] { loop.Body[i] }).ToList();
                bool atCounter(Expr index) => index is VarExpr counter && counter.Name == loop.Counter.Name;
                if (later.SelectMany(IrWalker.ExpressionsOf).SelectMany(IrWalker.Subexpressions).Any(e => e is ElementExpr element && element.Array.Name == array && !atCounter(element.Index))
                    || later.OfType<StoreStmt>().Any(s => s.Array.Name == array && s.Kind != AssignKind.Set && !atCounter(s.Index)))
                {
                    return false;
                }
            }
            for (int i = first + 1; i < block.Count; i++)
            {
                if (!StoresInRange(block[i], array, loop, ranges)) return false;
            }
            return true;
        }

        // Not covering itself: each of its passes must cover, and nothing after it may touch the array (it may run
        // no pass at all).
        for (int i = first + 1; i < block.Count; i++)
        {
            if (Touches(block[i], array)) return false;
        }
        return Covers(loop.Body, array, assignedInFused, inner);
    }

    /// <summary>The position of <c>array[counter] = v</c> when it is the first statement of the loop's body to touch the array.</summary>
    private static int? CoverStore(ForStmt loop, string array)
    {
        if (loop.Comparison != BinaryOp.LessThan) return null;
        for (int i = 0; i < loop.Body.Count; i++)
        {
            if (!Touches(loop.Body[i], array)) continue;
            if (loop.Body[i] is StoreStmt { Kind: AssignKind.Set } store && store.Array.Name == array
                && store.Index is VarExpr index && index.Name == loop.Counter.Name && !Reads(store.Value, array))
            {
                return i;
            }
            return null;
        }
        return null;
    }

    private static bool StoresInRange(Stmt statement, string array, ForStmt cover, Dictionary<string, ForStmt> ranges)
    {
        switch (statement)
        {
            case StoreStmt store when store.Array.Name == array:
                return InRange(store.Index, cover, ranges);
            case IfStmt branch:
                return branch.Then.All(s => StoresInRange(s, array, cover, ranges)) && branch.Else.All(s => StoresInRange(s, array, cover, ranges));
            case ForStmt loop:
            {
                var inner = new Dictionary<string, ForStmt>(ranges, System.StringComparer.Ordinal) { [loop.Counter.Name] = loop };
                return loop.Body.All(s => StoresInRange(s, array, cover, inner));
            }
            case LoopStmt loop:
                return loop.Body.All(s => StoresInRange(s, array, cover, ranges));
            default:
                return true;
        }
    }

    /// <summary>Whether <paramref name="index"/> is a counter whose loop runs inside the cover's <c>[Start, Bound)</c>.</summary>
    private static bool InRange(Expr index, ForStmt cover, Dictionary<string, ForStmt> ranges)
    {
        if (index is not VarExpr counter || !ranges.TryGetValue(counter.Name, out var loop)) return false;
        if (loop.Comparison != BinaryOp.LessThan || loop.Bound != cover.Bound) return false;
        return ConstantValue(cover.Start) is { } lowest && AtLeast(loop.Start, lowest, ranges, 0);
    }

    /// <summary>Whether <paramref name="value"/> is at least <paramref name="lowest"/> wherever it is evaluated.</summary>
    private static bool AtLeast(Expr value, long lowest, Dictionary<string, ForStmt> ranges, int depth)
    {
        if (depth > 8) return false;
        switch (value)
        {
            case ConstExpr:
                return ConstantValue(value) is { } constant && constant >= lowest;
            case VarExpr counter when ranges.TryGetValue(counter.Name, out var loop):
                // An upward counted loop's counter never goes below its start.
                return loop.Comparison is BinaryOp.LessThan or BinaryOp.LessThanOrEqual && AtLeast(loop.Start, lowest, ranges, depth + 1);
            case BinaryExpr { Op: BinaryOp.Add } sum:
                if (ConstantValue(sum.Right) is { } right && right >= 0) return AtLeast(sum.Left, lowest - right, ranges, depth + 1);
                if (ConstantValue(sum.Left) is { } left && left >= 0) return AtLeast(sum.Right, lowest - left, ranges, depth + 1);
                return false;
            default:
                return false;
        }
    }

    private static long? ConstantValue(Expr value)
        => value is ConstExpr { Type.Kind: ValueKind.Integer } constant
            && long.TryParse(constant.Literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) ? parsed : null;

    // ---- Walking the IR ------------------------------------------------------------------------------------------

    /// <summary>Adds to <paramref name="exposed"/> the variables read where they may not have been assigned yet.</summary>
    private static void Exposed(EquatableArray<Stmt> block, HashSet<string> defined, HashSet<string> exposed)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case IfStmt branch:
                {
                    Read(branch.Condition, defined, exposed);
                    var then = new HashSet<string>(defined, System.StringComparer.Ordinal);
                    var @else = new HashSet<string>(defined, System.StringComparer.Ordinal);
                    Exposed(branch.Then, then, exposed);
                    Exposed(branch.Else, @else, exposed);
                    then.IntersectWith(@else);
                    defined.UnionWith(then);
                    break;
                }
                case ForStmt loop:
                {
                    Read(loop.Start, defined, exposed);
                    Read(loop.Bound, defined, exposed);
                    defined.Add(loop.Counter.Name);
                    // A pass may come after another, or after none: what the body assigns counts for neither.
                    Exposed(loop.Body, new HashSet<string>(defined, System.StringComparer.Ordinal), exposed);
                    break;
                }
                case LoopStmt loop:
                    Read(loop.Test, defined, exposed);
                    Exposed(loop.Body, new HashSet<string>(defined, System.StringComparer.Ordinal), exposed);
                    break;
                case AssignStmt assignment:
                    Read(assignment.Value, defined, exposed);
                    if (assignment.Kind != AssignKind.Set && !defined.Contains(assignment.Target.Name)) exposed.Add(assignment.Target.Name);
                    defined.Add(assignment.Target.Name);
                    break;
                default:
                    foreach (var expression in IrWalker.ExpressionsOf(statement)) Read(expression, defined, exposed);
                    break;
            }
        }
    }

    private static void Read(Expr expression, HashSet<string> defined, HashSet<string> exposed)
    {
        foreach (var variable in IrWalker.Variables(expression))
        {
            if (!defined.Contains(variable)) exposed.Add(variable);
        }
    }

    private static bool WritesThroughCall(Expr expression) => expression switch
    {
        DifferentiableCallExpr call => call.Arguments.Any(a => a.IsOutput),
        InvokeExpr invoke => invoke.Arguments.Any(a => a.IsOut || a.IsRef),
        _ => false,
    };

    private static bool Touches(Stmt statement, string array)
        => IrWalker.Statements(new[] { statement }).Any(s => (s is StoreStmt store && store.Array.Name == array) || IrWalker.Reads(s).Contains(array));

    private static bool Reads(Expr expression, string name) => IrWalker.Variables(expression).Contains(name);

    private static int Count(Dictionary<string, int> counts, string name) => counts.TryGetValue(name, out int count) ? count : 0;
}
