namespace DiffGen.CodeFixes;

/// <summary>
/// The generator's diagnostic ids that the code fixes handle (src/DiffGen.Generator/Diagnostics/DiagnosticDescriptors.cs;
/// this assembly does not reference the generator, which ships beside it).
/// </summary>
internal static class DiagnosticIds
{
    public const string ContainingTypeNotPartial = "DG0001";
    public const string UnsupportedParameterType = "DG0004";
    public const string CallWithoutDerivative = "DG0010";
    public const string DerivativeDroppedAtNoDiff = "DG0017";
    public const string OutputOfScalarMethod = "DG0018";
}
