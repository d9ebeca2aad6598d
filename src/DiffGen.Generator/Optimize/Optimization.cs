using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Parsing;

namespace DiffGen.Generator.Optimize;

/// <summary>
/// The clean-ups of a lowered body, run after Parse has decided every diagnostic on the body as the user wrote it:
/// updates of an element fused back into <c>a[i] += e</c>, elements read once per block, copies removed. Fewer
/// values mean fewer saved values in reverse mode. MethodModel → MethodModel; the derivatives are the same either way.
/// </summary>
internal static class Optimization
{
    public static ParseResult Run(ParseResult parsed, CancellationToken cancellationToken)
    {
        if (parsed.Model is not { } method) return parsed;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return parsed with { Model = Apply(method) };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var failure = DiagnosticInfo.InternalError(parsed.Location, parsed.MethodName, exception);
            return parsed with { Model = null, Diagnostics = new EquatableArray<DiagnosticInfo>(parsed.Diagnostics.AsImmutableArray().Add(failure)) };
        }
    }

    public static MethodModel Apply(MethodModel method)
    {
        var body = ElementReuse.Apply(InPlaceUpdates.Apply(method.Body));
        body = CopyPropagation.Apply(body, new HashSet<string>(method.Temporaries, StringComparer.Ordinal));
        return method with { Body = body, InlinedForSecondOrder = method.InlinedForSecondOrder is { } inlined ? Apply(inlined) : null };
    }
}
