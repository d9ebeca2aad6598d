using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>One enclosing type of the method, enough to emit a matching <c>partial</c> declaration.</summary>
internal sealed record TypeDeclaration(string Keyword, string Name);

/// <summary>A parameter of the user's method. <paramref name="Differentiable"/>: it gets a derivative parameter.</summary>
/// <paramref name="IsOutput"/>: a <c>Span&lt;T&gt;</c> of a vector-valued method, which it writes.
/// <paramref name="FieldOf"/>: a field of <c>this</c> (its name is its path, <c>this.W</c> or <c>this.Layer.W</c>): a
/// parameter to the derivatives, reached through the method's <c>dThis</c> rather than a parameter of its own.
internal sealed record ParameterModel(string Name, IrType Type, bool Differentiable, bool IsOutput = false, string? FieldOf = null)
{
    public bool IsField => FieldOf is not null;

    /// <summary>A derivative parameter name other than d + Name (the Hessian-vector product's hv{Name}).</summary>
    public string? DerivativeNameOverride { get; init; }

    /// <summary>The derivative parameter's name: <c>d</c> + the name with its first letter upper-cased.</summary>
    public string DerivativeName => DerivativeNameOverride ?? DerivativeNaming.For(Name);

    /// <summary>
    /// For a leaf of a value of a differentiable type: per member on its path from the owner, whether it is init-only
    /// (its derivative is then added by rebuilding the owner's derivative with <c>with</c>).
    /// </summary>
    public EquatableArray<bool> InitOnlyPath { get; init; } = EquatableArray<bool>.Empty;

    /// <summary>A parameter whose value is of a differentiable class (not a struct): its derivative is passed as it is.</summary>
    public bool ValueIsClass { get; init; }

    /// <summary>A value of a differentiable type: its leaves are parameters too, with <see cref="FieldOf"/> its name.</summary>
    public bool IsAggregate => Type.IsAggregate;
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
    /// <summary>
    /// For an instance method: the containing type, fully qualified, whose value holds the derivative with respect to
    /// <c>this</c> (<c>dThis</c>); null for a static method.
    /// </summary>
    public string? ThisType { get; init; }

    /// <summary>
    /// Whether <c>this</c> is a struct or a record: its derivative is then passed by <c>ref</c> (reverse) or <c>in</c>
    /// (forward); a record's init-only members are added into by rebuilding it with <c>with</c>.
    /// </summary>
    public bool ThisIsValueType { get; init; }

    public bool IsInstance => ThisType is not null;

    /// <summary>
    /// Opaque types of its parameters or result whose values hold pooled storage (<c>IScopedDifferentiable</c>): its
    /// Gradient and Tangent open a scope of each, so that the values they create and do not hand out go back to the pool.
    /// </summary>
    public EquatableArray<string> ScopedTypes { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Nothing of its type is named <c>{Name}Function</c>: a scalar function's struct may take that name.</summary>
    public bool FunctionNameFree { get; init; }

    public const string ThisDerivativeName = "dThis";

    /// <summary>
    /// Locals (and temporaries) that each pass of a loop assigns before it reads them: the adjoint sweep may compute
    /// such a value again from its operands instead of saving it.
    /// </summary>
    public EquatableArray<string> LoopLocals { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The lowering's temporaries (one per operation): the clean-ups may fold them away, never the user's variables,
    /// whose names the code a user reads keeps.
    /// </summary>
    public EquatableArray<string> Temporaries { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// Whether reverse mode also emits the split forms <c>{Name}Primal</c> and <c>{Name}Pullback</c> that generated
    /// callers use: with a generated Gradient, unless the type already has members of those names.
    /// </summary>
    public bool EmitPrimalAndPullback { get; init; }

    /// <summary>
    /// The same method with every call of a <c>[Differentiable]</c> method inlined, for its second derivatives
    /// (<c>Transforms.SecondOrder</c> differentiates one flat body); null when the body calls none or cannot be inlined.
    /// </summary>
    public MethodModel? InlinedForSecondOrder { get; init; }

    public const string GradientSuffix = "Gradient";
    public const string PrimalSuffix = "Primal";
    public const string PullbackSuffix = "Pullback";
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
