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
        Assert.True(summary.FailuresByCheck.Count == 0, summary.Describe());
    }
}
