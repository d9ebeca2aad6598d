using DiffGen.Generator.Emit;
using DiffGen.Generator.Parsing;
using DiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator;

/// <summary>
/// Emits <c>{Name}Tangent</c> and <c>{Name}Gradient</c> for every method marked <c>[Differentiable]</c>.
/// This file only wires the stages: Parse (symbols → IR), Differentiate (IR → IR), Emit (IR → C#).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DiffGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                MethodParser.DifferentiableAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                transform: static (context, cancellationToken) => MethodParser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var diagnostic in items) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });

        var differentiated = parsed
            .Select(static (result, cancellationToken) => Differentiation.Run(result, cancellationToken))
            .WithTrackingName(TrackingNames.Differentiate);

        var emitted = differentiated
            .Select(static (result, _) => result.Model is null ? null : new EmittedFile(result.Model.HintName, CSharpEmitter.Emit(result.Model)))
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(differentiated, static (output, result) =>
        {
            if (result.Failure is not null) output.ReportDiagnostic(result.Failure.ToDiagnostic());
        });
        context.RegisterSourceOutput(emitted, static (output, file) =>
        {
            if (file is not null) output.AddSource(file.HintName, file.Source);
        });
    }
}

/// <summary>One generated file.</summary>
internal sealed record EmittedFile(string HintName, string Source);
