using CsCheck;

namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>
/// The budget and seed of a run. `dotnet test` alone runs the small CI budget from a fixed seed, so CI is
/// deterministic; the environment makes it larger or replays one program:
/// <code>
/// DIFFGEN_FUZZ_ITERATIONS=5000 dotnet test tests/DiffGen.Fuzzing.Tests      # a large run
/// DIFFGEN_FUZZ_SEED=&lt;seed&gt; DIFFGEN_FUZZ_ITERATIONS=1 dotnet test tests/DiffGen.Fuzzing.Tests   # one program again
/// </code>
/// and DIFFGEN_FUZZ_MINUTES (stop starting batches after that long), DIFFGEN_FUZZ_SHRINK_SECONDS (per failure),
/// DIFFGEN_FUZZ_REPORT (a file the shrunk failures are appended to), DIFFGEN_FUZZ_WITHOUT (see Features).
/// </summary>
public sealed record FuzzSettings(int Iterations, string Seed, int BatchSize, TimeSpan ShrinkBudget, int ShrinksPerCheck, string? ReportPath, TimeSpan? TimeLimit)
{
    /// <summary>The CI budget: small enough for a 2-core machine, large enough to cover every construct.</summary>
    public const int CiValidIterations = 100;
    public const int CiInvalidIterations = 100;

    /// <summary>The seed of the CI runs (20261129 in CsCheck's seed format).</summary>
    public static string CiSeed { get; } = SeedString(new PCG(1, 20261129));

    public static FuzzSettings FromEnvironment(int ciIterations)
    {
        string? iterations = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_ITERATIONS");
        string? seed = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_SEED");
        string? shrink = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_SHRINK_SECONDS");
        string? minutes = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_MINUTES");
        return new FuzzSettings(
            string.IsNullOrEmpty(iterations) ? ciIterations : int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture),
            // A short number is a seed of one's choosing; a printed seed (12 characters) replays a program.
            string.IsNullOrEmpty(seed) ? CiSeed : seed.Length < 12 && ulong.TryParse(seed, out ulong n) ? SeedString(new PCG(1, n)) : seed,
            BatchSize: 50,
            ShrinkBudget: TimeSpan.FromSeconds(string.IsNullOrEmpty(shrink) ? 20 : double.Parse(shrink, System.Globalization.CultureInfo.InvariantCulture)),
            ShrinksPerCheck: 3,
            ReportPath: Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_REPORT"),
            TimeLimit: string.IsNullOrEmpty(minutes) ? null : TimeSpan.FromMinutes(double.Parse(minutes, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static string SeedString(PCG pcg) => pcg.ToString(pcg.State);

    /// <summary>The sizes of the batches a run checks, one after another, until its budget or its time is spent.</summary>
    public IEnumerable<int> Batches()
    {
        int tried = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (Continues(tried, started.Elapsed))
        {
            int count = Math.Min(BatchSize, Iterations - tried);
            yield return count;
            tried += count;
        }
    }

    /// <summary>A shrunk failure goes to the log, and to the report file when there is one.</summary>
    public void Report(Failure failure, Action<string> log)
    {
        log(failure.Describe());
        if (ReportPath is { } path) File.AppendAllText(path, failure.Describe() + "\n");
    }

    /// <summary>Whether a run that started <paramref name="elapsed"/> ago and tried <paramref name="tried"/> programs goes on.</summary>
    private bool Continues(int tried, TimeSpan elapsed) => tried < Iterations && (TimeLimit is null || elapsed < TimeLimit);
}
