using System.Diagnostics;
using DiffGen.Fuzzing.Tests.Checking;
using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Shrinking;

/// <summary>
/// Greedy shrinking on the AST: among the candidates one step simpler (<see cref="Candidates"/>), evaluated a batch
/// per compilation, keep the smallest that fails the same check, and start again from it, until no candidate fails
/// or the time is up. CsCheck's own shrinking searches by regenerating from new seeds, which rarely hits a rare bug
/// again; cutting the failing program itself does.
/// </summary>
public static class Shrinker
{
    private const int BatchSize = 60;

    /// <param name="evaluate">Compiles and checks a batch of programs: one finding (or null) per program.</param>
    public static (FuzzProgram Program, Finding Finding) Shrink(FuzzProgram program, Finding finding, TimeSpan budget,
        Func<IReadOnlyList<FuzzProgram>, Finding?[]> evaluate)
    {
        var clock = Stopwatch.StartNew();
        bool progress = true;
        while (progress && clock.Elapsed < budget)
        {
            progress = false;
            int size = AstSize.Of(program);
            var candidates = Candidates.Of(program).Where(c => AstSize.Of(c) < size).DistinctBy(c => CSharpPrinter.PrintSubject(c));
            foreach (var chunk in candidates.Chunk(BatchSize))
            {
                if (clock.Elapsed >= budget) break;
                var results = evaluate(chunk);
                var best = chunk.Zip(results)
                    .Where(r => r.Second?.Check == finding.Check)
                    .OrderBy(r => AstSize.Of(r.First))
                    .FirstOrDefault();
                if (best.First is not null)
                {
                    (program, finding) = (best.First, best.Second!);
                    progress = true;
                    break;
                }
            }
        }
        return (program, finding);
    }
}
