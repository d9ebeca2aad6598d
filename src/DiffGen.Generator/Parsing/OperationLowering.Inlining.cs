using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

// Calls of [Differentiable] methods, operators and constructors that take, return or are called on values of
// differentiable types are inlined: the callee's body is lowered in place, its parameters bound to the caller's
// values. Every later stage then sees only leaves, and a small operator (a - b, a.Dot(b)) costs nothing.
internal sealed partial class OperationLowering
{
    /// <summary>A callee being inlined.</summary>
    private sealed class InlineFrame
    {
        public InlineFrame(IMethodSymbol method, AggregateValue? @this, bool constructs, int loopDepth)
        {
            Method = method;
            This = @this;
            Constructs = constructs;
            LoopDepth = loopDepth;
        }

        public IMethodSymbol Method { get; }

        /// <summary>The receiver (or the value a constructor builds), or null for a static callee.</summary>
        public AggregateValue? This { get; }

        public bool Constructs { get; }

        /// <summary>The caller's loops around the call: a return inside a loop of the callee is not supported.</summary>
        public int LoopDepth { get; }

        public AggregateValue? ResultValue { get; set; }

        public VarExpr? Result { get; set; }

        /// <summary>Set by every return; the statements after one that may return run only while it is false.</summary>
        public VarExpr? Returned { get; set; }

        public bool ReturnsInLoop { get; set; }
    }

    private readonly Stack<InlineFrame> inlines = new();

    /// <summary>How many callee bodies this method has inlined so far.</summary>
    private int inlinedBodies;

    /// <summary>
    /// The call being inlined, outermost: what the activity diagnostics find in an inlined body (a call without a
    /// derivative that a value reaches) is reported there, since the callee's own code is fine on its own.
    /// </summary>
    private LocationInfo? inlineSite;

    private LocationInfo? Here(SyntaxNode syntax) => inlineSite ?? LocationInfo.From(syntax);

    /// <summary>
    /// Inline every call of a <c>[Differentiable]</c> static method whose derivatives are generated (not only those of
    /// values): the body second derivatives are taken from.
    /// </summary>
    public bool InlineEveryCall { get; init; }

    /// <summary>The method being lowered: a call of it from a body being inlined is recursion too.</summary>
    public IMethodSymbol? Method { get; set; }

    /// <summary>
    /// Whether a call of <paramref name="method"/> is inlined: it is [Differentiable] and takes, returns or is called
    /// on a value of a differentiable type, or it is called on <c>this</c> of a callee being inlined.
    /// </summary>
    private bool NeedsInlining(IMethodSymbol method, IOperation? instance)
    {
        if (InlineEveryCall && method.IsStatic && MethodParser.HasAttribute(method, MethodParser.DifferentiableAttributeName)
            && method.ContainingType.GetMembers(method.Name + MethodModel.GradientSuffix).IsEmpty
            && method.ContainingType.GetMembers(method.Name + MethodModel.TangentSuffix).IsEmpty)
        {
            return true;
        }
        if (method.Parameters.Any(p => IsValue(p.Type)) || IsValue(method.ReturnType)) return true;
        if (instance is null || method.IsStatic) return false;
        if (inlines.Count > 0 && instance is IInstanceReferenceOperation) return true;
        return IsValue(instance.Type) && !(inlines.Count == 0 && FieldPath(instance) is { } path && fields.ContainsKey(path));
    }

