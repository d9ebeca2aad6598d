using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// Test-only bridge: the DG diagnostics come from the source generator, and the code-fix test framework asks an
/// analyzer for the diagnostics to fix. This analyzer runs <see cref="DiffGen.Generator.DiffGenerator"/> on the
/// compilation (CSharpGeneratorDriver, as the compiler would) and reports the generator's diagnostics again, at the
/// same spans of the same trees, with their ids and messages, so the test sees exactly what the IDE shows.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>DG0001..DG0020 and DG9999, as the generator declares them (its descriptors are internal).</summary>
    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> Descriptors = Enumerable.Range(1, 20)
        .Select(i => $"DG{i:0000}")
        .Append("DG9999")
        .ToImmutableDictionary(id => id, id => new DiagnosticDescriptor(id, id, "{0}", "DiffGen", DiagnosticSeverity.Error, isEnabledByDefault: true));

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Descriptors.Values.ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        // One generator run per compilation; each tree's diagnostics are reported from its semantic model's action, as
        // local diagnostics (the code-fix test framework fixes only those, as the IDE's light bulb does).
        context.RegisterCompilationStartAction(start =>
        {
            var diagnostics = new Lazy<ILookup<SyntaxTree?, Diagnostic>>(() => Run(start.Compilation, start.CancellationToken).ToLookup(d => d.Location.SourceTree));
            start.RegisterSemanticModelAction(model =>
            {
                foreach (var diagnostic in diagnostics.Value[model.SemanticModel.SyntaxTree]) model.ReportDiagnostic(diagnostic);
            });
        });
    }

    /// <summary>The generator's DG diagnostics on <paramref name="compilation"/>, located in its own trees.</summary>
    public static IEnumerable<Diagnostic> Run(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var parseOptions = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions;
        var driver = CSharpGeneratorDriver.Create(new[] { new DiffGen.Generator.DiffGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
        var result = driver.RunGenerators(compilation, cancellationToken).GetRunResult().Results.Single();
        if (result.Exception is not null) throw new InvalidOperationException("The generator threw", result.Exception);
        foreach (var diagnostic in result.Diagnostics.Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal)))
        {
            // The generator reports file locations by path (it keeps no trees across runs): map them back to the tree.
            var lineSpan = diagnostic.Location.GetLineSpan();
            var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == lineSpan.Path);
            var location = tree is null ? Location.None : Location.Create(tree, diagnostic.Location.SourceSpan);
            var descriptor = Descriptors.TryGetValue(diagnostic.Id, out var known) ? known : throw new InvalidOperationException($"Unknown id {diagnostic.Id}");
            var severity = diagnostic.Severity;
            yield return Diagnostic.Create(descriptor.Id, descriptor.Category, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                severity, severity, isEnabledByDefault: true, warningLevel: severity == DiagnosticSeverity.Error ? 0 : 1,
                title: diagnostic.Descriptor.Title, location: location);
        }
    }
}
