using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Which variables carry a derivative. A variable is <em>varied</em> when it depends on a differentiable parameter
/// and <em>useful</em> when the result depends on it; only variables that are both (active) get a tangent or an
/// adjoint, so inactive code emits no derivative code at all. Flow-insensitive: a variable assigned from a varied
/// value anywhere is varied everywhere, which is conservative and exact enough for straight-line and branchy code.
/// </summary>
internal sealed class ActivityInfo
{
    public ActivityInfo(HashSet<string> varied, HashSet<string> useful)
    {
        Varied = varied;
        Useful = useful;
    }

    public HashSet<string> Varied { get; }

    public HashSet<string> Useful { get; }

    public bool IsActive(string name) => Varied.Contains(name) && Useful.Contains(name);

    public bool IsActive(Expr expr) => expr is VarExpr v && IsActive(v.Name);
}

internal static class ActivityAnalysis
{
    /// <param name="results">Further variables whose values are results (a gradient differentiated again).</param>
    /// <param name="callsWithoutDerivative">
    /// Calls to analyse as if they had a derivative: every real argument reaches the result, and a void call writes
    /// the spans it is given. What is then active is what such a call would make wrong (DG0010).
    /// </param>
    public static ActivityInfo Analyse(IEnumerable<ParameterModel> parameters, EquatableArray<Stmt> body, IEnumerable<string>? results = null,
        ICollection<InvokeExpr>? callsWithoutDerivative = null)
    {
        var assignments = new List<AssignStmt>();
        var returned = new List<Expr>();
        Collect(body, assignments, returned, callsWithoutDerivative);
        bool CarriesDerivative(Expr value, int index)
            => value is InvokeExpr call && callsWithoutDerivative?.Contains(call) == true
                ? call.Arguments[index].Value?.Type is { } type && (type.IsDifferentiableValue || type.IsRealArray)
                : DerivativeRules.CarriesDerivative(value, index);

        var varied = new HashSet<string>();
        foreach (var parameter in parameters)
        {
            if (parameter.Differentiable) varied.Add(parameter.Name);
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var assignment in assignments)
            {
                if (varied.Contains(assignment.Target.Name) || !(assignment.Target.Type.IsDifferentiableValue || assignment.Target.Type.IsRealArray)) continue;
                if (AnyDerivativeOperand(assignment.Value, varied, CarriesDerivative))
                {
                    varied.Add(assignment.Target.Name);
                    changed = true;
                }
            }
        }

        var useful = new HashSet<string>();
        foreach (var value in returned)
        {
            if (value is VarExpr v && v.Type.IsDifferentiableValue) useful.Add(v.Name);
            // A value of a differentiable type: its real leaves are the results.
            if (value is ConstructExpr built) useful.UnionWith(built.Leaves.OfType<VarExpr>().Where(l => l.Type.IsDifferentiableValue).Select(l => l.Name));
        }
        foreach (var parameter in parameters)
        {
            // A vector-valued method's outputs are its results.
            if (parameter.IsOutput) useful.Add(parameter.Name);
        }
        if (results is not null) useful.UnionWith(results);

        changed = true;
        while (changed)
        {
            changed = false;
            foreach (var assignment in assignments)
            {
                if (!useful.Contains(assignment.Target.Name)) continue;
                var operands = DerivativeRules.Operands(assignment.Value);
                for (int i = 0; i < operands.Count; i++)
                {
                    if (operands[i] is VarExpr operand && CarriesDerivative(assignment.Value, i) && useful.Add(operand.Name))
                    {
                        changed = true;
                    }
                }
            }
        }

        return new ActivityInfo(varied, useful);
    }

    private static bool AnyDerivativeOperand(Expr value, HashSet<string> varied, System.Func<Expr, int, bool> carriesDerivative)
    {
        var operands = DerivativeRules.Operands(value);
        for (int i = 0; i < operands.Count; i++)
        {
            if (operands[i] is VarExpr operand && varied.Contains(operand.Name) && carriesDerivative(value, i)) return true;
        }
        return false;
    }

    private static void Collect(EquatableArray<Stmt> block, List<AssignStmt> assignments, List<Expr> returned, ICollection<InvokeExpr>? callsWithoutDerivative)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    assignments.Add(assignment);
                    break;
                case StoreStmt store:
                    // a[i] = v: the array depends on v as if assigned from it.
                    assignments.Add(new AssignStmt(store.Array, store.Value));
                    break;
                case ExprStmt { Value: DifferentiableCallExpr call }:
                    // F(x, w, y) writing y: y depends on the inputs as if assigned from the call.
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.IsOutput && argument.Value is VarExpr output) assignments.Add(new AssignStmt(output, call));
                    }
                    break;
                case ExprStmt { Value: InvokeExpr call } when callsWithoutDerivative?.Contains(call) == true:
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Value is VarExpr { Type: { IsRealArray: true, Shape: ArrayShape.Span } } written) assignments.Add(new AssignStmt(written, call));
                    }
                    break;
                case ReturnStmt { Value: { } value }:
                    returned.Add(value);
                    break;
                case IfStmt branch:
                    Collect(branch.Then, assignments, returned, callsWithoutDerivative);
                    Collect(branch.Else, assignments, returned, callsWithoutDerivative);
                    break;
                case ForStmt counted:
                    Collect(counted.Body, assignments, returned, callsWithoutDerivative);
                    break;
                case RepeatStmt repeat:
                    Collect(repeat.Body, assignments, returned, callsWithoutDerivative);
                    break;
                case LoopStmt loop:
                    Collect(loop.Body, assignments, returned, callsWithoutDerivative);
                    break;
            }
        }
    }
}
