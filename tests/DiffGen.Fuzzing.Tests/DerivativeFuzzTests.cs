using DiffGen.Fuzzing.Tests.Programs;
using DiffGen.Fuzzing.Tests.Running;
using Xunit.Abstractions;

namespace DiffGen.Fuzzing.Tests;

/// <summary>
/// Random valid [Differentiable] methods (scalars, arrays, local arrays, loops, branches, helpers, vector outputs):
/// every generated derivative against finite differences, forward against reverse, values bit for bit.
/// </summary>
public class DerivativeFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomValidMethods()
    {
        var settings = FuzzSettings.FromEnvironment(FuzzSettings.CiValidIterations);
        output.WriteLine($"seed {settings.Seed}, {settings.Iterations} programs");
        var summary = ValidProgramRun.Run(settings, Features.FromEnvironment(), output.WriteLine, nameof(DerivativeFuzzTests));
        Assert.True(summary.Failures.Count == 0, Report(summary));
    }

    internal static string Report(ValidProgramRun.Summary summary)
        => $"{summary.FailuresByCheck.Values.Sum()} of {summary.Tried} programs failed: " +
           string.Join(", ", summary.FailuresByCheck.Select(c => $"{c.Value} × {c.Key}")) + "\n\n" +
           string.Join("\n", summary.Failures.Select(f => f.Describe()));
}
