using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.CodeFixes;

/// <summary>
/// DG0010 (a call without derivative receives a varied value): wraps the call's varied arguments in
/// <c>DiffMath.StopGradient</c>, treating them as constants. DG0017 (a varied value passed to a <c>[NoDiff]</c>
/// parameter): wraps that argument, saying that dropping its derivative is meant (and silencing the warning).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StopGradientCodeFixProvider)), Shared]
public sealed class StopGradientCodeFixProvider : CodeFixProvider
{
    internal const string EquivalenceKey = "DiffGen.StopGradient";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CallWithoutDerivative, DiagnosticIds.DerivativeDroppedAtNoDiff);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => DocumentFixes.FixAllPerDocument(FixAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var arguments = ArgumentsToWrap(root, semanticModel, diagnostic, context.CancellationToken);
            if (arguments.Count == 0) continue;
            string title = arguments.Count == 1
                ? $"Wrap '{arguments[0]}' in DiffMath.StopGradient"
                : $"Wrap the arguments {string.Join(", ", arguments.Select(a => $"'{a}'"))} in DiffMath.StopGradient";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root) return document;
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (semanticModel is null) return document;
        var arguments = diagnostics.SelectMany(d => ArgumentsToWrap(root, semanticModel, d, cancellationToken)).Distinct().ToList();
        if (arguments.Count == 0) return document;
        bool inScope = DocumentFixes.DiffGenInScope(semanticModel, arguments[0].SpanStart);
        // Nested arguments (a reported call inside another's argument) are wrapped inside out.
        root = root.ReplaceNodes(arguments, (_, rewritten) => StopGradient(rewritten));
        return document.WithSyntaxRoot(inScope ? root : DocumentFixes.WithUsingDiffGen(root));
    }

    private static ExpressionSyntax StopGradient(ExpressionSyntax argument)
        => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("DiffMath"), SyntaxFactory.IdentifierName("StopGradient")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.WithoutTrivia()))))
            .WithTriviaFrom(argument);

    /// <summary>
    /// The argument expressions a diagnostic's fix wraps: for DG0017 the reported argument; for DG0010 the call's
    /// real arguments that may carry a derivative (not constants, not made only of [NoDiff] parameters, not already
    /// stopped), or all its real arguments when none looks varied.
    /// </summary>
    private static List<ExpressionSyntax> ArgumentsToWrap(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id == DiagnosticIds.DerivativeDroppedAtNoDiff)
        {
            return DocumentFixes.Find<ArgumentSyntax>(root, diagnostic) is { } argument && IsReal(semanticModel, argument.Expression, cancellationToken) && !IsStopped(semanticModel, argument.Expression, cancellationToken)
                ? new List<ExpressionSyntax> { argument.Expression }
                : new List<ExpressionSyntax>();
        }
        if (DocumentFixes.Find<InvocationExpressionSyntax>(root, diagnostic) is not { } invocation) return new List<ExpressionSyntax>();
        var real = invocation.ArgumentList.Arguments
            .Select(a => a.Expression)
            .Where(e => IsReal(semanticModel, e, cancellationToken) && !IsStopped(semanticModel, e, cancellationToken) && !semanticModel.GetConstantValue(e, cancellationToken).HasValue)
            .ToList();
        var varied = real.Where(e => MayBeVaried(semanticModel, e, cancellationToken)).ToList();
        return varied.Count > 0 ? varied : real;
    }

    /// <summary>A double or a float: what <c>DiffMath.StopGradient</c> takes.</summary>
    private static bool IsReal(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken)
        => semanticModel.GetTypeInfo(expression, cancellationToken).Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    private static bool IsStopped(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken)
        => semanticModel.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol { Name: "StopGradient", ContainingType: { Name: "DiffMath", ContainingNamespace.Name: "DiffGen" } };

    /// <summary>Whether the expression reads anything but constants and [NoDiff] parameters.</summary>
    private static bool MayBeVaried(SemanticModel semanticModel, ExpressionSyntax expression, CancellationToken cancellationToken)
        => expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name => semanticModel.GetSymbolInfo(name, cancellationToken).Symbol switch
        {
            IParameterSymbol parameter => !DocumentFixes.IsNoDiff(parameter),
            IFieldSymbol field => !field.IsConst,
            ILocalSymbol local => !local.IsConst,
            IPropertySymbol => true,
            _ => false,
        }) || expression.DescendantNodesAndSelf().Any(n => n is ThisExpressionSyntax);
}
