using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DiffGen.Generator.Tests;

/// <summary>One run of the generator over a compilation, with everything the tests look at.</summary>
internal sealed record GeneratorRun(
    CSharpCompilation Input,
    Compilation Output,
    GeneratorDriver Driver,
    GeneratorRunResult Result,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> OutputDiagnostics)
{
    /// <summary>The diagnostics the generator reported with a DG id.</summary>
    public IReadOnlyList<Diagnostic> DG => GeneratorDiagnostics.Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal)).ToList();

    /// <summary>Errors of the compilation that includes the generated code (the user's code included).</summary>
    public IReadOnlyList<Diagnostic> OutputErrors => OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Errors and warnings of the compilation that includes the generated code.</summary>
    public IReadOnlyList<Diagnostic> OutputErrorsAndWarnings => OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Errors and warnings located in generated files.</summary>
    public IReadOnlyList<Diagnostic> GeneratedCodeDiagnostics => OutputDiagnostics
        .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && Result.GeneratedSources.Any(g => g.SyntaxTree == tree))
        .ToList();

    /// <summary>The text of the one generated file whose hint name contains <paramref name="part"/>.</summary>
    public string Source(string part)
    {
        var matches = Sources.Where(s => s.Key.Contains(part, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"Expected one generated file matching '{part}', found: {string.Join(", ", Sources.Keys)}");
        return matches[0].Value;
    }

    /// <summary>
    /// The text of a generated method: from the first place in file <paramref name="part"/> where
    /// <paramref name="marker"/> stands (its declaration, or a parameter only it has) to the next method's attributes.
    /// </summary>
    public string MethodText(string part, string marker)
    {
        var source = Source(part);
        int start = source.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"No {marker} in:\n{source}");
        int end = source.IndexOf("[global::", start, StringComparison.Ordinal);
        return source[start..(end < 0 ? source.Length : end)];
    }

    /// <summary>The source text a diagnostic points at (generator diagnostics carry external file locations: map back by path).</summary>
    public string TextAt(Diagnostic diagnostic)
    {
        var lineSpan = diagnostic.Location.GetLineSpan();
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == lineSpan.Path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }

    public string Describe() => GeneratorHarness.Describe(GeneratorDiagnostics.Concat(OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning)));
}

/// <summary>
/// Drives <see cref="DiffGenerator"/> in-process: builds a compilation from source strings against the running
/// runtime's assemblies and DiffGen, runs the generator with step tracking, and checks that it did not throw.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>
    /// The generator over <c>public static partial class C { … }</c> holding <paramref name="members"/> (with
    /// <c>using System; using DiffGen;</c>), checked to report nothing: no DG diagnostic, no error or warning.
    /// </summary>
    public static GeneratorRun RunClean(string members)
    {
        var run = Run($$"""
            using System;
            using DiffGen;
            public static partial class C
            {
            {{members}}
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        return run;
    }

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        deterministic: true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(DiffGen.DifferentiableAttribute).Assembly.Location);
        // One reference per assembly name: the runtime's list already holds DiffGen.dll.
        return paths
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray();
    }

    public static SyntaxTree ParseTree(string source, string path)
        => CSharpSyntaxTree.ParseText(SourceText.From(source, System.Text.Encoding.UTF8), ParseOptions, path);

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "Tests",
            sources.Select((source, i) => ParseTree(source, $"Source{i}.cs")),
            References,
            CompilationOptions);

    public static GeneratorDriver CreateDriver(bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new DiffGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator (on a fresh driver, or on <paramref name="driver"/> to test caching).</summary>
    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null, bool compileOutput = true)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, $"The generator threw: {result.Exception}");
        Assert.DoesNotContain(driverDiagnostics, d => d.Id is "CS8784" or "CS8785");
        var sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        var outputDiagnostics = compileOutput ? output.GetDiagnostics() : ImmutableArray<Diagnostic>.Empty;
        return new GeneratorRun(compilation, output, driver, result, result.Diagnostics, sources, outputDiagnostics);
    }

    /// <summary>The output compilation (the user's code and the generated code), emitted and loaded, to run it.</summary>
    public static System.Reflection.Assembly Load(GeneratorRun run)
    {
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, Describe(emit.Diagnostics));
        stream.Position = 0;
        return new System.Runtime.Loader.AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => $"  {d.Id} {d.Severity} {d.Location.GetLineSpan()}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").ToList();
        return lines.Count == 0 ? "  (none)" : string.Join(Environment.NewLine, lines);
    }
}
