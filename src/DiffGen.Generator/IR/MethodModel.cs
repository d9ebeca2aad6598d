using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>One enclosing type of the method, enough to emit a matching <c>partial</c> declaration.</summary>
internal sealed record TypeDeclaration(string Keyword, string Name);

/// <summary>A parameter of the user's method. <paramref name="Differentiable"/>: it gets a derivative parameter.</summary>
/// <paramref name="IsOutput"/>: a <c>Span&lt;T&gt;</c> of a vector-valued method, which it writes.
internal sealed record ParameterModel(string Name, IrType Type, bool Differentiable, bool IsOutput = false)
{
    /// <summary>The derivative parameter's name: <c>d</c> + the name with its first letter upper-cased.</summary>
    public string DerivativeName => DerivativeNaming.For(Name);
}

/// <summary>
/// A <c>[Differentiable]</c> method lowered to the IR: what every later stage needs and nothing of Roslyn's.
/// </summary>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    string ContainingTypeFullName,
    string Name,
    string Accessibility,
    IrType ReturnType,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<VarExpr> Locals,
    EquatableArray<Stmt> Body,
    bool EmitGradient,
    bool EmitTangent)
{
    public const string GradientSuffix = "Gradient";
    public const string TangentSuffix = "Tangent";
    public const string TangentParameterName = "tangent";
}

internal static class DerivativeNaming
{
    public static string For(string parameterName)
    {
        string name = parameterName.StartsWith("@", System.StringComparison.Ordinal) ? parameterName.Substring(1) : parameterName;
        return name.Length == 0 ? "d" : "d" + char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
