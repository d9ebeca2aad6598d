using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Opaque differentiable types: classes that implement <c>DiffGen.IDifferentiable&lt;TSelf&gt;</c> for themselves.
/// The generator never looks inside them; every operation on them is a <c>[Differentiable]</c> call.
/// </summary>
internal static class OpaqueTypes
{
    private const string InterfaceName = "DiffGen.IDifferentiable<TSelf>";

    /// <summary>What user code must write instead of looking inside such a value (DG0015's advice).</summary>
    public const string Advice = "DiffGen never looks inside a type that implements IDifferentiable<T>: make the operation a [Differentiable] static method whose derivatives are written by hand, and call it";

    /// <summary>The <c>IDifferentiable&lt;X&gt;</c> that <paramref name="type"/> implements, or null.</summary>
    private static INamedTypeSymbol? Interface(ITypeSymbol type)
        => type.TypeKind is TypeKind.Class or TypeKind.Struct
            ? type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.ToDisplayString() == InterfaceName)
            : null;

    /// <summary>A class implementing <c>IDifferentiable</c> of itself: its values carry derivatives of their own type.</summary>
    public static bool IsOpaque(ITypeSymbol? type) => type is not null && Interface(type) is not null && Problem(type) is null;

    private const string ScopedInterfaceName = "DiffGen.IScopedDifferentiable<TSelf>";

    /// <summary>
    /// The opaque types among <paramref name="types"/> whose values hold pooled storage (they implement
    /// <c>IScopedDifferentiable</c>): a generated derivative opens a scope of each, fully qualified, in a stable order.
    /// </summary>
    public static IEnumerable<string> Scoped(IEnumerable<ITypeSymbol> types)
        => types.Where(t => IsOpaque(t) && t.AllInterfaces.Any(i => i.OriginalDefinition.ToDisplayString() == ScopedInterfaceName))
            .Select(t => t.ToDisplayString(TypeMapping.FullyQualified)).Distinct().OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>Why a type that implements <c>IDifferentiable</c> cannot be used as one (DG0030), or null.</summary>
    public static string? Problem(ITypeSymbol? type)
    {
        if (type is null || Interface(type) is not { } implemented) return null;
        if (!SymbolEqualityComparer.Default.Equals(implemented.TypeArguments[0], type))
        {
            return $"it implements IDifferentiable<{implemented.TypeArguments[0].Name}> rather than IDifferentiable<{type.Name}>: its tangents must be values of the type itself";
        }
        if (type.IsValueType)
        {
            return "it is a struct: an opaque differentiable type is a class (its adjoints are null until something adds into them); make it a sealed class, or make it a plain struct of reals without the interface";
        }
        return null;
    }
}
