using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static DiffGen.Generator.Parsing.DerivativeSignatures;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// DG0022: a call of a generated <c>{Name}Gradient</c> or <c>{Name}Tangent</c> with a number of arguments that no
/// generated overload takes, but that the overload would take if some of the method's parameters were
/// <c>[NoDiff]</c>: the usual cause is data (a training set, a table) that was not marked, so the derivative has
/// parameters the caller did not expect. The compiler's CS1501 says only that no overload takes that many.
/// <para>
/// The generator never sees its own output: in its compilation the call binds to nothing, so it is told by name and
/// argument count alone. Only a call that binds to nothing (no hand-written method of that name), of a static
/// <c>[Differentiable]</c> method whose derivatives are generated, with a count that some <c>[NoDiff]</c> choice
/// explains, is reported; anything else is left to the compiler.
/// </para>
/// </summary>
internal static class DerivativeCalls
{
    /// <summary>Syntax only: a call of a name that ends in Gradient or Tangent.</summary>
    public static bool IsCandidate(SyntaxNode node)
        => node is InvocationExpressionSyntax invocation && Name(invocation) is { } name
           && (name.Identifier.ValueText.EndsWith(Gradient, StringComparison.Ordinal) || name.Identifier.ValueText.EndsWith(Tangent, StringComparison.Ordinal));

    private const string Gradient = "Gradient";
    private const string Tangent = "Tangent";

    public static DiagnosticInfo? Check(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        if (Name(invocation) is not { } name) return null;
        var model = context.SemanticModel;
        var bound = model.GetSymbolInfo(invocation, cancellationToken);
        if (bound.Symbol is not null || !bound.CandidateSymbols.IsEmpty) return null;   // a method the user wrote

        string text = name.Identifier.ValueText;
        bool gradient = text.EndsWith(Gradient, StringComparison.Ordinal);
        string baseName = text.Substring(0, text.Length - (gradient ? Gradient.Length : Tangent.Length));
        if (baseName.Length == 0) return null;

        IEnumerable<ISymbol> candidates = invocation.Expression is MemberAccessExpressionSyntax access
            ? (model.GetSymbolInfo(access.Expression, cancellationToken).Symbol as INamedTypeSymbol ?? model.GetTypeInfo(access.Expression, cancellationToken).Type)?.GetMembers(baseName) ?? Enumerable.Empty<ISymbol>()
            : model.LookupSymbols(invocation.SpanStart, name: baseName);
        var methods = candidates.OfType<IMethodSymbol>().Where(m => m.IsStatic && MethodParser.IsDifferentiableCallee(m)).ToList();
        if (methods.Count == 0) return null;

        int count = invocation.ArgumentList.Arguments.Count;
        var kinds = gradient ? new[] { Kind.Gradient, Kind.SeededGradient } : new[] { Kind.Tangent };
        foreach (var method in methods)
        {
            var generated = kinds.Where(k => IsGenerated(method, k)).ToList();
            if (generated.Any(k => ParameterCount(method, k) == count)) return null;   // a call the generated code fits
        }
        foreach (var method in methods)
        {
            var differentiable = method.Parameters.Where(MethodParser.IsDifferentiableParameter).ToList();
            foreach (var kind in kinds.Where(k => IsGenerated(method, k)))
            {
                int missing = ParameterCount(method, kind) - count;
                if (missing < 1 || missing > differentiable.Count) continue;
                // Data is usually an array: name those first, or every differentiable parameter when there are too few.
                var arrays = differentiable.Where(p => TypeMapping.TryMap(p.Type) is { IsRealArray: true }).ToList();
                var suspects = arrays.Count >= missing ? arrays : differentiable;
                string names = string.Join(", ", suspects.Select(p => $"'{p.Name}'"));
                return DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeCallArity, LocationInfo.From(name.GetLocation()),
                    text, count.ToString(System.Globalization.CultureInfo.InvariantCulture), Display(method, kind), method.Name, names);
            }
        }
        return null;
    }

    private static SimpleNameSyntax? Name(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier,
        MemberAccessExpressionSyntax access => access.Name as IdentifierNameSyntax,
        _ => null,
    };

    /// <summary>Whether the generator emits that overload: the seeded Gradient for methods that take arrays or opaque values, the plain one unless the result is opaque.</summary>
    private static bool IsGenerated(IMethodSymbol method, Kind kind)
        => kind switch
        {
            Kind.SeededGradient => TakesArrays(method),
            Kind.Gradient => !ReturnsOpaque(method),
            _ => true,
        };
}
