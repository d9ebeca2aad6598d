using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Optimize;

/// <summary>
/// Reads of an element already read (or stored) earlier in the same block, with nothing written in between, become
/// copies of the earlier value: <c>a = x[i] * x[i]; b = 1 − x[i]</c> reads <c>x[i]</c> once, and <c>h[k] = v; … h[k]</c>
/// reads <c>v</c>. Indices count as the same when they are the same integer arithmetic of the same values
/// (<c>h + i</c> lowered twice). Derivatives then gather in one temporary and reach the gradient buffer in one update,
/// reverse mode has fewer values to keep, and forward mode reads the tangent once.
/// </summary>
internal sealed class ElementReuse
{
    /// <summary>Arrays the method creates: they alias nothing. Parameters and fields may alias each other.</summary>
    private readonly HashSet<string> localArrays;
    /// <summary>Integer variables assigned once in the whole method: their value never changes once set.</summary>
    private readonly HashSet<string> singleAssignment;

    private ElementReuse(HashSet<string> localArrays, HashSet<string> singleAssignment)
    {
        this.localArrays = localArrays;
        this.singleAssignment = singleAssignment;
    }

    public static EquatableArray<Stmt> Apply(EquatableArray<Stmt> body)
    {
        var assignments = IrWalker.Statements(body).OfType<AssignStmt>().ToList();
        var localArrays = new HashSet<string>(assignments.Where(a => a.Value is NewArrayExpr).Select(a => a.Target.Name), System.StringComparer.Ordinal);
        var loopCounters = new HashSet<string>(IrWalker.Statements(body).OfType<ForStmt>().Select(f => f.Counter.Name), System.StringComparer.Ordinal);
        var singleAssignment = new HashSet<string>(
            assignments.Where(a => a.Target.Type.Kind == ValueKind.Integer && !loopCounters.Contains(a.Target.Name))
                .GroupBy(a => a.Target.Name).Where(g => g.Count() == 1).Select(g => g.Key),
            System.StringComparer.Ordinal);
        return new ElementReuse(localArrays, singleAssignment).Block(body, new Reads()).ToEquatableArray();
    }

    /// <summary>
    /// Elements whose values variables still hold, by array and index; and integer values already computed: by
    /// operation (<c>+|h|i</c>), and each single-assignment integer's earliest equal variable.
    /// </summary>
    private sealed class Reads : Dictionary<(string Array, string Index), VarExpr>
    {
        public Reads() { }

        public Reads(Reads other) : base(other)
        {
            Integers = new Dictionary<string, VarExpr>(other.Integers, System.StringComparer.Ordinal);
            SameAs = new Dictionary<string, string>(other.SameAs, System.StringComparer.Ordinal);
        }

        public Dictionary<string, VarExpr> Integers { get; } = new(System.StringComparer.Ordinal);

        public Dictionary<string, string> SameAs { get; } = new(System.StringComparer.Ordinal);

        public string Canonical(string name) => SameAs.TryGetValue(name, out var same) ? same : name;

        public new void Clear()
        {
            base.Clear();
            Integers.Clear();
            SameAs.Clear();
        }
    }

