using System.Globalization;
using DiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Parsing;

/// <summary>Maps Roslyn types and constants to the IR's.</summary>
internal static class TypeMapping
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>The IR type of <paramref name="type"/>, or null when the IR cannot represent it.</summary>
    public static IrType? TryMap(ITypeSymbol? type)
    {
        if (type is null) return null;
        switch (type.SpecialType)
        {
            case SpecialType.System_Double: return IrType.Double;
            case SpecialType.System_Single: return IrType.Float;
            case SpecialType.System_Int32: return IrType.Int;
            case SpecialType.System_Int64: return new IrType("long", ValueKind.Integer);
            case SpecialType.System_Int16: return new IrType("short", ValueKind.Integer);
            case SpecialType.System_SByte: return new IrType("sbyte", ValueKind.Integer);
            case SpecialType.System_Byte: return new IrType("byte", ValueKind.Integer);
            case SpecialType.System_UInt16: return new IrType("ushort", ValueKind.Integer);
            case SpecialType.System_UInt32: return new IrType("uint", ValueKind.Integer);
            case SpecialType.System_UInt64: return new IrType("ulong", ValueKind.Integer);
            case SpecialType.System_Char: return new IrType("char", ValueKind.Integer);
            case SpecialType.System_IntPtr: return new IrType("nint", ValueKind.Integer);
            case SpecialType.System_UIntPtr: return new IrType("nuint", ValueKind.Integer);
            case SpecialType.System_Boolean: return IrType.Bool;
            case SpecialType.System_String: return new IrType("string", ValueKind.Other);
            case SpecialType.System_Decimal: return new IrType("decimal", ValueKind.Other);
        }
        if (type.TypeKind == Microsoft.CodeAnalysis.TypeKind.Enum) return new IrType(type.ToDisplayString(FullyQualified), ValueKind.Other);
        if (type is IArrayTypeSymbol { Rank: 1 } array && TryMapElement(array.ElementType) is { } element) return IrType.ArrayOf(element);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && TryMapElement(named.TypeArguments[0]) is { } spanElement)
        {
            if (named.Name == "ReadOnlySpan") return IrType.ReadOnlySpanOf(spanElement);
            if (named.Name == "Span") return IrType.SpanOf(spanElement);
        }
        if (OpaqueTypes.IsOpaque(type)) return new IrType(type.ToDisplayString(FullyQualified), ValueKind.Opaque);
        return null;
    }

    /// <summary>Array elements: numbers and booleans.</summary>
    private static IrType? TryMapElement(ITypeSymbol type)
        => TryMap(type) is { Kind: ValueKind.Real or ValueKind.Integer or ValueKind.Boolean } element ? element : null;

    /// <summary>The type of a <c>[NoDiff]</c> parameter: its own when the IR knows it, else an opaque constant.</summary>
    public static IrType Opaque(ITypeSymbol type) => TryMap(type) ?? new IrType(type.ToDisplayString(FullyQualified), ValueKind.Other);

    public static bool IsReal(ITypeSymbol? type)
        => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>A constant as a C# literal of its type, or null when it has none the IR can carry.</summary>
    public static ConstExpr? Constant(object? value, IrType type)
    {
        switch (value)
        {
            case double d when type.IsReal: return Literals.Real(type, d);
            case float f when type.IsReal: return Literals.Real(type, f);
            case bool b: return Literals.Bool(b);
            case string s: return new ConstExpr(type, SymbolDisplay.FormatLiteral(s, quote: true));
            case char c: return new ConstExpr(type, SymbolDisplay.FormatLiteral(c, quote: true));
            case decimal m: return new ConstExpr(type, m.ToString(CultureInfo.InvariantCulture) + "m");
        }
        if (value is null) return null;
        string digits = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";
        if (type.Kind == ValueKind.Other)
        {
            // An enum member: its underlying value, cast.
            return new ConstExpr(type, "((" + type.Name + ")(" + digits + "))");
        }
        if (type.IsReal)
        {
            double real = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return Literals.Real(type, real);
        }
        string literal = type.Name switch
        {
            "int" => digits,
            "long" => digits + "L",
            "uint" => digits + "U",
            "ulong" => digits + "UL",
            _ => "((" + type.Name + ")(" + digits + "))",
        };
        double? numeric = double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return new ConstExpr(type, literal, numeric);
    }
}
