using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Reverse mode, IR → IR, as two sweeps. The primal sweep runs the method's own statements, keeping what the
/// adjoint sweep will need: a value about to be overwritten, the branch taken when its condition may change, the
/// partial derivatives of calls and each loop's trip count. Outside loops these go to locals; inside loops, where
/// every iteration overwrites them, to typed value stacks. The adjoint sweep then walks the statements backwards,
/// mirroring each branch and replaying each loop backwards, and accumulates into each operand's adjoint
/// <c>seed · ∂f/∂x</c> from <see cref="DerivativeRules"/>. Adjoints known to be zero stay symbolic: their first
/// write is an assignment and reading one emits nothing.
/// </summary>
internal sealed class ReverseTransformer
{
    private readonly MethodModel method;
    private readonly ActivityInfo activity;
    private readonly CancellationToken cancellationToken;
    private readonly NameScope names;
    private readonly List<VarExpr> locals;
    private readonly List<VarExpr> stacks = new();
    private readonly Dictionary<string, VarExpr> stacksByType = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, VarExpr> adjoints = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> parameterNames = new(System.StringComparer.Ordinal);
    private readonly VarExpr result;
    private readonly bool isVoid;
    /// <summary>The seeded overload's <c>seed</c> parameter: the result's adjoint, 1 in the plain overload.</summary>
    private readonly VarExpr? seedParameter;
    /// <summary>Seeds of outputs (<c>ReadOnlySpan&lt;T&gt; dY</c>), copied into the outputs' adjoints.</summary>
    private readonly Dictionary<string, VarExpr> outputSeeds = new(System.StringComparer.Ordinal);
    /// <summary>Scratch spans a call of the adjoint sweep needs, rented just before it.</summary>
    private readonly List<Stmt> pendingRents = new();
    private readonly VarExpr seedPlaceholder;
    private Dictionary<string, int> definitions = new(System.StringComparer.Ordinal);
    /// <summary>Variables whose values the adjoint sweep reads: only those are saved before being overwritten.</summary>
    private readonly HashSet<string> readVariables = new(System.StringComparer.Ordinal);
    /// <summary>
    /// Temporaries the adjoint sweep computes again instead of saving: elements of arrays nothing writes, and
    /// integer arithmetic such as a flattened index <c>j * n + i</c>.
    /// </summary>
    private readonly Dictionary<string, Expr> rematerialized = new(System.StringComparer.Ordinal);
    /// <summary>Variables that may hold a value at this point of the primal sweep: only those need saving.</summary>
    private HashSet<string> mayBeDefined = new(System.StringComparer.Ordinal);
    /// <summary>
    /// Variables the adjoints of the statements so far in the primal sweep read (a loop's whole body counts from its
    /// start, for its earlier iterations): an overwritten value that nothing before it reads needs no saving.
    /// </summary>
    private readonly HashSet<string> readSoFar = new(System.StringComparer.Ordinal);
    private int loopDepth;
    private readonly ScratchArrays scratch;
    /// <summary>Top-level loops whose passes run their adjoints at once (<see cref="LoopFusion"/>), with their accumulators.</summary>
    private Dictionary<ForStmt, List<FusedAccumulator>> fusedLoops = new(ReferenceComparer<ForStmt>.Instance);
    /// <summary>Adjoints fused loops may leave nonzero: the adjoint sweep adds to them.</summary>
    private readonly HashSet<string> fusedNonZero = new(System.StringComparer.Ordinal);
    /// <summary>Assignments in loops whose value every later pass overwrites unread (<see cref="FindLastPassOnly"/>).</summary>
    private readonly HashSet<Stmt> lastPassOnly = new(ReferenceComparer<Stmt>.Instance);

    private ReverseTransformer(MethodModel method, ActivityInfo activity, bool seeded, CancellationToken cancellationToken)
    {
        this.method = method;
        this.activity = activity;
        this.cancellationToken = cancellationToken;
        names = NameScope.For(method);
        locals = new List<VarExpr>(method.Locals);
        result = new VarExpr(names.Fresh("_result"), method.ReturnType);
        seedPlaceholder = new VarExpr(names.Fresh("_seed"), method.ReturnType);
        scratch = new ScratchArrays(names, locals);
        isVoid = method.ReturnType == IrType.Void;
        if (!isVoid) locals.Add(result);
        if (seeded) seedParameter = new VarExpr(names.Fresh("seed"), method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            parameterNames.Add(parameter.Name);
            if (!parameter.Differentiable) continue;
            if (parameter.IsField)
            {
                // A scalar field's adjoint is a local added into dThis at the end; arrays and nested types are
                // reached through dThis directly.
                if (!parameter.Type.IsReal) adjoints[parameter.Name] = new VarExpr(parameter.DerivativeName, GradientType(parameter.Type));
                continue;
            }
            if (parameter.IsOutput)
            {
                // The output's seed arrives read-only; its adjoint is a copy the adjoint sweep can clear.
                outputSeeds[parameter.Name] = new VarExpr(parameter.DerivativeName, IrType.ReadOnlySpanOf(parameter.Type.Element!));
                adjoints[parameter.Name] = new VarExpr(names.Fresh("_d_" + parameter.Name), parameter.Type);
                locals.Add(adjoints[parameter.Name]);
            }
            else
            {
                adjoints[parameter.Name] = new VarExpr(parameter.DerivativeName, GradientType(parameter.Type));
            }
        }
    }

    public static GeneratedMethod Transform(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, seeded: false, cancellationToken).Run();

