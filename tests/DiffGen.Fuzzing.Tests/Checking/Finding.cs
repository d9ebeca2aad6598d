namespace DiffGen.Fuzzing.Tests.Checking;

/// <summary>
/// One thing wrong with one program. <see cref="Check"/> names the class of failure; the shrinker keeps a smaller
/// program only if it fails the same check.
/// </summary>
public sealed record Finding(string Check, string Message, double[]? Inputs = null)
{
    // Classes of failure. The first group is wrong numbers, the second is the generator refusing or breaking on a
    // valid program, the last is the fuzzer's own fault.
    public const string ValueNotBitIdentical = "value not bit-identical";
    public const string ReverseVsFiniteDifferences = "reverse vs finite differences";
    /// <summary>Both modes agree, finite differences do not: a wrong derivative rule, or rounding that flattens the function.</summary>
    public const string BothModesVsFiniteDifferences = "both modes vs finite differences";
    public const string ForwardVsReverse = "forward vs reverse";
    public const string NaNGradient = "NaN gradient";
    public const string DerivativeThrew = "derivative threw";
    public const string GeneratorThrew = "generator threw";
    public const string InternalError = "DG9999";
    public const string ErrorOnValidProgram = "DG error on a valid program";
    public const string GeneratedCodeDoesNotCompile = "generated code does not compile";
    public const string MissingDiagnostic = "no DG error on an invalid program";
    public const string FuzzerBug = "fuzzer bug";
}
