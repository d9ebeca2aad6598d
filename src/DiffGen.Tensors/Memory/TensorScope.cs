namespace DiffGen.Tensors.Memory;

/// <summary>
/// The tensors created on this thread since each open scope (see <see cref="IScopedDifferentiable{TSelf}"/>): generated
/// derivatives open one when they start and close it before they return, so that their intermediates go back to the
/// pool deterministically. A list of the tensors created, nothing more: no operation is recorded.
/// </summary>
internal static class TensorScope
{
    [ThreadStatic] private static List<Tensor>? created;
    [ThreadStatic] private static Stack<int>? marks;

    public static int Open()
    {
        created ??= new List<Tensor>();
        marks ??= new Stack<int>();
        marks.Push(created.Count);
        return created.Count;
    }

    /// <summary>Records a new tensor in the innermost open scope, if any.</summary>
    public static void Register(Tensor tensor)
    {
        if (marks is not { Count: > 0 }) return;
        tensor.ScopeSlot = created!.Count;
        created.Add(tensor);
    }

    /// <summary>Marks a tensor of the innermost scope to survive it.</summary>
    public static void Keep(Tensor? tensor)
    {
        if (tensor is null || marks is not { Count: > 0 } || tensor.ScopeSlot < marks.Peek()) return;
        tensor.Kept = true;
    }

    public static void Close(int mark)
    {
        if (marks is not { Count: > 0 } || marks.Peek() != mark)
        {
            throw new InvalidOperationException("Tensor scopes must be closed in the order they were opened.");
        }
        marks.Pop();
        var list = created!;
        int survivors = mark;
        bool outermost = marks.Count == 0;
        for (int i = mark; i < list.Count; i++)
        {
            var tensor = list[i];
            if (!tensor.Kept)
            {
                tensor.Release();
                continue;
            }
            // A kept tensor now belongs to the enclosing scope (or to nobody, outside every scope).
            tensor.Kept = false;
            tensor.ScopeSlot = outermost ? -1 : survivors;
            list[survivors++] = tensor;
        }
        list.RemoveRange(outermost ? mark : survivors, list.Count - (outermost ? mark : survivors));
    }
}
