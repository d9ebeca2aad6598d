using CsCheck;
using DiffGen.Fuzzing.Tests.Checking;
using DiffGen.Fuzzing.Tests.Compiling;
using DiffGen.Fuzzing.Tests.Programs;
using DiffGen.Fuzzing.Tests.Running;
using DiffGen.Fuzzing.Tests.Shrinking;
using Microsoft.CodeAnalysis;

namespace DiffGen.Fuzzing.Tests.Invalid;

/// <summary>
/// Invalid programs through the generator alone (nothing to run): each must get a DG error, never DG9999, and the
/// generator must not throw.
/// </summary>
public static class InvalidProgramRun
{
    public static RunSummary Run(FuzzSettings settings, Action<string> log, string testName)
    {
        var gen = new ProgramGen(InvalidProgram.BaseFeatures);
        var pcg = PCG.Parse(settings.Seed);
        var counts = new Dictionary<string, int>();
        var failures = new List<Failure>();
        int tried = 0;
        foreach (int count in settings.Batches())
        {
            var batch = new List<(InvalidProgram Program, string Seed)>();
            for (int k = 0; k < count; k++)
            {
                var program = gen.Next(pcg, out string seed);
                var usable = InvalidConstruct.All.Where(c => !c.NeedsWritableArray || program.Main.Arrays is [{ Kind: ArrayKind.Array }, ..]).ToList();
                batch.Add((new InvalidProgram(program, usable[(int)pcg.Next((uint)usable.Count)]), seed));
            }
            var findings = Evaluate(batch.Select(b => b.Program).ToList());
            tried += count;
            for (int k = 0; k < count; k++)
            {
                if (findings[k] is not { } finding) continue;
                var (invalid, seed) = batch[k];
                string check = $"{finding.Check} ({invalid.Construct.Name})";
                counts[check] = counts.GetValueOrDefault(check) + 1;
                log($"[{tried - count + k}] {check}: {finding.Message} (seed {seed})");
                if (finding.Check == Finding.FuzzerBug || failures.Count(f => f.Finding.Check == finding.Check && f.Finding.Message.StartsWith(invalid.Construct.Name, StringComparison.Ordinal)) >= settings.ShrinksPerCheck) continue;
                var (shrunk, shrunkFinding) = Shrinker.Shrink(invalid.Base, finding, settings.ShrinkBudget,
                    programs => Evaluate(programs.Select(p => invalid with { Base = p }).ToList()));
                var failure = new Failure(seed, invalid.Base, finding with { Message = invalid.Construct.Name + ": " + finding.Message },
                    (invalid with { Base = shrunk }).Print("Fuzz"), shrunkFinding, testName);
                failures.Add(failure);
                settings.Report(failure, log);
            }
            log($"{tried} invalid programs tried, {counts.Values.Sum()} failed");
        }
        return new RunSummary(tried, counts, failures);
    }

    public static Finding?[] Evaluate(IReadOnlyList<InvalidProgram> programs)
    {
        var sources = programs.Select((p, k) => p.Print(InMemoryCompiler.NamespaceOf(k))).ToList();
        var batch = InMemoryCompiler.Run(sources, compileOutput: false);
        if (batch.GeneratorException is not null)
            return programs.Count == 1
                ? [new Finding(Finding.GeneratorThrew, batch.GeneratorException.ToString())]
                : programs.Select(p => Evaluate([p])[0]).ToArray();
        return batch.Files.Select(file => Judge(file, batch)).ToArray();
    }

    private static Finding? Judge(FileOutcome file, BatchOutcome batch)
    {
        if (file.GeneratorDiagnostics.FirstOrDefault(d => d.Id == "DG9999") is { } internalError)
            return new Finding(Finding.InternalError, ProgramEvaluator.Describe(internalError));
        if (file.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("DG", StringComparison.Ordinal)))
            return null;
        // No DG error: the generator leaves code that does not compile to the compiler, so make sure it does compile.
        if (batch.InputErrors(file.Path) is { Count: > 0 } errors)
            return new Finding(Finding.FuzzerBug, "the invalid program does not compile: " + string.Join("; ", errors.Take(3).Select(ProgramEvaluator.Describe)));
        return new Finding(Finding.MissingDiagnostic, "the generator reported " +
            (file.GeneratorDiagnostics.Count == 0 ? "nothing" : string.Join("; ", file.GeneratorDiagnostics.Select(ProgramEvaluator.Describe))));
    }
}
