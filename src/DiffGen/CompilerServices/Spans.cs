using System.ComponentModel;

namespace DiffGen.CompilerServices;

/// <summary>
/// A local array of a differentiable method lives in a pooled span; a <c>[Differentiable]</c> callee that takes a
/// <c>T[]</c> (and only reads it) gets a copy. A slice passed to a callee is passed as a slice of the array, of its
/// tangent and of its gradient buffer alike.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Spans
{
    /// <summary>A new array holding <paramref name="span"/>'s elements.</summary>
    public static T[] ToArray<T>(Span<T> span) => span.ToArray();

    /// <summary>A new array holding <paramref name="span"/>'s elements.</summary>
    public static T[] ToArray<T>(ReadOnlySpan<T> span) => span.ToArray();

    /// <summary><c>array[start..(start + length)]</c> without a copy, for a callee that reads it.</summary>
    public static ReadOnlySpan<T> Slice<T>(T[] array, int start, int length) => new(array, start, length);

    /// <summary><c>span.Slice(start, length)</c>.</summary>
    public static ReadOnlySpan<T> Slice<T>(ReadOnlySpan<T> span, int start, int length) => span.Slice(start, length);

    /// <summary><c>span.Slice(start, length)</c>: a slice of a derivative buffer stays writable.</summary>
    public static Span<T> Slice<T>(Span<T> span, int start, int length) => span.Slice(start, length);
}
