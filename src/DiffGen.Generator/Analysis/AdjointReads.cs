using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// The variables reverse mode's adjoint sweep reads (what clad calls to-be-recorded): the operands of derivative
/// formulas, the indices of gradients, the arguments of calls run again. Only those are saved before the primal
/// sweep overwrites them. Rematerialized temporaries count as the values they are computed from.
/// </summary>
internal sealed class AdjointReads
{
    private readonly ActivityInfo activity;
    private readonly Rematerialization rematerialized;
    private readonly VarExpr seedPlaceholder;

    /// <param name="seedPlaceholder">A name that stands for the seed while a formula is formed, taken from the method's names.</param>
    public AdjointReads(ActivityInfo activity, Rematerialization rematerialized, VarExpr seedPlaceholder)
    {
        this.activity = activity;
        this.rematerialized = rematerialized;
        this.seedPlaceholder = seedPlaceholder;
    }

    /// <summary>What the whole adjoint sweep of <paramref name="body"/> reads.</summary>
    public HashSet<string> Of(EquatableArray<Stmt> body)
    {
        var reads = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in body) Add(statement, reads);
        // Arrays the adjoint sweep reads are restored element by element: their stores read the index too.
        foreach (var store in IrWalker.Statements(body).OfType<StoreStmt>())
        {
            if (reads.Contains(store.Array.Name)) reads.UnionWith(IrWalker.Variables(rematerialized.Substitute(store.Index)));
        }
        return reads;
    }

    /// <summary>Adds to <paramref name="reads"/> what the adjoint of one statement reads, nested statements included.</summary>
    public void Add(Stmt statement, HashSet<string> reads)
    {
        switch (statement)
        {
            case AssignStmt assignment:
                Add(assignment, reads);
                break;
            case StoreStmt store when activity.IsActive(store.Array.Name):
                reads.UnionWith(IrWalker.Variables(rematerialized.Substitute(store.Index)));
                break;
            case ExprStmt { Value: DifferentiableCallExpr call } when call.Outputs().Any(o => activity.IsActive(o.Name)):
                foreach (var argument in call.Arguments)
                {
                    // An output the callee may read: running it again needs the contents it had before the call (a
                    // generated Pullback runs nothing again). A hand-written Pullback reads what the callee wrote.
                    if (!argument.IsOutput || (argument.MayBeRead && !call.CallsPullback) || call.HasHandWrittenPullback) reads.UnionWith(IrWalker.Variables(rematerialized.Substitute(argument.Value)));
                }
                break;
            case IfStmt branch:
                foreach (var inner in branch.Then.Concat(branch.Else)) Add(inner, reads);
                break;
            case LoopStmt loop:
                foreach (var inner in loop.Body) Add(inner, reads);
                break;
            case ForStmt counted:
                // The adjoint sweep evaluates a counted loop's bounds again.
                reads.UnionWith(IrWalker.Variables(counted.Start));
                reads.UnionWith(IrWalker.Variables(counted.Bound));
                foreach (var inner in counted.Body) Add(inner, reads);
                break;
        }
    }

    private void Add(AssignStmt assignment, HashSet<string> reads)
    {
        var target = assignment.Target;
        if (!activity.IsActive(target.Name)) return;
        var value = assignment.Value;
        switch (value)
        {
            case DifferentiableCallExpr call when call.TakesArrays:
                foreach (var argument in call.Arguments) reads.UnionWith(IrWalker.Variables(rematerialized.Substitute(argument.Value)));
                // Its Pullback takes the value its Primal returned.
                if (call.CallsPullback) reads.Add(target.Name);
                break;
            case DifferentiableCallExpr:
                break;
            case ElementExpr element:
                reads.UnionWith(IrWalker.Variables(rematerialized.Substitute(element.Index)));
                break;
            default:
            {
                var formula = rematerialized.SubstituteOperands(value);
                var operands = DerivativeRules.Operands(value);
                for (int i = 0; i < operands.Count; i++)
                {
                    if (operands[i] is not VarExpr operand || !activity.IsActive(operand.Name)) continue;
                    if (!DerivativeRules.CarriesDerivative(value, i)) continue;
                    var seed = seedPlaceholder with { Type = target.Type };
                    reads.UnionWith(IrWalker.Variables(DerivativeRules.Scale(formula, i, seed, target, DerivativeMode.Reverse)));
                }
                reads.Remove(seedPlaceholder.Name);
                break;
            }
        }
    }
}
