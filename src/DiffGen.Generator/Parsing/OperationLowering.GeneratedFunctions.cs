using DiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Calls whose type argument is a struct this generator emits (<c>Tensor.Map&lt;SwishFunction&gt;(x)</c>, the
/// <c>{Name}Function</c> beside a <c>[Differentiable]</c> scalar function): the compilation the generator reads does
/// not have the struct yet, so Roslyn cannot bind the call; the generator binds it itself.
/// </summary>
internal sealed partial class OperationLowering
{
    private Expr? LowerCallOfGeneratedFunction(IInvalidOperation invalid)
    {
        if (invalid.Syntax is not InvocationExpressionSyntax invocation) return null;
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax member } => member,
            GenericNameSyntax simple => simple,
            _ => null,
        };
        if (name is null) return null;
        var candidates = semanticModel.GetSymbolInfo(invocation, cancellationToken).CandidateSymbols.OfType<IMethodSymbol>()
            .Select(m => m.OriginalDefinition)
            .Where(m => m.IsStatic && m.TypeParameters.Length == name.TypeArgumentList.Arguments.Count && m.Parameters.Length == invocation.ArgumentList.Arguments.Count)
            .Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToList();
        if (candidates.Count != 1 || !MethodParser.IsDifferentiableCallee(candidates[0])) return null;
        var method = candidates[0];

        var typeArguments = new List<string>();
        foreach (var argument in name.TypeArgumentList.Arguments)
        {
            var bound = semanticModel.GetTypeInfo(argument, cancellationToken).Type;
            string? text = bound is { TypeKind: not TypeKind.Error } ? bound.ToDisplayString(TypeMapping.FullyQualified) : GeneratedFunctions.TypeName(semanticModel, argument, invocation.SpanStart, cancellationToken);
            if (text is null) return null;
            typeArguments.Add(text);
        }
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))) return null;
        var values = arguments.Select(a => semanticModel.GetOperation(a.Expression, cancellationToken)).ToList();
        if (values.Any(v => v is null or IInvalidOperation)) return null;
        var sites = values.Select((v, i) => new CallSite(method.Parameters[i], v!, ArgumentKind.Explicit, arguments[i], v!)).ToList();
        return LowerCall(method, invalid, null, sites, "<" + string.Join(", ", typeArguments) + ">") ?? Placeholder(invalid);
    }
}

/// <summary>The <c>{Name}Function</c> structs the generator emits, which the compilation it reads cannot know yet.</summary>
internal static class GeneratedFunctions
{
    private const string Suffix = "Function";

    /// <summary>
    /// <c>SwishFunction</c> or <c>Activations.SwishFunction</c>, fully qualified, when a <c>[Differentiable]</c> static
    /// <c>T Swish(T x)</c> is where the name says (the generator emits the struct beside it); otherwise null.
    /// </summary>
    public static string? TypeName(SemanticModel semanticModel, TypeSyntax syntax, int position, CancellationToken cancellationToken)
    {
        var (container, name) = syntax switch
        {
            QualifiedNameSyntax qualified => (semanticModel.GetSymbolInfo(qualified.Left, cancellationToken).Symbol as INamedTypeSymbol, qualified.Right.Identifier.ValueText),
            IdentifierNameSyntax identifier => ((INamedTypeSymbol?)null, identifier.Identifier.ValueText),
            _ => (null, ""),
        };
        if (name.Length <= Suffix.Length || !name.EndsWith(Suffix, StringComparison.Ordinal)) return null;
        if (syntax is QualifiedNameSyntax && container is null) return null;
        string functionName = name.Substring(0, name.Length - Suffix.Length);
        var found = container is not null ? container.GetMembers(functionName) : semanticModel.LookupSymbols(position, name: functionName);
        var function = found.OfType<IMethodSymbol>().FirstOrDefault(m => m.IsStatic && m.Parameters.Length == 1
            && MethodParser.HasAttribute(m, MethodParser.DifferentiableAttributeName) && TypeMapping.IsReal(m.ReturnType)
            && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, m.ReturnType));
        return function is null ? null : function.ContainingType.ToDisplayString(TypeMapping.FullyQualified) + "." + name;
    }

    /// <summary>
    /// An error the compiler reports only because a <c>{Name}Function</c> struct is not generated yet (a type that
    /// does not exist, and is one the generator will emit): it does not mean the method does not compile.
    /// </summary>
    public static bool IsOnlyNotGeneratedYet(SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id is not ("CS0246" or "CS0234" or "CS0426")) return false;
        var node = diagnostic.Location.SourceTree?.GetRoot(cancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var type = node?.Parent is QualifiedNameSyntax qualified && qualified.Right == node ? qualified : node as TypeSyntax;
        return type is not null && TypeName(semanticModel, type, type.SpanStart, cancellationToken) is not null;
    }
}
