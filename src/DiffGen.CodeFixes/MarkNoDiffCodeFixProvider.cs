using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>
/// DG0004 (a parameter type DiffGen cannot differentiate) and DG0018 (a span output of a method that returns a
/// value): marks the parameter <c>[NoDiff]</c>, a constant of the method, adding <c>using DiffGen;</c> if needed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkNoDiffCodeFixProvider)), Shared]
public sealed class MarkNoDiffCodeFixProvider : DocumentCodeFixProvider
{
    /// <summary>Registered by the IDE (MEF).</summary>
    public MarkNoDiffCodeFixProvider() : base("DiffGen.MarkNoDiff", DiagnosticIds.UnsupportedParameterType, DiagnosticIds.OutputOfScalarMethod) { }

    /// <inheritdoc/>
    protected override string? Title(CompilationUnitSyntax root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
        => DocumentFixes.Find<ParameterSyntax>(root, diagnostic) is { } parameter ? $"Mark '{parameter.Identifier.Text}' [NoDiff]" : null;

    /// <inheritdoc/>
    protected override CompilationUnitSyntax Fix(CompilationUnitSyntax root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var parameters = diagnostics.Select(d => DocumentFixes.Find<ParameterSyntax>(root, d)).OfType<ParameterSyntax>().Distinct().ToList();
        if (parameters.Count == 0) return root;
        return WithDiffGenInScope(root.ReplaceNodes(parameters, (_, rewritten) => WithNoDiff(rewritten)), semanticModel, parameters[0].SpanStart);
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
