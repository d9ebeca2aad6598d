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
/// <remarks>
/// This file holds the state the sweeps share and runs the analyses they read (in <c>Analysis/</c>); the sweeps are
/// <c>ReverseTransformer.Primal.cs</c> and <c>ReverseTransformer.Adjoint.cs</c>, the steps that pass from one to the
/// other <c>ReverseTransformer.Steps.cs</c>.
/// </remarks>
internal sealed partial class ReverseTransformer
{
    private readonly MethodModel method;
    /// <summary>Building the split forms, <c>{Name}Primal</c> and <c>{Name}Pullback</c> (<c>ReverseTransformer.Split.cs</c>).</summary>
    private readonly bool split;
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
    /// <summary>
    /// The callers' overload of a vector-valued method: per output, a span that receives the adjoint of the output's
    /// contents before the call (the seed where the method leaves an element alone, zero where it overwrites it). It
    /// is the output's adjoint throughout: the seed is copied into it first (a caller passes the same span for both).
    /// </summary>
    private readonly Dictionary<string, VarExpr> outputAdjointsBefore = new(System.StringComparer.Ordinal);
    /// <summary>Scratch spans a call of the adjoint sweep needs, rented just before it.</summary>
    private readonly List<Stmt> pendingRents = new();
    private readonly VarExpr seedPlaceholder;
    /// <summary>The method's body with a single exit (<see cref="ReturnNormalizer"/>): what the analyses and sweeps read.</summary>
    private readonly EquatableArray<Stmt> body;
    private readonly DefinitionCounts definitions;
    /// <summary>Variables whose values the adjoint sweep reads: only those are saved before being overwritten.</summary>
    private readonly HashSet<string> readVariables;
    private readonly AdjointReads adjointReads;
    /// <summary>Temporaries the adjoint sweep computes again instead of saving.</summary>
    private readonly Rematerialization rematerialized;
    private readonly NeedsAdjoint needsAdjoint;
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
    private readonly Dictionary<ForStmt, List<FusedAccumulator>> fusedLoops = new(ReferenceComparer<ForStmt>.Instance);
    /// <summary>Adjoints fused loops may leave nonzero: the adjoint sweep adds to them.</summary>
    private readonly HashSet<string> fusedNonZero = new(System.StringComparer.Ordinal);
    /// <summary>Assignments in loops whose value every later pass overwrites unread (<see cref="LastPassOnly"/>).</summary>
    private readonly HashSet<Stmt> lastPassOnly;
    /// <summary>Per loop, the variables saved once around it rather than per pass (<see cref="SavedAroundLoops"/>).</summary>
    private readonly Dictionary<Stmt, List<VarExpr>> loopSaves;
    /// <summary>Assignments whose value reaches no result (<see cref="DeadAssignments"/>): their adjoint is zero.</summary>
    private readonly HashSet<Stmt> deadAssignments;

