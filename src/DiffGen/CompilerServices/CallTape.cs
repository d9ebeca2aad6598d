using System.ComponentModel;

namespace DiffGen.CompilerServices;

/// <summary>
/// The thread's last-in first-out tape between a generated <c>{Name}Primal</c> and its <c>{Name}Pullback</c>: the
/// augmented primal pushes what its adjoint sweep needs (values kept in locals, its value stacks, local arrays) when
/// it returns, and the pullback pops it back when it starts. Calls and their pullbacks nest in reverse order, so one
/// tape per element type serves every method of the thread. In steady state it allocates nothing: its array grows to
/// the thread's largest need and stays.
/// </summary>
/// <remarks>Used by generated code; not meant to be called by hand. Every <c>Primal</c> call must be followed by its <c>Pullback</c>.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CallTape<T>
{
    [ThreadStatic]
    private static T[]? items;

    [ThreadStatic]
    private static int count;

    /// <summary>Pushes one value.</summary>
    public static void Push(T value)
    {
        var array = items ?? Array.Empty<T>();
        if ((uint)count >= (uint)array.Length) array = items = ValueStack<T>.Grow(array, count);
        array[count++] = value;
    }

    /// <summary>Pops the value pushed last.</summary>
    public static T Pop()
    {
        if (count == 0) ThrowEmpty();
        return items![--count];
    }

    /// <summary>Pushes every value of <paramref name="values"/>, then their number (on the tape of <c>int</c>).</summary>
    public static void PushSpan(ReadOnlySpan<T> values)
    {
        items = ValueStack<T>.PushAll(items ?? Array.Empty<T>(), ref count, values);
        CallTape<int>.Push(values.Length);
    }

    /// <summary>Pops the number of values <see cref="PushSpan"/> pushed last (the length of the span to pop them into).</summary>
    public static int PopLength() => CallTape<int>.Pop();

    /// <summary>Pops into <paramref name="values"/> what <see cref="PushSpan"/> pushed, after <see cref="PopLength"/>.</summary>
    public static void PopSpan(Span<T> values) => ValueStack<T>.PopAll(items ?? Array.Empty<T>(), ref count, values);

    /// <summary>Pushes a value stack of a method (its first <paramref name="top"/> items), to be popped back into a stack of another.</summary>
    public static void PushStack(T[] stack, int top) => PushSpan(stack.AsSpan(0, top));

    /// <summary>
    /// Pops what <see cref="PushStack"/> pushed into a value stack rented from the pool (returned with
    /// <see cref="ValueStack{T}.Return"/> as every stack is); <paramref name="top"/> is its count.
    /// </summary>
    public static T[] PopStack(out int top)
    {
        top = CallTape<int>.Pop();
        var stack = ValueStack<T>.Reserve(Array.Empty<T>(), 0, top);
        PopSpan(stack.AsSpan(0, top));
        return stack;
    }

    private static void ThrowEmpty() => throw new InvalidOperationException("The call tape is empty: a Pullback popped more than its Primal pushed.");
}
