using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>The result of parsing one <c>[Differentiable]</c> method: its model, or the diagnostics that stop it.</summary>
internal sealed record ParseResult(MethodModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string MethodName, LocationInfo? Location)
{
    /// <summary>The method's documentation comment id (<c>M:C.F(System.Double)</c>): how its callers name it.</summary>
    public string? Key { get; init; }

    /// <summary>Its body does not compile: the compiler reports why, and it gets no derivatives.</summary>
    public bool DoesNotCompile { get; init; }

    /// <summary>The calls of <c>[Differentiable]</c> methods in its body, for <see cref="CalleeFailures"/>.</summary>
    public EquatableArray<CalleeCall> Calls { get; init; } = EquatableArray<CalleeCall>.Empty;
}

/// <summary>A call of a <c>[Differentiable]</c> method: its key, as the message names it, and where.</summary>
internal sealed record CalleeCall(string Key, string Callee, LocationInfo? Location);

/// <summary>
/// The only stage that touches Roslyn's symbols and operations: checks the method's declaration, lowers its body
/// and returns an equatable <see cref="MethodModel"/>.
/// </summary>
internal static class MethodParser
{
    public const string DifferentiableAttributeName = "DiffGen.DifferentiableAttribute";
    public const string NoDiffAttributeName = "DiffGen.NoDiffAttribute";

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        string name = context.TargetSymbol.Name;
        var location = LocationInfo.From(Identifier(context.TargetNode)?.GetLocation() ?? context.TargetNode.GetLocation());
        string? key = (context.TargetSymbol as IMethodSymbol)?.OriginalDefinition.GetDocumentationCommentId();
        try
        {
            return ParseCore(context, location, cancellationToken) with { Key = key };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var diagnostic = DiagnosticInfo.InternalError(location, name, exception);
            return new ParseResult(null, EquatableArray.Create(diagnostic), name, location) { Key = key };
        }
    }

    /// <summary>
    /// Whether a call can use the callee's generated derivatives: it is marked and its declaration passes the checks
    /// that decide whether they are generated at all. A rejected callee has a DG error of its own; its callers then
    /// see a call without derivative instead of code that names methods that do not exist.
    /// </summary>
    public static bool IsDifferentiableCallee(IMethodSymbol method)
        => (method.IsStatic || method.ContainingType.TypeKind is TypeKind.Class or TypeKind.Struct)
           && (!method.IsGenericMethod || HasHandWrittenPullback(method)) && HasAttribute(method, DifferentiableAttributeName)
           && (TypeMapping.TryMap(method.ReturnType) is { IsDifferentiableValue: true } || (method.ReturnsVoid && method.Parameters.Any(IsOutputParameter)))
           && method.Parameters.All(p => p.RefKind == RefKind.None && (!p.IsParams || IsParamsOfNumbers(p))
               && (HasAttribute(p, NoDiffAttributeName) || TypeMapping.TryMap(p.Type) is not null))
           && ContainingTypesArePartial(method);

    /// <summary><c>params int[] shape</c>: numbers that are never differentiated, which callers pass as one array.</summary>
    public static bool IsParamsOfNumbers(IParameterSymbol parameter)
        => parameter.IsParams && TypeMapping.TryMap(parameter.Type) is { Kind: ValueKind.Array, IsRealArray: false };

    /// <summary>
    /// Whether <paramref name="method"/>'s split reverse forms (<c>{Name}Primal</c>, <c>{Name}Pullback</c>) are generated:
    /// its Gradient is (<paramref name="gradientGenerated"/>) and nothing of the type already has those names (a
    /// hand-written Pullback, or a method compiled elsewhere). Callers ask it of the callee; the callee of itself.
    /// </summary>
    public static bool HasPrimalAndPullback(IMethodSymbol method, bool gradientGenerated)
        => gradientGenerated
           && method.ContainingType.GetMembers(method.Name + MethodModel.PrimalSuffix).IsEmpty
           && method.ContainingType.GetMembers(method.Name + MethodModel.PullbackSuffix).IsEmpty;

    /// <summary>
    /// Whether <paramref name="method"/>'s type has a <c>{Name}Pullback</c> written by hand (not one this generator
    /// emitted into another assembly, which expects its own Primal to have run).
    /// </summary>
    public static bool HasHandWrittenPullback(IMethodSymbol method)
        => method.ContainingType.GetMembers(method.Name + MethodModel.PullbackSuffix).OfType<IMethodSymbol>()
            .Any(m => !m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == GeneratorName));

    private const string GeneratorName = "DiffGen.Generator";

    /// <summary>
    /// A callee compiled in another assembly (a library's composite operation, such as <c>Tensor.Mean</c>) whose split
    /// forms this generator emitted there: callers here call its <c>Primal</c> and <c>Pullback</c> too, so its value
    /// is computed once (its seeded Gradient would run its primal sweep again).
    /// </summary>
    public static bool HasGeneratedSplitForms(IMethodSymbol method, Compilation compilation)
        => !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly)
           && IsGeneratedMember(method, MethodModel.PrimalSuffix) && IsGeneratedMember(method, MethodModel.PullbackSuffix);

    private static bool IsGeneratedMember(IMethodSymbol method, string suffix)
        => method.ContainingType.GetMembers(method.Name + suffix).OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == GeneratorName));

    /// <summary><c>DiffMath.StopGradient</c> and methods marked <c>[NoDiff]</c>: calls whose results are constants.</summary>
    public static bool IsConstantCall(IMethodSymbol method)
        => HasAttribute(method, NoDiffAttributeName)
           || (method.Name == "StopGradient" && method.ContainingType?.ToDisplayString() == "DiffGen.DiffMath");

    /// <summary>A <c>Span&lt;double&gt;</c> or <c>Span&lt;float&gt;</c> parameter: an output of a vector-valued method.</summary>
    public static bool IsOutputParameter(IParameterSymbol parameter)
        => TypeMapping.TryMap(parameter.Type) is { Shape: ArrayShape.Span } type && type.IsRealArray && !HasAttribute(parameter, NoDiffAttributeName);

    private static bool ContainingTypesArePartial(IMethodSymbol method)
    {
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return false;
            }
        }
        return true;
    }

    /// <summary>A real scalar, array or read-only span not marked <c>[NoDiff]</c>: it gets a derivative parameter.</summary>
    public static bool IsDifferentiableParameter(IParameterSymbol parameter)
        => (TypeMapping.TryMap(parameter.Type) is { IsDifferentiableValue: true } or { IsRealArray: true, Shape: not ArrayShape.Span })
           && !HasAttribute(parameter, NoDiffAttributeName);

    private static ParseResult ParseCore(GeneratorAttributeSyntaxContext context, LocationInfo? location, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var method = (IMethodSymbol)context.TargetSymbol;
        ParseResult Fail() => new(null, diagnostics.ToEquatableArray(), method.Name, location);

        if (context.TargetNode is LocalFunctionStatementSyntax)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LocalFunctionMarked, location, method.Name));
            return Fail();
        }
        if (context.TargetNode is not MethodDeclarationSyntax syntax) return Fail();

        // The attribute may sit on the defining half of a partial method: the body is in the implementing half.
        var semanticModel = context.SemanticModel;
        if (syntax.Body is null && syntax.ExpressionBody is null
            && method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementationSyntax)
        {
            method = implementation;
            syntax = implementationSyntax;
            semanticModel = semanticModel.Compilation.GetSemanticModel(implementationSyntax.SyntaxTree);
        }

        // Code that does not compile gets the compiler's errors only, and no derivatives.
        if (semanticModel.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.DefaultSeverity == DiagnosticSeverity.Error
                && !GeneratedFunctions.IsOnlyNotGeneratedYet(semanticModel, d, cancellationToken)))
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, method.Name, location) { DoesNotCompile = true };
        }

        var containingTypes = new List<TypeDeclaration>();
        foreach (var typeSyntax in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial,
                    LocationInfo.From(typeSyntax.Identifier.GetLocation()), typeSyntax.Identifier.Text, method.Name));
            }
            containingTypes.Insert(0, Declaration(typeSyntax, semanticModel.GetDeclaredSymbol(typeSyntax, cancellationToken)));
        }
        if (!method.IsStatic && method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, location, method.Name));
        }
        // A generic operation is fine when both its derivatives are written by hand (Tensor.Map<TF>): nothing is generated.
        bool allWritten = !method.ContainingType.GetMembers(method.Name + MethodModel.TangentSuffix).IsEmpty
            && (HasHandWrittenPullback(method) || !method.ContainingType.GetMembers(method.Name + MethodModel.GradientSuffix).IsEmpty);
        if (method.IsGenericMethod && !allWritten) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, location, method.Name));
        if (!method.IsStatic && OpaqueTypes.IsOpaque(method.ContainingType))
        {
            // Its derivative with respect to this would look inside the type.
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, location,
                $"A [Differentiable] instance method of the opaque differentiable type '{method.ContainingType.Name}'",
                OperationLowering.UnsupportedAdvice(OpaqueTypes.Advice + " (a static method that takes the value as a parameter)")));
        }
        var returnType = method.ReturnsVoid ? IrType.Void : TypeMapping.TryMap(method.ReturnType);
        bool writesOutputs = method.Parameters.Any(IsOutputParameter);
        DifferentiableType? returnedType = null;
        if (returnType is null && DifferentiableTypes.TryGet(method.ReturnType, out string? returnTypeError) is { } returned)
        {
            // A value of a differentiable type: its leaves are the results.
            if (returnTypeError is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotADifferentiableValue, LocationInfo.From(syntax.ReturnType.GetLocation()), method.ReturnType.ToDisplayString(), returnTypeError));
            }
            else if (writesOutputs)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotADifferentiableValue, LocationInfo.From(syntax.ReturnType.GetLocation()), method.ReturnType.ToDisplayString(),
                    "a method that writes Span outputs returns void; return the value, or write it into the outputs"));
            }
            else if (returned.Leaves().Any(l => l.Member.Leaf is { Kind: ValueKind.Array }))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotADifferentiableValue, LocationInfo.From(syntax.ReturnType.GetLocation()), method.ReturnType.ToDisplayString(),
                    "a returned value holds an array, whose seed and derivative a caller could not tell apart from the value's own; return the numbers, or write the array into a Span output"));
            }
            returnedType = returned;
            returnType = returned.IrType;
        }
        else if (OpaqueTypes.Problem(method.ReturnType) is { } wrongReturn)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpaqueTypeMisdeclared, LocationInfo.From(syntax.ReturnType.GetLocation()), method.ReturnType.ToDisplayString(), wrongReturn));
        }
        else if (returnType is not { IsDifferentiableValue: true } && !(returnType == IrType.Void && writesOutputs))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType,
                LocationInfo.From(syntax.ReturnType.GetLocation()), method.Name, method.ReturnType.ToDisplayString()));
        }
        if (syntax.Body is null && syntax.ExpressionBody is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoBody, location, method.Name));
        }

        var parameters = new List<ParameterModel>();
        var aggregateParameters = new Dictionary<string, DifferentiableType>(StringComparer.Ordinal);
        var valueArrayParameters = new Dictionary<string, DifferentiableType>(StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            var parameterLocation = LocationInfo.From(parameter.Locations.FirstOrDefault());
            if (parameter.RefKind != RefKind.None || (parameter.IsParams && !IsParamsOfNumbers(parameter)))
            {
                string modifier = parameter.IsParams ? "params" : parameter.RefKind.ToString().ToLowerInvariant();
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterModifier, parameterLocation, parameter.Name, modifier));
                continue;
            }
            if (OpaqueTypes.Problem(parameter.Type) is { } wrongType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpaqueTypeMisdeclared, parameterLocation, parameter.Type.ToDisplayString(), wrongType));
                continue;
            }
            bool noDiff = HasAttribute(parameter, NoDiffAttributeName);
            var parameterType = noDiff ? TypeMapping.Opaque(parameter.Type) : TypeMapping.TryMap(parameter.Type);
            if (parameterType is null && !noDiff && ValueArrayElement(parameter.Type, out bool span) is { } elementType)
            {
                // An array or span of values: one strided array per leaf member (IR.ValueArrays).
                var elementValue = DifferentiableTypes.TryGet(elementType, out string? elementError);
                if (elementValue is not null && elementError is null && elementValue.Leaves().Any(l => l.Member.Leaf is not { Kind: ValueKind.Real or ValueKind.Integer or ValueKind.Boolean }))
                {
                    elementError = "an element of an array of values holds only numbers and flags (and values of them); pass arrays and other members separately";
                }
                if (elementValue is not null && elementError is null && elementValue.Leaves().Any(l => l.Member.InitOnly))
                {
                    elementError = "an element's init-only member cannot receive its derivative in place; give it a setter (a record struct's positional members have one)";
                }
                if (elementValue is null || elementError is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotADifferentiableValue, parameterLocation, elementType.ToDisplayString(), elementError ?? "it is not a partial struct, class or record"));
                    continue;
                }
                var element = elementValue.IrType;
                var arrayType = span ? IrType.ReadOnlySpanOf(element) : IrType.ArrayOf(element);
                parameters.Add(new ParameterModel(parameter.Name, arrayType, Differentiable: true));
                foreach (var (path, member) in elementValue.Leaves())
                {
                    var leafArray = span ? IrType.ReadOnlySpanOf(member.Leaf!) : IrType.ArrayOf(member.Leaf!);
                    parameters.Add(new ParameterModel(ValueArrays.MemberName(parameter.Name, path), leafArray, member.Differentiable, FieldOf: parameter.Name));
                }
                valueArrayParameters[parameter.Name] = elementValue;
                continue;
            }
            if ((parameterType is null || noDiff) && DifferentiableTypes.TryGet(parameter.Type, out string? typeError) is { } valueType)
            {
                // A value of a differentiable type: one parameter to the derivatives, whose leaves are its members.
                if (typeError is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotADifferentiableValue, parameterLocation, parameter.Type.ToDisplayString(), typeError));
                    continue;
                }
                // A [NoDiff] value is read like any other, and is a constant: no derivative for it or its members.
                parameters.Add(new ParameterModel(parameter.Name, valueType.IrType, Differentiable: !noDiff) { ValueIsClass = !valueType.IsValueType && !valueType.Symbol.IsRecord });
                AddLeaves(valueType, parameter.Name, parameter.Name, EquatableArray<bool>.Empty, parameters, constant: noDiff);
                aggregateParameters[parameter.Name] = valueType;
                continue;
            }
            if (parameterType is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameterType, parameterLocation, parameter.Name, parameter.Type.ToDisplayString()));
                continue;
            }
            if (IsOutputParameter(parameter) && !method.ReturnsVoid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputOfScalarMethod, parameterLocation, parameter.Name, method.Name));
                continue;
            }
            bool output = IsOutputParameter(parameter);
            bool differentiable = !noDiff && (parameterType.IsDifferentiableValue || parameterType.IsRealArray);
            parameters.Add(new ParameterModel(parameter.Name, parameterType, differentiable || output, output));
        }

        // An instance method differentiates with respect to the fields of this too.
        if (!method.IsStatic) CollectFields(method.ContainingType, "this", "this", parameters, depth: 0);

        // d + Name must not collide with another parameter (or with 'tangent').
        var parameterNames = new HashSet<string>(method.Parameters.Select(p => p.Name), StringComparer.Ordinal) { MethodModel.TangentParameterName };
        if (!method.IsStatic) parameterNames.Add(MethodModel.ThisDerivativeName);
        foreach (var parameter in parameters.Where(p => p.Differentiable && !p.IsField))
        {
            if (parameterNames.Contains(parameter.DerivativeName))
            {
                var parameterLocation = LocationInfo.From(method.Parameters.First(p => p.Name == parameter.DerivativeName).Locations.FirstOrDefault());
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeNameCollision, parameterLocation, parameter.DerivativeName, parameter.Name));
            }
        }
        if (method.Parameters.Any(p => p.Name == MethodModel.TangentParameterName))
        {
            var parameterLocation = LocationInfo.From(method.Parameters.First(p => p.Name == MethodModel.TangentParameterName).Locations.FirstOrDefault());
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeNameCollision, parameterLocation, MethodModel.TangentParameterName, method.Name));
        }
        if (diagnostics.Count > 0) return Fail();

        // Both derivatives written by hand: nothing is generated from the body, so it need not be differentiable.
        // A hand-written Pullback is the reverse mode (callers call it): no Gradient is generated beside it.
        bool emitGradient = CheckHandWritten(method, "Gradient", diagnostics) && !HasHandWrittenPullback(method);
        bool emitTangent = CheckHandWritten(method, "Tangent", diagnostics);
        if (Pullbacks.Mismatch(method) is { } expectedPullback)
        {
            var pullbackLocation = LocationInfo.From(method.ContainingType.GetMembers(method.Name + MethodModel.PullbackSuffix).First().Locations.FirstOrDefault());
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeSignatureMismatch, pullbackLocation,
                $"'{method.Name}{MethodModel.PullbackSuffix}' is not the pullback callers use", expectedPullback));
        }
        if (diagnostics.Count > 0 || (!emitGradient && !emitTangent)) return Fail();

        if (semanticModel.GetOperation(syntax, cancellationToken) is not IMethodBodyOperation bodyOperation) return Fail();
        var body = (IOperation?)bodyOperation.BlockBody ?? bodyOperation.ExpressionBody;
        if (body is null) return Fail();

        var names = new NameScope(parameters.Where(p => !p.IsField).SelectMany(p => new[] { p.Name, p.DerivativeName })
            .Append(MethodModel.TangentParameterName).Append(MethodModel.ThisDerivativeName).Append("this"));
        var lowering = new OperationLowering(semanticModel, names, returnType!, diagnostics, cancellationToken) { Method = method };
        foreach (var parameter in method.Parameters)
        {
            var parameterModel = parameters.First(p => p.Name == parameter.Name);
            if (aggregateParameters.TryGetValue(parameter.Name, out var valueType)) lowering.AddAggregateParameter(parameter, valueType);
            else if (valueArrayParameters.TryGetValue(parameter.Name, out var elementType)) lowering.AddValueArrayParameter(parameter, new VarExpr(parameterModel.Name, parameterModel.Type), elementType);
            else lowering.AddParameter(parameter, new VarExpr(parameterModel.Name, parameterModel.Type));
        }
        if (returnedType is not null) lowering.ReturnsAggregate(returnedType);
        foreach (var field in parameters.Where(p => p.IsField)) lowering.AddField(field.Name, new VarExpr(field.Name, field.Type));
        // The body as the user wrote it: the diagnostics below are decided on it, and Optimize cleans it up after.
        var loweredBody = lowering.LowerBody(body);
        if (lowering.HasInvalidCode) return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, method.Name, location) { DoesNotCompile = true };
        if (lowering.HasInvalidValue && !diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty, method.Name, location) { DoesNotCompile = true };
        diagnostics.AddRange(ActivityDiagnostics.Decide(parameters, loweredBody, lowering));
        if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return Fail();

        var type = method.ContainingType;
        var model = new MethodModel(
            Namespace: method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ContainingTypes: containingTypes.ToEquatableArray(),
            ContainingTypeFullName: type.ToDisplayString(TypeMapping.FullyQualified),
            Name: method.Name,
            Accessibility: AccessibilityText(method.DeclaredAccessibility),
            ReturnType: returnType!,
            Parameters: parameters.ToEquatableArray(),
            Locals: lowering.Locals.ToEquatableArray(),
            Body: loweredBody,
            EmitGradient: emitGradient,
            EmitTangent: emitTangent)
        {
            ThisType = method.IsStatic ? null : type.ToDisplayString(TypeMapping.FullyQualified),
            // A record's init-only members are added into by rebuilding its derivative: it is passed by ref too.
            ThisIsValueType = type.IsValueType || type.IsRecord,
            // Callers inline a method that takes or returns values (OperationLowering.Inlining): no split forms for them.
            EmitPrimalAndPullback = HasPrimalAndPullback(method, emitGradient) && aggregateParameters.Count == 0 && valueArrayParameters.Count == 0 && returnedType is null,
            LoopLocals = lowering.LoopLocals.Concat(lowering.Temporaries).ToEquatableArray(),
            Temporaries = lowering.Temporaries.ToEquatableArray(),
            FunctionNameFree = method.ContainingType.GetMembers(method.Name + "Function").IsEmpty,
            ScopedTypes = OpaqueTypes.Scoped(method.Parameters.Select(p => p.Type).Append(method.ReturnType)).ToEquatableArray(),
        };
        model = model with { InlinedForSecondOrder = InlineForSecondOrder(model, method, body, semanticModel, parameters, cancellationToken) };
        return new ParseResult(model, diagnostics.ToEquatableArray(), method.Name, location) { Calls = lowering.DifferentiableCalls.Distinct().ToEquatableArray() };
    }

    /// <summary>
    /// Second derivatives are forward over reverse of one flat body: a static scalar method that calls other
    /// <c>[Differentiable]</c> methods gets its body lowered again with every such call inlined (callees with
    /// derivatives written by hand or registered stay calls, and then no second derivatives are emitted). Null when
    /// the body calls none, or when inlining fails; the first-order derivatives never use this body.
    /// </summary>
    private static MethodModel? InlineForSecondOrder(MethodModel model, IMethodSymbol method, IOperation body, SemanticModel semanticModel,
        List<ParameterModel> parameters, CancellationToken cancellationToken)
    {
        if (!model.ReturnType.IsReal || parameters.Any(p => p.IsAggregate || (p.IsField && p.FieldOf != "this") || p.Type.IsOpaque)) return null;
        if (!IrWalker.Statements(model.Body).SelectMany(IrWalker.ExpressionsOf).SelectMany(IrWalker.Subexpressions).Any(e => e is DifferentiableCallExpr)) return null;
        var ignored = new List<DiagnosticInfo>();
        var names = new NameScope(parameters.SelectMany(p => new[] { p.Name, p.DerivativeName })
            .Append(MethodModel.TangentParameterName).Append(MethodModel.ThisDerivativeName).Append("this"));
        var lowering = new OperationLowering(semanticModel, names, model.ReturnType, ignored, cancellationToken) { Method = method, InlineEveryCall = true };
        foreach (var parameter in method.Parameters)
        {
            var parameterModel = parameters.First(p => p.Name == parameter.Name);
            lowering.AddParameter(parameter, new VarExpr(parameterModel.Name, parameterModel.Type));
        }
        foreach (var field in parameters.Where(p => p.IsField)) lowering.AddField(field.Name, new VarExpr(field.Name, field.Type));
        var inlinedBody = lowering.LowerBody(body);
        if (lowering.HasInvalidCode || lowering.HasInvalidValue || ignored.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error)) return null;
        return model with
        {
            Locals = lowering.Locals.ToEquatableArray(),
            Body = inlinedBody,
            LoopLocals = lowering.LoopLocals.Concat(lowering.Temporaries).ToEquatableArray(),
            Temporaries = lowering.Temporaries.ToEquatableArray(),
        };
    }

    /// <summary>
    /// The fields of a differentiable type, depth first, as parameters named by their paths (<c>this.W</c>,
    /// <c>this.Layer.B</c>): real scalars and arrays carry derivatives, numbers and <c>[NoDiff]</c> fields are constants,
    /// struct and class fields are differentiable types in turn. Each aggregate is a parameter too, so calls on it
    /// can carry derivatives.
    /// </summary>
    private static void CollectFields(INamedTypeSymbol type, string path, string owner, List<ParameterModel> parameters, int depth)
    {
        parameters.Add(new ParameterModel(path, new IrType(type.ToDisplayString(TypeMapping.FullyQualified), ValueKind.Other), Differentiable: true, FieldOf: owner));
        if (depth > 4) return;
        foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst) continue;
            // An auto-property with a setter is state like a field, reached by the property's name.
            var property = field.AssociatedSymbol as IPropertySymbol;
            if (field.IsImplicitlyDeclared && property is not { SetMethod: not null }) continue;
            string fieldPath = path + "." + (property?.Name ?? field.Name);
            bool noDiff = HasAttribute(field, NoDiffAttributeName) || (property is not null && HasAttribute(property, NoDiffAttributeName));
            var mapped = TypeMapping.TryMap(field.Type);
            if (mapped is not null && mapped.Shape != ArrayShape.Span)
            {
                bool differentiable = !noDiff && (mapped.IsDifferentiableValue || mapped.IsRealArray) && mapped.Shape != ArrayShape.ReadOnlySpan;
                parameters.Add(new ParameterModel(fieldPath, mapped, differentiable, FieldOf: owner) { InitOnlyPath = EquatableArray.Create(property?.SetMethod?.IsInitOnly == true) });
            }
            else if (!noDiff && field.Type is INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Class } nested
                     && nested.SpecialType == SpecialType.None && nested.Locations.Any(l => l.IsInSource))
            {
                CollectFields(nested, fieldPath, owner, parameters, depth + 1);
            }
        }
    }

    /// <summary>The element type of <c>P[]</c> or <c>ReadOnlySpan&lt;P&gt;</c> when P is a differentiable type, else null.</summary>
    private static ITypeSymbol? ValueArrayElement(ITypeSymbol type, out bool span)
    {
        span = false;
        if (type is IArrayTypeSymbol { Rank: 1 } array && DifferentiableTypes.Is(array.ElementType)) return array.ElementType;
        if (type is INamedTypeSymbol { Name: "ReadOnlySpan", IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System" && DifferentiableTypes.Is(named.TypeArguments[0]))
        {
            span = true;
            return named.TypeArguments[0];
        }
        return null;
    }

    /// <summary>
    /// The leaves of a parameter of a differentiable type, as parameters named by their paths (<c>p.X</c>,
    /// <c>p.Pos.X</c>): reached through the parameter and, for derivatives, through its derivative <c>dP</c>.
    /// </summary>
    private static void AddLeaves(DifferentiableType type, string path, string owner, EquatableArray<bool> initOnly, List<ParameterModel> parameters, bool constant)
    {
        foreach (var member in type.Members)
        {
            var steps = initOnly.Append(member.InitOnly).ToEquatableArray();
            if (member.Nested is { } nested) AddLeaves(nested, path + "." + member.Name, owner, steps, parameters, constant);
            else parameters.Add(new ParameterModel(path + "." + member.Name, member.Leaf!, member.Differentiable && !constant, FieldOf: owner) { InitOnlyPath = steps });
        }
    }

    /// <summary>
    /// Whether the generator emits <c>{Name}{suffix}</c>: not when the user wrote it, which must then have the
    /// generated signature (and, for a method taking arrays, the seeded Gradient overload too).
    /// </summary>
    private static bool CheckHandWritten(IMethodSymbol method, string suffix, List<DiagnosticInfo> diagnostics)
    {
        var written = method.ContainingType.GetMembers(method.Name + suffix).OfType<IMethodSymbol>().ToList();
        if (written.Count == 0) return true;
        if (!method.IsStatic) return false;  // Instance methods' hand-written derivatives are not checked yet.
        var location = LocationInfo.From(written[0].Locations.FirstOrDefault());
        var kinds = suffix == MethodModel.TangentSuffix
            ? new[] { DerivativeSignatures.Kind.Tangent }
            : DerivativeSignatures.GradientKinds(method);
        foreach (var kind in kinds)
        {
            if (written.Any(w => DerivativeSignatures.Matches(w, method, kind))) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeSignatureMismatch, location,
                $"'{method.Name}{suffix}' is written by hand, so the generator emits none, but no overload has the signature callers use",
                DerivativeSignatures.Display(method, kind)));
        }
        return false;
    }

    private static TypeDeclaration Declaration(TypeDeclarationSyntax syntax, INamedTypeSymbol? symbol)
    {
        string kind = syntax switch
        {
            RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };
        var modifiers = new List<string>();
        if (symbol is { IsStatic: true } && kind == "class") modifiers.Add("static");
        if (symbol is { IsReadOnly: true } && kind.EndsWith("struct", StringComparison.Ordinal)) modifiers.Add("readonly");
        if (symbol is { IsRefLikeType: true }) modifiers.Add("ref");
        modifiers.Add("partial");
        modifiers.Add(kind);
        return new TypeDeclaration(string.Join(" ", modifiers), syntax.Identifier.ValueText + (syntax.TypeParameterList?.ToString() ?? ""));
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    internal static bool HasAttribute(ISymbol symbol, string fullName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == fullName);

    private static SyntaxToken? Identifier(SyntaxNode node) => node switch
    {
        MethodDeclarationSyntax method => method.Identifier,
        LocalFunctionStatementSyntax local => local.Identifier,
        _ => null,
    };
}
