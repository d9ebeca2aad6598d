using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen.CompilerServices;

/// <summary>
/// A last-in first-out stack of values over an array rented from <see cref="ArrayPool{T}.Shared"/>: what a generated
/// derivative keeps for its adjoint sweep: values of each loop iteration, whole arrays a call is about to overwrite.
/// In steady state it allocates nothing.
/// </summary>
/// <remarks>
/// <para>Used by generated code; not meant to be called by hand.</para>
/// <para>
/// Generated code does not hold a <see cref="ValueStack{T}"/>: a struct whose methods are called has its address
/// taken, and the JIT then keeps its count in memory, so every push waits for the store of the push before. It
/// holds the array and the count as locals of its own (registers), pushes with
/// <c>if ((uint)top &gt;= (uint)items.Length) items = ValueStack&lt;T&gt;.Grow(items, top); items[top++] = v;</c>, pops
/// with <c>items[--top]</c>, and calls the static members below to grow, to save whole arrays and to give the array
/// back. The instance members are the same operations on a stack held as one value.
/// </para>
/// </remarks>
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

    /// <summary>
    /// The array the thread's last stack gave back, kept for its next one: taking it and giving it back are two
    /// thread-static accesses, where the shared pool's rent and return cost tens of nanoseconds per call (a gradient
    /// with a short loop paid more for them than for its arithmetic). A stack that finds it taken (a callee's, while
    /// its caller holds it) rents from the pool.
    /// </summary>
    [ThreadStatic]
    private static T[]? spare;

    private T[]? buffer;
    private int count;

    /// <summary>How many values the stack holds.</summary>
    public readonly int Count => count;

    /// <summary>Pushes a value.</summary>
    public void Push(T value)
    {
        var items = buffer ?? Array.Empty<T>();
        if ((uint)count >= (uint)items.Length) items = buffer = Grow(items, count);
        items[count++] = value;
    }

    /// <summary>Pops the value pushed last.</summary>
    public T Pop()
    {
        if (count == 0) ThrowEmpty();
        return buffer![--count];
    }

    /// <summary>Pushes every value of <paramref name="values"/>, first to last.</summary>
    public void PushAll(ReadOnlySpan<T> values) => buffer = PushAll(buffer ?? Array.Empty<T>(), ref count, values);

    /// <summary>Pops back what <see cref="PushAll(ReadOnlySpan{T})"/> pushed, into <paramref name="values"/>.</summary>
    public void PopAll(Span<T> values) => PopAll(buffer ?? Array.Empty<T>(), ref count, values);

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        var items = buffer;
        buffer = null;
        count = 0;
        if (items is not null) Return(items);
    }

    /// <summary>A larger array holding the first <paramref name="count"/> items: the thread's high-water size at first, then twice the size.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Grow(T[] items, int count)
    {
        var grown = Rent(items.Length == 0 ? Math.Max(InitialCapacity, highWater) : items.Length * 2);
        if (items.Length > 0)
        {
            Array.Copy(items, grown, count);
            ArrayPool<T>.Shared.Return(items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
        return grown;
    }

    /// <summary>
    /// An array with room for <paramref name="extra"/> more items after the first <paramref name="count"/>: what generated
    /// code calls before a counted loop, so that the loop's pushes need no check and no call (a call in a loop makes the
    /// JIT keep the loop's values in memory around it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T[] Reserve(T[] items, int count, long extra)
        => extra <= items.Length - count ? items : Enlarge(items, count, extra);

    /// <summary>The slow path of <see cref="Reserve"/>, kept out of line so that the check inlines into loops.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T[] Enlarge(T[] items, int count, long extra)
    {
        long needed = count + extra;
        if (needed > Array.MaxLength) throw new OutOfMemoryException($"A value stack would need {needed} items.");
        var grown = Rent((int)Math.Max(needed, Math.Max(InitialCapacity, Math.Max(highWater, 2L * items.Length))));
        if (items.Length > 0)
        {
            Array.Copy(items, grown, count);
            ArrayPool<T>.Shared.Return(items, RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
        return grown;
    }

    /// <summary>Pushes every value of <paramref name="values"/>, first to last; returns the (possibly grown) array.</summary>
    public static T[] PushAll(T[] items, ref int count, ReadOnlySpan<T> values)
    {
        while (items.Length - count < values.Length) items = Grow(items, count);
        values.CopyTo(items.AsSpan(count));
        count += values.Length;
        return items;
    }

    /// <summary>Pops into <paramref name="values"/> the last <c>values.Length</c> values, in the order they were pushed.</summary>
    public static void PopAll(T[] items, ref int count, Span<T> values)
    {
        if (count < values.Length) ThrowEmpty();
        count -= values.Length;
        items.AsSpan(count, values.Length).CopyTo(values);
    }

    /// <summary>Gives the array back (the larger of it and the thread's spare stays), remembering its size for the thread's next stack.</summary>
    public static void Return(T[] items)
    {
        if (items.Length == 0) return;
        if (items.Length > highWater) highWater = items.Length;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(items);
        var kept = spare;
        if (kept is null || kept.Length < items.Length)
        {
            spare = items;
            if (kept is null) return;
            items = kept;
        }
        ArrayPool<T>.Shared.Return(items);
    }

    /// <summary>The thread's spare array if it is large enough, else one from the pool.</summary>
    private static T[] Rent(int minimumLength)
    {
        var kept = spare;
        if (kept is not null && kept.Length >= minimumLength)
        {
            spare = null;
            return kept;
        }
        return ArrayPool<T>.Shared.Rent(minimumLength);
    }

    private static void ThrowEmpty() => throw new InvalidOperationException("The value stack is empty: the adjoint sweep popped more than the primal sweep pushed.");
}
