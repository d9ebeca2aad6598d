using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using DiffGen.Generator;

namespace DiffGen.Fuzzing.Tests.Compiling;

/// <summary>What the generator and the compiler said about one source file of a batch.</summary>
public sealed record FileOutcome(
    string Path,
    IReadOnlyList<Diagnostic> GeneratorDiagnostics,
    IReadOnlyList<Diagnostic> UserErrors,
    IReadOnlyList<Diagnostic> GeneratedCodeErrors)
{
    public bool HasGeneratorError => GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    public bool Compiles => !HasGeneratorError && UserErrors.Count == 0 && GeneratedCodeErrors.Count == 0;
}

/// <summary>One batch through the generator: per file outcomes, the exception if the generator threw, and a loader.</summary>
public sealed record BatchOutcome(IReadOnlyList<FileOutcome> Files, Exception? GeneratorException, Compilation Input, Compilation Output)
{
    private readonly Lazy<ILookup<string?, Diagnostic>> inputErrors = new(() => Input.GetDiagnostics()
        .Where(d => d.Severity == DiagnosticSeverity.Error).ToLookup(d => d.Location.SourceTree?.FilePath));

    /// <summary>Errors in a file of the input alone, before generation (computed once per batch, when first asked).</summary>
    public IReadOnlyList<Diagnostic> InputErrors(string path) => inputErrors.Value[path].ToList();
}

/// <summary>
/// Runs <see cref="DiffGenerator"/> in memory over many source files at once (compiling is the expensive part, so a
/// batch holds many programs, each file in its own namespace), sorts every diagnostic back to its file, and emits the
/// result into a collectible load context.
/// </summary>
public static class InMemoryCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release, deterministic: true);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray());

    /// <param name="sources">One source per file; file k is named <c>File{k}.cs</c>.</param>
    /// <param name="compileOutput">False to run the generator only (its diagnostics are all an invalid program needs).</param>
    public static BatchOutcome Run(IReadOnlyList<string> sources, bool compileOutput = true)
    {
        var trees = sources.Select((s, k) => CSharpSyntaxTree.ParseText(SourceText.From(s, System.Text.Encoding.UTF8), ParseOptions, PathOf(k))).ToArray();
        var compilation = CSharpCompilation.Create($"Fuzz{Guid.NewGuid():N}", trees, References.Value, Options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new DiffGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        var exception = result.Exception
            ?? (driverDiagnostics.FirstOrDefault(d => d.Id is "CS8784" or "CS8785") is { } crash ? new InvalidOperationException(crash.ToString()) : null);

        var outputDiagnostics = compileOutput ? output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList() : [];
        var generatedTrees = result.GeneratedSources.ToDictionary(g => g.SyntaxTree, g => g.SourceText.ToString());
        var files = new List<FileOutcome>();
        for (int k = 0; k < sources.Count; k++)
        {
            string path = PathOf(k);
            string ns = NamespaceOf(k);
            files.Add(new FileOutcome(path,
                result.Diagnostics.Where(d => d.Location.GetLineSpan().Path == path).ToList(),
                outputDiagnostics.Where(d => d.Location.SourceTree?.FilePath == path).ToList(),
                // Generated files are attributed by the namespace they declare.
                outputDiagnostics.Where(d => d.Location.SourceTree is { } t && generatedTrees.TryGetValue(t, out var text)
                    && text.Contains($"namespace {ns}", StringComparison.Ordinal)).ToList()));
        }
        return new BatchOutcome(files, exception, compilation, output);
    }

    public static string PathOf(int k) => $"File{k}.cs";

    // The trailing underscore keeps P1_ from being a prefix of P10_.
    public static string NamespaceOf(int k) => $"Fuzz.P{k}_";

    /// <summary>Emits the compilation into a collectible context; dispose the result to unload it.</summary>
    public static LoadedAssembly Load(Compilation output)
    {
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        if (!emit.Success)
            throw new InvalidOperationException("Emit failed: " + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        stream.Position = 0;
        var context = new AssemblyLoadContext(output.AssemblyName, isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(stream));
    }
}

/// <summary>An assembly in a collectible context: unloaded on dispose, so a long run does not keep every batch.</summary>
public sealed class LoadedAssembly(AssemblyLoadContext context, Assembly assembly) : IDisposable
{
    public Assembly Assembly { get; } = assembly;

    public void Dispose() => context.Unload();
}
