using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

// The primal sweep: the method's own statements, keeping what the adjoint sweep will need before it is overwritten,
// and a Step per statement that says where the adjoint sweep finds it.
internal sealed partial class ReverseTransformer
{
    private List<Step> PrimalSweep(EquatableArray<Stmt> block, List<Stmt> output)
    {
        var steps = new List<Step>();
        for (int index = 0; index < block.Count; index++)
        {
            var statement = block[index];
            cancellationToken.ThrowIfCancellationRequested();
            if (statement is ForStmt fused && fusedLoops.TryGetValue(fused, out var accumulators))
            {
                PrimalFusedLoop(fused, accumulators, output);
                continue;
            }
            // A branch's sides count their own statements as they go. In a fused pass a simple statement's own reads
            // count after it: its adjoint runs in the same pass and reads the value it assigns, not the one it
            // overwrites (earlier passes' adjoints have run already).
            bool readsAfter = loopDepth == fusedPassDepth && statement is AssignStmt or StoreStmt or ExprStmt;
            if (statement is not IfStmt && !readsAfter) adjointReads.Add(statement, readSoFar);
            var aroundLoop = SaveAroundLoop(block, index, output, steps);
            AddPrimalStep(statement, output, steps);
            savedAroundLoop.ExceptWith(aroundLoop);
            if (readsAfter) adjointReads.Add(statement, readSoFar);
        }
        return steps;
    }

    /// <summary>Variables whose overwrites an enclosing loop saves once around it (<see cref="SavedAroundLoops"/>).</summary>
    private readonly HashSet<string> savedAroundLoop = new(System.StringComparer.Ordinal);

    /// <summary>
    /// A loop that assigns variables no adjoint inside it reads: their passes save nothing, and the value before the
    /// loop is saved here once where an earlier adjoint reads it, restored after the loop's adjoint (a step before the
    /// loop's). Returns the variables it takes over.
    /// </summary>
    private List<string> SaveAroundLoop(EquatableArray<Stmt> block, int index, List<Stmt> output, List<Step> steps)
    {
        var taken = new List<string>();
        if (!loopSaves.TryGetValue(block[index], out var variables)) return taken;
        foreach (var variable in variables)
        {
            if (!savedAroundLoop.Add(variable.Name)) continue;
            taken.Add(variable.Name);
            if (!mayBeDefined.Contains(variable.Name) || !readSoFar.Contains(variable.Name)) continue;
            if (SavedAroundLoops.FreshAndUnread(block, index, variable.Name, adjointReads)) continue;
            if (loopDepth > 0)
            {
                var stack = Stack(variable.Type);
                output.Add(new PushStmt(stack, variable));
                steps.Add(new RestoreStep(variable, SaveKind.Stack, stack));
            }
            else
            {
                var saved = NewLocal(names.Numbered("_s"), variable.Type);
                output.Add(new AssignStmt(saved, variable));
                steps.Add(new RestoreStep(variable, SaveKind.Local, saved));
            }
        }
        return taken;
    }

    /// <summary>The loop depth of the body of the fused loop being swept, or -1.</summary>
    private int fusedPassDepth = -1;

    private void AddPrimalStep(Stmt statement, List<Stmt> output, List<Step> steps)
    {
        switch (statement)
        {
            case AssignStmt assignment:
                steps.Add(PrimalAssignment(assignment, output));
                break;
            case IfStmt branch:
                steps.Add(PrimalIf(branch, output));
                break;
            case LoopStmt loop:
                if (PrimalLoop(loop, output) is { } loopStep) steps.Add(loopStep);
                break;
            case ForStmt counted:
            {
                mayBeDefined.Add(counted.Counter.Name);
                foreach (var name in IrWalker.Assigned(counted.Body)) mayBeDefined.Add(name);
                if (!needsAdjoint.Any(counted.Body))
                {
                    output.Add(counted);
                    break;
                }
                loopDepth++;
                var body = new List<Stmt>();
                var bodySteps = PrimalSweep(counted.Body, body);
                loopDepth--;
                output.Add(counted with { Body = body.ToEquatableArray() });
                steps.Add(new ForStep(counted, bodySteps));
                break;
            }
            case StoreStmt store:
            {
                mayBeDefined.Add(store.Array.Name);
                VarExpr? saveStack = null;
                if (readVariables.Contains(store.Array.Name))
                {
                    saveStack = Stack(store.Array.Type.Element!);
                    output.Add(new PushStmt(saveStack, new ElementExpr(store.Array, store.Index, store.Array.Type.Element!)));
                }
                output.Add(store);
                steps.Add(new StoreStep(store, saveStack));
                break;
            }
            case ExprStmt { Value: DifferentiableCallExpr call }:
            {
                var saved = new List<(VarExpr, VarExpr)>();
                var freshOutputs = new List<VarExpr>();
                foreach (var written in call.Outputs())
                {
                    // A fresh local array holds zeros: the adjoint sweep clears it again instead of popping a copy.
                    bool fresh = !mayBeDefined.Contains(written.Name) && loopDepth == 0;
                    mayBeDefined.Add(written.Name);
                    if (!readVariables.Contains(written.Name)) continue;
                    if (fresh)
                    {
                        freshOutputs.Add(written);
                        continue;
                    }
                    var saveStack = Stack(written.Type.Element!);
                    output.Add(new PushAllStmt(saveStack, written));
                    saved.Add((written, saveStack));
                }
                // A callee with a Pullback keeps what its adjoint needs: the adjoint sweep runs its Pullback, not all of it again.
                bool split = call.CallsPullback && call.Outputs().Any(o => activity.IsActive(o.Name));
                output.Add(new ExprStmt(split ? PrimalCall(call) : call));
                steps.Add(new CallStep(call, saved, freshOutputs) { Split = split });
                break;
            }
            default:
                output.Add(statement);
                break;
        }
    }

