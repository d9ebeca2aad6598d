using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>Syntax helpers the fixes share.</summary>
internal static class DocumentFixes
{
    /// <summary>
    /// Whether DiffGen's types are in scope at <paramref name="position"/>: a using, a global using, or code inside
    /// namespace DiffGen.
    /// </summary>
    public static bool DiffGenInScope(SemanticModel semanticModel, int position)
        => semanticModel.LookupNamespacesAndTypes(position, name: "DiffMath").Any(IsDiffGen);

    /// <summary>The root with <c>using DiffGen;</c> added: after the usings of System, in order among the others.</summary>
    public static CompilationUnitSyntax WithUsingDiffGen(CompilationUnitSyntax root)
    {
        string endOfLine = EndOfLine(root);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("DiffGen"));
        var usings = root.Usings;
        if (usings.Count == 0)
        {
            // Before the first member, after the file's leading comments.
            var first = root.GetFirstToken(includeZeroWidth: true);
            directive = directive.WithLeadingTrivia(first.LeadingTrivia)
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine), SyntaxFactory.EndOfLine(endOfLine));
            root = root.ReplaceToken(first, first.WithLeadingTrivia(SyntaxFactory.TriviaList()));
            return root.WithUsings(SyntaxFactory.SingletonList(directive));
        }
        static bool Before(UsingDirectiveSyntax existing)
        {
            if (existing.GlobalKeyword != default) return true;
            if (existing.Alias is not null || existing.StaticKeyword != default) return false;
            string name = existing.Name?.ToString() ?? "";
            return name == "System" || name.StartsWith("System.", StringComparison.Ordinal) || string.CompareOrdinal(name, "DiffGen") < 0;
        }
        int index = 0;
        while (index < usings.Count && Before(usings[index])) index++;
        directive = directive.WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine));
        if (index == 0)
        {
            // First: take over the leading comments of the using it now precedes.
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia(SyntaxFactory.TriviaList()));
        }
        return root.WithUsings(usings.Insert(index, directive));
    }

    private static bool IsDiffGen(ISymbol symbol)
        => symbol is INamedTypeSymbol { ContainingNamespace: { Name: "DiffGen", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>The file's line ending: its first, or a line feed.</summary>
    public static string EndOfLine(SyntaxNode root)
        => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";

    /// <summary>The node a diagnostic points at, found in <paramref name="root"/> by its span.</summary>
    public static T? Find<T>(SyntaxNode root, Diagnostic diagnostic) where T : SyntaxNode
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<T>().FirstOrDefault();

    /// <summary>Whether a parameter symbol is marked <c>[NoDiff]</c>.</summary>
    public static bool IsNoDiff(ISymbol symbol)
        => symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "NoDiffAttribute", ContainingNamespace.Name: "DiffGen" });
}
