using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Whether a statement's adjoint does anything: accumulates, restores or pops. Reverse mode copies code whose
/// adjoint does nothing into the primal sweep as it is, and gives it no step in the adjoint sweep.
/// </summary>
internal sealed class NeedsAdjoint
{
    private readonly ActivityInfo activity;
    private readonly DefinitionCounts definitions;
    private readonly ISet<string> adjointReads;

    /// <param name="definitions">Definitions along a path (<see cref="DefinitionCounts.AlongPath"/>).</param>
    /// <param name="adjointReads">The variables the adjoint sweep reads (<see cref="AdjointReads"/>): they are restored.</param>
    public NeedsAdjoint(ActivityInfo activity, DefinitionCounts definitions, ISet<string> adjointReads)
    {
        this.activity = activity;
        this.definitions = definitions;
        this.adjointReads = adjointReads;
    }

    public bool Any(EquatableArray<Stmt> block) => block.Any(Of);

    public bool Of(Stmt statement) => statement switch
    {
        AssignStmt assignment => activity.IsActive(assignment.Target.Name)
            || (definitions[assignment.Target.Name] > 1 && adjointReads.Contains(assignment.Target.Name)),
        IfStmt branch => Any(branch.Then) || Any(branch.Else),
        LoopStmt loop => Any(loop.Body),
        ForStmt counted => Any(counted.Body),
        StoreStmt store => activity.IsActive(store.Array.Name) || adjointReads.Contains(store.Array.Name),
        ExprStmt { Value: DifferentiableCallExpr call } => call.Outputs().Any(o => activity.IsActive(o.Name) || adjointReads.Contains(o.Name)),
        _ => false,
    };
}