    /// <summary>
    /// A loop whose passes' adjoints commute (<see cref="LoopFusion"/>): each pass runs its primal statements and then
    /// their adjoints, with the accumulators' adjoints already known (±seed). The adjoint sweep later skips it.
    /// </summary>
    private void PrimalFusedLoop(ForStmt loop, List<FusedAccumulator> accumulators, List<Stmt> output)
    {
        mayBeDefined.Add(loop.Counter.Name);
        foreach (var name in IrWalker.Assigned(loop.Body)) mayBeDefined.Add(name);
        var seed = seedParameter ?? (Expr)Real(result.Type, 1);
        var nonZero = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var accumulator in accumulators)
        {
            var adjoint = Adjoint(accumulator.Variable);
            output.Add(new AssignStmt(adjoint, accumulator.Negated ? Neg(seed) : seed));
            nonZero.Add(adjoint.Name);
        }

        // A pass's adjoint runs before the next pass: only what its own adjoint reads needs saving, not what earlier
        // passes' adjoints read. What the statements before the loop read still counts.
        var readBefore = new HashSet<string>(readSoFar, System.StringComparer.Ordinal);
        loopDepth++;
        int outerFusedDepth = fusedPassDepth;
        fusedPassDepth = loopDepth;
        var body = new List<Stmt>();
        var steps = PrimalSweep(loop.Body, body);
        fusedPassDepth = outerFusedDepth;
        body.AddRange(AdjointBody(steps, nonZero));
        loopDepth--;
        output.Add(loop with { Body = body.ToEquatableArray() });
        readSoFar.Clear();
        readSoFar.UnionWith(readBefore);

