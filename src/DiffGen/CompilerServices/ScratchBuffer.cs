using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen.CompilerServices;

/// <summary>
/// A zeroed span over an array rented from <see cref="ArrayPool{T}.Shared"/>: what generated code uses for a local
/// array of the user's method (<c>new T[n]</c>, <c>stackalloc</c>) and for its tangent or adjoint, so that a derivative
/// call allocates nothing in steady state. Generated code disposes it at its end, in a <c>finally</c> only when it
/// has several exits; an exception thrown before then leaves the array to the garbage collector.
/// </summary>
/// <remarks>Used by generated code; not meant to be called by hand. A copy shares the buffer: keep one local.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ScratchBuffer<T> : IDisposable
{
    private T[]? array;

    /// <summary>A zeroed span of <paramref name="length"/> elements; a buffer rents once and returns it on dispose.</summary>
    public Span<T> Rent(int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "An array length cannot be negative.");
        if (array is not null) ArrayPool<T>.Shared.Return(array, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        array = ArrayPool<T>.Shared.Rent(length);
        var span = array.AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var rented = array;
        array = null;
        if (rented is not null) ArrayPool<T>.Shared.Return(rented, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }
}
