using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.CodeFixes;

/// <summary>
/// The signatures of the <c>[DerivativeOf]</c> registrations the generator accepts for a target method, as its
/// DG0019 check computes them (src/DiffGen.Generator/Parsing/DerivativeSignatures.cs, which this assembly cannot
/// reference): the target's parameters; for a target that takes arrays, the seed of its result; then one derivative
/// per differentiable parameter (<c>d</c> + its name): <c>out T</c> for a scalar in the Gradient and <c>T</c> in the
/// Tangent, <c>Span&lt;T&gt;</c> (accumulated) for an array in the Gradient and <c>ReadOnlySpan&lt;T&gt;</c> in the
/// Tangent; and the Tangent's <c>out T tangent</c>. A code-fix test runs the generator on the result (no DG0019).
/// </summary>
internal static class RegistrationSignatures
{
    public sealed record Parameter(string Name, ITypeSymbol Type, bool Out);

    /// <summary>One registration: its name, parameters, and what its body computes (for the TODO).</summary>
    public sealed record Signature(string Name, IReadOnlyList<Parameter> Parameters, string Todo);

    public static bool IsReal(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>The element type of a real <c>T[]</c>, <c>ReadOnlySpan&lt;T&gt;</c> or <c>Span&lt;T&gt;</c>, and whether it is a Span (an output).</summary>
    private static (ITypeSymbol Element, bool Span)? RealArray(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array && IsReal(array.ElementType)) return (array.ElementType, false);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "ReadOnlySpan" or "Span" } named
            && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
            && IsReal(named.TypeArguments[0]))
        {
            return (named.TypeArguments[0], named.Name == "Span");
        }
        return null;
    }

    private static bool IsDifferentiable(IParameterSymbol parameter)
        => !DocumentFixes.IsNoDiff(parameter) && (IsReal(parameter.Type) || RealArray(parameter.Type) is { Span: false });

    private static bool IsOutput(IParameterSymbol parameter)
        => !DocumentFixes.IsNoDiff(parameter) && RealArray(parameter.Type) is { Span: true };

    /// <summary><c>d</c> + the name with its first letter upper-cased, as the generator names derivatives.</summary>
    public static string DerivativeName(string name) => name.Length == 0 ? "d" : "d" + char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>A name as C# writes it: keywords escaped.</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The Gradient (seeded where the target takes arrays) and the Tangent of <paramref name="target"/>.</summary>
    public static IReadOnlyList<Signature> For(IMethodSymbol target, Compilation compilation)
    {
        bool seeded = target.Parameters.Any(p => RealArray(p.Type) is not null && IsDifferentiable(p));
        var span = compilation.GetTypeByMetadataName("System.Span`1");
        var readOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
        var gradient = target.Parameters.Select(p => new Parameter(p.Name, p.Type, false)).ToList();
        var tangent = target.Parameters.Select(p => new Parameter(p.Name, p.Type, false)).ToList();
        var gradientTodo = new List<string>();
        var tangentTodo = new List<string>();
        if (seeded) gradient.Add(new Parameter("seed", target.ReturnType, false));
        string seed = seeded ? "seed·" : "";
        foreach (var parameter in target.Parameters)
        {
            bool output = IsOutput(parameter);
            if (!output && !IsDifferentiable(parameter)) continue;
            string name = DerivativeName(parameter.Name);
            if (RealArray(parameter.Type) is { } array && span is not null && readOnlySpan is not null)
            {
                gradient.Add(new Parameter(name, (output ? readOnlySpan : span).Construct(array.Element), false));
                tangent.Add(new Parameter(name, (output ? span : readOnlySpan).Construct(array.Element), false));
                gradientTodo.Add(output ? $"read the seed of {parameter.Name}[i] from {name}[i]" : $"add {seed}∂/∂{parameter.Name}[i] to {name}[i]");
                tangentTodo.Add(output ? $"write the tangent of {parameter.Name}[i] to {name}[i]" : $"Σ ∂/∂{parameter.Name}[i]·{name}[i]");
            }
            else
            {
                gradient.Add(new Parameter(name, parameter.Type, true));
                tangent.Add(new Parameter(name, parameter.Type, false));
                gradientTodo.Add($"set {name} = {seed}∂/∂{parameter.Name}");
                tangentTodo.Add($"∂/∂{parameter.Name}·{name}");
            }
        }
        tangent.Add(new Parameter("tangent", target.ReturnType, true));
        return new[]
        {
            new Signature(target.Name + "Gradient", gradient, gradientTodo.Count == 0 ? "set no derivative" : string.Join(", ", gradientTodo)),
            new Signature(target.Name + "Tangent", tangent, "set tangent = " + (tangentTodo.Count == 0 ? "0" : string.Join(" + ", tangentTodo))),
        };
    }

    /// <summary>The registrations of <paramref name="target"/> that the compilation does not have yet.</summary>
    public static IReadOnlyList<Signature> Missing(IMethodSymbol target, Compilation compilation, CancellationToken cancellationToken)
        => For(target, compilation).Where(signature => !compilation.GetSymbolsWithName(signature.Name, SymbolFilter.Member, cancellationToken)
            .OfType<IMethodSymbol>()
            .Any(existing => Registers(existing, target) && Matches(existing, signature))).ToList();

    private static bool Registers(IMethodSymbol candidate, IMethodSymbol target)
        => candidate.GetAttributes().Any(a => a.AttributeClass is { Name: "DerivativeOfAttribute", ContainingNamespace.Name: "DiffGen" }
            && a.ConstructorArguments.Length == 2
            && a.ConstructorArguments[0].Value is INamedTypeSymbol type
            && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target.ContainingType.OriginalDefinition)
            && a.ConstructorArguments[1].Value as string == target.Name);

    private static bool Matches(IMethodSymbol candidate, Signature signature)
        => candidate.Parameters.Length == signature.Parameters.Count
           && candidate.Parameters.Zip(signature.Parameters, (have, want) => (have.RefKind == RefKind.Out) == want.Out && SymbolEqualityComparer.Default.Equals(have.Type, want.Type)).All(ok => ok);
}
