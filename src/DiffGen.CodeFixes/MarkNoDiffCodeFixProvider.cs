using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>
/// DG0004 (a parameter type DiffGen cannot differentiate) and DG0018 (a span output of a method that returns a
/// value): marks the parameter <c>[NoDiff]</c>, a constant of the method, adding <c>using DiffGen;</c> if needed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDiffCodeFixProvider)), Shared]
public sealed class MarkNoDiffCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "DiffGen.MarkNoDiff";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnsupportedParameterType, DiagnosticIds.OutputOfScalarMethod);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAllPerDocument(FixAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || DocumentFixes.Find<ParameterSyntax>(root, diagnostic) is not { } parameter) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Mark '{parameter.Identifier.Text}' [NoDiff]", cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root) return document;
        var parameters = diagnostics.Select(d => DocumentFixes.Find<ParameterSyntax>(root, d)).OfType<ParameterSyntax>().Distinct().ToList();
        if (parameters.Count == 0) return document;
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        bool inScope = semanticModel is not null && DocumentFixes.DiffGenInScope(semanticModel, parameters[0].SpanStart);
        root = root.ReplaceNodes(parameters, (_, rewritten) => WithNoDiff(rewritten));
        return document.WithSyntaxRoot(inScope ? root : DocumentFixes.WithUsingDiffGen(root));
    }

    /// <summary><c>[NoDiff]</c> after the parameter's other attributes, before its modifiers and type.</summary>
    private static ParameterSyntax WithNoDiff(ParameterSyntax parameter)
    {
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("NoDiff"))))
            .WithTrailingTrivia(SyntaxFactory.Space);
        if (parameter.AttributeLists.Count > 0) return parameter.WithAttributeLists(parameter.AttributeLists.Add(list));
        // The parameter's leading trivia (a line break and indentation in a wrapped list) stays in front.
        var leading = parameter.GetLeadingTrivia();
        return parameter.WithoutLeadingTrivia().WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading)));
    }
}
