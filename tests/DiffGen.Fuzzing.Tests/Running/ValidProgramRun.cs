using CsCheck;
using DiffGen.Fuzzing.Tests.Checking;
using DiffGen.Fuzzing.Tests.Programs;
using DiffGen.Fuzzing.Tests.Shrinking;

namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>Generates valid programs batch by batch, checks them, and shrinks the first failures of each kind.</summary>
public static class ValidProgramRun
{
    public static RunSummary Run(FuzzSettings settings, Features features, Action<string> log, string testName)
    {
        var gen = new ProgramGen(features);
        var pcg = PCG.Parse(settings.Seed);
        var counts = new Dictionary<string, int>();
        var failures = new List<Failure>();
        int tried = 0;
        foreach (int count in settings.Batches())
        {
            var batch = Enumerable.Range(0, count).Select(_ => new Seeded(gen.Next(pcg, out string seed), seed)).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var findings = ProgramEvaluator.Evaluate(batch);
            log($"batch of {count} compiled and checked in {clock.Elapsed.TotalSeconds:F1} s");
            tried += count;
            for (int k = 0; k < count; k++)
            {
                if (findings[k] is not { } finding) continue;
                counts[finding.Check] = counts.GetValueOrDefault(finding.Check) + 1;
                log($"[{tried - count + k}] {finding.Check}: {finding.Message} (seed {batch[k].Seed})");
                // A program that does not compile is the fuzzer's fault: shrinking it would only find an empty method.
                if (finding.Check == Finding.FuzzerBug || failures.Count(f => f.Finding.Check == finding.Check) >= settings.ShrinksPerCheck) continue;
                string seed = batch[k].Seed;
                var (shrunk, shrunkFinding) = Shrinker.Shrink(batch[k].Program, finding, settings.ShrinkBudget,
                    programs => ProgramEvaluator.Evaluate(programs.Select(p => new Seeded(p, seed)).ToList()));
                var failure = new Failure(seed, batch[k].Program, finding, CSharpPrinter.PrintSubject(shrunk), shrunkFinding, testName);
                failures.Add(failure);
                settings.Report(failure, log);
            }
            var (checkedPoints, skipped) = DerivativeChecks.PointCounts;
            log($"{tried} programs tried, {counts.Values.Sum()} failed ({checkedPoints} points checked, {skipped} skipped for a huge intermediate)");
        }
        return new RunSummary(tried, counts, failures);
    }
}
