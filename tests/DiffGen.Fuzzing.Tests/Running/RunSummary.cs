namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>What a run tried, how many programs failed each check, and the failures it shrank.</summary>
public sealed record RunSummary(int Tried, IReadOnlyDictionary<string, int> FailuresByCheck, IReadOnlyList<Failure> Failures)
{
    public string Describe()
        => $"{FailuresByCheck.Values.Sum()} of {Tried} programs failed: " +
           string.Join(", ", FailuresByCheck.Select(c => $"{c.Value} × {c.Key}")) + "\n\n" +
           string.Join("\n", Failures.Select(f => f.Describe()));
}
