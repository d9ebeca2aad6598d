using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static DiffGen.Generator.Parsing.DerivativeSignatures;

namespace DiffGen.Generator.Parsing;

/// <summary>The registered derivatives of a method: the methods generated code calls, fully qualified.</summary>
internal sealed record Registration(string Gradient, string Tangent);

/// <summary>
/// Derivatives registered with <c>[DerivativeOf(typeof(T), nameof(T.F))]</c> on methods named <c>FGradient</c> and
/// <c>FTangent</c>: found by name in the compilation, so that a call of <c>T.F</c> can use them.
/// </summary>
internal static class Registrations
{
    public const string AttributeName = "DiffGen.DerivativeOfAttribute";

    /// <summary>Both registered modes of <paramref name="target"/>, or null unless both exist.</summary>
    public static Registration? Find(Compilation compilation, IMethodSymbol target, CancellationToken cancellationToken)
    {
        var gradientKind = TakesArrays(target) ? Kind.SeededGradient : Kind.Gradient;
        var gradient = FindOne(compilation, target, "Gradient", gradientKind, cancellationToken);
        var tangent = FindOne(compilation, target, "Tangent", Kind.Tangent, cancellationToken);
        return gradient is null || tangent is null ? null : new Registration(gradient, tangent);
    }

    private static string? FindOne(Compilation compilation, IMethodSymbol target, string suffix, Kind kind, CancellationToken cancellationToken)
    {
        foreach (var symbol in compilation.GetSymbolsWithName(target.Name + suffix, SymbolFilter.Member, cancellationToken))
        {
            if (symbol is IMethodSymbol candidate && Targets(candidate, target) && Matches(candidate, target, kind))
            {
                return candidate.ContainingType.ToDisplayString(TypeMapping.FullyQualified) + "." + candidate.Name;
            }
        }
        return null;
    }

    private static bool Targets(IMethodSymbol candidate, IMethodSymbol target)
        => candidate.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName
            && a.ConstructorArguments.Length == 2
            && a.ConstructorArguments[0].Value is INamedTypeSymbol type
            && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target.ContainingType.OriginalDefinition)
            && a.ConstructorArguments[1].Value as string == target.Name);

    /// <summary>Checks one <c>[DerivativeOf]</c> method: its name, and a signature that fits an overload of its target.</summary>
    public static EquatableArray<DiagnosticInfo> Validate(GeneratorAttributeSyntaxContext context)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax) return EquatableArray<DiagnosticInfo>.Empty;
        var location = LocationInfo.From(syntax.Identifier.GetLocation());
        var attribute = context.Attributes.FirstOrDefault();
        if (attribute is null || attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type || attribute.ConstructorArguments[1].Value is not string name)
        {
            return EquatableArray<DiagnosticInfo>.Empty;
        }
        var overloads = type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.IsStatic).ToList();
        DiagnosticInfo Error(string problem, string expected) => DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeSignatureMismatch, location, problem, expected);
        if (overloads.Count == 0)
        {
            return EquatableArray.Create(Error($"'{type.ToDisplayString()}' has no static method '{name}'", "a static method of the type named in [DerivativeOf]"));
        }
        bool gradient = method.Name == name + "Gradient";
        bool tangent = method.Name == name + "Tangent";
        if (!gradient && !tangent)
        {
            return EquatableArray.Create(Error($"A derivative registered for '{name}' must be named '{name}Gradient' or '{name}Tangent'", Display(overloads[0], Kind.Gradient)));
        }
        // A target that takes arrays needs the seeded Gradient overload (its callers use it); others the plain one.
        Kind KindFor(IMethodSymbol target) => tangent ? Kind.Tangent : TakesArrays(target) ? Kind.SeededGradient : Kind.Gradient;
        if (overloads.Any(target => Matches(method, target, KindFor(target)))) return EquatableArray<DiagnosticInfo>.Empty;
        var expected = string.Join(" or ", overloads.Select(target => Display(target, KindFor(target))));
        return EquatableArray.Create(Error($"'{method.Name}' does not have the signature of a derivative of '{type.Name}.{name}'", expected));
    }
}
