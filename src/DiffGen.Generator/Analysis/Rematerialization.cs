using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Temporaries reverse mode computes again in the adjoint sweep instead of saving them: elements of arrays nothing
/// writes, integer arithmetic such as a flattened index <c>j * n + i</c>, and cheap arithmetic of such values in loops.
/// A rematerialized temporary's value is the expression it holds, with <see cref="Substitute"/> applied.
/// </summary>
internal sealed class Rematerialization
{
    private readonly Dictionary<string, Expr> held = new(System.StringComparer.Ordinal);
    private readonly EquatableArray<Stmt> body;
    private readonly IReadOnlyCollection<string> parameters;

    private Rematerialization(EquatableArray<Stmt> body, IReadOnlyCollection<string> parameters)
    {
        this.body = body;
        this.parameters = parameters;
    }

    /// <param name="body">The method body after <see cref="ReturnNormalizer"/>.</param>
    /// <param name="loopLocals">Variables every loop pass assigns before reading them (<see cref="MethodModel.LoopLocals"/>).</param>
    /// <param name="parameters">The method's parameters: their values on entry are definitions too.</param>
    public static Rematerialization Find(EquatableArray<Stmt> body, IEnumerable<string> loopLocals, IReadOnlyCollection<string> parameters)
    {
        var rematerialization = new Rematerialization(body, parameters);
        rematerialization.FindCheap(loopLocals);
        return rematerialization;
    }

    public bool Contains(string name) => held.ContainsKey(name);

    /// <summary>
    /// Keeps <paramref name="name"/> a saved value after all (a fused pass's adjoint reads its own values while they
    /// are still there).
    /// </summary>
    public void Remove(string name) => held.Remove(name);

    /// <summary>An expression with its rematerialized temporaries replaced, recursively, by what they hold.</summary>
    public Expr Substitute(Expr value)
    {
        if (held.Count == 0) return value;
        return value switch
        {
            VarExpr variable => held.TryGetValue(variable.Name, out var expression) ? Substitute(expression) : variable,
            BinaryExpr binary => binary with { Left = Substitute(binary.Left), Right = Substitute(binary.Right) },
            UnaryExpr unary => unary with { Operand = Substitute(unary.Operand) },
            ConvertExpr convert => convert with { Operand = Substitute(convert.Operand) },
            MathCallExpr call => call with { Arguments = call.Arguments.Select(Substitute).ToEquatableArray() },
            ElementExpr element => element with { Index = Substitute(element.Index) },
            _ => value,
        };
    }

    /// <summary>The value of a temporary, keeping the temporary itself: for formulas that read the result.</summary>
    public Expr SubstituteOperands(Expr value) => value switch
    {
        BinaryExpr binary => binary with { Left = Substitute(binary.Left), Right = Substitute(binary.Right) },
        UnaryExpr unary => unary with { Operand = Substitute(unary.Operand) },
        ConvertExpr convert => convert with { Operand = Substitute(convert.Operand) },
        MathCallExpr call => call with { Arguments = call.Arguments.Select(Substitute).ToEquatableArray() },
        _ => value,
    };

