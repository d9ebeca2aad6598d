using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>The two modes, named once.</summary>
internal enum DerivativeMode
{
    /// <summary>Forward mode: <c>{Name}Tangent</c>, a Jacobian-vector product.</summary>
    Forward,
    /// <summary>Reverse mode: <c>{Name}Gradient</c>, a vector-Jacobian product seeded with 1.</summary>
    Reverse,
}

internal sealed record GeneratedParameter(string Name, string TypeText, bool IsOut = false)
{
    /// <summary><c>"ref "</c> or <c>"in "</c> for the derivative of a struct <c>this</c>; null for the usual (out or none).</summary>
    public string? Modifier { get; init; }
}

/// <summary>
/// A method produced by a transformation, ready to be printed. <paramref name="Disposables"/> (value stacks and
/// scratch buffers) give their pooled arrays back when the method is done: at its end (before its <c>return</c>)
/// when it has a single exit, else in a <c>finally</c>. A single-exit method that throws leaves them to the GC.
/// </summary>
internal sealed record GeneratedMethod(
    string Name,
    string Accessibility,
    IrType ReturnType,
    EquatableArray<GeneratedParameter> Parameters,
    EquatableArray<VarExpr> Locals,
    EquatableArray<Stmt> Body,
    string Summary,
    EquatableArray<VarExpr> Disposables = default)
{
    /// <summary>An instance method, next to the user's instance method.</summary>
    public bool IsInstance { get; init; }

    /// <summary>A thin forwarding method (the unit-seed Gradient calling the seeded one): the JIT inlines it into its callers.</summary>
    public bool AggressiveInlining { get; init; }

    /// <summary>
    /// Opaque types with pooled values (<c>IScopedDifferentiable</c>) whose scope the method opens: every value of
    /// them it creates goes back to the pool when it returns, except those it hands out (its result, its tangent, the
    /// gradients it adds into), which it keeps.
    /// </summary>
    public EquatableArray<string> Scopes { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The span parameters that hold derivatives (gradient buffers, output seeds): docs/API.md asks that they share no
    /// memory with the method's own arrays, so <see cref="Analysis.LoopVectorizer"/> lets them have bases of their own.
    /// </summary>
    public EquatableArray<string> DerivativeBuffers { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>Everything the emitter needs for one <c>[Differentiable]</c> method: where it lives and what to add.</summary>
internal sealed record DerivativeModel(
    string HintName,
    string? Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    EquatableArray<GeneratedMethod> Methods)
{
    /// <summary>A function of one real to a real of the same type: it also gets a <c>{Name}Function</c> struct.</summary>
    public ScalarFunction? Function { get; init; }
}

/// <summary>
/// <c>readonly partial struct {Name}Function : IScalarFunction&lt;T&gt;</c> beside a static <c>T {Name}(T x)</c>, so that a
/// kernel (a tensor's <c>Map</c>) applies the function and its generated derivative to every element with direct calls.
/// </summary>
internal sealed record ScalarFunction(string Name, string Accessibility, string ElementType);
