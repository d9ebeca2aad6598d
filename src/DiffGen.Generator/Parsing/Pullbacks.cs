using DiffGen.Generator.IR;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Hand-written pullbacks: <c>{Name}Pullback(F's parameters, R result, R seed, derivative parameters as in F's seeded
/// Gradient)</c> beside a <c>[Differentiable]</c> method. A caller's primal sweep then calls F once and its adjoint
/// sweep hands the saved result to the pullback, instead of calling the seeded Gradient (which computes F again).
/// </summary>
internal static class Pullbacks
{
    /// <summary>Whether <paramref name="method"/> has a static pullback of exactly that shape beside it.</summary>
    public static bool IsWritten(IMethodSymbol method)
        => !method.ReturnsVoid && method.IsStatic
           && method.ContainingType.GetMembers(method.Name + MethodModel.PullbackSuffix).OfType<IMethodSymbol>()
               .Any(candidate => DerivativeSignatures.Matches(candidate, method, DerivativeSignatures.Kind.Pullback));

    /// <summary>A written pullback that matches no overload: DG0019 with the expected signature, or null.</summary>
    public static string? Mismatch(IMethodSymbol method)
    {
        if (method.ReturnsVoid || !method.IsStatic) return null;
        var written = method.ContainingType.GetMembers(method.Name + MethodModel.PullbackSuffix).OfType<IMethodSymbol>().ToList();
        if (written.Count == 0 || IsWritten(method)) return null;
        return DerivativeSignatures.Display(method, DerivativeSignatures.Kind.Pullback);
    }
}
