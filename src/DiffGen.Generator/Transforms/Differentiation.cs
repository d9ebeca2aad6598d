using System.Text;
using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Parsing;

namespace DiffGen.Generator.Transforms;

/// <summary>The result of differentiating one method: the code to emit, or the diagnostic of an internal failure.</summary>
internal sealed record DifferentiationResult(DerivativeModel? Model, DiagnosticInfo? Failure);

/// <summary>Analyse, then run each mode's transformation: MethodModel → DerivativeModel.</summary>
internal static class Differentiation
{
    public static DifferentiationResult Run(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Model is not { } method) return new DifferentiationResult(null, null);
        try
        {
            var activity = ActivityAnalysis.Analyse(method.Parameters, method.Body);
            var methods = new List<GeneratedMethod>();
            if (method.EmitTangent) methods.Add(ForwardTransformer.Transform(method, activity, cancellationToken) with { Scopes = method.ScopedTypes });
            if (method.EmitGradient)
            {
                // Callers of a method that takes arrays need its gradient scaled by their seed: the seeded overload
                // holds the code, and the plain one calls it with seed 1 (multiplying by 1 changes no bit).
                if (method.ReturnType.IsAggregate || method.ReturnType.IsOpaque)
                {
                    // The seed of a value of a differentiable or opaque type is a value of that type, always given:
                    // there is no plain overload with seed 1.
                    methods.Add(ReverseTransformer.TransformSeeded(method, activity, cancellationToken) with { Scopes = method.ScopedTypes });
                }
                else if (method.ReturnType.IsReal && (method.IsInstance || method.Parameters.Any(p => p.Differentiable && (p.Type.Kind == ValueKind.Array || p.IsAggregate || p.Type.IsOpaque))))
                {
                    var seeded = ReverseTransformer.TransformSeeded(method, activity, cancellationToken) with { Scopes = method.ScopedTypes };
                    methods.Add(UnitSeed(method, seeded));
                    methods.Add(seeded);
                }
                else
                {
                    if (method.Parameters.Any(p => p.IsOutput))
                    {
                        // A vector-valued method: the callers' overload holds the code, and the plain one calls it with
                        // scratch spans for the adjoints of the outputs' old contents, which it drops.
                        var callers = ReverseTransformer.TransformPassingOutputAdjoints(method, activity, cancellationToken);
                        methods.Add(DroppingOutputAdjoints(method, callers));
                        methods.Add(callers);
                    }
                    else
                    {
                        // A straight-line method's partial derivatives as formulas, for the IDE's tooltip.
                        var gradient = ReverseTransformer.Transform(method, activity, cancellationToken);
                        methods.Add(gradient with { Summary = gradient.Summary + SymbolicDerivatives.Describe(method), AggressiveInlining = IsTiny(gradient) });
                    }
                }
            }
            if (method.EmitGradient && method.EmitPrimalAndPullback)
            {
                // The split forms generated callers use, so that they never compute this method's value twice.
                var (primal, pullback) = ReverseTransformer.TransformSplit(method, activity, cancellationToken);
                methods.Add(primal);
                methods.Add(pullback);
            }
            if (Jacobians.Applies(method)) methods.Add(Jacobians.Transform(method));
            // A body that calls other [Differentiable] methods: its second derivatives come from the body with them inlined.
            // An instance method's: with respect to its parameters, this held constant.
            var flat = method.InlinedForSecondOrder ?? method;
            if (flat.IsInstance) flat = SecondOrder.WithThisConstant(flat);
            if (SecondOrder.Applies(flat) && method.EmitGradient && method.EmitTangent)
            {
                var flatActivity = ReferenceEquals(flat, method) ? activity : ActivityAnalysis.Analyse(flat.Parameters, flat.Body);
                methods.AddRange(SecondOrder.Transform(flat, flatActivity, cancellationToken).Select(m => m with { IsInstance = method.IsInstance }));
            }
            if (methods.Count == 0) return new DifferentiationResult(null, null);
            // A tiny Tangent too: generated callers call a scalar function's Tangent inside their loops, as they call
            // its plain Gradient (LSTM's SigmoidGradient had stayed a call, its out partial a local in memory).
            string tangentName = method.Name + MethodModel.TangentSuffix;
            methods = methods.Select(m => m.Name == tangentName && IsTiny(m) ? m with { AggressiveInlining = true } : m)
                .Select(OutParameterLocals.Apply).ToList();
            var model = new DerivativeModel(HintName(method), method.Namespace, method.ContainingTypes, methods.ToEquatableArray())
            {
                Function = IsScalarFunction(method) ? new ScalarFunction(method.Name, method.Accessibility, method.ReturnType.Name) : null,
            };
            return new DifferentiationResult(model, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new DifferentiationResult(null, DiagnosticInfo.InternalError(parsed.Location, parsed.MethodName, exception));
        }
    }

    /// <summary>A static <c>T F(T x)</c> with its Tangent generated: it can be mapped over the elements of an array.</summary>
    private static bool IsScalarFunction(MethodModel method)
        => !method.IsInstance && method.EmitTangent && method.FunctionNameFree && method.ReturnType.IsReal
           && method.Parameters.Count == 1 && method.Parameters[0] is { Differentiable: true, IsField: false } parameter && parameter.Type == method.ReturnType;