    /// <summary>
    /// The overload with an explicit seed for the result (a vector-Jacobian product): what callers use for a method
    /// that takes arrays, whose gradients must be added into their buffers already scaled.
    /// </summary>
    public static GeneratedMethod TransformSeeded(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, seeded: true, cancellationToken).Run();

    /// <summary>A scalar's gradient is an <c>out</c> scalar; an array's is a span the gradient is added to.</summary>
    private static IrType GradientType(IrType type) => type.Kind == ValueKind.Array ? IrType.SpanOf(type.Element!) : type;

    private GeneratedMethod Run()
    {
        var body = ReturnNormalizer.Normalize(method.Body, isVoid ? null : result);
        definitions = CountDefinitions(body);
        foreach (var name in parameterNames) definitions[name] = Get(definitions, name) + 1;
        FindRematerialized(body);
        FindLastPassOnly(body);
        CollectReads(body);
        if (RematerializeRestoredElements(body))
        {
            readVariables.Clear();
            CollectReads(body);
        }
        if (!isVoid) fusedLoops = LoopFusion.Find(body, result, activity, readVariables);
        if (fusedLoops.Count > 0)
        {
            // A fused pass's adjoint runs while the pass's own values are still there: temporaries its body assigns
            // once at the top level are read, not computed again.
            foreach (var loop in fusedLoops.Keys)
            {
                foreach (var assignment in loop.Body.OfType<AssignStmt>()) rematerialized.Remove(assignment.Target.Name);
            }
            readVariables.Clear();
            CollectReads(body);
        }
        mayBeDefined = new HashSet<string>(parameterNames, System.StringComparer.Ordinal);

        var buffers = new Dictionary<string, VarExpr>(adjoints, System.StringComparer.Ordinal);
        foreach (var pair in outputSeeds) buffers[pair.Key] = pair.Value;
        var statements = new List<Stmt>(BufferChecks.For(method, buffers));
        var parameters = new List<GeneratedParameter>();
        foreach (var parameter in method.Parameters.Where(p => !p.IsField)) parameters.Add(new GeneratedParameter(parameter.Name, parameter.Type.Name));
        if (seedParameter is not null) parameters.Add(new GeneratedParameter(seedParameter.Name, seedParameter.Type.Name));
        if (method.ThisType is { } thisType)
        {
            // The gradient with respect to this: added into a value of its own type.
            parameters.Add(new GeneratedParameter(MethodModel.ThisDerivativeName, thisType) { Modifier = method.ThisIsValueType ? "ref " : null });
        }
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable || parameter.IsField) continue;
            if (parameter.IsOutput)
            {
                var seed = outputSeeds[parameter.Name];
                parameters.Add(new GeneratedParameter(seed.Name, seed.Type.Name));
                statements.Add(scratch.Rent(adjoints[parameter.Name], new LengthExpr(new VarExpr(parameter.Name, parameter.Type))));
                continue;
            }
            var adjoint = adjoints[parameter.Name];
            bool scalar = parameter.Type.Kind != ValueKind.Array;
            parameters.Add(new GeneratedParameter(adjoint.Name, adjoint.Type.Name, IsOut: scalar));
            // Scalar gradients are out parameters, accumulated from zero; array gradients are added to the caller's buffer.
            if (scalar) statements.Add(new AssignStmt(adjoint, Real(parameter.Type, 0)));
        }

        statements.Add(new CommentStmt("Primal sweep"));
        var steps = PrimalSweep(body, statements);
        // Outputs the adjoint sweep changes get their final values back at the end: those it restores to earlier
        // values, and those a callee run again in the adjoint sweep writes.
        var rewritten = new HashSet<string>(CallsRunInAdjointSweep(body).SelectMany(Outputs).Select(o => o.Name), System.StringComparer.Ordinal);
        // An output that one call outside loops and branches writes, and nothing else, gets the same values again.
        rewritten.RemoveWhere(name => IrWalker.Statements(body).Count(s => Writes(s, name)) == 1 && body.Any(s => Writes(s, name)));
        var finalOutputs = new List<(VarExpr Output, VarExpr Copy)>();
        foreach (var parameter in method.Parameters.Where(p => p.IsOutput && (readVariables.Contains(p.Name) || rewritten.Contains(p.Name))))
        {
            var output = new VarExpr(parameter.Name, parameter.Type);
            var copy = NewLocal(names.Fresh("_final_" + parameter.Name), parameter.Type);
            statements.Add(scratch.Rent(copy, new LengthExpr(output)));
            statements.Add(new CopyStmt(output, copy));
            finalOutputs.Add((output, copy));
        }
        var adjointSweep = new List<Stmt>();
        foreach (var pair in outputSeeds)
        {
            adjointSweep.Add(new CopyStmt(pair.Value, adjoints[pair.Key]));
        }
        adjointSweep.AddRange(AdjointSweep(steps, new HashSet<string>(fusedNonZero, System.StringComparer.Ordinal)));
        foreach (var (output, copy) in finalOutputs)
        {
            adjointSweep.Add(new CopyStmt(copy, output));
        }
        foreach (var field in method.Parameters.Where(p => p.IsField && p.Differentiable && p.Type.IsReal))
        {
            if (adjoints.TryGetValue(field.Name, out var adjoint)) adjointSweep.Add(new AssignStmt(new VarExpr(field.DerivativeName, field.Type), adjoint, AssignKind.Add));
        }
        if (adjointSweep.Count > 0)
        {
            statements.Add(new CommentStmt("Adjoint sweep"));
            statements.AddRange(adjointSweep);
        }
        if (!isVoid) statements.Add(new ReturnStmt(result));
        var primalArrays = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Locals.Select(l => l.Name)), System.StringComparer.Ordinal);
        statements = AccumulatorHoisting.Apply(statements, primalArrays, (name, type) => NewLocal(names.Numbered(name), type));

        return new GeneratedMethod(
            DerivativeMode.Reverse,
            method.Name + MethodModel.GradientSuffix,
            method.Accessibility,
            method.ReturnType,
            parameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            statements.ToEquatableArray(),
            isVoid
                ? $"Reverse mode of {method.Name}: writes its outputs and adds the seeds' vector-Jacobian product to the gradients of its inputs."
                : seedParameter is not null
                    ? $"Reverse mode of {method.Name} with a seed: returns its value and seed times its partial derivatives."
                    : $"Reverse mode of {method.Name}: returns its value and its partial derivatives with respect to each differentiable parameter.",
            stacks.Concat(scratch.Buffers).ToEquatableArray()) { IsInstance = method.IsInstance };
    }

    // ---- Steps: what the adjoint sweep needs to know about each primal statement -------------------------------

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
    }

    private sealed class StoreStep(StoreStmt statement, VarExpr? saveStack) : Step
    {
        public StoreStmt Statement { get; } = statement;
        /// <summary>When the adjoint sweep reads the array, the element's old value is pushed here.</summary>
        public VarExpr? SaveStack { get; } = saveStack;
    }

    /// <summary>A call of a vector-valued method: its gradient is called in the adjoint sweep with the outputs' seeds.</summary>
    private sealed class CallStep(DifferentiableCallExpr call, List<(VarExpr Output, VarExpr Stack)> saved) : Step
    {
        public DifferentiableCallExpr Call { get; } = call;
        /// <summary>Outputs whose old contents the adjoint sweep reads, pushed before the call, in order.</summary>
        public List<(VarExpr Output, VarExpr Stack)> Saved { get; } = saved;
    }

    private sealed class IfStep(Expr condition, List<Step> then, List<Step> @else, VarExpr? recordStack) : Step
    {
        public Expr Condition { get; } = condition;
        public List<Step> Then { get; } = then;
        public List<Step> Else { get; } = @else;
        /// <summary>Inside a loop, the branch taken is pushed after the branch and popped back into the condition.</summary>
        public VarExpr? RecordStack { get; } = recordStack;
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

    // ---- Primal sweep ------------------------------------------------------------------------------------------

    private List<Step> PrimalSweep(EquatableArray<Stmt> block, List<Stmt> output)
    {
        var steps = new List<Step>();
        foreach (var statement in block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (statement is ForStmt fused && fusedLoops.TryGetValue(fused, out var accumulators))
            {
                PrimalFusedLoop(fused, accumulators, output);
                continue;
            }
            if (statement is LoopStmt or ForStmt or StoreStmt or ExprStmt) ReadsOf(statement, readSoFar);
            switch (statement)
            {
                case AssignStmt assignment:
                    ReadsOf(assignment, readSoFar);
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
                    foreach (var name in AssignedIn(counted.Body)) mayBeDefined.Add(name);
                    if (!NeedsAdjoint(counted.Body))
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
                    foreach (var written in Outputs(call))
                    {
                        // A fresh local array holds zeros that nothing reads: overwriting it needs no save.
                        bool fresh = !mayBeDefined.Contains(written.Name) && loopDepth == 0;
                        mayBeDefined.Add(written.Name);
                        if (!readVariables.Contains(written.Name) || fresh) continue;
                        var saveStack = Stack(written.Type.Element!);
                        output.Add(new PushAllStmt(saveStack, written));
                        saved.Add((written, saveStack));
                    }
                    output.Add(new ExprStmt(call));
                    steps.Add(new CallStep(call, saved));
                    break;
                }
                default:
                    output.Add(statement);
                    break;
            }
        }
        return steps;
    }

    /// <summary>
    /// A loop whose passes' adjoints commute (<see cref="LoopFusion"/>): each pass runs its primal statements and then
    /// their adjoints, with the accumulators' adjoints already known (±seed). The adjoint sweep later skips it.
    /// </summary>
    private void PrimalFusedLoop(ForStmt loop, List<FusedAccumulator> accumulators, List<Stmt> output)
    {
        mayBeDefined.Add(loop.Counter.Name);
        foreach (var name in AssignedIn(loop.Body)) mayBeDefined.Add(name);
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
        var body = new List<Stmt>();
        var steps = PrimalSweep(loop.Body, body);
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
            if (activity.IsActive(target.Name)) output.Add(scratch.Rent(Adjoint(target), array.Length));
            return new AssignStep(assignment, SaveKind.None, null, null, null);
        }
        // A first definition has no earlier value to save.
        bool overwrites = !mayBeDefined.Add(target.Name);
        var save = SaveKind.None;
        Expr? restore = null;
        if (overwrites && target.Name != result.Name && Get(definitions, target.Name) > 1 && readSoFar.Contains(target.Name))
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

        if (assignment.Value is DifferentiableCallExpr call && activity.IsActive(target.Name) && !TakesArrays(call))
        {
            // value = FGradient(args..., out ∂F/∂arg...): the partials scale the seed in the adjoint sweep.
            var partials = new VarExpr?[call.Arguments.Count];
            var arguments = new List<Argument>();
            foreach (var argument in call.Arguments) arguments.Add(new Argument(argument.Value));
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

        output.Add(assignment);
        return new AssignStep(assignment, save, restore, null, null);
    }

    private IfStep PrimalIf(IfStmt branch, List<Stmt> output)
    {
        var condition = branch.Condition;
        VarExpr? recordStack = null;
        bool recordOnStack = loopDepth > 0 && NeedsAdjoint(branch);
        if (recordOnStack || (condition is VarExpr variable && Get(definitions, variable.Name) > 1))
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
        foreach (var name in AssignedIn(loop.Body)) mayBeDefined.Add(name);
        if (!NeedsAdjoint(loop.Body))
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
    private static Expr? InverseUpdate(AssignStmt assignment)
    {
        if (assignment.Target.Type.Kind != ValueKind.Integer) return null;
        if (assignment.Value is not BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarExpr left, Right: ConstExpr step } update) return null;
        if (left.Name != assignment.Target.Name) return null;
        var inverse = update.Op == BinaryOp.Add ? BinaryOp.Subtract : BinaryOp.Add;
        return new BinaryExpr(inverse, assignment.Target, step, assignment.Target.Type);
    }

    // ---- Adjoint sweep -----------------------------------------------------------------------------------------

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
                && !Reads(next.Value, reset.Target.Name))
            {
                output.RemoveAt(i);
            }
        }
        return output;
    }

    private static bool Reads(Expr expr, string name) => expr switch
    {
        VarExpr variable => variable.Name == name,
        ConstExpr or OpaqueExpr => false,
        ElementExpr element => element.Array.Name == name || Reads(element.Index, name),
        _ => DerivativeRules.Operands(expr).Any(operand => !ReferenceEquals(operand, expr) && Reads(operand, name)),
    };

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
                        output.Add(new StoreStmt(store.Statement.Array, Substitute(store.Statement.Index), new PopExpr(store.SaveStack, element)));
                    }
                    break;
                case CallStep call:
                    AdjointCallStep(call, nonZero, output);
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
        var index = Substitute(store.Index);
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
        if (seed is not null && !selfCopy)
        {
            // A value the next pass overwrites unread has a zero adjoint in every pass but the last: its partials
            // are formed only when the adjoint is not zero (0 · ∞ from a dead pass would make the gradient NaN).
            var accumulations = output;
            bool guarded = seed is VarExpr && lastPassOnly.Contains(step.Statement)
                && !(value is DifferentiableCallExpr called && TakesArrays(called));
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
            if (value is DifferentiableCallExpr arrayCall && TakesArrays(arrayCall))
            {
                AdjointCall(arrayCall, seed, nonZero, output);
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
                if (activity.IsActive(element.Array.Name)) AccumulateElement(element.Array, Substitute(element.Index), seed, accumulations);
            }
            else
            {
                var formula = SubstituteOperands(value);
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
            if (seed is VarExpr adjoint && (Get(definitions, target.Name) > 1 || parameterNames.Contains(target.Name)))
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

    /// <summary>
    /// A call writing outputs runs again, seeded, to add its vector-Jacobian product; then the outputs get back what
    /// they held before it. A callee that may read an output before writing it must run again on those old contents:
    /// they come back first, and the call writes copies, leaving the outputs as the earlier adjoints expect them.
    /// </summary>
    private void AdjointCallStep(CallStep step, HashSet<string> nonZero, List<Stmt> output)
    {
        var call = step.Call;
        bool active = Outputs(call).Any(o => activity.IsActive(o.Name));
        if (!active || !call.Arguments.Any(a => a.IsOutput && a.MayBeRead))
        {
            if (active) AdjointCall(call, null, nonZero, output);
            for (int i = step.Saved.Count - 1; i >= 0; i--) output.Add(new PopAllStmt(step.Saved[i].Stack, step.Saved[i].Output));
            return;
        }
        for (int i = step.Saved.Count - 1; i >= 0; i--) output.Add(new PopAllStmt(step.Saved[i].Stack, step.Saved[i].Output));
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
    /// A call whose derivatives need the seed: <c>FGradient(args..., seed, gradients...)</c> adds straight into this
    /// method's array gradients; scalar partials come back already scaled and are accumulated.
    /// </summary>
    private void AdjointCall(DifferentiableCallExpr call, Expr? seed, HashSet<string> nonZero, List<Stmt> output, Dictionary<string, Expr>? outputCopies = null)
    {
        var arguments = new List<Argument>();
        foreach (var argument in call.Arguments.Where(a => !a.IsReceiver))
        {
            bool copied = argument.IsOutput && argument.Value is VarExpr written && outputCopies?.ContainsKey(written.Name) == true;
            arguments.Add(new Argument(copied ? outputCopies![((VarExpr)argument.Value).Name] : Substitute(argument.Value)));
        }
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
                arguments.Add(new Argument(activity.IsActive(array.Name) ? Adjoint(array) : ScratchFor(array)));
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
        output.AddRange(pendingRents);
        pendingRents.Clear();
        output.Add(new ExprStmt(new InvokeExpr(call.GradientMethod, arguments.ToEquatableArray(), IrType.Void)));
        for (int i = 0; i < partials.Length; i++)
        {
            if (partials[i] is { } partial) Accumulate((VarExpr)call.Arguments[i].Value, partial, nonZero, output);
        }
        foreach (var written in Outputs(call))
        {
            // The call overwrote its outputs: their earlier values are other values, with adjoints from zero.
            if (activity.IsActive(written.Name)) output.Add(new ClearStmt(Adjoint(written)));
        }
    }

    /// <summary>
    /// Calls with outputs that the adjoint sweep runs again on the outputs themselves (<see cref="AdjointCallStep"/>):
    /// they write their outputs once more.
    /// </summary>
    private IEnumerable<DifferentiableCallExpr> CallsRunInAdjointSweep(EquatableArray<Stmt> body)
        => IrWalker.Statements(body).OfType<ExprStmt>().Select(s => s.Value).OfType<DifferentiableCallExpr>()
            .Where(call => Outputs(call).Any(o => activity.IsActive(o.Name)) && !call.Arguments.Any(a => a.IsOutput && a.MayBeRead));

    /// <summary>Calls whose derivatives go into buffers (arrays, a receiver's fields) run in the adjoint sweep, seeded.</summary>
    private static bool TakesArrays(DifferentiableCallExpr call) => call.Arguments.Any(a => a.Value.Type.Kind == ValueKind.Array || a.IsReceiver);

    private static IEnumerable<VarExpr> Outputs(DifferentiableCallExpr call)
        => call.Arguments.Where(a => a.IsOutput).Select(a => a.Value).OfType<VarExpr>();

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

    private VarExpr Adjoint(VarExpr variable)
    {
        if (!adjoints.TryGetValue(variable.Name, out var adjoint))
        {
            adjoint = NewLocal(names.Fresh("_d_" + variable.Name.TrimStart('_')), variable.Type);
            adjoints.Add(variable.Name, adjoint);
        }
        return adjoint;
    }

    private VarExpr NewLocal(string name, IrType type)
    {
        var variable = new VarExpr(name, type);
        locals.Add(variable);
        return variable;
    }

    /// <summary>The value stack for values of <paramref name="type"/>, declared on first use.</summary>
    private VarExpr Stack(IrType type)
    {
        if (!stacksByType.TryGetValue(type.Name, out var stack))
        {
            string suffix = type.Name.Replace("global::", "").Replace(".", "_");
            stack = new VarExpr(names.Fresh("_stack_" + suffix), IrType.ValueStackOf(type));
            stacksByType.Add(type.Name, stack);
            stacks.Add(stack);
            locals.Add(stack);
        }
        return stack;
    }

    /// <summary>An expression with its rematerialized temporaries replaced, recursively, by what they hold.</summary>
    private Expr Substitute(Expr value)
    {
        if (rematerialized.Count == 0) return value;
        return value switch
        {
            VarExpr variable => rematerialized.TryGetValue(variable.Name, out var held) ? Substitute(held) : variable,
            BinaryExpr binary => binary with { Left = Substitute(binary.Left), Right = Substitute(binary.Right) },
            UnaryExpr unary => unary with { Operand = Substitute(unary.Operand) },
            ConvertExpr convert => convert with { Operand = Substitute(convert.Operand) },
            MathCallExpr call => call with { Arguments = call.Arguments.Select(Substitute).ToEquatableArray() },
            ElementExpr element => element with { Index = Substitute(element.Index) },
            _ => value,
        };
    }

    /// <summary>The value of a temporary, keeping the temporary itself: for formulas that read the result.</summary>
    private Expr SubstituteOperands(Expr value) => value switch
    {
        BinaryExpr binary => binary with { Left = Substitute(binary.Left), Right = Substitute(binary.Right) },
        UnaryExpr unary => unary with { Operand = Substitute(unary.Operand) },
        ConvertExpr convert => convert with { Operand = Substitute(convert.Operand) },
        MathCallExpr call => call with { Arguments = call.Arguments.Select(Substitute).ToEquatableArray() },
        _ => value,
    };

    // ---- Analyses of the normalized body -----------------------------------------------------------------------

    /// <summary>
    /// How many times each variable can be assigned along one path: branches count as their larger side, loops
    /// as more than once.
    /// </summary>
    private static Dictionary<string, int> CountDefinitions(EquatableArray<Stmt> block)
    {
        var counts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    counts[assignment.Target.Name] = Get(counts, assignment.Target.Name) + 1;
                    break;
                case IfStmt branch:
                {
                    var then = CountDefinitions(branch.Then);
                    var @else = CountDefinitions(branch.Else);
                    foreach (var pair in then) counts[pair.Key] = Get(counts, pair.Key) + System.Math.Max(pair.Value, Get(@else, pair.Key));
                    foreach (var pair in @else)
                    {
                        if (!then.ContainsKey(pair.Key)) counts[pair.Key] = Get(counts, pair.Key) + pair.Value;
                    }
                    break;
                }
                case LoopStmt loop:
                    foreach (var name in AssignedIn(loop.Body)) counts[name] = Get(counts, name) + 2;
                    break;
                case ForStmt counted:
                    counts[counted.Counter.Name] = Get(counts, counted.Counter.Name) + 2;
                    foreach (var name in AssignedIn(counted.Body)) counts[name] = Get(counts, name) + 2;
                    break;
            }
        }
        return counts;
    }

    private static IEnumerable<string> AssignedIn(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    yield return assignment.Target.Name;
                    break;
                case IfStmt branch:
                    foreach (var name in AssignedIn(branch.Then)) yield return name;
                    foreach (var name in AssignedIn(branch.Else)) yield return name;
                    break;
                case LoopStmt loop:
                    foreach (var name in AssignedIn(loop.Body)) yield return name;
                    break;
                case ForStmt counted:
                    yield return counted.Counter.Name;
                    foreach (var name in AssignedIn(counted.Body)) yield return name;
                    break;
            }
        }
    }

    private static IEnumerable<AssignStmt> Assignments(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    yield return assignment;
                    break;
                case IfStmt branch:
                    foreach (var inner in Assignments(branch.Then)) yield return inner;
                    foreach (var inner in Assignments(branch.Else)) yield return inner;
                    break;
                case LoopStmt loop:
                    foreach (var inner in Assignments(loop.Body)) yield return inner;
                    break;
                case ForStmt counted:
                    foreach (var inner in Assignments(counted.Body)) yield return inner;
                    break;
            }
        }
    }

    /// <summary>
    /// Temporaries assigned once from an element of an array that nothing assigns: the adjoint sweep reads the
    /// element again instead of saving the temporary, so reading constant data in a loop costs nothing extra.
    /// </summary>
    private void FindRematerialized(EquatableArray<Stmt> body)
    {
        var statements = Assignments(body).Distinct(ReferenceComparer<object>.Instance).Cast<AssignStmt>().ToList();
        var assigned = new HashSet<string>(statements.Where(a => a.Value is not NewArrayExpr).Select(a => a.Target.Name), System.StringComparer.Ordinal);
        var counts = AssignmentCounts(statements);
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
            if (cheap) rematerialized[assignment.Target.Name] = assignment.Value;
        }

        // Cheap real arithmetic of values computed again anyway (elements, indices, constants, and such arithmetic
        // itself): x[i + 1] − x[i]·x[i] costs less to recompute than to push and pop. Only for variables every loop
        // pass assigns before reading, so the recomputed value is the one the pass read.
        var fresh = new HashSet<string>(method.LoopLocals, System.StringComparer.Ordinal);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (var assignment in statements)
            {
                var name = assignment.Target.Name;
                var type = assignment.Target.Type;
                if (rematerialized.ContainsKey(name) || counts[name] != 1 || !fresh.Contains(name) || !(type.IsReal || type.Kind == ValueKind.Integer)) continue;
                if (depths[assignment] == 0 || !loopOf.TryGetValue(assignment, out var loopAssigns)) continue;  // outside loops nothing is saved anyway
                bool arithmetic = assignment.Value is VarExpr or BinaryExpr { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply }
                    or UnaryExpr { Op: UnaryOp.Negate } or ConvertExpr;
                if (!arithmetic) continue;
                // Operands: constants, values computed again themselves, and variables the loop does not change (a
                // counted loop's counter is fixed within a pass).
                if (!DerivativeRules.Operands(assignment.Value).All(o => o is ConstExpr
                    || (o is VarExpr v && (rematerialized.ContainsKey(v.Name) || !loopAssigns.Contains(v.Name)))))
                {
                    continue;
                }
                if (Size(Substitute(assignment.Value)) > 12) continue;
                rematerialized[name] = assignment.Value;
                changed = true;
            }
        }
    }

    /// <summary>
    /// Elements of arrays the adjoint sweep reads anyway are read again rather than saved: such an array's stores all
    /// save what they overwrite, so when the sweep reaches a read, the array holds what the read saw.
    /// </summary>
    private bool RematerializeRestoredElements(EquatableArray<Stmt> body)
    {
        var statements = Assignments(body).Distinct(ReferenceComparer<object>.Instance).Cast<AssignStmt>().ToList();
        var counts = AssignmentCounts(statements);
        bool any = false;
        foreach (var assignment in statements)
        {
            if (assignment.Value is not ElementExpr element || counts[assignment.Target.Name] != 1 || rematerialized.ContainsKey(assignment.Target.Name)) continue;
            if (!readVariables.Contains(element.Array.Name) || !readVariables.Contains(assignment.Target.Name)) continue;
            if (!ElementUnchangedWhileRead(body, assignment, element.Array.Name)) continue;
            rematerialized[assignment.Target.Name] = element;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// Statements of a loop whose value, in every pass but the last one that runs them, the next pass overwrites before
    /// anything reads it, so that their adjoint there is zero: a store into a fixed element of an array the loop does
    /// not read, an assignment to a variable the loop does not read, and an assignment read in the loop only by such
    /// statements.
    /// </summary>
    private void FindLastPassOnly(EquatableArray<Stmt> body)
    {
        foreach (var statement in IrWalker.Statements(body))
        {
            var loopBody = statement switch
            {
                ForStmt counted => counted.Body,
                LoopStmt loop => loop.Body,
                _ => (EquatableArray<Stmt>?)null,
            };
            if (loopBody is not { } block) continue;
            var inLoop = IrWalker.Statements(block).ToList();
            var assigned = new HashSet<string>(inLoop.Append(statement).SelectMany(AssignedBy), System.StringComparer.Ordinal);
            var readers = new Dictionary<string, List<Stmt>>(System.StringComparer.Ordinal);
            foreach (var reader in inLoop.Append(statement))
            {
                foreach (var name in IrWalker.Reads(reader).Distinct())
                {
                    if (!readers.TryGetValue(name, out var list)) readers[name] = list = new List<Stmt>();
                    list.Add(reader);
                }
            }
            var dead = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
            foreach (var store in inLoop.OfType<StoreStmt>())
            {
                if (store.Kind == AssignKind.Set && !readers.ContainsKey(store.Array.Name) && !IrWalker.Variables(store.Index).Any(assigned.Contains)) dead.Add(store);
            }
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (var assignment in inLoop.OfType<AssignStmt>())
                {
                    if (dead.Contains(assignment) || assignment.Kind != AssignKind.Set || !assignment.Target.Type.IsReal || assignment.Target.Name == result.Name) continue;
                    if (readers.TryGetValue(assignment.Target.Name, out var list) && !list.All(dead.Contains)) continue;
                    dead.Add(assignment);
                    changed = true;
                }
            }
            foreach (var assignment in dead.OfType<AssignStmt>()) lastPassOnly.Add(assignment);
        }
    }

    /// <summary>The variables (and arrays) a statement assigns or writes, nested statements not included.</summary>
    private static IEnumerable<string> AssignedBy(Stmt statement) => statement switch
    {
        AssignStmt assignment => new[] { assignment.Target.Name },
        StoreStmt store => new[] { store.Array.Name },
        ForStmt counted => new[] { counted.Counter.Name },
        RepeatStmt repeat => new[] { repeat.Counter.Name },
        ExprStmt { Value: DifferentiableCallExpr call } => Outputs(call).Select(o => o.Name),
        _ => Enumerable.Empty<string>(),
    };

    /// <summary>
    /// Whether the element <paramref name="read"/> copies still holds that value wherever the copy is read: the
    /// adjoint sweep reaches those reads before it restores any store into the array that comes between them (a
    /// pass's <c>e = p[k]; p[2] = a; … sin(e)</c> must keep its copy of <c>p[k]</c>).
    /// </summary>
    private static bool ElementUnchangedWhileRead(EquatableArray<Stmt> body, AssignStmt read, string array)
    {
        var copy = read.Target.Name;
        int readsInBody = IrWalker.Statements(body).Count(s => IrWalker.Reads(s).Contains(copy));
        int readsCovered = 0;
        foreach (var block in BlocksHolding(body, read))
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
                if (nested.Any(s => Writes(s, array))) return false;
                readsCovered += nested.Count(s => IrWalker.Reads(s).Contains(copy));
            }
        }
        // A copy read anywhere else (another block) is not known to see the element unchanged.
        return readsCovered >= readsInBody;
    }

    private static bool Writes(Stmt statement, string array) => statement switch
    {
        StoreStmt store => store.Array.Name == array,
        AssignStmt assignment => assignment.Target.Name == array,
        ExprStmt { Value: DifferentiableCallExpr call } => Outputs(call).Any(o => o.Name == array),
        _ => false,
    };

    /// <summary>The blocks that hold <paramref name="statement"/> itself (a normalized branch may copy it into several).</summary>
    private static IEnumerable<List<Stmt>> BlocksHolding(EquatableArray<Stmt> body, Stmt statement)
    {
        var blocks = new List<EquatableArray<Stmt>> { body };
        foreach (var nested in IrWalker.Statements(body))
        {
            switch (nested)
            {
                case IfStmt branch: blocks.Add(branch.Then); blocks.Add(branch.Else); break;
                case ForStmt loop: blocks.Add(loop.Body); break;
                case LoopStmt loop: blocks.Add(loop.Body); break;
                case RepeatStmt repeat: blocks.Add(repeat.Body); break;
            }
        }
        foreach (var block in blocks)
        {
            var list = block.ToList();
            if (list.Any(s => ReferenceEquals(s, statement))) yield return list;
        }
    }

    /// <summary>
    /// How many assignments define each variable, a parameter's value on entry counting as one: a variable with a
    /// single definition holds that definition's value wherever it is read, which is what recomputing it assumes.
    /// </summary>
    private Dictionary<string, int> AssignmentCounts(List<AssignStmt> statements)
    {
        var counts = statements.GroupBy(a => a.Target.Name).ToDictionary(g => g.Key, g => g.Count(), System.StringComparer.Ordinal);
        foreach (var name in parameterNames) counts[name] = Get(counts, name) + 1;
        return counts;
    }

    private static int Size(Expr expr) => expr switch
    {
        VarExpr or ConstExpr => 1,
        ElementExpr element => 1 + Size(element.Index),
        _ => 1 + DerivativeRules.Operands(expr).Where(o => !ReferenceEquals(o, expr)).Sum(Size),
    };

    /// <summary>
    /// How many loops enclose each assignment, what its innermost loop's body assigns, and the deepest store into
    /// each array.
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
                    LoopDepths(loop.Body, depth + 1, new HashSet<string>(AssignedIn(loop.Body), System.StringComparer.Ordinal), depths, storeDepths, loopOf);
                    break;
                case ForStmt counted:
                    LoopDepths(counted.Body, depth + 1, new HashSet<string>(AssignedIn(counted.Body), System.StringComparer.Ordinal), depths, storeDepths, loopOf);
                    break;
                case ExprStmt { Value: DifferentiableCallExpr call }:
                    foreach (var output in Outputs(call)) storeDepths[output.Name] = storeDepths.TryGetValue(output.Name, out int d) ? System.Math.Max(d, depth) : depth;
                    break;
            }
        }
    }

    private static IEnumerable<StoreStmt> Stores(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case StoreStmt store:
                    yield return store;
                    break;
                case IfStmt branch:
                    foreach (var inner in Stores(branch.Then)) yield return inner;
                    foreach (var inner in Stores(branch.Else)) yield return inner;
                    break;
                case LoopStmt loop:
                    foreach (var inner in Stores(loop.Body)) yield return inner;
                    break;
                case ForStmt counted:
                    foreach (var inner in Stores(counted.Body)) yield return inner;
                    break;
            }
        }
    }

    /// <summary>The variables the adjoint sweep reads: operands of derivative formulas and indices of gradients.</summary>
    private void CollectReads(EquatableArray<Stmt> body)
    {
        ReadsOf(body, readVariables);
        // Arrays the adjoint sweep reads are restored element by element: their stores read the index too.
        foreach (var store in Stores(body))
        {
            if (readVariables.Contains(store.Array.Name)) AddVariables(Substitute(store.Index), readVariables);
        }
    }

    private void ReadsOf(EquatableArray<Stmt> block, HashSet<string> reads)
    {
        foreach (var statement in block) ReadsOf(statement, reads);
    }

    /// <summary>What the adjoint of one statement reads, nested statements included.</summary>
    private void ReadsOf(Stmt statement, HashSet<string> reads)
    {
        switch (statement)
        {
            case AssignStmt assignment:
                ReadsOf(assignment, reads);
                break;
            case StoreStmt store when activity.IsActive(store.Array.Name):
                AddVariables(Substitute(store.Index), reads);
                break;
            case ExprStmt { Value: DifferentiableCallExpr call } when Outputs(call).Any(o => activity.IsActive(o.Name)):
                foreach (var argument in call.Arguments)
                {
                    // An output the callee may read: running it again needs the contents it had before the call.
                    if (!argument.IsOutput || argument.MayBeRead) AddVariables(Substitute(argument.Value), reads);
                }
                break;
            case IfStmt branch:
                ReadsOf(branch.Then, reads);
                ReadsOf(branch.Else, reads);
                break;
            case LoopStmt loop:
                ReadsOf(loop.Body, reads);
                break;
            case ForStmt counted:
                // The adjoint sweep evaluates a counted loop's bounds again.
                AddVariables(counted.Start, reads);
                AddVariables(counted.Bound, reads);
                ReadsOf(counted.Body, reads);
                break;
        }
    }

    private void ReadsOf(AssignStmt assignment, HashSet<string> reads)
    {
        var target = assignment.Target;
        if (!activity.IsActive(target.Name)) return;
        var value = assignment.Value;
        switch (value)
        {
            case DifferentiableCallExpr call when TakesArrays(call):
                foreach (var argument in call.Arguments) AddVariables(Substitute(argument.Value), reads);
                break;
            case DifferentiableCallExpr:
                break;
            case ElementExpr element:
                AddVariables(Substitute(element.Index), reads);
                break;
            default:
            {
                var formula = SubstituteOperands(value);
                var operands = DerivativeRules.Operands(value);
                for (int i = 0; i < operands.Count; i++)
                {
                    if (operands[i] is not VarExpr operand || !activity.IsActive(operand.Name)) continue;
                    if (!DerivativeRules.CarriesDerivative(value, i)) continue;
                    var seed = seedPlaceholder with { Type = target.Type };
                    AddVariables(DerivativeRules.Scale(formula, i, seed, target, DerivativeMode.Reverse), reads);
                }
                reads.Remove(seedPlaceholder.Name);
                break;
            }
        }
    }

    private static IEnumerable<ForStmt> CountedLoops(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case ForStmt counted:
                    yield return counted;
                    foreach (var inner in CountedLoops(counted.Body)) yield return inner;
                    break;
                case IfStmt branch:
                    foreach (var inner in CountedLoops(branch.Then)) yield return inner;
                    foreach (var inner in CountedLoops(branch.Else)) yield return inner;
                    break;
                case LoopStmt loop:
                    foreach (var inner in CountedLoops(loop.Body)) yield return inner;
                    break;
            }
        }
    }

    private static IEnumerable<DifferentiableCallExpr> Calls(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case ExprStmt { Value: DifferentiableCallExpr call }:
                    yield return call;
                    break;
                case IfStmt branch:
                    foreach (var inner in Calls(branch.Then)) yield return inner;
                    foreach (var inner in Calls(branch.Else)) yield return inner;
                    break;
                case LoopStmt loop:
                    foreach (var inner in Calls(loop.Body)) yield return inner;
                    break;
                case ForStmt counted:
                    foreach (var inner in Calls(counted.Body)) yield return inner;
                    break;
            }
        }
    }

    private static void AddVariables(Expr expr, HashSet<string> reads)
    {
        switch (expr)
        {
            case VarExpr variable:
                reads.Add(variable.Name);
                break;
            case ElementExpr element:
                reads.Add(element.Array.Name);
                AddVariables(element.Index, reads);
                break;
            case LengthExpr:
                // Arrays are never reassigned: a length needs nothing restored.
                break;
            default:
                foreach (var operand in DerivativeRules.Operands(expr))
                {
                    if (!ReferenceEquals(operand, expr)) AddVariables(operand, reads);
                }
                break;
        }
    }

    /// <summary>Whether a block's adjoint sweep does anything: accumulates, restores or pops.</summary>
    private bool NeedsAdjoint(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            if (NeedsAdjoint(statement)) return true;
        }
        return false;
    }

    private bool NeedsAdjoint(Stmt statement) => statement switch
    {
        AssignStmt assignment => activity.IsActive(assignment.Target.Name)
            || (Get(definitions, assignment.Target.Name) > 1 && readVariables.Contains(assignment.Target.Name)),
        IfStmt branch => NeedsAdjoint(branch.Then) || NeedsAdjoint(branch.Else),
        LoopStmt loop => NeedsAdjoint(loop.Body),
        ForStmt counted => NeedsAdjoint(counted.Body),
        StoreStmt store => activity.IsActive(store.Array.Name) || readVariables.Contains(store.Array.Name),
        ExprStmt { Value: DifferentiableCallExpr call } => Outputs(call).Any(o => activity.IsActive(o.Name) || readVariables.Contains(o.Name)),
        _ => false,
    };

    private static int Get(Dictionary<string, int> counts, string name) => counts.TryGetValue(name, out int count) ? count : 0;
}
