using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over gathering and choosing: index_select (an embedding), where.</summary>
public static partial class IndexingLosses
{
    /// <summary>Σ index_select(x, axis, indices)² ⊙ r.</summary>
    [Differentiable]
    public static double Selected(Tensor x, int axis, [NoDiff] int[] indices, [NoDiff] Tensor r)
    {
        var s = Tensor.IndexSelect(x, axis, indices);
        return (double)Tensor.Sum(s * s * r);
    }

    /// <summary>An embedding lookup followed by a linear map: Σ (table[ids]·w) ⊙ r.</summary>
    [Differentiable]
    public static double Embedded(Tensor table, Tensor w, [NoDiff] int[] ids, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.MatMul(Tensor.IndexSelect(table, 0, ids), w) * r);

    /// <summary>Σ where(c, a ⊙ a, b) ⊙ r.</summary>
    [Differentiable]
    public static double Chosen([NoDiff] Tensor condition, Tensor a, Tensor b, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.Where(condition, a * a, b) * r);
}

public class IndexingTests
{
    // ---- index_select ----

    [Theory]
    [InlineData(new[] { 5, 3 }, 0, new[] { 4, 0, 4, 2 })]
    [InlineData(new[] { 5, 3 }, 1, new[] { 2, 2, 0 })]
    [InlineData(new[] { 5, 3 }, -1, new[] { 1 })]
    [InlineData(new[] { 2, 3, 4 }, -1, new[] { 3, 0, 3 })]
    [InlineData(new[] { 2, 3, 4 }, 1, new int[0])]
    [InlineData(new[] { 2, 3, 4 }, -3, new[] { 1, 1, 1 })]
    [InlineData(new[] { 7 }, 0, new[] { 6, 5, 0, 3, 3 })]
    [InlineData(new[] { 1, 1 }, 0, new[] { 0, 0 })]
    public void Gradient_of_index_select(int[] shape, int axis, int[] indices)
    {
        var x = TensorGradientCheck.Inputs(31, shape);
        var picked = (int[])shape.Clone();
        picked[axis < 0 ? axis + shape.Length : axis] = indices.Length;
        var r = Tensor.RandomUniform(picked, -1, 1, 32, DType.Float64);
        TensorGradientCheck.Check(
            v => IndexingLosses.Selected(v[0], axis, indices, r),
            (v, g) => IndexingLosses.SelectedGradient(v[0], axis, indices, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => IndexingLosses.SelectedTangent(v[0], axis, indices, r, d[0], out t),
            x);
    }

    [Fact]
    public void Gradient_of_an_embedding_with_repeated_ids()
    {
        var ids = new[] { 3, 1, 3, 0, 3 };
        var x = TensorGradientCheck.Inputs(33, new[] { 4, 6 }, new[] { 6, 2 });
        var r = Tensor.RandomUniform(new[] { 5, 2 }, -1, 1, 34, DType.Float64);
        TensorGradientCheck.Check(
            v => IndexingLosses.Embedded(v[0], v[1], ids, r),
            (v, g) => IndexingLosses.EmbeddedGradient(v[0], v[1], ids, r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => IndexingLosses.EmbeddedTangent(v[0], v[1], ids, r, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Index_select_values_and_scatter_add()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var rows = Tensor.IndexSelect(x, 0, new[] { 2, 0, 2 });
        Assert.Equal(new[] { 3, 2 }, rows.Shape);
        Assert.Equal(new double[] { 5, 6, 1, 2, 5, 6 }, rows.ToDoubleArray());
        Assert.Equal(new double[] { 2, 2, 4, 4, 6, 6 }, Tensor.IndexSelect(x, -1, new[] { 1, 1 }).ToDoubleArray());
        var f = Tensor.IndexSelect(Tensor.To(x, DType.Float32), 0, new[] { 2, 0, 2 });
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(rows.ToDoubleArray(), f.ToDoubleArray());
        // Repeated rows accumulate: row 2 gets the seed's rows 0 and 2.
        Tensor dX = null!;
        var seed = Tensor.FromArray(new double[] { 1, 10, 100, 1000, 10000, 100000 }, 3, 2);
        Tensor.IndexSelectPullback(x, 0, new[] { 2, 0, 2 }, rows, seed, ref dX);
        Assert.Equal(new double[] { 100, 1000, 0, 0, 10001, 100010 }, dX.ToDoubleArray());
    }

    [Fact]
    public void Bad_index_selects_throw_before_writing()
    {
        var x = Tensor.Zeros(DType.Float64, 3, 2);
        var e = Assert.Throws<ArgumentException>(() => Tensor.IndexSelect(x, 0, new[] { 0, 3 }));
        Assert.Equal("indices", e.ParamName);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("indices[1] = 3", e.Message);
        Assert.Equal("indices", Assert.Throws<ArgumentException>(() => Tensor.IndexSelect(x, 1, new[] { -1 })).ParamName);
        var axis = Assert.Throws<ArgumentException>(() => Tensor.IndexSelect(x, 2, new[] { 0 }));
        Assert.Equal("axis", axis.ParamName);
        Assert.Contains("[3, 2]", axis.Message);

        var result = Tensor.IndexSelect(x, 0, new[] { 1 });
        var dX = Tensor.Ones(DType.Float64, 3, 2);
        var seed = Assert.Throws<ArgumentException>(() => Tensor.IndexSelectPullback(x, 0, new[] { 1 }, result, Tensor.Ones(DType.Float64, 2, 2), ref dX));
        Assert.Equal("seed", seed.ParamName);
        Assert.Contains("[1, 2]", seed.Message);
        var wrong = Tensor.Ones(DType.Float32, 3, 2);
        var buffer = Assert.Throws<ArgumentException>(() => Tensor.IndexSelectPullback(x, 0, new[] { 1 }, result, Tensor.OnesLike(result), ref wrong));
        Assert.Equal("dX", buffer.ParamName);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(wrong.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    // ---- where ----

    public static TheoryData<int[], int[], int[]> WhereShapes => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 }, new[] { 3, 4 } },
        { new[] { 4 }, new[] { 3, 1 }, new[] { 1, 4 } },
        { new[] { 2, 1, 4 }, new[] { 3, 4 }, new int[0] },
        { new[] { 1 }, new[] { 5 }, new[] { 5 } },
        { new[] { 3, 1 }, new[] { 2, 1, 1 }, new[] { 7 } },
    };

    [Theory]
    [MemberData(nameof(WhereShapes))]
    public void Gradient_of_where_with_broadcasting(int[] shapeC, int[] shapeA, int[] shapeB)
    {
        var condition = Condition(shapeC);
        var x = TensorGradientCheck.Inputs(35, shapeA, shapeB);
        var shape = Broadcast(Broadcast(shapeC, shapeA), shapeB);
        var r = Tensor.RandomUniform(shape, -1, 1, 36, DType.Float64);
        TensorGradientCheck.Check(
            v => IndexingLosses.Chosen(condition, v[0], v[1], r),
            (v, g) => IndexingLosses.ChosenGradient(condition, v[0], v[1], r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => IndexingLosses.ChosenTangent(condition, v[0], v[1], r, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Where_values()
    {
        var c = Tensor.FromArray(new float[] { 1, 0, -2, 0 }, 2, 2);
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new double[] { -1, -2 }, 2);
        var w = Tensor.Where(c, a, b);
        Assert.Equal(new double[] { 1, -2, 3, -2 }, w.ToDoubleArray());
        var f = Tensor.Where(c, Tensor.To(a, DType.Float32), Tensor.To(b, DType.Float32));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(w.ToDoubleArray(), f.ToDoubleArray());
        // A NaN condition is nonzero, as in PyTorch's conversion to bool.
        Assert.Equal(new double[] { 1, 2, 3, 4 }, Tensor.Where(Tensor.Full(new[] { 1 }, double.NaN), a, b).ToDoubleArray());
        Tensor dA = null!, dB = null!;
        Tensor.WherePullback(c, a, b, w, Tensor.OnesLike(w), ref dA, ref dB);
        Assert.Equal(new double[] { 1, 0, 1, 0 }, dA.ToDoubleArray());
        Assert.Equal(new double[] { 0, 2 }, dB.ToDoubleArray());
    }

    [Fact]
    public void Bad_wheres_throw_before_writing()
    {
        var a = Tensor.Zeros(DType.Float64, 2, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros(4), a, a));
        Assert.Equal("condition", e.ParamName);
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        var ab = Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros(1), a, Tensor.Zeros(DType.Float64, 2)));
        Assert.Equal("b", ab.ParamName);
        Assert.Contains("[2]", ab.Message);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => Tensor.Where(Tensor.Zeros(1), a, Tensor.Zeros(2, 3))).ParamName);

        var c = Tensor.Ones(2, 3);
        var result = Tensor.Where(c, a, a);
        var dA = Tensor.Ones(DType.Float64, 2, 3);
        var dB = Tensor.Ones(DType.Float64, 3, 2);
        var buffer = Assert.Throws<ArgumentException>(() => Tensor.WherePullback(c, a, a, result, Tensor.OnesLike(result), ref dA, ref dB));
        Assert.Equal("dB", buffer.ParamName);
        Assert.Contains("[3, 2]", buffer.Message);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    // ---- one-hot, argmax ----

    [Fact]
    public void One_hot_values()
    {
        var h = Tensor.OneHot(new[] { 2, 0, 2 }, 4);
        Assert.Equal(DType.Float32, h.DType);
        Assert.Equal(new[] { 3, 4 }, h.Shape);
        Assert.Equal(new double[] { 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0 }, h.ToDoubleArray());
        var d = Tensor.OneHot(new[] { 1, 3 }, -1, DType.Float64);
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new[] { 2, 4 }, d.Shape);
        Assert.Equal(new double[] { 0, 1, 0, 0, 0, 0, 0, 1 }, d.ToDoubleArray());
        Assert.Equal(new[] { 0, 5 }, Tensor.OneHot(Array.Empty<int>(), 5).Shape);
    }

    [Fact]
    public void Bad_one_hots_throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.OneHot(new[] { 0, 4 }, 4));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("labels[1] = 4", e.Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => Tensor.OneHot(new[] { -1 }, 4)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentException>(() => Tensor.OneHot(new[] { 0 }, -2)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentException>(() => Tensor.OneHot(Array.Empty<int>(), -1)).ParamName);
    }

