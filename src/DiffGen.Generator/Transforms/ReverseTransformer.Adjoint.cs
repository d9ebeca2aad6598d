using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

// The adjoint sweep: the primal sweep's steps backwards, mirroring each branch and replaying each loop backwards,
// accumulating into each operand's adjoint seed · ∂f/∂x from DerivativeRules.
internal sealed partial class ReverseTransformer
{
    /// <param name="nonZero">Adjoints that may be nonzero at this point of the sweep; updated as it goes.</param>
    private List<Stmt> AdjointSweep(List<Step> steps, HashSet<string> nonZero)
    {
        var output = AdjointSweepCore(steps, nonZero);
        // A reset right before an assignment of the same adjoint is dead: drop it, for readability.
        for (int i = output.Count - 2; i >= 0; i--)
        {
            if (output[i] is AssignStmt { Kind: AssignKind.Set, Value: ConstExpr { IsZero: true } } reset
                && output[i + 1] is AssignStmt { Kind: AssignKind.Set } next
                && next.Target.Name == reset.Target.Name
                && !IrWalker.Variables(next.Value).Contains(reset.Target.Name))
            {
                output.RemoveAt(i);
            }
            // a = b; b = a: the second copy changes nothing. It is the adjoint of s = s + t flowing through (_d_t = _d_s;
            // _d_s = _d_t); left in, _d_s looks assigned in the loop, which keeps LoopVectorizer off it.
            if (i + 1 < output.Count
                && output[i] is AssignStmt { Kind: AssignKind.Set, Value: VarExpr copied } copy
                && output[i + 1] is AssignStmt { Kind: AssignKind.Set, Value: VarExpr back } roundTrip
                && roundTrip.Target.Name == copied.Name && back.Name == copy.Target.Name)
            {
                output.RemoveAt(i + 1);
            }
        }
        return output;
    }

