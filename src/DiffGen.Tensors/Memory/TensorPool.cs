using System.Collections.Concurrent;

namespace DiffGen.Tensors.Memory;

/// <summary>
/// Arrays of exact lengths, reused: a tensor's storage comes from here and goes back here when the tensor is released
/// (by the scope of a generated derivative, or <see cref="Tensor.Dispose"/>). Arrays come back uncleared.
/// </summary>
internal static class TensorPool<T>
{
    /// <summary>How many arrays of one length are kept; more go to the garbage collector.</summary>
    private const int PerLength = 32;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> free = new();

    public static T[] Rent(int length)
    {
        if (length == 0) return System.Array.Empty<T>();
        return free.TryGetValue(length, out var bag) && bag.TryTake(out var array) ? array : new T[length];
    }

    public static void Return(T[] array)
    {
        if (array.Length == 0) return;
        var bag = free.GetOrAdd(array.Length, static _ => new ConcurrentBag<T[]>());
        if (bag.Count < PerLength) bag.Add(array);
    }
}
