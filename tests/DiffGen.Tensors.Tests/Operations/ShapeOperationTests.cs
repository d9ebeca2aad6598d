using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over the shape operations, alone and composed (reshape, transpose, matmul, slice, concat in one method).</summary>
public static partial class ShapeLosses
{
    /// <summary>Σ xᵀ ⊙ r.</summary>
    [Differentiable]
    public static double Transposed(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Transpose(x) * x.Length * r);

    /// <summary>Σ reshape(x) ⊙ r, the reshaped value used twice.</summary>
    [Differentiable]
    public static double Reshaped(Tensor x, [NoDiff] int[] shape, [NoDiff] Tensor r)
    {
        var y = Tensor.Reshape(x, shape);
        return (double)Tensor.Sum(y * y * r + y);
    }

    /// <summary>Σ slice(x) ⊙ r ⊙ slice(x).</summary>
    [Differentiable]
    public static double Sliced(Tensor x, int axis, int start, int length, [NoDiff] Tensor r)
    {
        var s = Tensor.Slice(x, axis, start, length);
        return (double)Tensor.Sum(s * r * s);
    }

    /// <summary>Σ cat(a, b) ⊙ r.</summary>
    [Differentiable]
    public static double Joined(Tensor a, Tensor b, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Concat(a, b * b, axis) * r);

    /// <summary>Σ cat(a, b, c) ⊙ r.</summary>
    [Differentiable]
    public static double JoinedThree(Tensor a, Tensor b, Tensor c, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Concat(a, b, c * a.Length, axis) * r);

    /// <summary>
    /// x [2, 3, 4] reshaped to [4, 6] (−1 inferred), transposed, multiplied by w [4, 5], sliced, joined with a slice of
    /// itself and its own transpose's slice: every shape operation's pullback composed by generated code.
    /// </summary>
    [Differentiable]
    public static double Composite(Tensor x, Tensor w, [NoDiff] Tensor r)
    {
        var h = Tensor.Reshape(x, 4, -1);
        var t = Tensor.Transpose(h);
        var m = Tensor.MatMul(t, w);
        var s = Tensor.Slice(m, 1, 1, 3);
        var top = Tensor.Slice(s, 0, 0, 2);
        var joined = Tensor.Concat(s, top * top, 0);
        var back = Tensor.Reshape(joined, -1);
        return (double)Tensor.Sum(Tensor.Reshape(back, 8, 3) * r);
    }
}

public class ShapeOperationTests
{
    // ---- transpose ----