    private List<Stmt> AdjointSweepCore(List<Step> steps, HashSet<string> nonZero)
    {
        var output = new List<Stmt>();
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (steps[i])
            {
                case AssignStep step:
                    AdjointAssignment(step, nonZero, output);
                    break;
                case IfStep branch:
                    AdjointIf(branch, nonZero, output);
                    break;
                case LoopStep loop:
                    AdjointLoop(loop, nonZero, output);
                    break;
                case ForStep counted:
                {
                    // The same iterations in the opposite order: for i in [a, b) upwards becomes i from b - 1 down to a.
                    var loop = counted.Loop;
                    var one = Literals.Int(1);
                    var (start, bound, comparison) = loop.Comparison switch
                    {
                        BinaryOp.LessThan => ((Expr)new BinaryExpr(BinaryOp.Subtract, loop.Bound, one, IrType.Int), loop.Start, BinaryOp.GreaterThanOrEqual),
                        BinaryOp.LessThanOrEqual => (loop.Bound, loop.Start, BinaryOp.GreaterThanOrEqual),
                        BinaryOp.GreaterThan => (new BinaryExpr(BinaryOp.Add, loop.Bound, one, IrType.Int), loop.Start, BinaryOp.LessThanOrEqual),
                        _ => (loop.Bound, loop.Start, BinaryOp.LessThanOrEqual),
                    };
                    var body = AdjointBody(counted.Body, nonZero);
                    output.Add(new ForStmt(loop.Counter, start, bound, comparison, body.ToEquatableArray()));
                    break;
                }
                case StoreStep store:
                    AdjointStore(store.Statement, nonZero, output);
                    if (store.SaveStack is not null)
                    {
                        var element = store.Statement.Array.Type.Element!;
                        output.Add(new StoreStmt(store.Statement.Array, rematerialized.Substitute(store.Statement.Index), new PopExpr(store.SaveStack, element)));
                    }
                    break;
                case CallStep call:
                    AdjointCallStep(call, nonZero, output);
                    break;
                case RestoreStep restore:
                    output.Add(new AssignStmt(restore.Variable, restore.Save == SaveKind.Stack ? new PopExpr(restore.Saved, restore.Variable.Type) : restore.Saved));
                    break;
            }
        }
        return output;
    }

    /// <summary>
    /// a[i] = v: the element's adjoint goes to v, then is reset: the element's earlier value is another value,
    /// whose adjoint the earlier statements accumulate from zero. a[i] += v (or −=) passes it to v and keeps it.
    /// </summary>
    private void AdjointStore(StoreStmt store, HashSet<string> nonZero, List<Stmt> output)
    {
        if (!activity.IsActive(store.Array.Name)) return;
        var adjoint = Adjoint(store.Array);
        var index = rematerialized.Substitute(store.Index);
        var element = new ElementExpr(adjoint, index, store.Array.Type.Element!);
        if (store.Value is VarExpr value && activity.IsActive(value.Name))
        {
            Accumulate(value, store.Kind == AssignKind.Subtract ? Neg(element) : element, nonZero, output);
        }
        // a[i] += v keeps the element's earlier value in it: its adjoint stays.
        if (store.Kind == AssignKind.Set) output.Add(new StoreStmt(adjoint, index, Real(element.Type, 0)));
    }

    private void AdjointIf(IfStep branch, HashSet<string> nonZero, List<Stmt> output)
    {
        if (branch.RecordStack is not null) output.Add(new AssignStmt((VarExpr)branch.Condition, new PopExpr(branch.RecordStack, IrType.Bool)));
        var thenZero = new HashSet<string>(nonZero, System.StringComparer.Ordinal);
        var elseZero = new HashSet<string>(nonZero, System.StringComparer.Ordinal);
        var thenOutput = AdjointSweep(branch.Then, thenZero);
        var elseOutput = AdjointSweep(branch.Else, elseZero);
        nonZero.UnionWith(thenZero);
        nonZero.UnionWith(elseZero);
        if (thenOutput.Count > 0)
            output.Add(new IfStmt(branch.Condition, thenOutput.ToEquatableArray(), elseOutput.ToEquatableArray()));
        else if (elseOutput.Count > 0)
            output.Add(new IfStmt(Not(branch.Condition), elseOutput.ToEquatableArray(), EquatableArray<Stmt>.Empty));
    }

    private void AdjointLoop(LoopStep loop, HashSet<string> nonZero, List<Stmt> output)
    {
        if (loop.CountStack is not null) output.Add(new AssignStmt(loop.TripCount, new PopExpr(loop.CountStack, IrType.Int)));

        var body = AdjointBody(loop.Body, nonZero);
        var counter = NewLocal(names.Numbered("_k"), IrType.Int);
        output.Add(new RepeatStmt(counter, loop.TripCount, body.ToEquatableArray()));
    }

    /// <summary>
    /// A loop body's adjoint, which runs once per iteration: what may be nonzero when it starts is what may be
    /// nonzero before the loop or after any pass through it. Iterates to that fixed point.
    /// </summary>
    private List<Stmt> AdjointBody(List<Step> steps, HashSet<string> nonZero)
    {
        var entry = new HashSet<string>(nonZero, System.StringComparer.Ordinal);
        List<Stmt> body;
        while (true)
        {
            var state = new HashSet<string>(entry, System.StringComparer.Ordinal);
            body = AdjointSweep(steps, state);
            if (state.IsSubsetOf(entry)) break;
            entry.UnionWith(state);
        }
        nonZero.UnionWith(entry);
        return body;
    }

    private void AdjointAssignment(AssignStep step, HashSet<string> nonZero, List<Stmt> output)
    {
        var target = step.Statement.Target;
        var value = step.Statement.Value;
        bool selfCopy = value is VarExpr source && source.Name == target.Name;

        if (step.PartialStack is not null && step.Partials is not null)
        {
            for (int i = step.Partials.Length - 1; i >= 0; i--)
            {
                if (step.Partials[i] is { } partial) output.Add(new AssignStmt(partial, new PopExpr(Stack(partial.Type), partial.Type)));
            }
        }

        Expr? seed = null;
        if (target.Name == result.Name) seed = seedParameter ?? (Expr)Real(target.Type, 1);
        else if (activity.IsActive(target.Name) && nonZero.Contains(Adjoint(target).Name)) seed = Adjoint(target);

        if (value is NewArrayExpr) return;
        // A value that reaches no result has a zero adjoint: none of its partials is formed (a dead overflowed value
        // would turn 0 · ∞ into NaN); what it overwrote is still restored below.
        if (seed is not null && !selfCopy && deadAssignments.Contains(step.Statement) && target.Name != result.Name) seed = null;
        // The primal sweep called FPrimal, which left what FPullback takes on the thread's tape: it runs whatever the seed.
        if (step.Split) seed ??= Real(target.Type, 0);
        if (seed is not null && !selfCopy)
        {
            // A value the next pass overwrites unread has a zero adjoint in every pass but the last: its partials
            // are formed only when the adjoint is not zero (0 · ∞ from a dead pass would make the gradient NaN).
            var accumulations = output;
            bool guarded = seed is VarExpr && lastPassOnly.Contains(step.Statement)
                && !(value is DifferentiableCallExpr called && called.TakesArrays);
            if (guarded)
            {
                // Adjoints first written inside the guard are zeroed before it: the guard may skip their write.
                foreach (var operand in AccumulatedOperands(value, step.Partials))
                {
                    var operandAdjoint = Adjoint(operand);
                    if (nonZero.Add(operandAdjoint.Name)) output.Add(new AssignStmt(operandAdjoint, Real(operandAdjoint.Type, 0)));
                }
                accumulations = new List<Stmt>();
            }
            if (value is DifferentiableCallExpr arrayCall && arrayCall.TakesArrays)
            {
                AdjointCall(arrayCall, seed, nonZero, output, pullbackResult: step.Split ? target : null);
            }
            else if (step.Partials is not null)
            {
                var call = (DifferentiableCallExpr)value;
                for (int i = 0; i < step.Partials.Length; i++)
                {
                    if (step.Partials[i] is { } partial) Accumulate((VarExpr)call.Arguments[i].Value, Mul(seed, partial), nonZero, accumulations);
                }
            }
            else if (value is ElementExpr element)
            {
                // t = a[i]: the seed goes to element i of a's gradient.
                if (activity.IsActive(element.Array.Name)) AccumulateElement(element.Array, rematerialized.Substitute(element.Index), seed, accumulations);
            }
            else
            {
                var formula = rematerialized.SubstituteOperands(value);
                var operands = DerivativeRules.Operands(value);
                for (int i = 0; i < operands.Count; i++)
                {
                    if (operands[i] is not VarExpr operand || !activity.IsActive(operand.Name)) continue;
                    if (!DerivativeRules.CarriesDerivative(value, i)) continue;
                    Accumulate(operand, DerivativeRules.Scale(formula, i, seed, target, DerivativeMode.Reverse), nonZero, accumulations);
                }
            }
            if (guarded) output.Add(new IfStmt(new BinaryExpr(BinaryOp.NotEquals, seed!, Real(target.Type, 0), IrType.Bool), accumulations.ToEquatableArray(), EquatableArray<Stmt>.Empty));

            // The value before this assignment is another value: its adjoint starts from zero.
            if (seed is VarExpr adjoint && !target.Type.IsAggregate && (definitions[target.Name] > 1 || parameterNames.Contains(target.Name)))
            {
                output.Add(new AssignStmt(adjoint, Real(target.Type, 0)));
                nonZero.Remove(adjoint.Name);
            }
        }

        switch (step.Save)
        {
            case SaveKind.Local:
            case SaveKind.Inverse:
                output.Add(new AssignStmt(target, step.Restore!));
                break;
            case SaveKind.Stack:
                output.Add(new AssignStmt(target, new PopExpr((VarExpr)step.Restore!, target.Type)));
                break;
        }
    }

    /// <summary>The variables whose adjoints the adjoint of <c>target = value</c> adds to (not arrays: their elements).</summary>
    private IEnumerable<VarExpr> AccumulatedOperands(Expr value, VarExpr?[]? partials)
    {
        if (partials is not null)
        {
            var call = (DifferentiableCallExpr)value;
            for (int i = 0; i < partials.Length; i++)
            {
                if (partials[i] is not null) yield return (VarExpr)call.Arguments[i].Value;
            }
            yield break;
        }
        if (value is ElementExpr) yield break;
        var operands = DerivativeRules.Operands(value);
        for (int i = 0; i < operands.Count; i++)
        {
            if (operands[i] is VarExpr operand && activity.IsActive(operand.Name) && DerivativeRules.CarriesDerivative(value, i)) yield return operand;
        }
    }

    /// <summary>
    /// A call writing outputs runs again, seeded, to add its vector-Jacobian product; then the outputs get back what
    /// they held before it. A callee that may read an output before writing it must run again on those old contents:
    /// they come back first, and the call writes copies, leaving the outputs as the earlier adjoints expect them.
    /// </summary>
    private void AdjointCallStep(CallStep step, HashSet<string> nonZero, List<Stmt> output)
    {
        var call = step.Call;
        if (step.Split)
        {
            // FPullback computes nothing of the callee again and leaves the outputs alone: only their old contents come back.
            AdjointCall(call, null, nonZero, output, pullback: true);
            for (int i = step.Saved.Count - 1; i >= 0; i--) output.Add(new PopAllStmt(step.Saved[i].Stack, step.Saved[i].Output));
            foreach (var fresh in step.Fresh) output.Add(new ClearStmt(fresh));
            return;
        }
        bool active = call.Outputs().Any(o => activity.IsActive(o.Name));
        bool rerunOnCopies = active && call.Arguments.Any(a => a.IsOutput && a.MayBeRead);
        if (active && !rerunOnCopies) AdjointCall(call, null, nonZero, output);
        for (int i = step.Saved.Count - 1; i >= 0; i--) output.Add(new PopAllStmt(step.Saved[i].Stack, step.Saved[i].Output));
        foreach (var fresh in step.Fresh) output.Add(new ClearStmt(fresh));
        if (!rerunOnCopies) return;

        var copies = new Dictionary<string, Expr>(System.StringComparer.Ordinal);
        foreach (var argument in call.Arguments.Where(a => a.IsOutput))
        {
            if (argument.Value is not VarExpr written || copies.ContainsKey(written.Name)) continue;
            var copy = NewLocal(names.Numbered("_rerun"), IrType.SpanOf(written.Type.Element!));
            output.Add(scratch.Rent(copy, new LengthExpr(written)));
            // An output not saved before the call was a fresh array: its zeros are the copy's.
            if (argument.MayBeRead && step.Saved.Any(s => s.Output.Name == written.Name)) output.Add(new CopyStmt(written, copy));
            copies[written.Name] = copy;
        }
        AdjointCall(call, null, nonZero, output, copies);
    }

    /// <summary>
    /// A call whose derivatives need the seed: <c>FGradient(args..., seed, gradients...)</c> adds straight into this
    /// method's array gradients; scalar partials come back already scaled and are accumulated. A call the primal
    /// sweep made as <c>FPrimal</c> goes to <c>FPullback(args..., [value], [seed], gradients...)</c> instead
    /// (<paramref name="pullback"/>; <paramref name="pullbackResult"/>: the value FPrimal returned).
    /// </summary>
    private void AdjointCall(DifferentiableCallExpr call, Expr? seed, HashSet<string> nonZero, List<Stmt> output, Dictionary<string, Expr>? outputCopies = null,
        bool pullback = false, VarExpr? pullbackResult = null)
    {
        // An opaque seed is null while nothing has added into it: a zero, so the callee's derivative is skipped; a
        // generated Pullback still runs (its Primal's entries must come off the tape), with a zero seed.
        if (seed is { Type.IsOpaque: true } && !call.HasPrimalAndPullback)
        {
            output.AddRange(OpaqueSeedGuard(call, seed, nonZero, guarded => AdjointCallCore(call, seed, nonZero, guarded, outputCopies, pullback, pullbackResult)));
            return;
        }
        if (seed is VarExpr { Type.IsOpaque: true } opaqueSeed && pullbackResult is not null)
        {
            output.Add(new ExprStmt(new AdjointEnsureExpr(opaqueSeed, pullbackResult)));
        }
        AdjointCallCore(call, seed, nonZero, output, outputCopies, pullback, pullbackResult);
    }

    private void AdjointCallCore(DifferentiableCallExpr call, Expr? seed, HashSet<string> nonZero, List<Stmt> output, Dictionary<string, Expr>? outputCopies,
        bool pullback, VarExpr? pullbackResult)
    {
        pullback |= pullbackResult is not null;
        var arguments = new List<Argument>();
        foreach (var argument in OwnArguments(call))
        {
            bool copied = argument.IsOutput && argument.Value is VarExpr written && outputCopies?.ContainsKey(written.Name) == true;
            arguments.Add(new Argument(copied ? outputCopies![((VarExpr)argument.Value).Name] : Passed(call, argument, rematerialized.Substitute(argument.Value), rematerialized.Substitute)));
        }
        if (pullbackResult is not null) arguments.Add(new Argument(pullbackResult));
        if (seed is not null) arguments.Add(new Argument(seed));
        var partials = new VarExpr?[call.Arguments.Count];
        for (int i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (!argument.Differentiable) continue;
            if (argument.IsReceiver)
            {
                // The receiver's gradient goes straight into this method's gradient of that field.
                arguments.Add(new Argument(Adjoint((VarExpr)argument.Value)) { IsRef = argument.IsValueType });
            }
            else if (argument.Value is VarExpr array && array.Type.Kind == ValueKind.Array)
            {
                // An array without an adjoint of its own takes a buffer whose gradient is dropped (or zero seeds).
                arguments.Add(new Argument(Passed(call, argument, activity.IsActive(array.Name) ? Adjoint(array) : ScratchFor(array), rematerialized.Substitute, derivative: true)));
            }
            else if (argument.Value.Type.IsOpaque)
            {
                arguments.Add(OpaqueGradientArgument(argument.Value, nonZero, output));
            }
            else if (argument.Value is VarExpr scalar && activity.IsActive(scalar.Name))
            {
                partials[i] = NewLocal(names.Numbered("_g"), scalar.Type);
                arguments.Add(Argument.Out(partials[i]));
            }
            else
            {
                arguments.Add(Argument.Out(null));
            }
        }
        if (call.PassesOutputAdjoints)
        {
            // The callee's adjoints of the outputs' old contents go back into the same spans, replacing the seeds.
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                if (call.Arguments[i].IsOutput) arguments.Add(arguments[OutputSeedPosition(call, i, (seed is not null ? 1 : 0) + (pullbackResult is not null ? 1 : 0))]);
            }
        }
        output.AddRange(pendingRents);
        pendingRents.Clear();
        var invoke = new InvokeExpr(pullback ? call.PullbackMethod : call.GradientMethod, arguments.ToEquatableArray(), IrType.Void);
        if (pullback && call.HasPrimalAndPullback) NoteOutputsOfPullback(invoke, call);
        output.Add(new ExprStmt(invoke));
        for (int i = 0; i < partials.Length; i++)
        {
            if (partials[i] is { } partial) Accumulate((VarExpr)call.Arguments[i].Value, partial, nonZero, output);
        }
        if (call.PassesOutputAdjoints) return;
        foreach (var written in call.Outputs())
        {
            // A callee with a hand-written derivative is taken to overwrite its outputs: their earlier values are
            // other values, with adjoints from zero.
            if (activity.IsActive(written.Name)) output.Add(new ClearStmt(Adjoint(written)));
        }
    }

    /// <summary>Where the seed of output argument <paramref name="index"/> sits in the Gradient's argument list.</summary>
    private static int OutputSeedPosition(DifferentiableCallExpr call, int index, int before)
    {
        int position = OwnArguments(call).Count() + before;
        for (int i = 0; i < index; i++)
        {
            if (call.Arguments[i].Differentiable) position++;
        }
        return position;
    }

    /// <summary>A zeroed pooled span as long as <paramref name="array"/>, rented just before the call that uses it.</summary>
    private Expr ScratchFor(VarExpr array)
    {
        var buffer = NewLocal(names.Numbered("_scratch"), IrType.SpanOf(array.Type.Element!));
        pendingRents.Add(scratch.Rent(buffer, new LengthExpr(array)));
        return buffer;
    }

    private void Accumulate(VarExpr operand, Expr contribution, HashSet<string> nonZero, List<Stmt> output)
    {
        var adjoint = Adjoint(operand);
        if (adjoint.Type.IsOpaque)
        {
            // Never a plain assignment: the contribution may be a seed or another adjoint, and adjoints are added into in place.
            nonZero.Add(adjoint.Name);
            output.Add(new ExprStmt(new AdjointAddExpr(adjoint, contribution)));
            return;
        }
        // A call's partial may mix precisions (a double result, a float argument): the adjoint keeps the operand's.
        contribution = Convert(contribution, adjoint.Type);
        if (nonZero.Add(adjoint.Name))
        {
            output.Add(new AssignStmt(adjoint, contribution));
        }
        else if (contribution is UnaryExpr { Op: UnaryOp.Negate } negated)
        {
            output.Add(new AssignStmt(adjoint, negated.Operand, AssignKind.Subtract));
        }
        else
        {
            output.Add(new AssignStmt(adjoint, contribution, AssignKind.Add));
        }
    }

    private void AccumulateElement(VarExpr array, Expr index, Expr contribution, List<Stmt> output)
    {
        var adjoint = Adjoint(array);
        contribution = Convert(contribution, adjoint.Type.Element!);
        output.Add(contribution is UnaryExpr { Op: UnaryOp.Negate } negated
            ? new StoreStmt(adjoint, index, negated.Operand, AssignKind.Subtract)
            : new StoreStmt(adjoint, index, contribution, AssignKind.Add));
    }
}
