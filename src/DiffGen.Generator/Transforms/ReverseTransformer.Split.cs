using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

// Split reverse mode, as Enzyme's augmented primal and Swift's VJP/pullback: the two sweeps of a Gradient as two
// methods that generated callers call, so that a caller's adjoint sweep never computes a callee's value again.
// {Name}Primal runs the primal sweep and pushes what the adjoint sweep reads onto the thread's call tape;
// {Name}Pullback pops it back and runs the adjoint sweep. Calls and their pullbacks nest in reverse order, so one
// tape per element type serves all methods; each method's own value stacks stay locals of its own (the emitter's
// array-and-count locals), handed over through the tape at the boundary.
internal sealed partial class ReverseTransformer
{
    /// <summary>Rents of local arrays' adjoints, which a Primal does not make: the Pullback makes them first.</summary>
    private readonly List<Stmt> deferredRents = new();

    /// <summary>
    /// Calls of generated Pullbacks in the adjoint sweep, with the positions of their output arguments: a generated
    /// Pullback takes the lengths of its outputs, never their contents.
    /// </summary>
    private readonly Dictionary<InvokeExpr, HashSet<int>> pullbackOutputs = new(ReferenceComparer<InvokeExpr>.Instance);

    private void NoteOutputsOfPullback(InvokeExpr invoke, DifferentiableCallExpr call)
    {
        var positions = new HashSet<int>();
        int position = 0;
        foreach (var argument in ExprBuilder.OwnArguments(call))
        {
            if (argument.IsOutput) positions.Add(position);
            position++;
        }
        pullbackOutputs[invoke] = positions;
    }

