namespace DiffGen.Generator.IR;

/// <summary>What the differentiation cares about in a type.</summary>
internal enum ValueKind
{
    /// <summary><c>double</c> or <c>float</c>: values of this kind can carry derivatives.</summary>
    Real,
    /// <summary>Integral types and <c>char</c>: always constant.</summary>
    Integer,
    Boolean,
    /// <summary>Enums, strings and any <c>[NoDiff]</c> type: opaque constants.</summary>
    Other,
    /// <summary><c>T[]</c>, <c>ReadOnlySpan&lt;T&gt;</c> or <c>Span&lt;T&gt;</c>: see <see cref="IrType.Element"/>.</summary>
    Array,
    /// <summary>The reverse mode's stack of <see cref="IrType.Element"/> values (<c>ValueStack&lt;T&gt;</c> of the runtime).</summary>
    ValueStack,
    /// <summary>A pooled buffer that local arrays of <see cref="IrType.Element"/> are rented from (<c>ScratchBuffer&lt;T&gt;</c>).</summary>
    ScratchBuffer,
    /// <summary>
    /// A value of a user's differentiable type (<c>Parsing.DifferentiableTypes</c>). Lowered code holds its leaves;
    /// only a method's result, its seed and its tangent are whole values (<see cref="ConstructExpr"/>).
    /// </summary>
    Aggregate,
    /// <summary>
    /// A class that implements <c>DiffGen.IDifferentiable&lt;TSelf&gt;</c>: it carries derivatives of its own type,
    /// and the generator never looks inside it (docs/API.md, "Opaque differentiable types").
    /// </summary>
    Opaque,
}

/// <summary>How a one-dimensional array is passed.</summary>
internal enum ArrayShape { None, Array, ReadOnlySpan, Span }

/// <summary>A type as the emitted C# spells it (<c>double</c>, <c>int</c>, <c>global::N.E</c>).</summary>
internal sealed record IrType(string Name, ValueKind Kind, IrType? Element = null, ArrayShape Shape = ArrayShape.None)
{
    public static readonly IrType Double = new("double", ValueKind.Real);
    public static readonly IrType Float = new("float", ValueKind.Real);
    public static readonly IrType Int = new("int", ValueKind.Integer);
    public static readonly IrType Bool = new("bool", ValueKind.Boolean);
    public static readonly IrType Void = new("void", ValueKind.Other);

    public bool IsReal => Kind == ValueKind.Real;

    public bool IsAggregate => Kind == ValueKind.Aggregate;

    /// <summary>A value of an opaque differentiable type: its tangents and adjoints are values of the same type.</summary>
    public bool IsOpaque => Kind == ValueKind.Opaque;

    /// <summary>A single value that carries a derivative: a real or an opaque differentiable value.</summary>
    public bool IsDifferentiableValue => IsReal || IsOpaque;

    /// <summary>An array or span of <c>double</c> or <c>float</c>: its elements can carry derivatives.</summary>
    public bool IsRealArray => Kind == ValueKind.Array && Element is { IsReal: true };

    public static IrType ArrayOf(IrType element) => new(element.Name + "[]", ValueKind.Array, element, ArrayShape.Array);

    public static IrType ReadOnlySpanOf(IrType element) => new("global::System.ReadOnlySpan<" + element.Name + ">", ValueKind.Array, element, ArrayShape.ReadOnlySpan);

    public static IrType SpanOf(IrType element) => new("global::System.Span<" + element.Name + ">", ValueKind.Array, element, ArrayShape.Span);

    public static IrType ValueStackOf(IrType element) => new(RuntimeNames.Of(RuntimeNames.ValueStack, element.Name), ValueKind.ValueStack, element);

    public static IrType ScratchBufferOf(IrType element) => new(RuntimeNames.Of(RuntimeNames.ScratchBuffer, element.Name), ValueKind.ScratchBuffer, element);

    public bool IsFloat => Name == "float";

    /// <summary>The class whose functions work in this precision: <c>Math</c> for double, <c>MathF</c> for float.</summary>
    public string MathClass => IsFloat ? "global::System.MathF" : "global::System.Math";

    public override string ToString() => Name;
}
