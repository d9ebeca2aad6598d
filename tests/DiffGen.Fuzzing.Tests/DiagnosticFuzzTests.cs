using DiffGen.Fuzzing.Tests.Invalid;
using DiffGen.Fuzzing.Tests.Running;
using Xunit.Abstractions;

namespace DiffGen.Fuzzing.Tests;

/// <summary>Random methods with one unsupported construct each: always a DG error, never DG9999 or an exception.</summary>
public class DiagnosticFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomInvalidMethods()
    {
        var settings = FuzzSettings.FromEnvironment(FuzzSettings.CiInvalidIterations);
        output.WriteLine($"seed {settings.Seed}, {settings.Iterations} programs");
        var summary = InvalidProgramRun.Run(settings, output.WriteLine, nameof(DiagnosticFuzzTests));
        Assert.True(summary.FailuresByCheck.Count == 0, summary.Describe());
    }
}
