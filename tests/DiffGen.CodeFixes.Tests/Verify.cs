using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// A code-fix test of <typeparamref name="TCodeFix"/> on the generator's diagnostics: sources compile against the
/// running runtime's assemblies and DiffGen (no reference-assembly package is downloaded: the mirror may lack it, and
/// the tests run offline), and the expected diagnostics are written as markup, <c>{|DG0001:C|}</c>.
/// </summary>
public sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>The running runtime's assemblies and DiffGen.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(DiffGen.DifferentiableAttribute).Assembly.Location)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
            .ToImmutableArray());

    public CodeFixTest()
    {
        // An empty set: no package to resolve; the references come from the test's own runtime below.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(LazyReferences.Value);
    }

    /// <summary>
    /// Runs <paramref name="source"/> through the fix, one diagnostic at a time (<paramref name="iterations"/> fixes,
    /// by default as many as diagnostics) and with Fix All (<paramref name="fixAllIterations"/> passes, by default
    /// one), expecting <paramref name="fixedSource"/> both ways.
    /// </summary>
    public static Task RunAsync(string source, string fixedSource, string? equivalenceKey = null, int? iterations = null, int fixAllIterations = 1)
    {
        var test = new CodeFixTest<TCodeFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            NumberOfFixAllIterations = fixAllIterations,
            NumberOfFixAllInDocumentIterations = fixAllIterations,
        };
        if (iterations is { } count) test.NumberOfIncrementalIterations = count;
        return test.RunAsync();
    }

    /// <summary>
    /// Applies the fix to the one diagnostic whose span's text is <paramref name="at"/> (the framework above always
    /// fixes the first one first): the fixed document's text. Markup in <paramref name="source"/> is ignored; the
    /// action's title must be <paramref name="title"/> where given.
    /// </summary>
    public static async Task<string> FixOneAsync(string source, string id, string at, string? title = null)
    {
        source = System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[^:|]+:(.*?)\|\}", "$1");
        using var workspace = new AdhocWorkspace();
        var project = workspace.CurrentSolution
            .AddProject("Test", "Test", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .AddMetadataReferences(LazyReferences.Value);
        var document = project.AddDocument("Test0.cs", source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = (await document.GetSyntaxTreeAsync())!;
        var diagnostic = GeneratorDiagnosticsAnalyzer.Run(compilation)
            .Single(d => d.Id == id && tree.GetText().ToString(d.Location.SourceSpan) == at);
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new TCodeFix().RegisterCodeFixesAsync(context);
        var action = Assert.Single(actions);
        if (title is not null) Assert.Equal(title, action.Title);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }
}