    /// <summary>
    /// <c>FGradient(params..., gradients...) => FGradient(params..., 1, gradients...)</c>, inlined by the JIT into its
    /// callers. A tiny seeded body gets copied instead, with <c>seed = 1</c>: the JIT folds every product with the
    /// seed away (<c>1 · b</c> is <c>b</c>, bit for bit) and the whole gradient is inlined where it is called.
    /// </summary>
    private static GeneratedMethod UnitSeed(MethodModel method, GeneratedMethod seeded)
    {
        int seedIndex = method.Parameters.Count(p => !p.IsField);
        var parameters = seeded.Parameters.Where((_, i) => i != seedIndex).ToList();
        string summary = $"Reverse mode of {method.Name}: returns its value and its partial derivatives with respect to each differentiable parameter (the seeded overload with seed 1).";
        var one = Literals.Real(method.ReturnType, 1);
        if (IsTiny(seeded))
        {
            var seed = new VarExpr(seeded.Parameters[seedIndex].Name, method.ReturnType);
            var body = new Stmt[] { new AssignStmt(seed, one) }.Concat(seeded.Body).ToEquatableArray();
            return seeded with
            {
                Parameters = parameters.ToEquatableArray(), Locals = seeded.Locals.Concat([seed]).ToEquatableArray(), Body = body,
                Summary = summary, AggressiveInlining = true,
            };
        }
        var arguments = seeded.Parameters.Select((p, i) => i == seedIndex
            ? new Argument(one)
            : new Argument(new VarExpr(p.Name, method.ReturnType), p.IsOut) { IsRef = p.Modifier == "ref " }).ToList();
        var call = new InvokeExpr(seeded.Name, arguments.ToEquatableArray(), method.ReturnType);
        return new GeneratedMethod(seeded.Name, seeded.Accessibility, seeded.ReturnType,
            parameters.ToEquatableArray(), EquatableArray<VarExpr>.Empty, EquatableArray.Create<Stmt>(new ReturnStmt(call)), summary)
        {
            IsInstance = seeded.IsInstance,
            AggressiveInlining = true,
        };
    }

    /// <summary>The most statements (nested ones included) of a generated method marked for inlining.</summary>
    private const int MaxTinyStatements = 40;

    /// <summary>
    /// A gradient as small as the hand-written one of a 2-D Rosenbrock: no loop, no pooled buffers or scopes, a few
    /// dozen statements. The JIT inlines such a hand-written method on its own, but not the generated one: its IL is
    /// several times larger (each temporary's declaration with 0 and its store), past the JIT's size limit for
    /// inlining, though the machine code is as short. <c>AggressiveInlining</c> gives it what the hand-written one gets.
    /// </summary>
    private static bool IsTiny(GeneratedMethod gradient)
    {
        if (!gradient.Disposables.IsEmpty || !gradient.Scopes.IsEmpty) return false;
        var statements = IrWalker.Statements(gradient.Body).ToList();
        return statements.Count <= MaxTinyStatements && !statements.Any(s => s is ForStmt or LoopStmt or RepeatStmt);
    }

    /// <summary>
    /// <c>FGradient(params..., gradients..., dY) { FGradient(params..., gradients..., dY, scratch); }</c>: the plain
    /// Gradient of a vector-valued method, through its callers' overload. The work is the same (the overload's adjoint
    /// of an output is the span it is given, where the plain body would rent one).
    /// </summary>
    private static GeneratedMethod DroppingOutputAdjoints(MethodModel method, GeneratedMethod callers)
    {
        int outputs = method.Parameters.Count(p => p.IsOutput && p.Differentiable);
        var parameters = callers.Parameters.Take(callers.Parameters.Count - outputs).ToList();
        var locals = new List<VarExpr>();
        var names = NameScope.For(method);
        var scratch = new ScratchArrays(names, locals);
        var body = new List<Stmt>();
        var arguments = parameters.Select(p => new Argument(new VarExpr(p.Name, IrType.Void), p.IsOut) { IsRef = p.Modifier == "ref " }).ToList();
        foreach (var output in method.Parameters.Where(p => p.IsOutput && p.Differentiable))
        {
            var dropped = new VarExpr(names.Fresh("_d_" + output.Name + "_before"), IrType.SpanOf(output.Type.Element!));
            locals.Add(dropped);
            body.Add(scratch.Rent(dropped, new LengthExpr(new VarExpr(output.Name, output.Type))));
            arguments.Add(new Argument(dropped));
        }
        body.Add(new ExprStmt(new InvokeExpr(callers.Name, arguments.ToEquatableArray(), IrType.Void)));
        return new GeneratedMethod(callers.Name, callers.Accessibility, callers.ReturnType, parameters.ToEquatableArray(),
            locals.ToEquatableArray(), body.ToEquatableArray(),
            $"Reverse mode of {method.Name}: writes its outputs and adds the seeds' vector-Jacobian product to the gradients of its inputs.",
            scratch.Buffers.ToEquatableArray())
        {
            IsInstance = callers.IsInstance,
        };
    }

    /// <summary>A file name unique per method, overloads included, made of characters every file system accepts.</summary>
    private static string HintName(MethodModel method)
    {
        var builder = new StringBuilder();
        foreach (char c in method.ContainingTypeFullName.Replace("global::", "") + "." + method.Name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '.' ? c : '_');
        }
        foreach (var parameter in method.Parameters)
        {
            builder.Append('_');
            foreach (char c in parameter.Type.Name.Replace("global::", "")) builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }
        return builder.Append(".g.cs").ToString();
    }
}
