namespace DiffGen.Tensors.Shapes;

/// <summary>Shape arithmetic and the argument checks every operation makes before it writes anything.</summary>
internal static class ShapeChecks
{
    public static int Product(ReadOnlySpan<int> shape)
    {
        long product = 1;
        foreach (int d in shape) product *= d;
        return product > int.MaxValue ? throw new ArgumentException($"A tensor of shape {Text(shape)} has more than {int.MaxValue} elements.") : (int)product;
    }

    public static string Text(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static void CheckShape(int[] shape, string name)
    {
        ArgumentNullException.ThrowIfNull(shape, name);
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"A shape has no negative sizes; got {Text(shape)}.", name);
        }
        Product(shape);
    }

    public static void CheckSameShape(Tensor a, Tensor b, string nameA, string nameB)
    {
        CheckSameType(a, b, nameA, nameB);
        if (!a.Dimensions.AsSpan().SequenceEqual(b.Dimensions))
        {
            throw new ArgumentException($"'{nameA}' has shape {Text(a.Dimensions)} and '{nameB}' has shape {Text(b.Dimensions)}; they must be equal.", nameB);
        }
    }

    public static void CheckSameType(Tensor a, Tensor b, string nameA, string nameB)
    {
        ArgumentNullException.ThrowIfNull(a, nameA);
        ArgumentNullException.ThrowIfNull(b, nameB);
        if (a.DType != b.DType) throw new ArgumentException($"'{nameA}' is {a.DType} and '{nameB}' is {b.DType}; convert one (Tensor.To) first.", nameB);
    }

    /// <summary>An axis in [−rank, rank), negative counting from the end as in PyTorch; the result is in [0, rank).</summary>
    public static int Axis(int axis, int rank, string name, Tensor x)
    {
        if (axis < -rank || axis >= rank) throw new ArgumentException($"Axis {axis} is out of range for a tensor of shape {Text(x.Dimensions)} (rank {rank}).", name);
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>The NumPy broadcast of two shapes, or an exception naming both.</summary>
    public static int[] Broadcast(int[] a, int[] b, string nameA, string nameB)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"'{nameA}' of shape {Text(a)} and '{nameB}' of shape {Text(b)} do not broadcast (axis {i}: {da} vs {db}).", nameB);
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of <paramref name="shape"/> as seen from <paramref name="target"/> (0 on broadcast axes).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        var strides = new int[target.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            int t = i + target.Length - shape.Length;
            strides[t] = shape[i] == 1 && target[t] != 1 ? 0 : stride;
            stride *= shape[i];
        }
        return strides;
    }
}
