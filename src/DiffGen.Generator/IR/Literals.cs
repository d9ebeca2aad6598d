using System.Globalization;

namespace DiffGen.Generator.IR;

/// <summary>Spells constants as C# literals that round-trip exactly.</summary>
internal static class Literals
{
    public static ConstExpr Real(IrType type, double value)
        => new(type, type.IsFloat ? Float((float)value) : Double(value), type.IsFloat ? (float)value : value);

    public static ConstExpr Int(int value) => new(IrType.Int, value.ToString(CultureInfo.InvariantCulture), value);

    public static ConstExpr Bool(bool value) => new(IrType.Bool, value ? "true" : "false");

    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        if (value == 0 && double.IsNegativeInfinity(1 / value)) return "-0d";
        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    public static string Float(float value)
    {
        if (float.IsNaN(value)) return "float.NaN";
        if (float.IsPositiveInfinity(value)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(value)) return "float.NegativeInfinity";
        if (value == 0 && float.IsNegativeInfinity(1 / value)) return "-0f";
        return value.ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
