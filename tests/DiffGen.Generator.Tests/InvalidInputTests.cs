using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Regression tests for what once went wrong: code that does not compile gets only the compiler's errors, and
/// generated code compiles whenever the generator reports no error (mixed precisions, const locals, rejected callees).
/// </summary>
public class InvalidInputTests
{
    private static GeneratorRun RunMembers(string members)
        => GeneratorHarness.Run("using System;\nusing DiffGen;\npublic static partial class C\n{\n" + members + "\n}\n");

    // Was bug 1. Reverse mode of a float <-> double conversion: the adjoint is converted to the conversion's result
    // type instead of its operand's type (DerivativeRules.Scale, case ConvertExpr), so FGradient does not compile:
    // 'dF = _d_t0;' assigns a double to a float (CS0266). Forward mode is right.
    [Theory]
    [InlineData("public static double F(double x, float f) => x * f;")]
    [InlineData("public static float F(float f, double x) => (float)(x * f);")]
    [InlineData("public static double F(double x) { float g = (float)x; return g * x; }")]
    public void MixedFloatAndDoubleGradientCompiles(string member)
    {
        var run = RunMembers("[Differentiable]\n" + member);
        Assert.Empty(run.DG);
        Assert.True(run.OutputErrorsAndWarnings.Count == 0, run.Describe());
    }

    // Was bug 2. A const local becomes an IR local that is assigned and never read (its uses are folded to the literal):
    // warning CS0219 in both generated methods, an error for users who build with warnings as errors.
    [Fact]
    public void ConstLocalGivesNoWarningInGeneratedCode()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double F(double x)
            {
                const double k = 3;
                return k * x;
            }
            """);
        Assert.Empty(run.DG);
        Assert.True(run.OutputErrorsAndWarnings.Count == 0, run.Describe());
    }

    // Was bug 3. Compile errors inside an expression get DG diagnostics on top of the compiler's: an operand of error
    // type makes its parent unsupported (DG0015 "An operation on '?'", "A variable of type '??'") before the
    // IInvalidOperation below it is seen, and an unknown assignment target gives DG0016. The contract: a method with
    // compile errors gets no DG diagnostic and no output.
    [Theory]
    [InlineData("public static double F(double x) => x * undefinedName;")]
    [InlineData("public static double F(double x) => -undefinedName;")]
    [InlineData("public static double F(double x) => x * ;")]
    [InlineData("public static double F(double x) => x > 0 ? x : undefinedName;")]
    [InlineData("public static double F(double x) { var y = undefinedName; return x; }")]
    [InlineData("public static double F(double x) { Undefined y = default; return x; }")]
    [InlineData("public static double F(double x) { x += undefinedName; return x; }")]
    [InlineData("public static double F(double x) { undefinedName = x; return x; }")]
    [InlineData("public static double F(double x) { return; }")]
    public void CompileErrorInExpressionYieldsNoDiagnostic(string member)
    {
        var run = RunMembers("[Differentiable]\n" + member);
        Assert.True(run.DG.Count == 0, GeneratorHarness.Describe(run.DG));
        Assert.NotEmpty(run.OutputErrors);
    }

    // Was bug 4. DG0017 is a warning but '#pragma warning disable DG0017' cannot suppress it: DiagnosticInfo.ToDiagnostic
    // creates an external-file location (Location.Create(path, span, lineSpan)), which Roslyn does not check against
    // pragmas (dotnet/roslyn#68291; dotnet/runtime#92509 fixed it by reporting with a SourceLocation from the tree).
    [Fact]
    public void DG0017CanBeSuppressedWithPragma()
    {
        var run = RunMembers("""
            [Differentiable]
            public static double Scale(double a, [NoDiff] double factor) => a * factor;

            #pragma warning disable DG0017
            [Differentiable]
            public static double F(double x) => Scale(2.0, x * x);
            #pragma warning restore DG0017
            """);
        Assert.True(run.DG.All(d => d.IsSuppressed), GeneratorHarness.Describe(run.DG));
    }

    // QUESTIONABLE 5. Bodies the compiler rejects (a conversion error, a missing return) still get generated code,
    // and that code adds its own errors (CS0030, CS0161, CS0177) to the user's.
    [Theory]
    [InlineData("public static double F(double x) { double y = \"s\"; return y; }")]
    [InlineData("public static double F(double x) { }")]
    public void InvalidBodyGetsNoUncompilableOutput(string member)
    {
        var run = RunMembers("[Differentiable]\n" + member);
        Assert.True(run.GeneratedCodeDiagnostics.Count == 0, run.Describe());
    }

    // QUESTIONABLE 6. An undefined type in the signature gets DG0003/DG0004 on top of CS0246.
    [Theory]
    [InlineData("public static double F(Undefined x) => 1.0;")]
    [InlineData("public static Undefined F(double x) => x;")]
    public void UndefinedTypeInSignatureYieldsNoDiagnostic(string member)
    {
        var run = RunMembers("[Differentiable]\n" + member);
        Assert.True(run.DG.Count == 0, GeneratorHarness.Describe(run.DG));
    }

    // QUESTIONABLE 7. When a [Differentiable] callee is rejected (here DG0001: its type is not partial), the caller is
    // still generated and calls the callee's missing HTangent/HGradient (CS0117 in generated code).
    [Fact]
    public void CallerOfARejectedCalleeGetsNoUncompilableOutput()
    {
        var run = GeneratorHarness.Run("""
            using DiffGen;

            public static partial class Caller
            {
                [Differentiable]
                public static double F(double x) => Other.H(x) * 2;
            }

            public static class Other
            {
                [Differentiable]
                public static double H(double z) => z * z;
            }
            """);
        Assert.Contains(run.DG, d => d.Id == "DG0001");
        Assert.True(run.GeneratedCodeDiagnostics.Count == 0, run.Describe());
    }
}