    [Theory]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 1, 5 })]
    [InlineData(new[] { 7, 1 })]
    [InlineData(new[] { 2, 3, 5 })]
    [InlineData(new[] { 2, 1, 3, 4 })]
    public void Gradient_of_transpose(int[] shape)
    {
        var x = TensorGradientCheck.Inputs(11, shape);
        var swapped = (int[])shape.Clone();
        (swapped[^2], swapped[^1]) = (shape[^1], shape[^2]);
        var r = Tensor.RandomUniform(swapped, -1, 1, 12, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Transposed(v[0], r),
            (v, g) => ShapeLosses.TransposedGradient(v[0], r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.TransposedTangent(v[0], r, d[0], out t),
            x);
    }

    [Fact]
    public void Transpose_values()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 2, 2, 3);
        var t = Tensor.Transpose(x);
        Assert.Equal(new[] { 2, 3, 2 }, t.Shape);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12 }, t.ToDoubleArray());
        var f = Tensor.Transpose(Tensor.To(x, DType.Float32));
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(t.ToDoubleArray(), f.ToDoubleArray());
    }

    [Fact]
    public void Transpose_of_matrices_larger_than_a_tile()
    {
        var x = Tensor.RandomUniform(new[] { 2, 37, 70 }, -1, 1, 3, DType.Float64);
        var t = Tensor.Transpose(x);
        Assert.Equal(new[] { 2, 70, 37 }, t.Shape);
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 37; i++)
                for (int j = 0; j < 70; j++) Assert.Equal(x[b, i, j], t[b, j, i]);
        Tensor dX = Tensor.OnesLike(x);
        Tensor.TransposePullback(x, t, t, ref dX);
        var back = dX.ToDoubleArray();
        var original = x.ToDoubleArray();
        for (int i = 0; i < back.Length; i++) Assert.Equal(1 + original[i], back[i]);
    }

    [Fact]
    public void Transpose_of_a_vector_throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Transpose(Tensor.Zeros(5)));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("[5]", e.Message);
    }

    // ---- reshape ----

    [Theory]
    [InlineData(new[] { 4, -1 })]
    [InlineData(new[] { -1 })]
    [InlineData(new[] { 3, 8 })]
    [InlineData(new[] { 2, 3, 2, 2 })]
    [InlineData(new[] { -1, 1 })]
    [InlineData(new[] { 1, 24 })]
    public void Gradient_of_reshape(int[] shape)
    {
        var x = TensorGradientCheck.Inputs(13, new[] { 2, 3, 4 });
        var resolved = shape.Select(d => d == -1 ? 24 / shape.Where(s => s != -1).Aggregate(1, (p, s) => p * s) : d).ToArray();
        var r = Tensor.RandomUniform(resolved, -1, 1, 14, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Reshaped(v[0], shape, r),
            (v, g) => ShapeLosses.ReshapedGradient(v[0], shape, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.ReshapedTangent(v[0], shape, r, d[0], out t),
            x);
    }

    [Fact]
    public void Reshape_is_a_view_with_minus_one_inferred()
    {
        var x = Tensor.Arange(12, DType.Float64);
        var y = Tensor.Reshape(x, 3, -1);
        Assert.Equal(new[] { 3, 4 }, y.Shape);
        Assert.Equal(x.ToDoubleArray(), y.ToDoubleArray());
        Assert.Equal(x.Raw<double>().Array, y.Raw<double>().Array);
        Assert.Equal(new[] { 0 }, Tensor.Reshape(Tensor.Zeros(0, 3), -1).Shape);
    }

    [Theory]
    [InlineData(new[] { 5, -1 }, "[5, -1]")]
    [InlineData(new[] { 4, 4 }, "[4, 4]")]
    [InlineData(new[] { -1, -1 }, "[-1, -1]")]
    [InlineData(new[] { -2, -6 }, "[-2, -6]")]
    public void Bad_reshapes_throw_naming_both_shapes(int[] shape, string text)
    {
        var dX = Tensor.Ones(DType.Float64, 2, 6);
        var x = Tensor.Zeros(DType.Float64, 2, 6);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Reshape(x, shape));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains(text, e.Message);
        Assert.Contains("[2, 6]", e.Message);
        var p = Assert.Throws<ArgumentException>(() => Tensor.ReshapeTangent(x, shape, dX, out _));
        Assert.Equal("shape", p.ParamName);
    }

    [Fact]
    public void Reshape_pullback_checks_the_seed_and_buffer_before_writing()
    {
        var x = Tensor.Zeros(DType.Float64, 2, 6);
        var result = Tensor.Reshape(x, 3, 4);
        var dX = Tensor.Ones(DType.Float64, 2, 6);
        var e = Assert.Throws<ArgumentException>(() => Tensor.ReshapePullback(x, new[] { 3, 4 }, result, Tensor.Ones(DType.Float64, 4, 3), ref dX));
        Assert.Equal("seed", e.ParamName);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
        var wrong = Tensor.Ones(DType.Float64, 12);
        var b = Assert.Throws<ArgumentException>(() => Tensor.ReshapePullback(x, new[] { 3, 4 }, result, Tensor.OnesLike(result), ref wrong));
        Assert.Equal("dX", b.ParamName);
        Assert.Contains("[12]", b.Message);
        Assert.All(wrong.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    // ---- slice ----

    [Theory]
    [InlineData(0, 1, 3)]
    [InlineData(0, 0, 5)]
    [InlineData(1, 2, 2)]
    [InlineData(2, 0, 1)]
    [InlineData(-1, 1, 2)]
    [InlineData(-2, -3, 3)]
    [InlineData(-3, -1, 1)]
    [InlineData(1, 4, 0)]
    public void Gradient_of_slice(int axis, int start, int length)
    {
        var shape = new[] { 5, 4, 3 };
        var x = TensorGradientCheck.Inputs(15, shape);
        var sliced = (int[])shape.Clone();
        sliced[axis < 0 ? axis + 3 : axis] = length;
        var r = Tensor.RandomUniform(sliced, -1, 1, 16, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Sliced(v[0], axis, start, length, r),
            (v, g) => ShapeLosses.SlicedGradient(v[0], axis, start, length, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.SlicedTangent(v[0], axis, start, length, r, d[0], out t),
            x);
    }

    [Fact]
    public void Gradient_of_a_slice_after_axes_of_size_one()
    {
        var x = TensorGradientCheck.Inputs(17, new[] { 1, 7, 3 });
        var r = Tensor.RandomUniform(new[] { 1, 3, 3 }, -1, 1, 18, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Sliced(v[0], 1, 3, 3, r),
            (v, g) => ShapeLosses.SlicedGradient(v[0], 1, 3, 3, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.SlicedTangent(v[0], 1, 3, 3, r, d[0], out t),
            x);
    }

    [Fact]
    public void Slice_values_and_views()
    {
        var x = Tensor.Arange(24, DType.Float64);
        var m = Tensor.Reshape(x, 4, 6);
        var rows = Tensor.Slice(m, 0, 1, 2);
        Assert.Equal(new[] { 2, 6 }, rows.Shape);
        Assert.Equal(Enumerable.Range(6, 12).Select(i => (double)i), rows.ToDoubleArray());
        Assert.Equal(x.Raw<double>().Array, rows.Raw<double>().Array);   // axis 0: a view
        var columns = Tensor.Slice(m, -1, -2, 2);
        Assert.Equal(new[] { 4, 2 }, columns.Shape);
        Assert.Equal(new double[] { 4, 5, 10, 11, 16, 17, 22, 23 }, columns.ToDoubleArray());
        var f = Tensor.Slice(Tensor.To(m, DType.Float32), 1, 4, 2);
        Assert.Equal(columns.ToDoubleArray(), f.ToDoubleArray());
        // A view of a view starts where its parent starts.
        Assert.Equal(new double[] { 12, 13, 14, 15, 16, 17 }, Tensor.Slice(rows, 0, 1, 1).ToDoubleArray());
    }

    [Theory]
    [InlineData(3, 0, 1, "axis", "Axis 3")]
    [InlineData(-4, 0, 1, "axis", "Axis -4")]
    [InlineData(1, 5, 0, "start", "Start 5")]
    [InlineData(1, -5, 1, "start", "Start -5")]
    [InlineData(1, 2, 3, "length", "Length 3")]
    [InlineData(1, 0, -1, "length", "Length -1")]
    public void Bad_slices_throw(int axis, int start, int length, string name, string text)
    {
        var x = Tensor.Zeros(2, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Slice(x, axis, start, length));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(text, e.Message);
        Assert.Contains("[2, 4, 3]", e.Message);
        var dX = Tensor.Ones(2, 4, 3);
        Assert.Throws<ArgumentException>(() => Tensor.SlicePullback(x, axis, start, length, x, x, ref dX));
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    // ---- concat ----

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 4 }, 1)]
    [InlineData(new[] { 2, 3 }, new[] { 2, 1 }, -1)]
    [InlineData(new[] { 1, 3 }, new[] { 3, 3 }, 0)]
    [InlineData(new[] { 1, 3 }, new[] { 5, 3 }, -2)]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 1, 4 }, 1)]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 3, 7 }, 2)]
    [InlineData(new[] { 7 }, new[] { 0 }, 0)]
    public void Gradient_of_concat(int[] shapeA, int[] shapeB, int axis)
    {
        var x = TensorGradientCheck.Inputs(19, shapeA, shapeB);
        int a = axis < 0 ? axis + shapeA.Length : axis;
        var joined = (int[])shapeA.Clone();
        joined[a] += shapeB[a];
        var r = Tensor.RandomUniform(joined, -1, 1, 20, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Joined(v[0], v[1], axis, r),
            (v, g) => ShapeLosses.JoinedGradient(v[0], v[1], axis, r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.JoinedTangent(v[0], v[1], axis, r, d[0], d[1], out t),
            x);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(1)]
    public void Gradient_of_concat_of_three(int axis)
    {
        var x = TensorGradientCheck.Inputs(21, new[] { 2, 1, 3 }, new[] { 2, 2, 3 }, new[] { 2, 5, 3 });
        var r = Tensor.RandomUniform(new[] { 2, 8, 3 }, -1, 1, 22, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.JoinedThree(v[0], v[1], v[2], axis, r),
            (v, g) => ShapeLosses.JoinedThreeGradient(v[0], v[1], v[2], axis, r, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.JoinedThreeTangent(v[0], v[1], v[2], axis, r, d[0], d[1], d[2], out t),
            x);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Gradient_of_concat_of_an_array_by_its_hand_called_pullback(int axis)
    {
        var shapes = axis == 0 ? new[] { new[] { 1, 3 }, new[] { 3, 3 }, new[] { 2, 3 }, new[] { 1, 3 } } : new[] { new[] { 3, 1 }, new[] { 3, 3 }, new[] { 3, 2 }, new[] { 3, 5 } };
        var x = TensorGradientCheck.Inputs(23, shapes);
        var r = Tensor.RandomUniform(Tensor.Concat(x, axis).Shape, -1, 1, 24, DType.Float64);
        TensorGradientCheck.Check(
            v => (double)Tensor.Sum(Tensor.Concat(v, axis) * r),
            (v, g) =>
            {
                var result = Tensor.Concat(v, axis);
                Tensor.ConcatPullback(v, axis, result, r, g);
                return (double)Tensor.Sum(result * r);
            },
            (Tensor[] v, Tensor[] d, out double t) =>
            {
                t = (double)Tensor.Sum(Tensor.Concat(d, axis) * r);
                return (double)Tensor.Sum(Tensor.Concat(v, axis) * r);
            },
            x);
    }

    [Fact]
    public void Concat_values()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new double[] { 5, 6 }, 2, 1);
        var c = Tensor.FromArray(new double[] { 7, 8 }, 1, 2);
        Assert.Equal(new double[] { 1, 2, 5, 3, 4, 6 }, Tensor.Concat(a, b, 1).ToDoubleArray());
        Assert.Equal(new[] { 2, 3 }, Tensor.Concat(a, b, -1).Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 7, 8, 1, 2, 3, 4 }, Tensor.Concat(a, c, a, 0).ToDoubleArray());
        Assert.Equal(new double[] { 7, 8, 1, 2, 3, 4 }, Tensor.Concat(new[] { c, a }, 0).ToDoubleArray());
        var f = Tensor.Concat(Tensor.To(a, DType.Float32), Tensor.To(b, DType.Float32), 1);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new double[] { 1, 2, 5, 3, 4, 6 }, f.ToDoubleArray());
        // A null buffer is created; a present one is added into.
        var dA = Tensor.Ones(DType.Float64, 2, 2);
        var gradients = new Tensor[] { dA, null! };
        var seed = Tensor.Arange(0, 6, 1, DType.Float64);
        Tensor.ConcatPullback(new[] { a, b }, 1, Tensor.Concat(a, b, 1), Tensor.Reshape(seed, 2, 3), gradients);
        Assert.Same(dA, gradients[0]);
        Assert.Equal(new double[] { 1, 2, 4, 5 }, dA.ToDoubleArray());
        Assert.Equal(new double[] { 2, 5 }, gradients[1].ToDoubleArray());
    }

    [Fact]
    public void Bad_concats_throw_naming_the_shapes()
    {
        var a = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat(a, Tensor.Zeros(3, 4), 1));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        var rank = Assert.Throws<ArgumentException>(() => Tensor.Concat(a, a, Tensor.Zeros(2, 3, 1), 0));
        Assert.Equal("c", rank.ParamName);
        var axis = Assert.Throws<ArgumentException>(() => Tensor.Concat(a, a, 2));
        Assert.Equal("axis", axis.ParamName);
        Assert.Contains("[2, 3]", axis.Message);
        var type = Assert.Throws<ArgumentException>(() => Tensor.Concat(a, Tensor.Zeros(DType.Float64, 2, 3), 0));
        Assert.Equal("b", type.ParamName);
        var array = Assert.Throws<ArgumentException>(() => Tensor.Concat(new[] { a, a, Tensor.Zeros(1, 2) }, 0));
        Assert.Equal("xs", array.ParamName);
        Assert.Contains("xs[2]", array.Message);
        Assert.Contains("[1, 2]", array.Message);
        Assert.Equal("xs", Assert.Throws<ArgumentException>(() => Tensor.Concat(Array.Empty<Tensor>(), 0)).ParamName);
    }

    [Fact]
    public void Concat_pullbacks_check_every_buffer_before_writing_any()
    {
        var a = Tensor.Zeros(DType.Float64, 2, 3);
        var b = Tensor.Zeros(DType.Float64, 2, 1);
        var result = Tensor.Concat(a, b, 1);
        var seed = Tensor.OnesLike(result);
        var dA = Tensor.Ones(DType.Float64, 2, 3);
        var dB = Tensor.Ones(DType.Float64, 1, 2);
        var e = Assert.Throws<ArgumentException>(() => Tensor.ConcatPullback(a, b, 1, result, seed, ref dA, ref dB));
        Assert.Equal("dB", e.ParamName);
        Assert.Contains("[1, 2]", e.Message);
        Assert.Contains("[2, 1]", e.Message);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));

        var gradients = new[] { dA, null!, Tensor.Ones(DType.Float32, 2, 1) };
        var x = new[] { a, b, b };
        var three = Tensor.Concat(x, 1);
        var g = Assert.Throws<ArgumentException>(() => Tensor.ConcatPullback(x, 1, three, Tensor.OnesLike(three), gradients));
        Assert.Equal("gradients", g.ParamName);
        Assert.Contains("gradients[2]", g.Message);
        Assert.Null(gradients[1]);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));
        var count = Assert.Throws<ArgumentException>(() => Tensor.ConcatPullback(x, 1, three, Tensor.OnesLike(three), new Tensor[2]));
        Assert.Equal("gradients", count.ParamName);
    }

    // ---- composed ----

    [Fact]
    public void Gradient_of_reshape_transpose_matmul_slice_concat_composed()
    {
        var x = TensorGradientCheck.Inputs(25, new[] { 2, 3, 4 }, new[] { 4, 5 });
        var r = Tensor.RandomUniform(new[] { 8, 3 }, -1, 1, 26, DType.Float64);
        TensorGradientCheck.Check(
            v => ShapeLosses.Composite(v[0], v[1], r),
            (v, g) => ShapeLosses.CompositeGradient(v[0], v[1], r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => ShapeLosses.CompositeTangent(v[0], v[1], r, d[0], d[1], out t),
            x);
    }
}
