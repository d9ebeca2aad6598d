using System.Text;
using DiffGen.Fuzzing.Tests.Checking;
using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>A failing program as found, and as shrunk; <see cref="Describe"/> is what a person needs to act on it.</summary>
public sealed record Failure(string Seed, FuzzProgram Original, Finding Finding, string ShrunkSource, Finding ShrunkFinding, string TestName)
{
    public string Describe()
    {
        var w = new StringBuilder();
        w.Append("### ").Append(ShrunkFinding.Check).Append('\n');
        w.Append(ShrunkFinding.Message).Append('\n');
        if (ShrunkFinding.Inputs is { } inputs)
            w.Append("inputs (arrays' elements in parameter order, then the scalars): [")
                .Append(string.Join(", ", inputs.Select(DerivativeChecks.R))).Append("]\n");
        w.Append("seed: ").Append(Seed).Append("  (replay: DIFFGEN_FUZZ_SEED='").Append(Seed)
            .Append("' DIFFGEN_FUZZ_ITERATIONS=1 dotnet test tests/DiffGen.Fuzzing.Tests --filter ").Append(TestName).Append(")\n");
        w.Append("shrunk from ").Append(AstSize.Of(Original)).Append(" nodes:\n```csharp\n").Append(ShrunkSource).Append("```\n");
        return w.ToString();
    }
}
