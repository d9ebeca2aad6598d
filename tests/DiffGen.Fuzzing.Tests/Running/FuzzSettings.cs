using CsCheck;

namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>
/// The budget and seed of a run. `dotnet test` alone runs the small CI budget from a fixed seed, so CI is
/// deterministic; the environment makes it larger or replays one program:
/// <code>
/// DIFFGEN_FUZZ_ITERATIONS=5000 dotnet test tests/DiffGen.Fuzzing.Tests      # a large run
/// DIFFGEN_FUZZ_SEED=&lt;seed&gt; DIFFGEN_FUZZ_ITERATIONS=1 dotnet test tests/DiffGen.Fuzzing.Tests   # one program again
/// </code>
/// </summary>
public sealed record FuzzSettings(int Iterations, string Seed, int BatchSize, TimeSpan ShrinkBudget, int ShrinksPerCheck, string? ReportPath)
{
    /// <summary>The CI budget: small enough for a 2-core machine, large enough to cover every construct.</summary>
    public const int CiValidIterations = 150;
    public const int CiInvalidIterations = 100;

    /// <summary>The seed of the CI runs (20261129 in CsCheck's seed format).</summary>
    public static string CiSeed { get; } = SeedString(new PCG(1, 20261129));

    public static FuzzSettings FromEnvironment(int ciIterations)
    {
        string? iterations = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_ITERATIONS");
        string? seed = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_SEED");
        string? shrink = Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_SHRINK_SECONDS");
        return new FuzzSettings(
            string.IsNullOrEmpty(iterations) ? ciIterations : int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(seed) ? CiSeed : ulong.TryParse(seed, out ulong n) ? SeedString(new PCG(1, n)) : seed,
            BatchSize: 50,
            ShrinkBudget: TimeSpan.FromSeconds(string.IsNullOrEmpty(shrink) ? 20 : double.Parse(shrink, System.Globalization.CultureInfo.InvariantCulture)),
            ShrinksPerCheck: 3,
            ReportPath: Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_REPORT"));
    }

    public static string SeedString(PCG pcg) => pcg.ToString(pcg.State);
}
