using System.Collections.Concurrent;

namespace DiffGen.Tensors.Memory;

/// <summary>
/// Arrays of exact lengths, reused: a tensor's storage comes from here and goes back here when the tensor is released
/// (by the scope of a generated derivative, or <see cref="Tensor.Dispose"/>). Arrays come back uncleared.
/// </summary>
internal static class TensorPool<T>
{
    /// <summary>
    /// How many arrays of one length are kept; more go to the garbage collector. The pool holds at most what was once
    /// alive at the same time (as PyTorch's caching allocator does): a gradient through a loop of many steps keeps every
    /// step's tensors until its adjoint sweep, and all of them must come back for the next call to allocate nothing.
    /// </summary>
    private const int PerLength = 4096;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> free = new();

    private static long created;

    /// <summary>How many arrays the pool has had to allocate (not reuse) so far: flat in steady state.</summary>
    public static long Created => Interlocked.Read(ref created);

    public static T[] Rent(int length)
    {
        if (length == 0) return System.Array.Empty<T>();
        if (free.TryGetValue(length, out var bag) && bag.TryTake(out var array)) return array;
        Interlocked.Increment(ref created);
        return new T[length];
    }

    public static void Return(T[] array)
    {
        if (array.Length == 0) return;
        var bag = free.GetOrAdd(array.Length, static _ => new ConcurrentBag<T[]>());
        if (bag.Count < PerLength) bag.Add(array);
    }
}
