using System.Composition;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace DiffGen.CodeFixes;

/// <summary>
/// DG0010 on a call of a static method of another assembly (<c>double.Hypot</c>, a library's function): creates
/// <c>[DerivativeOf]</c> registrations of its Gradient and Tangent, with exactly the signatures the generator looks
/// for (docs/API.md, "Registering a derivative for a method you do not own"), in a new static partial class after
/// the type that makes the call. Their bodies throw until written: a TODO says what each computes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DerivativeOfStubCodeFixProvider)), Shared]
public sealed class DerivativeOfStubCodeFixProvider : DocumentCodeFixProvider
{
    /// <summary>Registered by the IDE (MEF).</summary>
    public DerivativeOfStubCodeFixProvider() : base("DiffGen.DerivativeOfStub", DiagnosticIds.CallWithoutDerivative) { }

    /// <inheritdoc/>
    protected override string? Title(CompilationUnitSyntax root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Target(root, semanticModel, diagnostic, cancellationToken) is { } target
           && RegistrationSignatures.Missing(target.Method, semanticModel.Compilation, cancellationToken).Count > 0
            ? $"Register the derivatives of '{target.Method.ContainingType.ToMinimalDisplayString(semanticModel, target.Call.SpanStart)}.{target.Method.Name}' with [DerivativeOf]"
            : null;

    private sealed record CallTarget(IMethodSymbol Method, InvocationExpressionSyntax Call);

    /// <summary>The called method, when it is one a registration can serve: static, not generic, of another assembly, returning a real.</summary>
    private static CallTarget? Target(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (DocumentFixes.Find<InvocationExpressionSyntax>(root, diagnostic) is not { } invocation
            || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }
        var method = called.ReducedFrom ?? called;
        bool foreign = !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, semanticModel.Compilation.Assembly);
        return foreign && method.IsStatic && !method.IsGenericMethod && RegistrationSignatures.IsReal(method.ReturnType)
            ? new CallTarget(method, invocation)
            : null;
    }

    /// <inheritdoc/>
    protected override CompilationUnitSyntax Fix(CompilationUnitSyntax root, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // One class per target method, after the outermost type around its first call.
        var targets = diagnostics
            .Select(d => Target(root, semanticModel, d, cancellationToken))
            .OfType<CallTarget>()
            .GroupBy(t => t.Method, SymbolEqualityComparer.Default)
            .Select(g => g.First())
            .ToList();
        var classes = new Dictionary<MemberDeclarationSyntax, List<MemberDeclarationSyntax>>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        string endOfLine = DocumentFixes.EndOfLine(root);
        foreach (var target in targets)
        {
            var missing = RegistrationSignatures.Missing(target.Method, semanticModel.Compilation, cancellationToken);
            var outermost = target.Call.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault();
            if (missing.Count == 0 || outermost is null) continue;
            string name = ClassName(target.Method, semanticModel, outermost.SpanStart, taken);
            var stub = Stub(name, target.Method, missing, semanticModel, target.Call.SpanStart, endOfLine);
            if (!classes.TryGetValue(outermost, out var list)) classes[outermost] = list = new List<MemberDeclarationSyntax>();
            list.Add(stub);
        }
        if (classes.Count == 0) return root;
        int position = targets[0].Call.SpanStart;
        root = root.TrackNodes(classes.Keys);
        foreach (var pair in classes)
        {
            var anchor = AfterRegistrations(root.GetCurrentNode(pair.Key) ?? pair.Key);
            // A blank line before each class; two line breaks after a type that ends the file without one.
            bool endsLine = anchor.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var stubs = pair.Value.Select((stub, i) => i == 0 && !endsLine
                ? stub.WithLeadingTrivia(stub.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(endOfLine)))
                : stub);
            root = root.InsertNodesAfter(anchor, stubs);
        }
        return WithDiffGenInScope(root, semanticModel, position);
    }

    /// <summary>The last of the classes of registrations that follow <paramref name="type"/>: new ones go after them, in order.</summary>
    private static SyntaxNode AfterRegistrations(SyntaxNode type)
    {
        var siblings = type.Parent switch
        {
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            CompilationUnitSyntax unit => unit.Members,
            TypeDeclarationSyntax outer => outer.Members,
            _ => default,
        };
        int index = siblings.IndexOf((MemberDeclarationSyntax)type);
        while (index >= 0 && index + 1 < siblings.Count && siblings[index + 1] is ClassDeclarationSyntax next
               && next.Members.OfType<MethodDeclarationSyntax>().Any(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "DerivativeOf" or "DiffGen.DerivativeOf")))
        {
            index++;
        }
        return index >= 0 ? siblings[index] : type;
    }

    /// <summary><c>DoubleHypotDerivatives</c>: the target's type and name, unique in its namespace.</summary>
    private static string ClassName(IMethodSymbol method, SemanticModel semanticModel, int position, HashSet<string> taken)
    {
        string stem = method.ContainingType.Name + method.Name + "Derivatives";
        string name = stem;
        for (int i = 2; taken.Contains(name) || semanticModel.LookupNamespacesAndTypes(position, name: name).Length > 0; i++) name = stem + i;
        taken.Add(name);
        return name;
    }

    /// <summary>The class with the missing registrations, parsed from text so that it reads as a person writes it.</summary>
    private static MemberDeclarationSyntax Stub(string name, IMethodSymbol target, IReadOnlyList<RegistrationSignatures.Signature> missing, SemanticModel semanticModel, int position, string endOfLine)
    {
        string Type(ITypeSymbol type) => type.ToMinimalDisplayString(semanticModel, position);
        string targetType = Type(target.ContainingType);
        string call = $"{targetType}.{target.Name}({string.Join(", ", target.Parameters.Select(p => RegistrationSignatures.Identifier(p.Name)))})";
        var notImplemented = semanticModel.Compilation.GetTypeByMetadataName("System.NotImplementedException");
        string exception = notImplemented is null ? "System.NotImplementedException" : Type(notImplemented);

        var text = new StringBuilder();
        text.Append("internal static partial class ").Append(name).Append(endOfLine).Append('{').Append(endOfLine);
        for (int i = 0; i < missing.Count; i++)
        {
            var signature = missing[i];
            if (i > 0) text.Append(endOfLine);
            var parameters = signature.Parameters.Select(p => (p.Out ? "out " : "") + Type(p.Type) + " " + RegistrationSignatures.Identifier(p.Name));
            text.Append($"[DerivativeOf(typeof({targetType}), nameof({targetType}.{target.Name}))]").Append(endOfLine)
                .Append($"public static {Type(target.ReturnType)} {signature.Name}({string.Join(", ", parameters)})").Append(endOfLine)
                .Append('{').Append(endOfLine)
                .Append($"// TODO: return {call}, and {signature.Todo}.").Append(endOfLine)
                .Append($"throw new {exception}();").Append(endOfLine)
                .Append('}').Append(endOfLine);
        }
        text.Append('}').Append(endOfLine);
        var declaration = SyntaxFactory.ParseMemberDeclaration(text.ToString())!;
        return declaration
            .WithLeadingTrivia(SyntaxFactory.EndOfLine(endOfLine))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
