using System.Composition;
using Microsoft.CodeAnalysis;
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
public sealed class StopGradientCodeFixProvider : DocumentCodeFixProvider
{
    /// <summary>Registered by the IDE (MEF).</summary>
    public StopGradientCodeFixProvider() : base("DiffGen.StopGradient", DiagnosticIds.CallWithoutDerivative, DiagnosticIds.DerivativeDroppedAtNoDiff) { }

    /// <inheritdoc/>
    protected override string? Title(CompilationUnitSyntax root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var arguments = ArgumentsToWrap(root, semanticModel, diagnostic, cancellationToken);
        return arguments.Count switch
        {
            0 => null,
            1 => $"Wrap '{arguments[0]}' in DiffMath.StopGradient",
            _ => $"Wrap the arguments {string.Join(", ", arguments.Select(a => $"'{a}'"))} in DiffMath.StopGradient",
        };
    }

    /// <inheritdoc/>
    protected override CompilationUnitSyntax Fix(CompilationUnitSyntax root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var arguments = diagnostics.SelectMany(d => ArgumentsToWrap(root, semanticModel, d, cancellationToken)).Distinct().ToList();
        if (arguments.Count == 0) return root;
        // Nested arguments (a reported call inside another's argument) are wrapped inside out.
        return WithDiffGenInScope(root.ReplaceNodes(arguments, (_, rewritten) => StopGradient(rewritten)), semanticModel, arguments[0].SpanStart);
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
