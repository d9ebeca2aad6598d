using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DiffGen.Generator.Model;

/// <summary>A location reduced to equatable values: no syntax tree is kept alive by the model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>
    /// The location in the compilation's own syntax tree when there is one: only such locations honour
    /// <c>#pragma warning disable</c> and editor suppressions.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath && Span.End <= tree.Length) return Location.Create(tree, Span);
        }
        return ToLocation();
    }
}

/// <summary>A diagnostic to report, carried through the pipeline as an equatable value.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor, location, EquatableArray.Create(arguments));

    /// <summary>DG9999: a step failed on <paramref name="method"/>; the exception's type and message help the report.</summary>
    public static DiagnosticInfo InternalError(LocationInfo? location, string method, System.Exception exception)
        => Create(Diagnostics.DiagnosticDescriptors.InternalError, location, method, exception.GetType().Name + ": " + exception.Message);

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, Arguments.AsImmutableArray().ToArray());

    public Diagnostic ToDiagnostic(Compilation compilation)
        => Diagnostic.Create(Descriptor, Location?.ToLocation(compilation) ?? Microsoft.CodeAnalysis.Location.None, Arguments.AsImmutableArray().ToArray());
}
