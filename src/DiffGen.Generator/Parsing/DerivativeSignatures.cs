using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// The signatures the generator emits for a method, as Roslyn types: what a hand-written or registered derivative
/// must match, and what a DG0019 error shows.
/// </summary>
internal static class DerivativeSignatures
{
    /// <summary>The kinds of derivative method.</summary>
    public enum Kind { Gradient, SeededGradient, Tangent }

    private sealed record Parameter(string Name, string Type, RefKind RefKind);

    /// <summary>Whether callers use the seeded Gradient: a method returning a value and taking arrays.</summary>
    public static bool TakesArrays(IMethodSymbol method)
        => !method.ReturnsVoid && method.Parameters.Any(p => TypeMapping.TryMap(p.Type) is { IsRealArray: true } && MethodParser.IsDifferentiableParameter(p));

    public static bool Matches(IMethodSymbol candidate, IMethodSymbol target, Kind kind)
    {
        var expected = Expected(target, kind);
        if (!candidate.IsStatic || candidate.Parameters.Length != expected.Count) return false;
        if (candidate.ReturnType.ToDisplayString(TypeMapping.FullyQualified) != target.ReturnType.ToDisplayString(TypeMapping.FullyQualified)) return false;
        for (int i = 0; i < expected.Count; i++)
        {
            var parameter = candidate.Parameters[i];
            if (parameter.RefKind != expected[i].RefKind || parameter.Type.ToDisplayString(TypeMapping.FullyQualified) != expected[i].Type) return false;
        }
        return true;
    }

    /// <summary>"static double ErfGradient(double x, out double dX)", for messages.</summary>
    public static string Display(IMethodSymbol target, Kind kind)
    {
        string suffix = kind == Kind.Tangent ? "Tangent" : "Gradient";
        var parameters = Expected(target, kind).Select(p => (p.RefKind == RefKind.Out ? "out " : "") + Short(p.Type) + " " + p.Name);
        return $"static {target.ReturnType.ToDisplayString()} {target.Name}{suffix}({string.Join(", ", parameters)})";
    }

    /// <summary>How many parameters the generated overload of that kind has.</summary>
    public static int ParameterCount(IMethodSymbol target, Kind kind) => Expected(target, kind).Count;

    private static string Short(string type) => type.Replace("global::System.", "").Replace("global::", "");

    private static List<Parameter> Expected(IMethodSymbol target, Kind kind)
    {
        var list = new List<Parameter>();
        foreach (var parameter in target.Parameters) list.Add(new Parameter(parameter.Name, parameter.Type.ToDisplayString(TypeMapping.FullyQualified), RefKind.None));
        if (kind == Kind.SeededGradient) list.Add(new Parameter("seed", target.ReturnType.ToDisplayString(TypeMapping.FullyQualified), RefKind.None));
        foreach (var parameter in target.Parameters)
        {
            bool output = MethodParser.IsOutputParameter(parameter);
            if (!output && !MethodParser.IsDifferentiableParameter(parameter)) continue;
            var type = TypeMapping.TryMap(parameter.Type)!;
            string name = IR.DerivativeNaming.For(parameter.Name);
            if (type.Kind == IR.ValueKind.Array)
            {
                string element = type.Element!.Name;
                bool span = kind == Kind.Tangent ? output : !output;
                list.Add(new Parameter(name, $"global::System.{(span ? "Span" : "ReadOnlySpan")}<{element}>", RefKind.None));
            }
            else
            {
                list.Add(new Parameter(name, type.Name, kind == Kind.Tangent ? RefKind.None : RefKind.Out));
            }
        }
        if (kind == Kind.Tangent && !target.ReturnsVoid)
        {
            list.Add(new Parameter(IR.MethodModel.TangentParameterName, target.ReturnType.ToDisplayString(TypeMapping.FullyQualified), RefKind.Out));
        }
        return list;
    }
}
