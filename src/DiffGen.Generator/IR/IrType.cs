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
}

/// <summary>A type as the emitted C# spells it (<c>double</c>, <c>int</c>, <c>global::N.E</c>).</summary>
internal sealed record IrType(string Name, ValueKind Kind)
{
    public static readonly IrType Double = new("double", ValueKind.Real);
    public static readonly IrType Float = new("float", ValueKind.Real);
    public static readonly IrType Int = new("int", ValueKind.Integer);
    public static readonly IrType Bool = new("bool", ValueKind.Boolean);
    public static readonly IrType Void = new("void", ValueKind.Other);

    public bool IsReal => Kind == ValueKind.Real;

    public bool IsFloat => Name == "float";

    /// <summary>The class whose functions work in this precision: <c>Math</c> for double, <c>MathF</c> for float.</summary>
    public string MathClass => IsFloat ? "global::System.MathF" : "global::System.Math";

    public override string ToString() => Name;
}
