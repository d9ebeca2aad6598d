using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>
/// What every DiffGen fix shares: one rewrite of a document for any number of its diagnostics, used both by the
/// light bulb (one diagnostic) and by Fix All (every diagnostic of each document together). Fix All does not use
/// <see cref="WellKnownFixAllProviders.BatchFixer"/>: the fixes of one document touch the same declarations (nested
/// types, one method's parameters, nested calls, one class per registered method) and the same
/// <c>using DiffGen;</c>, which a batch of independently computed text changes would merge badly.
/// </summary>
public abstract class DocumentCodeFixProvider : CodeFixProvider
{
    /// <summary>A fix of the diagnostics <paramref name="ids"/>, whose actions Fix All groups by <paramref name="equivalenceKey"/>.</summary>
    private protected DocumentCodeFixProvider(string equivalenceKey, params string[] ids)
    {
        EquivalenceKey = equivalenceKey;
        FixableDiagnosticIds = ImmutableArray.Create(ids);
    }

    private string EquivalenceKey { get; }

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <summary>The action's title for <paramref name="diagnostic"/>, or null where this fix does not apply.</summary>
    protected abstract string? Title(CompilationUnitSyntax root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>The root with <paramref name="diagnostics"/> fixed (the same root where none applies).</summary>
    protected abstract CompilationUnitSyntax Fix(CompilationUnitSyntax root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            diagnostics.IsEmpty ? document : await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root) return;
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (semanticModel is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Title(root, semanticModel, diagnostic, context.CancellationToken) is not { } title) continue;
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root) return document;
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null) return document;
        var fixedRoot = Fix(root, semanticModel, diagnostics, cancellationToken);
        return fixedRoot == root ? document : document.WithSyntaxRoot(fixedRoot);
    }

    /// <summary>
    /// <paramref name="fixedRoot"/> with <c>using DiffGen;</c> added unless DiffGen's types were in scope at
    /// <paramref name="position"/> of the original document.
    /// </summary>
    protected static CompilationUnitSyntax WithDiffGenInScope(CompilationUnitSyntax fixedRoot, SemanticModel semanticModel, int position)
        => DocumentFixes.DiffGenInScope(semanticModel, position) ? fixedRoot : DocumentFixes.WithUsingDiffGen(fixedRoot);
}
