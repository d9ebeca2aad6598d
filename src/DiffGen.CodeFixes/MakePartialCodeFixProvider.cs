using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>DG0001: declares the type partial, with every type around it that is not.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFixProvider)), Shared]
public sealed class MakePartialCodeFixProvider : DocumentCodeFixProvider
{
    /// <summary>Registered by the IDE (MEF).</summary>
    public MakePartialCodeFixProvider() : base("DiffGen.MakePartial", DiagnosticIds.ContainingTypeNotPartial) { }

    /// <inheritdoc/>
    protected override string? Title(CompilationUnitSyntax root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
        => DocumentFixes.Find<TypeDeclarationSyntax>(root, diagnostic) is { } type ? $"Make '{type.Identifier.Text}' partial" : null;

    /// <inheritdoc/>
    protected override CompilationUnitSyntax Fix(CompilationUnitSyntax root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // The reported types and the types around them: the generator needs every enclosing declaration partial.
        var types = diagnostics
            .Select(d => DocumentFixes.Find<TypeDeclarationSyntax>(root, d))
            .OfType<TypeDeclarationSyntax>()
            .SelectMany(t => t.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .Distinct()
            .ToList();
        return types.Count == 0 ? root : root.ReplaceNodes(types, (_, rewritten) => WithPartial(rewritten));
    }

    /// <summary>The declaration with <c>partial</c> last among its modifiers, right before the keyword, as C# requires.</summary>
    private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (type.Modifiers.Count > 0) return type.WithModifiers(type.Modifiers.Add(partial));
        // No modifiers: partial takes over the keyword's leading trivia (indentation, comments).
        var keyword = type.Keyword;
        return type
            .WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList()))
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
