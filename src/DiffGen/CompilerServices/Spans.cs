using System.ComponentModel;

namespace DiffGen.CompilerServices;

/// <summary>
/// A local array of a differentiable method lives in a pooled span; a <c>[Differentiable]</c> callee that takes a
/// <c>T[]</c> (and only reads it) gets a copy.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Spans
{
    /// <summary>A new array holding <paramref name="span"/>'s elements.</summary>
    public static T[] ToArray<T>(Span<T> span) => span.ToArray();

    /// <summary>A new array holding <paramref name="span"/>'s elements.</summary>
    public static T[] ToArray<T>(ReadOnlySpan<T> span) => span.ToArray();
}
