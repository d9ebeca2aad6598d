using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// The signatures the generator emits for a method, as Roslyn types: what a hand-written or registered derivative
/// must match, and what a DG0019 error shows.
/// </summary>
internal static class DerivativeSignatures
{
    /// <summary>The kinds of derivative method.</summary>
    public enum Kind
    {
        Gradient,
        SeededGradient,
        Tangent,
        /// <summary><c>{Name}Pullback(F's parameters, R result, R seed, derivatives as in the seeded Gradient)</c>: the adjoint given the value.</summary>
        Pullback,
    }

    private sealed record Parameter(string Name, string Type, RefKind RefKind);

    /// <summary>Whether callers use the seeded Gradient: a method returning a value and taking arrays.</summary>
    public static bool TakesArrays(IMethodSymbol method)
        => !method.ReturnsVoid
           && (method.Parameters.Any(p => TypeMapping.TryMap(p.Type) is { IsRealArray: true } or { IsOpaque: true } && MethodParser.IsDifferentiableParameter(p))
               || ReturnsOpaque(method));

    /// <summary>A method returning an opaque differentiable value: its only Gradient is the seeded one (the seed is a value of that type).</summary>
    public static bool ReturnsOpaque(IMethodSymbol method) => TypeMapping.TryMap(method.ReturnType) is { IsOpaque: true };

    /// <summary>The Gradient overloads a hand-written derivative must provide: those callers use.</summary>
    public static Kind[] GradientKinds(IMethodSymbol method)
        => ReturnsOpaque(method) ? new[] { Kind.SeededGradient }
            : TakesArrays(method) ? new[] { Kind.Gradient, Kind.SeededGradient }
            : new[] { Kind.Gradient };

    public static bool Matches(IMethodSymbol candidate, IMethodSymbol target, Kind kind)
    {
        var expected = Expected(target, kind);
        if (!candidate.IsStatic || candidate.Parameters.Length != expected.Count) return false;
        var returnType = kind == Kind.Pullback ? "void" : target.ReturnType.ToDisplayString(TypeMapping.FullyQualified);
        if (candidate.ReturnType.ToDisplayString(TypeMapping.FullyQualified) != returnType) return false;
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
        string suffix = kind switch { Kind.Tangent => "Tangent", Kind.Pullback => "Pullback", _ => "Gradient" };
        var parameters = Expected(target, kind).Select(p => (p.RefKind switch { RefKind.Out => "out ", RefKind.Ref => "ref ", _ => "" }) + Short(p.Type) + " " + p.Name);
        string returnType = kind == Kind.Pullback ? "void" : target.ReturnType.ToDisplayString();
        return $"static {returnType} {target.Name}{suffix}({string.Join(", ", parameters)})";
    }

    /// <summary>How many parameters the generated overload of that kind has.</summary>
    public static int ParameterCount(IMethodSymbol target, Kind kind) => Expected(target, kind).Count;

    private static string Short(string type) => type.Replace("global::System.", "").Replace("global::", "");

    private static List<Parameter> Expected(IMethodSymbol target, Kind kind)
    {
        var list = new List<Parameter>();
        foreach (var parameter in target.Parameters) list.Add(new Parameter(parameter.Name, parameter.Type.ToDisplayString(TypeMapping.FullyQualified), RefKind.None));
        if (kind == Kind.Pullback) list.Add(new Parameter("result", target.ReturnType.ToDisplayString(TypeMapping.FullyQualified), RefKind.None));
        if (kind is Kind.SeededGradient or Kind.Pullback) list.Add(new Parameter("seed", target.ReturnType.ToDisplayString(TypeMapping.FullyQualified), RefKind.None));
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
                // Reverse mode adds into an opaque value's gradient (ref); a scalar's is an out parameter.
                var reverse = type.IsOpaque ? RefKind.Ref : RefKind.Out;
                list.Add(new Parameter(name, type.Name, kind == Kind.Tangent ? RefKind.None : reverse));
            }
        }
        if (kind == Kind.Tangent && !target.ReturnsVoid)
        {
            list.Add(new Parameter(IR.MethodModel.TangentParameterName, target.ReturnType.ToDisplayString(TypeMapping.FullyQualified), RefKind.Out));
        }
        return list;
    }
}
