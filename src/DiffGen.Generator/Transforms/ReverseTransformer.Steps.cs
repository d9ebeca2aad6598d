using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

// What the adjoint sweep needs to know about each primal statement: the primal sweep's record of it.
internal sealed partial class ReverseTransformer
{
    private enum SaveKind { None, Local, Stack, Inverse }

    private abstract class Step { }

    private sealed class AssignStep(AssignStmt statement, SaveKind save, Expr? restore, VarExpr?[]? partials, VarExpr? partialStack) : Step
    {
        public AssignStmt Statement { get; } = statement;
        /// <summary>How the value before this assignment comes back in the adjoint sweep.</summary>
        public SaveKind Save { get; } = save;
        /// <summary>The saved local, the stack to pop, or the inverse update (<c>i - 1</c> for <c>i = i + 1</c>).</summary>
        public Expr? Restore { get; } = restore;
        /// <summary>For a call: the callee's partial derivatives, per argument, computed in the primal sweep.</summary>
        public VarExpr?[]? Partials { get; } = partials;
        /// <summary>Inside a loop, the partials are pushed after the call and popped back here.</summary>
        public VarExpr? PartialStack { get; } = partialStack;
        /// <summary>A call the primal sweep made as <c>{Name}Primal</c>: the adjoint sweep calls its Pullback, whatever the seed.</summary>
        public bool Split { get; init; }
    }

    private sealed class StoreStep(StoreStmt statement, VarExpr? saveStack) : Step
    {
        public StoreStmt Statement { get; } = statement;
        /// <summary>When the adjoint sweep reads the array, the element's old value is pushed here.</summary>
        public VarExpr? SaveStack { get; } = saveStack;
    }

    /// <summary>A call of a vector-valued method: its gradient is called in the adjoint sweep with the outputs' seeds.</summary>
    private sealed class CallStep(DifferentiableCallExpr call, List<(VarExpr Output, VarExpr Stack)> saved, List<VarExpr> fresh) : Step
    {
        public DifferentiableCallExpr Call { get; } = call;
        /// <summary>Outputs whose old contents the adjoint sweep reads, pushed before the call, in order.</summary>
        public List<(VarExpr Output, VarExpr Stack)> Saved { get; } = saved;
        /// <summary>Outputs whose old contents the adjoint sweep reads and that held only zeros: cleared, not pushed.</summary>
        public List<VarExpr> Fresh { get; } = fresh;
        /// <summary>A call the primal sweep made as <c>{Name}Primal</c>: the adjoint sweep calls its Pullback.</summary>
        public bool Split { get; init; }
    }

    private sealed class IfStep(Expr condition, List<Step> then, List<Step> @else, VarExpr? recordStack) : Step
    {
        public Expr Condition { get; } = condition;
        public List<Step> Then { get; } = then;
        public List<Step> Else { get; } = @else;
        /// <summary>Inside a loop, the branch taken is pushed after the branch and popped back into the condition.</summary>
        public VarExpr? RecordStack { get; } = recordStack;
    }

    /// <summary>A variable a loop overwrites, saved before it (<see cref="Analysis.SavedAroundLoops"/>): restored after the loop's adjoint.</summary>
    private sealed class RestoreStep(VarExpr variable, SaveKind save, VarExpr saved) : Step
    {
        public VarExpr Variable { get; } = variable;
        public SaveKind Save { get; } = save;
        /// <summary>The saved local, or the stack to pop.</summary>
        public VarExpr Saved { get; } = saved;
    }

    /// <summary>A counted loop: the adjoint sweep runs its counter backwards between the same bounds.</summary>
    private sealed class ForStep(ForStmt loop, List<Step> body) : Step
    {
        public ForStmt Loop { get; } = loop;
        public List<Step> Body { get; } = body;
    }

    private sealed class LoopStep(List<Step> body, VarExpr tripCount, VarExpr? countStack) : Step
    {
        public List<Step> Body { get; } = body;
        public VarExpr TripCount { get; } = tripCount;
        /// <summary>A loop inside a loop pushes its trip count after it ends.</summary>
        public VarExpr? CountStack { get; } = countStack;
    }
}
