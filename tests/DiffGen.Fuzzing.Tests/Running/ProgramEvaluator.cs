using DiffGen.Fuzzing.Tests.Checking;
using DiffGen.Fuzzing.Tests.Compiling;
using DiffGen.Fuzzing.Tests.Programs;
using Microsoft.CodeAnalysis;

namespace DiffGen.Fuzzing.Tests.Running;

/// <summary>A program with the seed it came from (which also seeds its input points).</summary>
public sealed record Seeded(FuzzProgram Program, string Seed);

/// <summary>
/// Compiles a batch of programs in one compilation, then runs the checks on each: the one place where a program
/// becomes a list of findings, shared by the fuzzing run and the shrinker.
/// </summary>
public static class ProgramEvaluator
{
    /// <returns>One entry per program: its finding, or null when it passed.</returns>
    public static Finding?[] Evaluate(IReadOnlyList<Seeded> programs)
    {
        var findings = new Finding?[programs.Count];
        var pending = Enumerable.Range(0, programs.Count).ToList();
        // A program the generator refuses makes the whole compilation fail: note it, drop it, compile the rest again.
        for (int attempt = 0; attempt < 4 && pending.Count > 0; attempt++)
        {
            var sources = pending.Select(k => CSharpPrinter.Print(programs[k].Program, InMemoryCompiler.NamespaceOf(k))).ToList();
            var batch = InMemoryCompiler.Run(Pad(sources, pending));
            if (batch.GeneratorException is not null)
            {
                if (pending.Count == 1)
                {
                    findings[pending[0]] = new Finding(Finding.GeneratorThrew, batch.GeneratorException.ToString());
                    return findings;
                }
                // Find the culprit alone.
                foreach (int k in pending) findings[k] = Evaluate([programs[k]])[0];
                return findings;
            }

            var failed = new List<int>();
            foreach (int k in pending)
            {
                var file = batch.Files[k];
                if (CompileFinding(file) is { } finding)
                {
                    findings[k] = finding;
                    failed.Add(k);
                }
            }
            if (failed.Count > 0)
            {
                pending = pending.Except(failed).ToList();
                continue;
            }

            using var loaded = InMemoryCompiler.Load(batch.Output);
            foreach (int k in pending)
                findings[k] = DerivativeChecks.Run(Harness.Bind(loaded.Assembly, InMemoryCompiler.NamespaceOf(k)), programs[k].Program, programs[k].Seed);
            return findings;
        }
        return findings;
    }

    // Sources are placed at their program's index (file k is program k), empty files elsewhere.
    private static string[] Pad(List<string> sources, List<int> indices)
    {
        var all = Enumerable.Repeat("", indices.Max() + 1).ToArray();
        for (int i = 0; i < indices.Count; i++) all[indices[i]] = sources[i];
        return all;
    }

    private static Finding? CompileFinding(FileOutcome file)
    {
        if (file.GeneratorDiagnostics.FirstOrDefault(d => d.Id == "DG9999") is { } internalError)
            return new Finding(Finding.InternalError, Describe(internalError));
        if (file.GeneratorDiagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            return new Finding(Finding.ErrorOnValidProgram, Describe(error));
        if (file.UserErrors.Count > 0)
            return new Finding(Finding.FuzzerBug, "the program does not compile: " + string.Join("; ", file.UserErrors.Take(3).Select(Describe)));
        if (file.GeneratedCodeErrors.Count > 0)
            return new Finding(Finding.GeneratedCodeDoesNotCompile, string.Join("; ", file.GeneratedCodeErrors.Take(3).Select(Describe)));
        return null;
    }

    public static string Describe(Diagnostic d)
        => $"{d.Id} at {d.Location.GetLineSpan().StartLinePosition}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
}
