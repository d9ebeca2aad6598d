namespace DiffGen.Tensors.Tests.Checking;

/// <summary>Inputs kept away from non-differentiable points, and comparisons of values computed directly.</summary>
public static class TestTensors
{
    /// <summary>Uniform values in [low, high), in double.</summary>
    public static Tensor Uniform(int[] shape, double low, double high, int seed)
        => Tensor.RandomUniform(shape, (float)low, (float)high, seed, DType.Float64);

    /// <summary>Values of magnitude in [0.2, 1.2) and either sign: away from 0 (|x|'s kink).</summary>
    public static Tensor AwayFromZero(int[] shape, int seed)
    {
        var v = Uniform(shape, -1, 1, seed).ToDoubleArray();
        return Tensor.FromArray(v.Select(a => a < 0 ? a - 0.2 : a + 0.2).ToArray(), shape);
    }

    /// <summary>A fixed random weighting of an operation's result (the loss is Σ result ⊙ r).</summary>
    public static Tensor Weights(int[] shape, int seed = 99) => Uniform(shape, -1, 1, seed);

    /// <summary>The shape two shapes broadcast to (NumPy rules: align on the right, size-1 axes stretch).</summary>
    public static int[] Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        return Enumerable.Range(0, rank).Select(i =>
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            return Math.Max(da, db);
        }).ToArray();
    }

    /// <summary>Pairs of shapes that broadcast: equal, trailing, both stretched, rank 3 with rank 2, size 1, scalar.</summary>
    public static TheoryData<int[], int[]> BroadcastPairs => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 } },
        { new[] { 3, 4 }, new[] { 4 } },
        { new[] { 3, 1 }, new[] { 1, 5 } },
        { new[] { 2, 3, 5 }, new[] { 3, 1 } },
        { new[] { 7 }, new[] { 1 } },
        { new int[0], new[] { 2, 3 } },
    };

    /// <summary>Every axis of a rank, as positive and as negative numbers.</summary>
    public static IEnumerable<int> Axes(int rank) => Enumerable.Range(0, rank).Concat(Enumerable.Range(1, rank).Select(a => -a));

    /// <summary>Asserts equal shapes and elements within a relative tolerance.</summary>
    public static void Near(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var values = actual.ToDoubleArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(expected[i] == values[i] || Math.Abs(expected[i] - values[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])) || (double.IsNaN(expected[i]) && double.IsNaN(values[i])),
                $"element {i}: expected {expected[i]:R}, got {values[i]:R}");
        }
    }

    /// <summary>The float32 result of an operation agrees with its float64 result on the same (rounded) inputs.</summary>
    public static void SinglesMatchDoubles(Func<Tensor[], Tensor> operation, Tensor[] inputs, double tolerance = 1e-5)
    {
        var singles = inputs.Select(x => Tensor.To(x, DType.Float32)).ToArray();
        // The doubles start from the rounded values, so only the arithmetic differs.
        var doubles = singles.Select(x => Tensor.To(x, DType.Float64)).ToArray();
        var single = operation(singles);
        var dbl = operation(doubles);
        Assert.Equal(DType.Float32, single.DType);
        Assert.Equal(dbl.Shape, single.Shape);
        Near(dbl.ToDoubleArray(), single, tolerance);
    }

    /// <summary>The element's row-major index.</summary>
    public static int Flat(int[] shape, params int[] index)
    {
        int flat = 0;
        for (int a = 0; a < shape.Length; a++) flat = flat * shape[a] + index[a];
        return flat;
    }
}