    /// <summary>
    /// Temporaries assigned once from an element of an array that nothing assigns: the adjoint sweep reads the
    /// element again instead of saving the temporary, so reading constant data in a loop costs nothing extra.
    /// </summary>
    private void FindCheap(IEnumerable<string> loopLocals)
    {
        var statements = Assignments();
        var assigned = new HashSet<string>(statements.Where(a => a.Value is not NewArrayExpr).Select(a => a.Target.Name), System.StringComparer.Ordinal);
        var counts = DefinitionCounts.Assignments(statements, parameters);
        var depths = new Dictionary<object, int>(ReferenceComparer<object>.Instance);
        var storeDepths = new Dictionary<string, int>(System.StringComparer.Ordinal);
        var loopOf = new Dictionary<object, HashSet<string>>(ReferenceComparer<object>.Instance);
        LoopDepths(body, 0, null, depths, storeDepths, loopOf);

        // Operands need no condition: the adjoint sweep restores every variable it reads, and a temporary is read
        // only by the statements lowered from the same expression, before any of its operands changes. An array
        // whose elements are written qualifies too: re-reading it puts it among the variables the sweep reads, so its
        // stores then save what they overwrite. That pays when it is read in deeper loops than it is written.
        foreach (var assignment in statements)
        {
            if (counts[assignment.Target.Name] != 1) continue;
            bool cheap = assignment.Value switch
            {
                ElementExpr element => !assigned.Contains(element.Array.Name)
                    && (!storeDepths.TryGetValue(element.Array.Name, out int written) || written < depths[assignment]),
                LengthExpr => true,
                BinaryExpr { Type.Kind: ValueKind.Integer, Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply } => true,
                ConvertExpr { Type.Kind: ValueKind.Integer, Operand.Type.Kind: ValueKind.Integer } => true,
                _ => false,
            };
            if (cheap) held[assignment.Target.Name] = assignment.Value;
        }

        // Cheap real arithmetic of values computed again anyway (elements, indices, constants, and such arithmetic
        // itself): x[i + 1] − x[i]·x[i] costs less to recompute than to push and pop. Only for variables every loop
        // pass assigns before reading, so the recomputed value is the one the pass read.
        var fresh = new HashSet<string>(loopLocals, System.StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var assignment in statements)
            {
                var name = assignment.Target.Name;
                var type = assignment.Target.Type;
                if (held.ContainsKey(name) || counts[name] != 1 || !fresh.Contains(name) || !(type.IsReal || type.Kind == ValueKind.Integer)) continue;
                if (depths[assignment] == 0 || !loopOf.TryGetValue(assignment, out var loopAssigns)) continue;  // outside loops nothing is saved anyway
                bool arithmetic = assignment.Value is VarExpr or BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply }
                    or UnaryExpr { Op: UnaryOp.Negate } or ConvertExpr;
                if (!arithmetic) continue;
                // Operands: constants, values computed again themselves, and variables the loop does not change (a
                // counted loop's counter is fixed within a pass).
                if (!DerivativeRules.Operands(assignment.Value).All(o => o is ConstExpr
                    || (o is VarExpr v && (held.ContainsKey(v.Name) || !loopAssigns.Contains(v.Name)))))
                {
                    continue;
                }
                if (Size(Substitute(assignment.Value)) > 12) continue;
                held[name] = assignment.Value;
                changed = true;
            }
        }
    }

    /// <summary>
    /// Elements of arrays the adjoint sweep reads anyway are read again rather than saved: such an array's stores all
    /// save what they overwrite, so when the sweep reaches a read, the array holds what the read saw.
    /// </summary>
    /// <param name="adjointReads">The variables the adjoint sweep reads (<see cref="AdjointReads"/>).</param>
    /// <returns>Whether any was added: the adjoint sweep then reads other variables.</returns>
    public bool AddRestoredElements(ISet<string> adjointReads)
    {
        var statements = Assignments();
        var counts = DefinitionCounts.Assignments(statements, parameters);
        bool any = false;
        foreach (var assignment in statements)
        {
            if (assignment.Value is not ElementExpr element || counts[assignment.Target.Name] != 1 || held.ContainsKey(assignment.Target.Name)) continue;
            if (!adjointReads.Contains(element.Array.Name) || !adjointReads.Contains(assignment.Target.Name)) continue;
            if (!ElementUnchangedWhileRead(assignment, element.Array.Name)) continue;
            held[assignment.Target.Name] = element;
            any = true;
        }
        return any;
    }

    /// <summary>Every assignment of the body once (a normalized branch may copy one into several places).</summary>
    private List<AssignStmt> Assignments()
        => IrWalker.Statements(body).OfType<AssignStmt>().Distinct(ReferenceComparer<AssignStmt>.Instance).ToList();

    /// <summary>
    /// Whether the element <paramref name="read"/> copies still holds that value wherever the copy is read: the
    /// adjoint sweep reaches those reads before it restores any store into the array that comes between them (a
    /// pass's <c>e = p[k]; p[2] = a; … sin(e)</c> must keep its copy of <c>p[k]</c>).
    /// </summary>
    private bool ElementUnchangedWhileRead(AssignStmt read, string array)
    {
        var copy = read.Target.Name;
        int readsInBody = IrWalker.Statements(body).Count(s => IrWalker.Reads(s).Contains(copy));
        int readsCovered = 0;
        // The blocks that hold the read itself.
        foreach (var block in IrWalker.Blocks(body).Select(b => b.ToList()).Where(b => b.Any(s => ReferenceEquals(s, read))))
        {
            int start = block.FindIndex(s => ReferenceEquals(s, read));
            int last = start;
            for (int i = start + 1; i < block.Count; i++)
            {
                if (IrWalker.Statements(new[] { block[i] }).Any(s => IrWalker.Reads(s).Contains(copy))) last = i;
            }
            for (int i = start + 1; i <= last; i++)
            {
                var nested = IrWalker.Statements(new[] { block[i] }).ToList();
                if (nested.Any(s => IrWalker.Writes(s).Contains(array))) return false;
                readsCovered += nested.Count(s => IrWalker.Reads(s).Contains(copy));
            }
        }
        // A copy read anywhere else (another block) is not known to see the element unchanged.
        return readsCovered >= readsInBody;
    }

    private static int Size(Expr expr) => expr switch
    {
        VarExpr or ConstExpr => 1,
        ElementExpr element => 1 + Size(element.Index),
        _ => 1 + DerivativeRules.Operands(expr).Where(o => !ReferenceEquals(o, expr)).Sum(Size),
    };

    /// <summary>
    /// How many loops enclose each assignment, what its innermost loop's body assigns, and the deepest store into
    /// each array (a call's outputs count as stored).
    /// </summary>
    private static void LoopDepths(EquatableArray<Stmt> block, int depth, HashSet<string>? loopAssigns,
        Dictionary<object, int> depths, Dictionary<string, int> storeDepths, Dictionary<object, HashSet<string>> loopOf)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    depths[assignment] = depths.TryGetValue(assignment, out int seen) ? System.Math.Max(seen, depth) : depth;
                    // A statement copied into several places (a normalized branch) takes the most cautious loop.
                    if (loopAssigns is not null)
                    {
                        if (loopOf.TryGetValue(assignment, out var earlier)) earlier.UnionWith(loopAssigns);
                        else loopOf[assignment] = new HashSet<string>(loopAssigns, System.StringComparer.Ordinal);
                    }
                    break;
                case StoreStmt store:
                    storeDepths[store.Array.Name] = storeDepths.TryGetValue(store.Array.Name, out int deepest) ? System.Math.Max(deepest, depth) : depth;
                    break;
                case IfStmt branch:
                    LoopDepths(branch.Then, depth, loopAssigns, depths, storeDepths, loopOf);
                    LoopDepths(branch.Else, depth, loopAssigns, depths, storeDepths, loopOf);
                    break;
                case LoopStmt loop:
                    LoopDepths(loop.Body, depth + 1, new HashSet<string>(IrWalker.Assigned(loop.Body), System.StringComparer.Ordinal), depths, storeDepths, loopOf);
                    break;
                case ForStmt counted:
                    LoopDepths(counted.Body, depth + 1, new HashSet<string>(IrWalker.Assigned(counted.Body), System.StringComparer.Ordinal), depths, storeDepths, loopOf);
                    break;
                case ExprStmt { Value: DifferentiableCallExpr call }:
                    foreach (var output in call.Outputs()) storeDepths[output.Name] = storeDepths.TryGetValue(output.Name, out int d) ? System.Math.Max(d, depth) : depth;
                    break;
            }
        }
    }
}
