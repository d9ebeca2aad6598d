using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen;

/// <summary>
/// A last-in first-out stack of values over an array rented from <see cref="ArrayPool{T}.Shared"/>: what a generated
/// gradient keeps of each loop iteration for its adjoint sweep. In steady state it allocates nothing; the generated
/// code disposes it in a <c>finally</c>, so the array goes back to the pool on exceptions too.
/// </summary>
/// <remarks>Used by generated code; not meant to be called by hand. A copy shares the buffer: keep one local.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ValueStack<T> : IDisposable
{
    private const int InitialCapacity = 64;

    /// <summary>
    /// The most a stack of this thread held: the next one starts that large, so a method called in a training
    /// loop rents once per call instead of growing by doubling and copying every time.
    /// </summary>
    [ThreadStatic]
    private static int highWater;

    private T[]? buffer;
    private int count;

    /// <summary>How many values the stack holds.</summary>
    public readonly int Count => count;

    /// <summary>Pushes a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(T value)
    {
        var items = buffer;
        if (items is not null && (uint)count < (uint)items.Length)
        {
            items[count++] = value;
            return;
        }
        PushSlow(value);
    }

    /// <summary>Pops the value pushed last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Pop()
    {
        var items = buffer;
        int index = count - 1;
        if (items is null || (uint)index >= (uint)items.Length) ThrowEmpty();
        count = index;
        return items![index];
    }

    /// <summary>Pushes every value of <paramref name="values"/>: an array about to be overwritten.</summary>
    public void PushAll(ReadOnlySpan<T> values)
    {
        foreach (var value in values) Push(value);
    }

    /// <summary>Pops back what <see cref="PushAll"/> pushed, into <paramref name="values"/>.</summary>
    public void PopAll(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 0; i--) values[i] = Pop();
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var items = buffer;
        buffer = null;
        if (items is not null && items.Length > highWater) highWater = items.Length;
        count = 0;
        if (items is not null) ArrayPool<T>.Shared.Return(items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PushSlow(T value)
    {
        var old = buffer;
        var grown = ArrayPool<T>.Shared.Rent(old is null ? Math.Max(InitialCapacity, highWater) : old.Length * 2);
        if (old is not null)
        {
            Array.Copy(old, grown, count);
            ArrayPool<T>.Shared.Return(old, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
        buffer = grown;
        grown[count++] = value;
    }

    private static void ThrowEmpty() => throw new InvalidOperationException("The value stack is empty: the adjoint sweep popped more than the primal sweep pushed.");
}