    private ReverseTransformer(MethodModel method, ActivityInfo activity, bool seeded, CancellationToken cancellationToken, bool passOutputAdjoints = false, bool split = false)
    {
        this.method = method;
        this.split = split;
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
                // reached through dThis directly, as what they are (dThis.W is a T[], not a span: the emitter's vector
                // loads and stores spell the two differently).
                if (!parameter.Type.IsDifferentiableValue) adjoints[parameter.Name] = new VarExpr(parameter.DerivativeName, parameter.Type);
                continue;
            }
            if (parameter.IsOutput)
            {
                // The output's seed arrives read-only; its adjoint is a copy the adjoint sweep can clear.
                outputSeeds[parameter.Name] = new VarExpr(parameter.DerivativeName, DerivativeSignature.DerivativeType(parameter, DerivativeMode.Reverse));
                if (passOutputAdjoints)
                {
                    // The callers' overload works in the span that receives the adjoint of the output's old contents.
                    outputAdjointsBefore[parameter.Name] = adjoints[parameter.Name] = new VarExpr(names.Fresh(parameter.DerivativeName + "Before"), IrType.SpanOf(parameter.Type.Element!));
                }
                else
                {
                    adjoints[parameter.Name] = new VarExpr(names.Fresh("_d_" + parameter.Name), parameter.Type);
                    locals.Add(adjoints[parameter.Name]);
                }
            }
            else if (parameter.Type.IsOpaque)
            {
                // An opaque parameter's adjoint is a local, null until something adds into it, added into the
                // caller's d{X} at the end (the parameter may be reassigned, which resets its adjoint).
                adjoints[parameter.Name] = NewLocal(names.Fresh("_d_" + parameter.Name), parameter.Type);
            }
            else
            {
                adjoints[parameter.Name] = new VarExpr(parameter.DerivativeName, DerivativeSignature.DerivativeType(parameter, DerivativeMode.Reverse));
            }
        }

        // The analyses the sweeps read.
        body = ReturnNormalizer.Normalize(method.Body, isVoid ? null : result);
        definitions = DefinitionCounts.AlongPath(body, parameterNames);
        rematerialized = Rematerialization.Find(body, method.LoopLocals, parameterNames);
        lastPassOnly = LastPassOnly.Find(body, result);
        deadAssignments = DeadAssignments.Find(body, isVoid ? Enumerable.Empty<string>() : new[] { result.Name });
        adjointReads = new AdjointReads(activity, rematerialized, seedPlaceholder);
        readVariables = adjointReads.Of(body);
        if (rematerialized.AddRestoredElements(readVariables)) readVariables = adjointReads.Of(body);
        // A fused loop adds to the gradients in the primal sweep, which a Primal does not have.
        if (!isVoid && !split) fusedLoops = LoopFusion.Find(body, result, activity, readVariables);
        if (fusedLoops.Count > 0)
        {
            // A fused pass's adjoint runs while the pass's own values are still there: temporaries its body assigns
            // once at the top level are read, not computed again.
            foreach (var loop in fusedLoops.Keys)
            {
                foreach (var assignment in loop.Body.OfType<AssignStmt>()) rematerialized.Remove(assignment.Target.Name);
            }
            readVariables = adjointReads.Of(body);
        }
        needsAdjoint = new NeedsAdjoint(activity, definitions, readVariables);
        loopSaves = SavedAroundLoops.Find(body, adjointReads, result);
    }

    public static GeneratedMethod Transform(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, seeded: false, cancellationToken).Run();

    /// <summary>
    /// The overload with an explicit seed for the result (a vector-Jacobian product): what callers use for a method
    /// that takes arrays, whose gradients must be added into their buffers already scaled.
    /// </summary>
    public static GeneratedMethod TransformSeeded(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, seeded: true, cancellationToken).Run();

    /// <summary>
    /// The overload other generated methods call for a vector-valued method: it also writes, per output, the adjoint
    /// of what the output held before the call into <c>d{Y}Before</c>. A caller passes its own adjoint of the array
    /// there, so elements the method leaves alone (or reads before writing) keep their derivative.
    /// </summary>
    public static GeneratedMethod TransformPassingOutputAdjoints(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, seeded: false, cancellationToken, passOutputAdjoints: true).Run();

    private GeneratedMethod Run()
    {
        mayBeDefined = new HashSet<string>(parameterNames, System.StringComparer.Ordinal);
        var parameters = DerivativeSignature.For(method, DerivativeMode.Reverse, seedParameter);
        var statements = Prologue(parameters);
        statements.Add(new CommentStmt("Primal sweep"));
        return Gradient(parameters, statements);
    }

    /// <summary>
    /// The checks of the derivative buffers (and the <c>d{Y}Before</c> parameters they add to
    /// <paramref name="parameters"/>) and the adjoints of the parameters, zeroed: what comes before the sweeps.
    /// </summary>
    private List<Stmt> Prologue(List<GeneratedParameter> parameters)
    {
        var buffers = new Dictionary<string, VarExpr>(adjoints, System.StringComparer.Ordinal);
        foreach (var pair in outputSeeds) buffers[pair.Key] = pair.Value;
        var statements = new List<Stmt>(BufferChecks.For(method, buffers));
        foreach (var parameter in method.Parameters.Where(p => outputAdjointsBefore.ContainsKey(p.Name)))
        {
            var before = outputAdjointsBefore[parameter.Name];
            parameters.Add(new GeneratedParameter(before.Name, before.Type.Name));
            statements.Add(new BufferCheckStmt(before, new LengthExpr(new VarExpr(parameter.Name, parameter.Type)), before.Name, parameter.Name));
        }
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable || parameter.IsField) continue;
            // An output's adjoint starts as a copy of its seed; scalar gradients are out parameters, accumulated from
            // zero; array gradients are added to the caller's buffer.
            if (parameter.IsOutput && !outputAdjointsBefore.ContainsKey(parameter.Name)) statements.Add(scratch.Rent(adjoints[parameter.Name], new LengthExpr(new VarExpr(parameter.Name, parameter.Type))));
            else if (parameter.Type.Kind != ValueKind.Array && !parameter.IsAggregate && !parameter.Type.IsOpaque) statements.Add(new AssignStmt(adjoints[parameter.Name], Real(parameter.Type, 0)));
        }
        return statements;
    }

    private GeneratedMethod Gradient(List<GeneratedParameter> parameters, List<Stmt> statements)
    {
        var steps = PrimalSweep(body, statements);
        // Outputs the adjoint sweep changes get their final values back at the end: those it restores to earlier
        // values, and those a callee run again in the adjoint sweep writes.
        var rewritten = RewrittenOutputs.Find(body, activity);
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
        AddFieldAdjoints(adjointSweep);
        if (adjointSweep.Count > 0)
        {
            statements.Add(new CommentStmt("Adjoint sweep"));
            statements.AddRange(adjointSweep);
        }
        if (!isVoid) statements.Add(new ReturnStmt(result));
        var primalArrays = new HashSet<string>(method.Parameters.Select(p => p.Name).Concat(method.Locals.Select(l => l.Name)), System.StringComparer.Ordinal);
        statements = AccumulatorHoisting.Apply(statements, primalArrays, (name, type) => NewLocal(names.Numbered(name), type));

        return new GeneratedMethod(
            method.Name + MethodModel.GradientSuffix,
            method.Accessibility,
            method.ReturnType,
            parameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            statements.ToEquatableArray(),
            isVoid
                ? outputAdjointsBefore.Count > 0
                    ? $"Reverse mode of {method.Name} for callers: writes its outputs, adds the seeds' vector-Jacobian product to the gradients of its inputs, and writes the product with respect to what each output held before the call into its d…Before span (the seed where {method.Name} leaves an element alone)."
                    : $"Reverse mode of {method.Name}: writes its outputs and adds the seeds' vector-Jacobian product to the gradients of its inputs."
                : seedParameter is not null
                    ? $"Reverse mode of {method.Name} with a seed: returns its value and seed times its partial derivatives."
                    : $"Reverse mode of {method.Name}: returns its value and its partial derivatives with respect to each differentiable parameter.",
            stacks.Concat(scratch.Buffers).ToEquatableArray()) { IsInstance = method.IsInstance, DerivativeBuffers = DerivativeBuffers() };
    }

    /// <summary>The span parameters that hold derivatives: gradient buffers of array parameters, output seeds and d…Before spans.</summary>
    private EquatableArray<string> DerivativeBuffers()
    {
        var buffers = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable || parameter.IsField || parameter.Type.Kind != ValueKind.Array) continue;
            if (outputSeeds.TryGetValue(parameter.Name, out var seed)) buffers.Add(seed.Name);
            if (adjoints.TryGetValue(parameter.Name, out var adjoint) && adjoint.Type.Kind == ValueKind.Array) buffers.Add(adjoint.Name);
        }
        return buffers.ToEquatableArray();
    }

    /// <summary>The adjoints of <c>this</c>'s scalar fields, kept in locals, go into <c>dThis</c> at the end.</summary>
    private void AddFieldAdjoints(List<Stmt> output)
    {
        foreach (var field in method.Parameters.Where(p => p.IsField && p.Differentiable && p.Type.IsReal))
        {
            if (!adjoints.TryGetValue(field.Name, out var adjoint)) continue;
            if (field.InitOnlyPath.Any(initOnly => initOnly))
            {
                // An init-only member on the way: the derivative is rebuilt with 'with'.
                var path = field.Name.Split('.');
                output.Add(new AddIntoMemberStmt(DerivativeNaming.For(path[0]), path.Skip(1).ToEquatableArray(), field.InitOnlyPath, adjoint));
            }
            else
            {
                output.Add(new AssignStmt(new VarExpr(field.DerivativeName, field.Type), adjoint, AssignKind.Add));
            }
        }
        foreach (var field in method.Parameters.Where(p => p.IsField && p.Differentiable && p.Type.IsOpaque))
        {
            // An opaque field's adjoint is a local too, added into dThis's field (created there if null).
            if (!adjoints.TryGetValue(field.Name, out var adjoint)) continue;
            if (field.FieldOf == "this")
            {
                output.Add(new ExprStmt(new AdjointAddExpr(new VarExpr(field.DerivativeName, field.Type), adjoint)));
                continue;
            }
            // A member of a value (a property, maybe init-only): added through a local, then stored back.
            var path = field.Name.Split('.');
            var held = NewLocal(names.Fresh("_d_" + field.Name.Replace('.', '_') + "_held"), field.Type);
            output.Add(new AssignStmt(held, new VarExpr(field.DerivativeName, field.Type)));
            output.Add(new ExprStmt(new AdjointAddExpr(held, adjoint)));
            output.Add(new AddIntoMemberStmt(DerivativeNaming.For(path[0]), path.Skip(1).ToEquatableArray(), field.InitOnlyPath, held, Assign: true));
        }
        foreach (var parameter in method.Parameters.Where(p => p.Differentiable && !p.IsField && p.Type.IsOpaque))
        {
            output.Add(new ExprStmt(new AdjointAddExpr(new VarExpr(parameter.DerivativeName, parameter.Type), adjoints[parameter.Name])));
        }
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
}