    [Fact]
    public void Arg_max_values_first_maximum_wins()
    {
        var x = Tensor.FromArray(new double[] { 1, 5, 5, 0, 7, 7, -1, 2, 7 }, 3, 3);
        Assert.Equal(new[] { 1, 1, 2 }, Tensor.ArgMax(x, 1));
        Assert.Equal(new[] { 1, 1, 2 }, Tensor.ArgMax(x, -1));
        Assert.Equal(new[] { 0, 1, 1 }, Tensor.ArgMax(x, 0));
        Assert.Equal(new[] { 1, 1, 2 }, Tensor.ArgMax(Tensor.To(x, DType.Float32), 1));
        var y = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 9, 8, 7, 0, 0, 0 }, 2, 2, 3);
        Assert.Equal(new[] { 1, 1, 1, 0, 0, 0 }, Tensor.ArgMax(y, 1));
        Assert.Equal(new[] { 2, 2, 0, 0 }, Tensor.ArgMax(y, 2));
        Assert.Equal(new[] { 1, 1, 1, 0, 0, 0 }, Tensor.ArgMax(y, -3));
        // A NaN is the maximum, as in PyTorch.
        Assert.Equal(new[] { 1 }, Tensor.ArgMax(Tensor.FromArray(new[] { 1.0, double.NaN, 3.0 }, 1, 3), 1));
    }

    [Fact]
    public void Bad_arg_maxes_throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.ArgMax(Tensor.Zeros(2, 3), 2));
        Assert.Equal("axis", e.ParamName);
        Assert.Contains("[2, 3]", e.Message);
        var empty = Assert.Throws<ArgumentException>(() => Tensor.ArgMax(Tensor.Zeros(2, 0), 1));
        Assert.Equal("axis", empty.ParamName);
        Assert.Contains("[2, 0]", empty.Message);
    }

    /// <summary>A condition of nonzero (1, 2, −1) and zero entries, both present.</summary>
    private static Tensor Condition(int[] shape)
    {
        int n = shape.Aggregate(1, (p, d) => p * d);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => 0.0, 1 => 2.0, _ => i % 2 == 0 ? -1.0 : 0.0 }).ToArray(), shape);
    }

    private static int[] Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        return Enumerable.Range(0, rank).Select(i =>
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            return Math.Max(da, db);
        }).ToArray();
    }
}
