using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Which element-wise counted loops the emitter prints with <c>System.Numerics.Vector&lt;T&gt;</c>:
/// <c>Vector&lt;T&gt;.Count</c> elements per pass, then the loop as written for the rest. Only those where that computes
/// every element bit for bit as the scalar loop would (docs/API.md: a derivative method returns F's value computed by the same operations in the same order):
/// <list type="bullet">
/// <item>the body is straight-line: element reads and stores at <c>base + i</c> (<c>base</c> fixed in the loop),
/// real arithmetic <c>+ − × ÷</c>, negation, the functions whose row in <see cref="MathFunction"/> names a
/// <see cref="MathFunction.VectorMethod"/> (<c>Sqrt</c> and <c>Abs</c>: exact in IEEE arithmetic, lane by lane),
/// conditionals on comparisons of reals (a select per lane), and integer arithmetic of fixed values;</item>
/// <item>no value runs from one pass to the next: the real temporaries are assigned before they are read and used
/// nowhere outside the loop; except accumulators <c>acc = acc ± e</c>
/// (also <c>acc ±= e</c>, or <c>t = acc ± e; acc = t</c> with <c>t</c> read nowhere else) that the loop reads nowhere
/// else: <c>e</c> is computed for all lanes at once, then added into <c>acc</c> lane by lane, in the scalar loop's
/// order (a sum reassociated would round differently);</item>
/// <item>an array stored in the loop is accessed at one base only, and arrays that may be the same memory
/// (parameters) are accessed at one base, so no lane reads what another lane of the same pass stores. A derivative
/// buffer never shares memory with the method's own arrays (docs/API.md), so <c>dW[j·n + i] += d·x[i]</c> has two
/// bases that cannot meet.</item>
/// </list>
/// </summary>
internal sealed class LoopVectorizer
{
    private readonly HashSet<string> localArrays;
    private readonly HashSet<string> derivativeBuffers;
    private readonly Dictionary<string, int> uses;