    /// <summary>An invocation that <see cref="NeedsInlining"/>: a number, a value, or null (void, or after a diagnostic).</summary>
    private object? InlineCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!NeedsInlining(method, invocation.Instance))
        {
            Unsupported(invocation, $"'{Shorten(invocation.Syntax.ToString())}' as a value", "call a [Differentiable] method that returns it");
            return null;
        }
        if (!MethodParser.HasAttribute(method, MethodParser.DifferentiableAttributeName))
        {
            Unsupported(invocation, $"A call of '{method.ToDisplayString()}', which takes or returns a differentiable value and is not [Differentiable]",
                "mark it [Differentiable]: its body is then differentiated where it is called");
            return null;
        }
        AggregateValue? receiver = null;
        if (!method.IsStatic)
        {
            receiver = invocation.Instance is null ? null : LowerAggregate(invocation.Instance);
            if (receiver is null) return null;
        }
        return Inline(method, receiver, ArgumentsOf(invocation.Arguments), invocation, constructs: false);
    }

    /// <summary>A user-defined operator marked [Differentiable], inlined.</summary>
    private object? InlineOperator(IMethodSymbol method, IOperation[] operands, IOperation operation)
    {
        if (!MethodParser.HasAttribute(method, MethodParser.DifferentiableAttributeName))
        {
            Unsupported(operation, $"The user-defined operator '{method.ToDisplayString()}', which is not [Differentiable]",
                "mark the operator [Differentiable]: its body is then differentiated where it is used");
            return null;
        }
        var arguments = method.Parameters.Select((p, i) => (p, operands[i])).ToList();
        return Inline(method, null, arguments, operation, constructs: false);
    }

    private static List<(IParameterSymbol Parameter, IOperation Value)> ArgumentsOf(IEnumerable<IArgumentOperation> arguments)
        => arguments.Where(a => a.Parameter is not null).OrderBy(a => a.Parameter!.Ordinal).Select(a => (a.Parameter!, a.Value)).ToList();

    /// <summary>
    /// Lowers <paramref name="method"/>'s body in place: arguments are evaluated in order into fresh variables (the
    /// callee may assign its parameters), <c>this</c> is <paramref name="receiver"/>, and returns assign the result.
    /// Errors in the body are the callee's own (reported there); the call gets one error that names the first.
    /// </summary>
    private object? Inline(IMethodSymbol method, AggregateValue? receiver, IReadOnlyList<(IParameterSymbol Parameter, IOperation Value)> arguments, IOperation site, bool constructs)
    {
        string callee = method.ToDisplayString();
        if (inlines.Any(f => SymbolEqualityComparer.Default.Equals(f.Method.OriginalDefinition, method.OriginalDefinition))
            || SymbolEqualityComparer.Default.Equals(Method?.OriginalDefinition, method.OriginalDefinition))
        {
            return CannotInline(site, callee, "it calls itself, and a method that takes or returns differentiable values is differentiated where it is called; write the recursion as a loop");
        }
        // Each call inlines its callee's body, calls included: a chain of methods that each call the next twice
        // grows as 2ⁿ. A budget keeps the generator's time and the method's size bounded.
        if (++inlinedBodies > (InlineEveryCall ? 128 : 512))
        {
            return CannotInline(site, callee, "the method would inline more than " + (InlineEveryCall ? 128 : 512) + " bodies of callees; split it, or pass values to methods over numbers");
        }
        if (method.IsGenericMethod || method.Parameters.Any(p => p.RefKind != RefKind.None || p.IsParams))
        {
            return CannotInline(site, callee, "generic methods and ref, out, in or params parameters are not supported");
        }
        if (!method.ContainingType.GetMembers(method.Name + MethodModel.GradientSuffix).IsEmpty
            || !method.ContainingType.GetMembers(method.Name + MethodModel.TangentSuffix).IsEmpty)
        {
            // Its body is differentiated in place of the call: the derivatives written for it would be bypassed.
            return CannotInline(site, callee, "its derivatives are written by hand, and a method on differentiable values is differentiated where it is called, which would bypass them; write the hand-derived part as a method over numbers");
        }
        var declaration = method.PartialImplementationPart ?? method;
        var syntax = declaration.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        if (syntax is not BaseMethodDeclarationSyntax { } declared || (declared.Body is null && declared.ExpressionBody is null))
        {
            return CannotInline(site, callee, "its body is not in this compilation");
        }
        var calleeModel = semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
        IOperation? body = calleeModel.GetOperation(syntax, cancellationToken) switch
        {
            IMethodBodyOperation m => (IOperation?)m.BlockBody ?? m.ExpressionBody,
            IConstructorBodyOperation { Initializer: null } c => (IOperation?)c.BlockBody ?? c.ExpressionBody,
            IConstructorBodyOperation => null,
            _ => null,
        };
        if (body is null) return CannotInline(site, callee, "a constructor that calls another (: this(...) or : base(...)) is not supported; assign the members in its body");
        if (calleeModel.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            HasInvalidCode = true;
            return null;
        }

        // The arguments, in the caller's context.
        var bindings = new List<(ISymbol Parameter, object Value)>();
        foreach (var (parameter, value) in arguments)
        {
            if (IsValue(parameter.Type))
            {
                var argument = LowerAggregate(value);
                if (argument is null) return null;
                var copy = Temporary(argument.Type);
                Copy(argument, copy, value);
                if (MethodParser.HasAttribute(parameter, MethodParser.NoDiffAttributeName))
                {
                    // A [NoDiff] value: the callee's derivative does not flow through any of its members.
                    foreach (var leaf in copy.Leaves().Where(l => l.Type.IsReal)) StopGradient(leaf, leaf, value, callee, parameter.Name);
                }
                bindings.Add((parameter, copy));
            }
            else if (TypeMapping.TryMap(parameter.Type) is { Kind: ValueKind.Array })
            {
                if (ArrayVariable(value) is not VarExpr array)
                {
                    return CannotInline(site, callee, "a slice or a computed span is passed to a method differentiated where it is called; pass the whole array and an offset");
                }
                bindings.Add((parameter, array));
            }
            else
            {
                var argument = Lower(value);
                if (MethodParser.HasAttribute(parameter, MethodParser.NoDiffAttributeName) && argument.Type.IsReal)
                {
                    // A [NoDiff] parameter: the callee's derivative does not flow through it.
                    var held = NewTemp(argument.Type);
                    StopGradient(held, argument, value, callee, parameter.Name);
                    bindings.Add((parameter, held));
                    continue;
                }
                bindings.Add((parameter, Temp(argument)));
            }
        }
        if (method.OriginalDefinition.GetDocumentationCommentId() is { } key)
        {
            DifferentiableCalls.Add(new CalleeCall(key, callee, LocationInfo.From(site.Syntax)));
        }

        var frame = new InlineFrame(method, receiver, constructs, loops.Count);
        if (!method.ReturnsVoid && !constructs)
        {
            if (IsValue(method.ReturnType))
            {
                var resultType = ValueType(method.ReturnType, site.Syntax);
                if (resultType is null) return null;
                frame.ResultValue = Temporary(resultType);
            }
            else if (TypeMapping.TryMap(method.ReturnType) is { } returned)
            {
                frame.Result = NewTemp(returned);
            }
            else
            {
                return CannotInline(site, callee, $"it returns '{method.ReturnType.ToDisplayString()}'");
            }
        }
        foreach (var (parameter, value) in bindings)
        {
            if (value is AggregateValue aggregate) aggregates[parameter] = aggregate;
            else variables[parameter] = (VarExpr)value;
        }

        // The body, in the callee's context: its own semantic model, its errors apart.
        var callerModel = semanticModel;
        var callerDiagnostics = diagnostics;
        var callerElementReads = new Dictionary<(string, string), (VarExpr, int)>(elementReads);
        var startBlock = blocks.Peek();
        int start = startBlock.Count;
        semanticModel = calleeModel;
        diagnostics = new List<DiagnosticInfo>();
        inlines.Push(frame);
        var outerSite = inlineSite;
        inlineSite ??= LocationInfo.From(site.Syntax);
        try
        {
            LowerStatement(body);
        }
        finally
        {
            inlines.Pop();
            inlineSite = outerSite;
            var calleeDiagnostics = diagnostics;
            semanticModel = callerModel;
            diagnostics = callerDiagnostics;
            elementReads.Clear();
            foreach (var pair in callerElementReads) elementReads[pair.Key] = pair.Value;
            if (calleeDiagnostics.FirstOrDefault(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) is { } error)
            {
                CannotInline(site, callee, "its body has an error (" + error.Descriptor.Id + ": " + string.Format(System.Globalization.CultureInfo.InvariantCulture, error.Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Arguments.ToArray()) + ")");
            }
        }
        if (frame.ReturnsInLoop) return CannotInline(site, callee, "it returns from inside a loop; set a variable, break, and return after the loop");
        if (frame.Returned is { } flag) startBlock.Insert(start, new AssignStmt(flag, Literals.Bool(false)));
        return (object?)frame.ResultValue ?? frame.Result;
    }

    /// <summary>
    /// <c>target = StopGradient(value)</c> for a callee's <c>[NoDiff]</c> parameter; a varied value there is DG0017, as
    /// at a call that is not inlined.
    /// </summary>
    private void StopGradient(VarExpr target, Expr value, IOperation argument, string callee, string parameter)
    {
        var statement = new AssignStmt(target, new InvokeExpr("global::DiffGen.DiffMath.StopGradient", EquatableArray.Create(new Argument(value)), value.Type));
        Emit(statement);
        NoDiffArguments[statement] = new List<(Expr, LocationInfo?, string, string)> { (value, Here(argument.Syntax), callee, parameter) };
    }

    private object? CannotInline(IOperation site, string callee, string why)
    {
        Report(DiagnosticDescriptors.CannotInline, LocationInfo.From(site.Syntax), callee, why);
        HasInvalidValue = true;
        return null;
    }

    /// <summary>A return in a callee being inlined: the result is assigned and the flag raised.</summary>
    private void LowerInlinedReturn(IReturnOperation ret)
    {
        var frame = inlines.Peek();
        if (loops.Count > frame.LoopDepth)
        {
            frame.ReturnsInLoop = true;
            return;
        }
        if (ret.ReturnedValue is { } returned)
        {
            if (frame.ResultValue is { } result)
            {
                if (LowerAggregate(returned) is { } value) Copy(value, result, ret);
            }
            else if (frame.Result is { } scalar)
            {
                var value = Lower(returned);
                Emit(new AssignStmt(scalar, value.Type == scalar.Type ? value : Temp(new ConvertExpr(value, scalar.Type))));
            }
        }
        if (IsLast(ret)) return;   // nothing of the callee follows it: no flag needed
        frame.Returned ??= NewTemp(IrType.Bool);
        Emit(new AssignStmt(frame.Returned, Literals.Bool(true)));
    }

    /// <summary>Whether nothing of the callee's body runs after <paramref name="operation"/>: it ends every block it is in.</summary>
    private static bool IsLast(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IBlockOperation block:
                    if (!ReferenceEquals(block.Operations[block.Operations.Length - 1], current)) return false;
                    break;
                case IConditionalOperation:
                    break;
                case IMethodBodyOperation or IConstructorBodyOperation:
                    return true;
                default:
                    return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The statements of a block; in a callee being inlined, those after a statement that may return run only if it
    /// did not (<c>if (!returned) { ... }</c>).
    /// </summary>
    private void LowerStatements(IReadOnlyList<IOperation> statements, int start)
    {
        for (int i = start; i < statements.Count; i++)
        {
            LowerStatement(statements[i]);
            if (inlines.Count > 0 && i < statements.Count - 1 && inlines.Peek().Returned is { } returned
                && statements[i].DescendantsAndSelf().Any(d => d is IReturnOperation))
            {
                blocks.Push(new List<Stmt>());
                LowerStatements(statements, i + 1);
                var rest = PopBlock().ToEquatableArray();
                Emit(new IfStmt(returned, EquatableArray<Stmt>.Empty, rest));
                return;
            }
        }
    }
}
