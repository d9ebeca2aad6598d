using System.Collections.Immutable;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>A method that gets no derivatives, and the error that stops it, as its callers' DG0021 quotes it.</summary>
internal sealed record FailedMethod(string Key, string Reason);

/// <summary>
/// DG0021: a call of a <c>[Differentiable]</c> method whose derivatives could not be generated (its body has a DG
/// error, or does not compile) would name a <c>Gradient</c> that does not exist, and the user would see a bare CS0117 in
/// generated code. Decided once every method is parsed, over all of them at once: a method fails when Parse or
/// Optimize stopped it, or when it calls one that fails (to a fixed point, so mutual recursion needs no care).
/// <para>
/// Why after Parse rather than in it: a caller cannot see its callee's result, and parsing the callee again from the
/// caller would repeat the work per call (transitively) and need a guard against recursion. The summary here is a
/// small equatable list, so an edit that changes no method's failure leaves every later step cached.
/// </para>
/// </summary>
internal static class CalleeFailures
{
    public static EquatableArray<FailedMethod> Find(ImmutableArray<ParseResult> results, CancellationToken cancellationToken)
    {
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Key is null || result.Model is not null) continue;
            var error = result.Diagnostics.FirstOrDefault(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error);
            if (error is not null) failed[result.Key] = Describe(error.Descriptor.Id, error.Location);
            else if (result.DoesNotCompile) failed[result.Key] = "its body does not compile";
            // Otherwise both derivatives are written by hand: nothing to generate, nothing missing.
        }
        for (bool changed = true; changed;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            changed = false;
            foreach (var result in results)
            {
                if (result.Key is null || result.Model is null || failed.ContainsKey(result.Key)) continue;
                var call = result.Calls.FirstOrDefault(c => failed.ContainsKey(c.Key));
                if (call is null) continue;
                failed[result.Key] = Describe(DiagnosticDescriptors.CalleeDerivativeNotGenerated.Id, call.Location);
                changed = true;
            }
        }
        return failed.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => new FailedMethod(pair.Key, pair.Value)).ToEquatableArray();
    }

    /// <summary>A caller of a failed method: DG0021 at each such call, and no model (so no code naming what is missing).</summary>
    public static ParseResult MarkCallers(ParseResult result, EquatableArray<FailedMethod> failed)
    {
        if (result.Model is null || result.Calls.IsEmpty || failed.IsEmpty) return result;
        var reasons = failed.ToDictionary(f => f.Key, f => f.Reason, StringComparer.Ordinal);
        var errors = result.Calls
            .Where(call => reasons.ContainsKey(call.Key))
            .Select(call => DiagnosticInfo.Create(DiagnosticDescriptors.CalleeDerivativeNotGenerated, call.Location, result.MethodName, call.Callee, reasons[call.Key]))
            .ToList();
        if (errors.Count == 0) return result;
        return result with { Model = null, Diagnostics = result.Diagnostics.Concat(errors).ToEquatableArray() };
    }

    /// <summary>"DG0010 at Model.cs(12,20)": the id and where, as a build log shows a position.</summary>
    private static string Describe(string id, LocationInfo? location)
    {
        if (location is null) return id;
        var start = location.LineSpan.Start;
        return $"{id} at {Path.GetFileName(location.FilePath)}({start.Line + 1},{start.Character + 1})";
    }
}