    /// <param name="body">The whole method body: temporaries must not be used outside the loop.</param>
    /// <param name="localArrays">Spans the method rents itself: they alias nothing.</param>
    /// <param name="derivativeBuffers">Span parameters holding derivatives: they may alias each other, not the method's arrays.</param>
    public LoopVectorizer(EquatableArray<Stmt> body, IEnumerable<string> localArrays, IEnumerable<string>? derivativeBuffers = null)
    {
        this.localArrays = new HashSet<string>(localArrays, System.StringComparer.Ordinal);
        this.derivativeBuffers = new HashSet<string>(derivativeBuffers ?? Enumerable.Empty<string>(), System.StringComparer.Ordinal);
        uses = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var name in Names(body)) uses[name] = (uses.TryGetValue(name, out int count) ? count : 0) + 1;
    }

    /// <summary>How to vectorize the loop (the element type, <c>double</c> or <c>float</c>, and its accumulations), or null when it cannot be.</summary>
    public VectorPlan? Plan(ForStmt loop)
    {
        // Upwards with <, or downwards with >= (the adjoint sweep's loops): the elements are independent either way.
        if (loop.Comparison is not (BinaryOp.LessThan or BinaryOp.GreaterThanOrEqual) || loop.Counter.Type != IrType.Int || loop.Body.Count == 0) return null;
        var counter = loop.Counter.Name;
        IrType? element = null;
        var inLoop = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var name in Names(loop.Body)) inLoop[name] = (inLoop.TryGetValue(name, out int count) ? count : 0) + 1;
        var assigned = new HashSet<string>(loop.Body.OfType<AssignStmt>().Select(a => a.Target.Name), System.StringComparer.Ordinal);
        if (assigned.Contains(counter)) return null;

        // Integer temporaries: fixed in the loop, or base + counter (an index).
        var fixedInts = new HashSet<string>(System.StringComparer.Ordinal);
        var indices = new Dictionary<string, Expr>(System.StringComparer.Ordinal);
        var lanes = new HashSet<string>(System.StringComparer.Ordinal);
        var accesses = new List<(string Array, Expr Base, bool Write)>();
        var (accumulations, copies) = loop.Step > 0 ? Accumulations(loop.Body, inLoop) : (new Dictionary<int, string>(), new HashSet<int>());
        var inductions = loop.Step == 1 ? Inductions(loop.Body) : new Dictionary<int, string>();
        foreach (var induction in inductions.Values) indices[induction] = new VarExpr(induction, IrType.Int);
        var broadcasts = new HashSet<Expr>();

        for (int index = 0; index < loop.Body.Count; index++)
        {
            var statement = loop.Body[index];
            if (copies.Contains(index) || inductions.ContainsKey(index)) continue;
            if (accumulations.TryGetValue(index, out var accumulator))
            {
                // The added value is a lane value (not the accumulator or its temporary: both are assigned in the loop);
                // the accumulator is named nowhere else (counted in Accumulations).
                var update = (AssignStmt)statement;
                var type = update.Target.Type;
                if (element is null) element = type;
                else if (element != type) return null;
                var added = update.Kind == AssignKind.Set ? ((BinaryExpr)update.Value).Right : update.Value;
                if (!Vectorizable(added, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)) return null;
                continue;
            }
            switch (statement)
            {
                case AssignStmt { Target.Type.Kind: ValueKind.Integer, Kind: AssignKind.Set } integer:
                {
                    // Assigned once, from values fixed in the loop (or a fixed value plus the counter).
                    if (loop.Body.OfType<AssignStmt>().Count(a => a.Target.Name == integer.Target.Name) != 1 || !LocalToLoop(integer.Target.Name, inLoop)) return null;
                    if (IsFixed(integer.Value, fixedInts, assigned, counter)) fixedInts.Add(integer.Target.Name);
                    else if (integer.Value is BinaryExpr { Op: BinaryOp.Add } sum && Same(sum.Right, counter) && IsFixed(sum.Left, fixedInts, assigned, counter)) indices[integer.Target.Name] = sum.Left;
                    else if (integer.Value is BinaryExpr { Op: BinaryOp.Add } sum2 && Same(sum2.Left, counter) && IsFixed(sum2.Right, fixedInts, assigned, counter)) indices[integer.Target.Name] = sum2.Right;
                    else return null;
                    break;
                }
                case AssignStmt { Target.Type.IsReal: true } real:
                {
                    var type = real.Target.Type;
                    if (element is null) element = type;
                    else if (element != type) return null;
                    if (!LocalToLoop(real.Target.Name, inLoop)) return null;
                    if (real.Kind != AssignKind.Set && !lanes.Contains(real.Target.Name)) return null;
                    if (!Vectorizable(real.Value, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)) return null;
                    lanes.Add(real.Target.Name);
                    break;
                }
                case StoreStmt store when store.Array.Type.Element is { IsReal: true } stored && !IR.ValueArrays.IsMember(store.Array):
                {
                    if (element is null) element = stored;
                    else if (element != stored) return null;
                    if (Base(store.Index, indices, fixedInts, assigned, counter) is not { } storeBase) return null;
                    if (!Vectorizable(store.Value, stored, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)) return null;
                    accesses.Add((store.Array.Name, storeBase, true));
                    break;
                }
                default:
                    return null;
            }
        }
        if (element is null || (!accesses.Any(a => a.Write) && accumulations.Count == 0)) return null;

        // Stored arrays: one base for every access to them, and to every array that may be the same memory.
        foreach (var write in accesses.Where(a => a.Write))
        {
            foreach (var other in accesses)
            {
                bool mayAlias = other.Array == write.Array || (!localArrays.Contains(other.Array) && !localArrays.Contains(write.Array)
                    && derivativeBuffers.Contains(other.Array) == derivativeBuffers.Contains(write.Array));
                if (mayAlias && other.Base != write.Base) return null;
            }
        }
        return new VectorPlan(element, accumulations, copies) { Inductions = inductions.Keys.ToList(), Broadcasts = (IReadOnlyCollection<Expr>?)broadcasts ?? System.Array.Empty<Expr>() };
    }

    /// <summary>
    /// The statements of a straight-line body that add into an accumulator (by index, with the accumulator's name),
    /// and the copies <c>acc = t</c> that finish one: each accumulator is a real used after the loop that the body
    /// names exactly twice, in <c>acc = acc ± e</c>, in <c>acc ±= e</c>, or in <c>t = acc ± e</c> and a later
    /// <c>acc = t</c> whose <c>t</c> is named nowhere else.
    /// </summary>
    private (Dictionary<int, string> Accumulations, HashSet<int> Copies) Accumulations(EquatableArray<Stmt> body, Dictionary<string, int> inLoop)
    {
        var accumulations = new Dictionary<int, string>();
        var copies = new HashSet<int>();
        for (int index = 0; index < body.Count; index++)
        {
            if (body[index] is not AssignStmt { Target.Type.IsReal: true } update) continue;
            string target = update.Target.Name;
            if (update.Kind != AssignKind.Set)
            {
                if (!LocalToLoop(target, inLoop)) accumulations[index] = target;
                continue;
            }
            if (update.Value is not BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarExpr { } left } sum || sum.Type != update.Target.Type || left.Type != sum.Type) continue;
            if (left.Name == target)
            {
                if (!LocalToLoop(target, inLoop)) accumulations[index] = target;
                continue;
            }
            if (LocalToLoop(left.Name, inLoop) || !LocalToLoop(target, inLoop) || inLoop[target] != 2) continue;
            for (int later = index + 1; later < body.Count; later++)
            {
                if (body[later] is AssignStmt { Kind: AssignKind.Set, Value: VarExpr copied } copy && copied.Name == target && copy.Target.Name == left.Name)
                {
                    accumulations[index] = left.Name;
                    copies.Add(later);
                    break;
                }
            }
        }
        // Each accumulator named only by its own accumulation: two mentions, one statement.
        foreach (var group in accumulations.GroupBy(a => a.Value).ToList())
        {
            if (group.Count() != 1 || inLoop[group.Key] != 2)
            {
                foreach (var entry in group) accumulations.Remove(entry.Key);
            }
        }
        copies.RemoveWhere(c => !accumulations.Values.Contains(((AssignStmt)body[c]).Target.Name));
        return (accumulations, copies);
    }

    /// <summary>
    /// Integers that step by one each pass (<c>li = li + 1</c>, ADBench GMM's running index into a triangle), by the
    /// index of that statement: assigned nowhere else in the body, and named before it only as an element's index
    /// (<c>l[li]</c>, a base like the counter's) and not after it. A vector pass adds <c>Count</c> instead.
    /// </summary>
    private static Dictionary<int, string> Inductions(EquatableArray<Stmt> body)
    {
        var inductions = new Dictionary<int, string>();
        for (int index = 0; index < body.Count; index++)
        {
            if (body[index] is not AssignStmt { Kind: AssignKind.Set, Target.Type.Kind: ValueKind.Integer, Value: BinaryExpr { Op: BinaryOp.Add, Left: VarExpr left, Right: ConstExpr { Type.Kind: ValueKind.Integer, Literal: "1" } } } step
                || left.Name != step.Target.Name) continue;
            string name = left.Name;
            bool steppedOnce = body.OfType<AssignStmt>().Count(a => a.Target.Name == name) == 1;
            bool notAfter = body.Skip(index + 1).All(s => !Names([s]).Contains(name));
            bool onlyIndexes = body.Take(index).All(s => IrWalker.ExpressionsOf(s).SelectMany(IrWalker.Subexpressions).Count(e => e is VarExpr v && v.Name == name)
                == IrWalker.ExpressionsOf(s).SelectMany(IrWalker.Subexpressions).Count(e => e is ElementExpr { Index: VarExpr i } && i.Name == name)
                && !(s is AssignStmt a && a.Target.Name == name));
            if (steppedOnce && notAfter && onlyIndexes) inductions[index] = name;
        }
        return inductions;
    }

    private bool LocalToLoop(string name, Dictionary<string, int> inLoop)
        => uses.TryGetValue(name, out int total) && inLoop.TryGetValue(name, out int inside) && total == inside;

    private static bool Same(Expr expression, string name) => expression is VarExpr variable && variable.Name == name;

    private static bool IsFixed(Expr expression, HashSet<string> fixedInts, HashSet<string> assigned, string counter) => expression switch
    {
        ConstExpr { Type.Kind: ValueKind.Integer } => true,
        VarExpr { Type.Kind: ValueKind.Integer } variable => variable.Name != counter && (fixedInts.Contains(variable.Name) || !assigned.Contains(variable.Name)),
        LengthExpr => true,
        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply, Type.Kind: ValueKind.Integer } binary
            => IsFixed(binary.Left, fixedInts, assigned, counter) && IsFixed(binary.Right, fixedInts, assigned, counter),
        _ => false,
    };

    /// <summary>The base of an index <c>base + i</c>: the counter itself (base 0) or an index temporary.</summary>
    private static Expr? Base(Expr index, Dictionary<string, Expr> indices, HashSet<string> fixedInts, HashSet<string> assigned, string counter)
    {
        if (Same(index, counter)) return Literals.Int(0);
        if (index is VarExpr variable) return indices.TryGetValue(variable.Name, out var offset) ? offset : null;
        if (index is BinaryExpr { Op: BinaryOp.Add } sum)
        {
            if (Same(sum.Right, counter) && IsFixed(sum.Left, fixedInts, assigned, counter)) return sum.Left;
            if (Same(sum.Left, counter) && IsFixed(sum.Right, fixedInts, assigned, counter)) return sum.Right;
        }
        return null;
    }

    /// <summary>The base of a read at an index fixed in the loop (every lane reads the same element): equal to no other base.</summary>
    private static readonly VarExpr FixedElement = new("<fixed element>", IrType.Int);

    private static bool Vectorizable(Expr value, IrType type, HashSet<string> lanes, HashSet<string> fixedInts, Dictionary<string, Expr> indices,
        HashSet<string> assigned, string counter, List<(string, Expr, bool)> accesses, HashSet<Expr>? broadcasts)
    {
        switch (value)
        {
            case ConstExpr constant:
                return constant.Type == type;
            case VarExpr variable:
                // A lane value, or a real fixed in the loop (broadcast).
                return variable.Type == type && (lanes.Contains(variable.Name) || !assigned.Contains(variable.Name));
            case ElementExpr element when element.Type == type && element.Array.Type.Kind == ValueKind.Array && !IR.ValueArrays.IsMember(element.Array) && Base(element.Index, indices, fixedInts, assigned, counter) is { } readBase:
                accesses.Add((element.Array.Name, readBase, false));
                return true;
            case ElementExpr element when broadcasts is not null && element.Type == type && element.Array.Type.Kind == ValueKind.Array && !IR.ValueArrays.IsMember(element.Array) && IsFixed(element.Index, fixedInts, assigned, counter):
                // One element for every lane (a broadcast): its array must not be stored in the loop (the base check).
                accesses.Add((element.Array.Name, FixedElement, false));
                broadcasts.Add(element);
                return true;
            case BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } binary when binary.Type == type:
                return Vectorizable(binary.Left, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)
                    && Vectorizable(binary.Right, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts);
            case UnaryExpr { Op: UnaryOp.Negate or UnaryOp.Plus } unary when unary.Type == type:
                return Vectorizable(unary.Operand, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts);
            case ConditionalExpr conditional when conditional.Type == type
                && conditional.Condition is BinaryExpr { Op: BinaryOp.GreaterThan or BinaryOp.GreaterThanOrEqual or BinaryOp.LessThan or BinaryOp.LessThanOrEqual or BinaryOp.Equals } comparison:
                // Lane by lane selects: both sides are computed, which for arithmetic changes nothing.
                return Vectorizable(comparison.Left, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)
                    && Vectorizable(comparison.Right, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)
                    && Vectorizable(conditional.WhenTrue, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts)
                    && Vectorizable(conditional.WhenFalse, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts);
            case MathCallExpr { Function.VectorMethod: not null } call when call.Type == type:
                return call.Arguments.All(argument => Vectorizable(argument, type, lanes, fixedInts, indices, assigned, counter, accesses, broadcasts));
            default:
                return false;
        }
    }

    /// <summary>Every mention of a variable in a block, nested statements included: what it assigns and what it reads.</summary>
    private static IEnumerable<string> Names(IEnumerable<Stmt> block)
    {
        foreach (var statement in IrWalker.Statements(block))
        {
            switch (statement)
            {
                case AssignStmt assignment: yield return assignment.Target.Name; break;
                case ForStmt loop: yield return loop.Counter.Name; break;
                case RepeatStmt repeat: yield return repeat.Counter.Name; break;
            }
            foreach (var name in IrWalker.Reads(statement)) yield return name;
        }
    }
}

/// <summary>
/// A loop <see cref="LoopVectorizer"/> vectorizes: its element type, the statements (by index in the body) that add
/// a lane value into an accumulator, lane by lane in order (with the accumulator's name), and the copies
/// <c>acc = t</c> the vector pass leaves out because it adds into the accumulator directly.
/// </summary>
internal sealed record VectorPlan(IrType Element, IReadOnlyDictionary<int, string> Accumulations, IReadOnlyCollection<int> Copies)
{
    /// <summary>Statements <c>k = k + 1</c> of integers used as indices: a vector pass adds <c>Count</c>.</summary>
    public IReadOnlyCollection<int> Inductions { get; init; } = System.Array.Empty<int>();

    /// <summary>Element reads at an index fixed in the loop: one value for every lane.</summary>
    public IReadOnlyCollection<Expr> Broadcasts { get; init; } = System.Array.Empty<Expr>();
}