    /// <summary>
    /// The variables whose contents (not only their lengths) a block reads or writes: outputs handed to a generated
    /// Pullback do not count.
    /// </summary>
    private HashSet<string> ContentsUsed(IEnumerable<Stmt> block)
    {
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var statement in IrWalker.Statements(block))
        {
            if (statement is ExprStmt { Value: InvokeExpr invoke } && pullbackOutputs.TryGetValue(invoke, out var outputs))
            {
                for (int i = 0; i < invoke.Arguments.Count; i++)
                {
                    if (!outputs.Contains(i) && invoke.Arguments[i].Value is { } value) used.UnionWith(IrWalker.Variables(value));
                }
                continue;
            }
            used.UnionWith(IrWalker.Reads(statement));
            used.UnionWith(IrWalker.Writes(statement));
        }
        return used;
    }

    /// <summary>
    /// <c>{Name}Primal(params...)</c> and <c>{Name}Pullback(params..., [result, seed], gradients...)</c>: the seeded
    /// Gradient's (or, for a vector-valued method, the callers' overload's) two sweeps as two methods.
    /// </summary>
    public static (GeneratedMethod Primal, GeneratedMethod Pullback) TransformSplit(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
    {
        bool isVoid = method.ReturnType == IrType.Void;
        return new ReverseTransformer(method, activity, seeded: !isVoid, cancellationToken, passOutputAdjoints: isVoid, split: true).RunSplit();
    }

    /// <summary>
    /// What the primal sweep calls for a callee whose Pullback the adjoint sweep calls: its Primal, or the callee itself
    /// when its Pullback is written by hand (it takes the value and needs nothing kept).
    /// </summary>
    private static Expr PrimalCall(DifferentiableCallExpr call)
        => call.HasPrimalAndPullback
            ? new InvokeExpr(call.PrimalMethod, ExprBuilder.OwnArguments(call).Select(a => new Argument(ExprBuilder.Passed(call, a, a.Value))).ToEquatableArray(), call.Type)
            : call;

    /// <summary>A Primal keeps the local array's length; its Pullback rents the adjoint from it.</summary>
    private void DeferAdjointRent(VarExpr array, Expr length, List<Stmt> output)
    {
        var kept = NewLocal(names.Numbered("_length"), IrType.Int);
        output.Add(new AssignStmt(kept, length));
        deferredRents.Add(scratch.Rent(Adjoint(array), kept));
    }

    private (GeneratedMethod Primal, GeneratedMethod Pullback) RunSplit()
    {
        mayBeDefined = new HashSet<string>(parameterNames, System.StringComparer.Ordinal);
        var parameters = DerivativeSignature.For(method, DerivativeMode.Reverse, seedParameter);
        var prologue = Prologue(parameters);
        VarExpr? resultParameter = null;
        if (!isVoid)
        {
            // The Pullback takes the value the Primal returned, right after the method's own parameters.
            resultParameter = new VarExpr(names.Fresh("result"), method.ReturnType);
            parameters.Insert(method.Parameters.Count(p => !p.IsField), new GeneratedParameter(resultParameter.Name, method.ReturnType.Name));
        }

        var primal = new List<Stmt>();
        var steps = PrimalSweep(body, primal);
        var adjoint = new List<Stmt>(deferredRents);
        foreach (var pair in outputSeeds) adjoint.Add(new CopyStmt(pair.Value, adjoints[pair.Key]));
        adjoint.AddRange(AdjointSweep(steps, new HashSet<string>(System.StringComparer.Ordinal)));
        AddFieldAdjoints(adjoint);

        // What crosses from one to the other: what the primal sweep names and the adjoint sweep names too. Parameters
        // come again with the Pullback's call, unless the method assigns them; its outputs always hold what its
        // caller left there, so the adjoint sweep works on a kept copy of what the method wrote.
        var primalNames = new HashSet<string>(IrWalker.Mentions(primal), System.StringComparer.Ordinal);
        var adjointNames = new HashSet<string>(IrWalker.Mentions(adjoint), System.StringComparer.Ordinal);
        var assigned = new HashSet<string>(IrWalker.Assigned(primal), System.StringComparer.Ordinal);
        // An output whose length alone the adjoint sweep takes needs no copy: the Pullback's argument is as long.
        var adjointContents = ContentsUsed(adjoint);
        var keeps = new List<Stmt>();
        var takes = new List<Stmt>();
        var renamed = new Dictionary<string, VarExpr>(System.StringComparer.Ordinal);
        var adjointReadsBesideCounters = new HashSet<string>(MentionsBesideOwnCounters(adjoint), System.StringComparer.Ordinal);
        bool Crosses(string name) => primalNames.Contains(name) && adjointReadsBesideCounters.Contains(name);
        foreach (var parameter in method.Parameters.Where(p => !p.IsField && Crosses(p.Name)))
        {
            var variable = new VarExpr(parameter.Name, parameter.Type);
            if (parameter.IsOutput)
            {
                if (!adjointContents.Contains(parameter.Name)) continue;
                var copy = NewLocal(names.Fresh("_kept_" + parameter.Name), IrType.SpanOf(parameter.Type.Element!));
                renamed[parameter.Name] = copy;
                keeps.Add(new KeepStmt(variable));
                takes.Add(new TakeStmt(copy, NewBuffer(copy)));
            }
            else if (assigned.Contains(parameter.Name))
            {
                keeps.Add(new KeepStmt(variable));
                takes.Add(new TakeStmt(variable));
            }
        }
        foreach (var local in locals.ToList())
        {
            if (local.Name == result.Name || local.Type.Kind == ValueKind.ScratchBuffer || !Crosses(local.Name)) continue;
            // A heap array (the int[] built for a params shape argument) cannot take a rented span: it crosses whole.
            bool heapArray = local.Type.Shape == ArrayShape.Array;
            if (local.Type.Kind == ValueKind.Array && !heapArray && !adjointContents.Contains(local.Name))
            {
                // A local array the adjoint sweep only takes the length of (or hands to a generated Pullback as an
                // output): its length crosses, and the Pullback rents one as long.
                var length = NewLocal(names.Numbered("_length"), IrType.Int);
                keeps.Add(new AssignStmt(length, new LengthExpr(local)));
                keeps.Add(new KeepStmt(length));
                takes.Add(new AssignStmt(local, new RentExpr(NewBuffer(local), length, local.Type)));
                takes.Add(new TakeStmt(length));
                continue;
            }
            keeps.Add(new KeepStmt(local));
            takes.Add(new TakeStmt(local, local.Type.Kind == ValueKind.Array && !heapArray ? NewBuffer(local) : null));
        }
        takes.Reverse();

        var primalBody = new List<Stmt>(primal);
        primalBody.AddRange(keeps);
        if (!isVoid) primalBody.Add(new ReturnStmt(result));

        var pullbackBody = new List<Stmt>(prologue);
        if (resultParameter is not null && adjointNames.Contains(result.Name)) pullbackBody.Add(new AssignStmt(result, resultParameter));
        pullbackBody.AddRange(takes);
        pullbackBody.AddRange(renamed.Count == 0 ? adjoint : adjoint.Select(s => Renaming.Rename(s, renamed)));
        var primalArrays = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Locals.Select(l => l.Name)), System.StringComparer.Ordinal);
        pullbackBody = AccumulatorHoisting.Apply(pullbackBody, primalArrays, (name, type) => NewLocal(names.Numbered(name), type));

        var ownParameters = method.Parameters.Where(p => !p.IsField).Select(p => new GeneratedParameter(p.Name, p.Type.Name));
        var primalMethod = new GeneratedMethod(
            method.Name + MethodModel.PrimalSuffix,
            method.Accessibility,
            method.ReturnType,
            ownParameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            primalBody.ToEquatableArray(),
            isVoid
                ? $"Split reverse mode of {method.Name}, for generated callers: writes its outputs as {method.Name} does and keeps what {method.Name}{MethodModel.PullbackSuffix} needs on the thread's call tape. Call {method.Name}{MethodModel.PullbackSuffix} next, with the same arguments."
                : $"Split reverse mode of {method.Name}, for generated callers: returns its value as {method.Name} does and keeps what {method.Name}{MethodModel.PullbackSuffix} needs on the thread's call tape. Call {method.Name}{MethodModel.PullbackSuffix} next, with the same arguments.",
            Disposables(primalBody)) { IsInstance = method.IsInstance };
        var pullbackMethod = new GeneratedMethod(
            method.Name + MethodModel.PullbackSuffix,
            method.Accessibility,
            IrType.Void,
            parameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            pullbackBody.ToEquatableArray(),
            isVoid
                ? $"Split reverse mode of {method.Name}, for generated callers: the adjoint sweep after {method.Name}{MethodModel.PrimalSuffix}, computing nothing of {method.Name} again; adds the seeds' vector-Jacobian product to the gradients of its inputs and writes the product with respect to what each output held before the call into its d…Before span."
                : $"Split reverse mode of {method.Name}, for generated callers: the adjoint sweep after {method.Name}{MethodModel.PrimalSuffix} (which returned result), computing nothing of {method.Name} again; adds seed times its partial derivatives to its gradients.",
            Disposables(pullbackBody)) { IsInstance = method.IsInstance, DerivativeBuffers = DerivativeBuffers() };
        return (primalMethod, pullbackMethod);
    }

    /// <summary>
    /// What a block names, except a counted loop's counter inside that loop: the loop assigns it before any read, so
    /// its value from the primal sweep need not cross (the adjoint sweep's loops reuse the primal loops' counters).
    /// </summary>
    private static IEnumerable<string> MentionsBesideOwnCounters(IEnumerable<Stmt> block)
    {
        foreach (var statement in block)
        {
            var (header, nested, counter) = statement switch
            {
                ForStmt loop => ((Stmt)(loop with { Body = EquatableArray<Stmt>.Empty }), (IEnumerable<Stmt>)loop.Body, loop.Counter.Name),
                IfStmt branch => (new IfStmt(branch.Condition, EquatableArray<Stmt>.Empty, EquatableArray<Stmt>.Empty), branch.Then.Concat(branch.Else), null),
                LoopStmt loop => (loop with { Body = EquatableArray<Stmt>.Empty }, loop.Body, null),
                RepeatStmt repeat => (repeat with { Body = EquatableArray<Stmt>.Empty }, repeat.Body, null),
                _ => (statement, Enumerable.Empty<Stmt>(), (string?)null),
            };
            foreach (var name in IrWalker.Mentions(new[] { header }).Concat(MentionsBesideOwnCounters(nested)))
            {
                if (name != counter) yield return name;
            }
        }
    }

    /// <summary>A scratch buffer for a span the Pullback takes back.</summary>
    private VarExpr NewBuffer(VarExpr array)
    {
        var buffer = NewLocal(names.Fresh("_buffer_" + array.Name.TrimStart('_')), IrType.ScratchBufferOf(array.Type.Element!));
        scratch.Buffers.Add(buffer);
        return buffer;
    }

    /// <summary>The value stacks and scratch buffers one of the two methods uses: it gives them back at its end.</summary>
    private EquatableArray<VarExpr> Disposables(List<Stmt> body)
    {
        var named = new HashSet<string>(IrWalker.Mentions(body), System.StringComparer.Ordinal);
        return stacks.Concat(scratch.Buffers).Where(d => named.Contains(d.Name)).ToEquatableArray();
    }
}
