using DiffGen.Generator.Emit;
using DiffGen.Generator.Model;
using DiffGen.Generator.Optimize;
using DiffGen.Generator.Parsing;
using DiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator;

/// <summary>
/// Emits <c>{Name}Tangent</c> and <c>{Name}Gradient</c> for every method marked <c>[Differentiable]</c>.
/// This file only wires the stages: Parse (symbols → IR, every diagnostic), Optimize (IR → IR), callers of failed
/// methods (DG0021), Differentiate (IR → IR), Emit (IR → C#).
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

        var optimized = parsed
            .Select(static (result, cancellationToken) => Optimization.Run(result, cancellationToken))
            .WithTrackingName(TrackingNames.Optimize);

        // Callers of methods that get no derivatives fail too (DG0021), decided over every method at once; the
        // summary is a small equatable list, so edits that change no method's failure leave what follows cached.
        var failures = optimized.Collect()
            .Select(static (results, cancellationToken) => CalleeFailures.Find(results, cancellationToken))
            .WithTrackingName(TrackingNames.CalleeFailures);
        var checkedCalls = optimized.Combine(failures)
            .Select(static (pair, _) => CalleeFailures.MarkCallers(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.CheckCallees);

        // Parse's diagnostics, Optimize's DG9999 should it fail, and DG0021.
        var diagnostics = checkedCalls
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        // Reporting needs the syntax trees, so that #pragma warning disable applies; only this output re-runs per edit.
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var diagnostic in pair.Left) output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
        });

        // [DerivativeOf] registrations are found by name when a call needs them; here they are only checked.
        var registrations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Registrations.AttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (context, _) => Registrations.Validate(context))
            .WithTrackingName(TrackingNames.Registrations);
        context.RegisterSourceOutput(registrations.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (var diagnostic in pair.Left) output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
        });

        // Calls of a generated derivative that fit it only if some parameter were [NoDiff] (DG0022): told by name and
        // argument count, since the generator never sees its own output.
        var derivativeCalls = context.SyntaxProvider
            .CreateSyntaxProvider(
                predicate: static (node, _) => DerivativeCalls.IsCandidate(node),
                transform: static (context, cancellationToken) => DerivativeCalls.Check(context, cancellationToken))
            .Where(static diagnostic => diagnostic is not null)
            .WithTrackingName(TrackingNames.DerivativeCalls);
        context.RegisterSourceOutput(derivativeCalls.Combine(context.CompilationProvider), static (output, pair) =>
        {
            output.ReportDiagnostic(pair.Left!.ToDiagnostic(pair.Right));
        });

        var differentiated = checkedCalls
            .Select(static (result, cancellationToken) => Differentiation.Run(result, cancellationToken))
            .WithTrackingName(TrackingNames.Differentiate);

        var emitted = differentiated
            .Select(static (result, _) => CSharpEmitter.EmitFile(result))
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(emitted, static (output, file) =>
        {
            if (file.Failure is not null) output.ReportDiagnostic(file.Failure.ToDiagnostic());
            if (file.HintName is not null && file.Source is not null) output.AddSource(file.HintName, file.Source);
        });
    }
}

/// <summary>One generated file, or the diagnostic that explains why there is none.</summary>
internal sealed record EmittedFile(string? HintName, string? Source, DiagnosticInfo? Failure);
