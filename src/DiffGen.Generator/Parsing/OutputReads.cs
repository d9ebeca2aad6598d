using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Whether a vector-valued method may read what its caller left in an output. Its derivative takes an output's
/// initial contents as constants (docs/API.md), which is exact for a fresh array and wrong for one that already
/// carries a derivative: the caller asks before passing such an array. Decided on the callee's syntax, erring towards
/// "may read": anything but <c>y[i] = …</c>, <c>y.Length</c> and passing <c>y</c> on as an output of a callee that does
/// not read it counts as a read.
/// </summary>
internal static class OutputReads
{
    public static bool MayRead(IParameterSymbol output, Compilation compilation, CancellationToken cancellationToken)
        => MayRead(output, compilation, new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default), cancellationToken);

    private static bool MayRead(IParameterSymbol output, Compilation compilation, HashSet<IParameterSymbol> visiting, CancellationToken cancellationToken)
    {
        if (!visiting.Add(output)) return false;   // a recursive call: decided by the other uses
        var method = (IMethodSymbol)output.ContainingSymbol;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            SyntaxNode? body = declaration switch
            {
                MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                _ => null,
            };
            if (body is null) continue;
            SemanticModel? model = null;
            foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != output.Name) continue;
                model ??= compilation.GetSemanticModel(identifier.SyntaxTree);
                if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, output)) continue;
                if (!IsWriteOnly(identifier, model, compilation, visiting, cancellationToken)) return true;
            }
        }
        return false;
    }

    private static bool IsWriteOnly(IdentifierNameSyntax use, SemanticModel model, Compilation compilation, HashSet<IParameterSymbol> visiting, CancellationToken cancellationToken)
    {
        switch (use.Parent)
        {
            case ElementAccessExpressionSyntax element when element.Expression == use:
                return element.Parent is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Left == element;
            case MemberAccessExpressionSyntax member when member.Expression == use:
                return member.Name.Identifier.ValueText == "Length";
            case ArgumentSyntax argument when argument.Parent?.Parent is InvocationExpressionSyntax invocation:
            {
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol callee || !MethodParser.IsDifferentiableCallee(callee)) return false;
                var operation = model.GetOperation(invocation, cancellationToken) as Microsoft.CodeAnalysis.Operations.IInvocationOperation;
                var parameter = operation?.Arguments.FirstOrDefault(a => a.Syntax == argument)?.Parameter;
                return parameter is not null && MethodParser.IsOutputParameter(parameter) && !MayRead(parameter.OriginalDefinition, compilation, visiting, cancellationToken);
            }
            default:
                return false;
        }
    }
}