    private List<Stmt> Block(EquatableArray<Stmt> block, Reads reads)
    {
        var output = new List<Stmt>(block.Count);
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt { Kind: AssignKind.Set, Target.Type.Kind: ValueKind.Integer } integer when singleAssignment.Contains(integer.Target.Name):
                {
                    Invalidate(reads, integer.Target.Name, store: false);
                    output.Add(integer);
                    string? key = integer.Value switch
                    {
                        VarExpr => null,
                        BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } binary
                            when Atom(binary.Left, reads) is { } left && Atom(binary.Right, reads) is { } right
                            => binary.Op + "|" + left + "|" + right,
                        _ => null,
                    };
                    if (integer.Value is VarExpr source && (singleAssignment.Contains(source.Name) || reads.SameAs.ContainsKey(source.Name)))
                    {
                        reads.SameAs[integer.Target.Name] = reads.Canonical(source.Name);
                    }
                    else if (key is not null)
                    {
                        if (reads.Integers.TryGetValue(key, out var same)) reads.SameAs[integer.Target.Name] = same.Name;
                        else reads.Integers[key] = integer.Target;
                    }
                    break;
                }
                case AssignStmt { Kind: AssignKind.Set, Value: ElementExpr element } assignment when Key(element, reads) is { } key:
                    Invalidate(reads, assignment.Target.Name, store: false);
                    if (reads.TryGetValue(key, out var earlier))
                    {
                        output.Add(assignment with { Value = earlier });
                    }
                    else
                    {
                        output.Add(assignment);
                        bool selfReferencing = assignment.Target.Name == element.Array.Name
                            || (element.Index is VarExpr index && index.Name == assignment.Target.Name);
                        if (!selfReferencing) reads[key] = assignment.Target;
                    }
                    break;
                case IfStmt branch:
                    output.Add(branch with
                    {
                        Then = Block(branch.Then, new Reads(reads)).ToEquatableArray(),
                        Else = Block(branch.Else, new Reads(reads)).ToEquatableArray(),
                    });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                case ForStmt loop:
                    // A pass may follow another that wrote what an earlier read saw: the body starts afresh.
                    output.Add(loop with { Body = Block(loop.Body, new Reads()).ToEquatableArray() });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                case LoopStmt loop:
                    output.Add(loop with { Body = Block(loop.Body, new Reads()).ToEquatableArray() });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                case StoreStmt { Kind: AssignKind.Set, Value: VarExpr stored } store when Key(store.Array, store.Index, reads) is { } key:
                    // What was just stored is what a read of the element gives, until something writes again.
                    output.Add(store);
                    InvalidateWrites(reads, new[] { statement });
                    if (stored.Type.Kind != ValueKind.Array && stored.Name != store.Array.Name) reads[key] = stored;
                    break;
                default:
                    output.Add(statement);
                    InvalidateWrites(reads, new[] { statement });
                    break;
            }
        }
        return output;
    }

    private static (string, string)? Key(ElementExpr element, Reads reads) => Key(element.Array, element.Index, reads);

    private static (string, string)? Key(VarExpr array, Expr index, Reads reads)
        => Atom(index, reads) is { } atom ? (array.Name, atom) : null;

    /// <summary>A variable (by its earliest equal single-assignment variable) or a constant, spelled as a key.</summary>
    private static string? Atom(Expr expression, Reads reads) => expression switch
    {
        VarExpr variable => "v:" + reads.Canonical(variable.Name),
        ConstExpr constant => "c:" + constant.Literal,
        _ => null,
    };

    private void InvalidateWrites(Reads reads, IEnumerable<Stmt> statements)
    {
        if (reads.Count == 0) return;
        // A call may write what it reaches through fields: after one, nothing read before is trusted.
        if (IrWalker.Statements(statements).Any(CallsSomething))
        {
            reads.Clear();
            return;
        }
        foreach (var (name, store) in Written(statements)) Invalidate(reads, name, store);
    }

    /// <summary>
    /// Forgets every read that involves <paramref name="name"/>: as the array, the index or the temporary. A store into
    /// an array that is not a local one may write any other such array: their reads go too.
    /// </summary>
    private void Invalidate(Reads reads, string name, bool store)
    {
        bool mayAlias = store && !localArrays.Contains(name);
        // Keys name variables by their earliest equal variable: forget those that involve this one either way.
        var aliases = new HashSet<string>(reads.SameAs.Where(pair => pair.Value == name).Select(pair => pair.Key), System.StringComparer.Ordinal) { name };
        var stale = reads.Where(pair => pair.Key.Array == name || aliases.Contains(pair.Key.Index.Substring(2)) || pair.Value.Name == name
            || (mayAlias && !localArrays.Contains(pair.Key.Array)));
        foreach (var key in stale.Select(pair => pair.Key).ToList()) reads.Remove(key);
        foreach (var key in reads.Integers.Where(pair => pair.Value.Name == name || pair.Key.Split('|').Skip(1).Any(part => part == "v:" + name))
            .Select(pair => pair.Key).ToList())
        {
            reads.Integers.Remove(key);
        }
        foreach (var key in reads.SameAs.Where(pair => pair.Key == name || pair.Value == name).Select(pair => pair.Key).ToList()) reads.SameAs.Remove(key);
    }

    /// <summary>Variables the statements assign and arrays they store into (<c>Store</c>), nested statements included.</summary>
    private static IEnumerable<(string Name, bool Store)> Written(IEnumerable<Stmt> statements)
    {
        foreach (var statement in IrWalker.Statements(statements))
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    yield return (assignment.Target.Name, false);
                    break;
                case StoreStmt store:
                    yield return (store.Array.Name, true);
                    break;
                case ForStmt loop:
                    yield return (loop.Counter.Name, false);
                    break;
            }
        }
    }

    private static bool CallsSomething(Stmt statement)
    {
        var value = statement switch
        {
            AssignStmt assignment => assignment.Value,
            StoreStmt store => store.Value,
            ExprStmt expression => expression.Value,
            _ => null,
        };
        // A differentiable method given only numbers reaches none of this method's arrays.
        if (value is DifferentiableCallExpr call) return call.Arguments.Any(a => a.IsReceiver || a.IsOutput || a.Value.Type.Kind is ValueKind.Array or ValueKind.Other);
        return value is InvokeExpr;
    }

}