        foreach (var accumulator in accumulators)
        {
            var adjoint = Adjoint(accumulator.Variable);
            output.Add(new AssignStmt(adjoint, Real(adjoint.Type, 0)));
            nonZero.Remove(adjoint.Name);
        }
        fusedNonZero.UnionWith(nonZero);
    }

    private AssignStep PrimalAssignment(AssignStmt assignment, List<Stmt> output)
    {
        var target = assignment.Target;
        if (assignment.Value is NewArrayExpr array)
        {
            // A local array and its adjoint: zeroed pooled buffers; nothing to save before its first write.
            mayBeDefined.Remove(target.Name);
            output.Add(scratch.Rent(target, array.Length));
            if (activity.IsActive(target.Name))
            {
                if (split) DeferAdjointRent(target, array.Length, output);
                else output.Add(scratch.Rent(Adjoint(target), array.Length));
            }
            return new AssignStep(assignment, SaveKind.None, null, null, null);
        }
        // A first definition has no earlier value to save.
        bool overwrites = !mayBeDefined.Add(target.Name);
        var save = SaveKind.None;
        Expr? restore = null;
        if (overwrites && target.Name != result.Name && definitions[target.Name] > 1 && readSoFar.Contains(target.Name)
            && !savedAroundLoop.Contains(target.Name))
        {
            if (InverseUpdate(assignment) is { } inverse)
            {
                save = SaveKind.Inverse;
                restore = inverse;
            }
            else if (loopDepth > 0)
            {
                var stack = Stack(target.Type);
                output.Add(new PushStmt(stack, target));
                save = SaveKind.Stack;
                restore = stack;
            }
            else
            {
                var saved = NewLocal(names.Numbered("_s"), target.Type);
                output.Add(new AssignStmt(saved, target));
                save = SaveKind.Local;
                restore = saved;
            }
        }

        if (assignment.Value is DifferentiableCallExpr call && activity.IsActive(target.Name) && !call.TakesArrays)
        {
            // value = FGradient(args..., out ∂F/∂arg...): the partials scale the seed in the adjoint sweep.
            var partials = new VarExpr?[call.Arguments.Count];
            var arguments = new List<Argument>();
            foreach (var argument in OwnArguments(call)) arguments.Add(new Argument(Passed(call, argument, argument.Value)));
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                var argument = call.Arguments[i];
                if (!argument.Differentiable) continue;
                if (argument.Value is VarExpr variable && activity.IsActive(variable.Name))
                {
                    partials[i] = NewLocal(names.Numbered("_g"), argument.Value.Type);
                }
                arguments.Add(Argument.Out(partials[i]));
            }
            var invoke = new InvokeExpr(call.GradientMethod, arguments.ToEquatableArray(), call.Type);
            output.Add(new AssignStmt(target, invoke));
            VarExpr? partialStack = null;
            if (loopDepth > 0)
            {
                foreach (var partial in partials)
                {
                    if (partial is null) continue;
                    partialStack = Stack(partial.Type);
                    output.Add(new PushStmt(partialStack, partial));
                }
            }
            return new AssignStep(assignment, save, restore, partials, partialStack);
        }

        if (assignment.Value is DifferentiableCallExpr arrayCall && activity.IsActive(target.Name) && arrayCall.CallsPullback
            && !deadAssignments.Contains(assignment))
        {
            // value = FPrimal(args...): the adjoint sweep hands the value back to FPullback, which computes nothing of F again.
            output.Add(new AssignStmt(target, PrimalCall(arrayCall)));
            return new AssignStep(assignment, save, restore, null, null) { Split = true };
        }

        output.Add(assignment);
        return new AssignStep(assignment, save, restore, null, null);
    }

    private IfStep PrimalIf(IfStmt branch, List<Stmt> output)
    {
        var condition = branch.Condition;
        VarExpr? recordStack = null;
        bool recordOnStack = loopDepth > 0 && needsAdjoint.Of(branch);
        if (recordOnStack || (condition is VarExpr variable && definitions[variable.Name] > 1))
        {
            // The condition's variable may change before the adjoint sweep reads it: record the branch taken.
            var record = NewLocal(names.Numbered("_b"), IrType.Bool);
            output.Add(new AssignStmt(record, condition));
            condition = record;
        }

        var thenOutput = new List<Stmt>();
        var elseOutput = new List<Stmt>();
        var before = mayBeDefined;
        mayBeDefined = new HashSet<string>(before, System.StringComparer.Ordinal);
        var thenSteps = PrimalSweep(branch.Then, thenOutput);
        var afterThen = mayBeDefined;
        mayBeDefined = new HashSet<string>(before, System.StringComparer.Ordinal);
        var elseSteps = PrimalSweep(branch.Else, elseOutput);
        mayBeDefined.UnionWith(afterThen);
        output.Add(new IfStmt(condition, thenOutput.ToEquatableArray(), elseOutput.ToEquatableArray()));

        if (recordOnStack)
        {
            recordStack = Stack(IrType.Bool);
            output.Add(new PushStmt(recordStack, condition));
        }
        return new IfStep(condition, thenSteps, elseSteps, recordStack);
    }

    private LoopStep? PrimalLoop(LoopStmt loop, List<Stmt> output)
    {
        // Every variable the loop assigns may be overwritten by a later iteration.
        foreach (var name in IrWalker.Assigned(loop.Body)) mayBeDefined.Add(name);
        if (!needsAdjoint.Any(loop.Body))
        {
            output.Add(loop);
            return null;
        }

        var tripCount = NewLocal(names.Numbered("_n"), IrType.Int);
        output.Add(new AssignStmt(tripCount, Literals.Int(0)));
        loopDepth++;
        var body = new List<Stmt>();
        var steps = PrimalSweep(loop.Body, body);
        body.Add(new AssignStmt(tripCount, new BinaryExpr(BinaryOp.Add, tripCount, Literals.Int(1), IrType.Int)));
        loopDepth--;
        output.Add(new LoopStmt(loop.Test, body.ToEquatableArray(), loop.BreakFlag));

        VarExpr? countStack = null;
        if (loopDepth > 0)
        {
            countStack = Stack(IrType.Int);
            output.Add(new PushStmt(countStack, tripCount));
        }
        return new LoopStep(steps, tripCount, countStack);
    }

    /// <summary><c>i = i ± c</c> on an integer is undone by <c>i ∓ c</c>: no need to save <c>i</c>.</summary>
    internal static Expr? InverseUpdate(AssignStmt assignment)
    {
        if (assignment.Target.Type.Kind != ValueKind.Integer) return null;
        if (assignment.Value is not BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarExpr left, Right: ConstExpr step } update) return null;
        if (left.Name != assignment.Target.Name) return null;
        var inverse = update.Op == BinaryOp.Add ? BinaryOp.Subtract : BinaryOp.Add;
        return new BinaryExpr(inverse, assignment.Target, step, assignment.Target.Type);
    }
}
