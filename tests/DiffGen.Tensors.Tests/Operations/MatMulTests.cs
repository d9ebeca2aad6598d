using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over MatMul: their generated derivatives compose MatMul's tangent and pullback.</summary>
public static partial class MatMulLosses
{
    /// <summary>Σ (a·b) ⊙ r.</summary>
    [Differentiable]
    public static double Product(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.MatMul(a, b) * r);

    /// <summary>A two-layer linear map: Σ ((x·w1)·w2) ⊙ r, the product used twice.</summary>
    [Differentiable]
    public static double TwoLayers(Tensor x, Tensor w1, Tensor w2, [NoDiff] Tensor r)
    {
        var h = Tensor.MatMul(x, w1);
        return (double)Tensor.Sum(Tensor.MatMul(h * h, w2) * r);
    }
}

public class MatMulTests
{
    public static TheoryData<int[], int[]> Shapes => new()
    {
        { new[] { 3, 4 }, new[] { 4, 5 } },
        { new[] { 1, 1 }, new[] { 1, 1 } },
        { new[] { 1, 7 }, new[] { 7, 1 } },
        { new[] { 5, 1 }, new[] { 1, 3 } },
        { new[] { 2, 3, 4 }, new[] { 2, 4, 5 } },
        { new[] { 3, 2, 5 }, new[] { 5, 3 } },
        { new[] { 2, 3 }, new[] { 4, 3, 1 } },
        { new[] { 1, 3, 2 }, new[] { 4, 2, 5 } },
        { new[] { 5, 1, 3 }, new[] { 1, 3, 2 } },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gradient_of_the_product(int[] shapeA, int[] shapeB)
    {
        var x = TensorGradientCheck.Inputs(3, shapeA, shapeB);
        var r = Tensor.RandomUniform(ResultShape(shapeA, shapeB), -1, 1, 77, DType.Float64);
        TensorGradientCheck.Check(
            v => MatMulLosses.Product(v[0], v[1], r),
            (v, g) => MatMulLosses.ProductGradient(v[0], v[1], r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => MatMulLosses.ProductTangent(v[0], v[1], r, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Gradient_of_two_layers_batched()
    {
        var x = TensorGradientCheck.Inputs(5, new[] { 2, 3, 4 }, new[] { 4, 5 }, new[] { 2, 5, 3 });
        var r = Tensor.RandomUniform(new[] { 2, 3, 3 }, -1, 1, 78, DType.Float64);
        TensorGradientCheck.Check(
            v => MatMulLosses.TwoLayers(v[0], v[1], v[2], r),
            (v, g) => MatMulLosses.TwoLayersGradient(v[0], v[1], v[2], r, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => MatMulLosses.TwoLayersTangent(v[0], v[1], v[2], r, d[0], d[1], d[2], out t),
            x);
    }

    [Fact]
    public void Values_of_a_small_product()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var b = Tensor.FromArray(new double[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        var c = Tensor.MatMul(a, b);
        Assert.Equal(new[] { 2, 2 }, c.Shape);
        Assert.Equal(new double[] { 58, 64, 139, 154 }, c.ToDoubleArray());
    }

    [Fact]
    public void Values_of_batched_and_broadcast_products_match_each_matrix_product()
    {
        var a = Tensor.RandomUniform(new[] { 3, 2, 4 }, -1, 1, 1, DType.Float64);
        var b = Tensor.RandomUniform(new[] { 3, 4, 5 }, -1, 1, 2, DType.Float64);
        var w = Tensor.RandomUniform(new[] { 4, 5 }, -1, 1, 3, DType.Float64);
        var batched = Tensor.MatMul(a, b);
        var shared = Tensor.MatMul(a, w);
        Assert.Equal(new[] { 3, 2, 5 }, batched.Shape);
        Assert.Equal(new[] { 3, 2, 5 }, shared.Shape);
        for (int i = 0; i < 3; i++)
            for (int m = 0; m < 2; m++)
                for (int n = 0; n < 5; n++)
                {
                    double s = 0, t = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        s += a[i, m, k] * b[i, k, n];
                        t += a[i, m, k] * w[k, n];
                    }
                    Assert.Equal(s, batched[i, m, n], 12);
                    Assert.Equal(t, shared[i, m, n], 12);
                }
    }

    [Fact]
    public void An_empty_inner_size_gives_zeros()
    {
        var c = Tensor.MatMul(Tensor.Zeros(DType.Float64, 2, 0), Tensor.Zeros(DType.Float64, 0, 3));
        Assert.Equal(new[] { 2, 3 }, c.Shape);
        Assert.All(c.ToDoubleArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void Float32_agrees_with_float64()
    {
        var a = Tensor.RandomUniform(new[] { 2, 5, 7 }, -1, 1, 4, DType.Float64);
        var b = Tensor.RandomUniform(new[] { 7, 3 }, -1, 1, 5, DType.Float64);
        var wide = Tensor.MatMul(a, b).ToDoubleArray();
        var narrow = Tensor.MatMul(Tensor.To(a, DType.Float32), Tensor.To(b, DType.Float32));
        Assert.Equal(DType.Float32, narrow.DType);
        var values = narrow.ToDoubleArray();
        for (int i = 0; i < wide.Length; i++) Assert.Equal(wide[i], values[i], 5);
    }

    [Fact]
    public void Float32_pullback_agrees_with_float64()
    {
        var a = Tensor.RandomUniform(new[] { 2, 3, 4 }, -1, 1, 6, DType.Float64);
        var b = Tensor.RandomUniform(new[] { 2, 4, 5 }, -1, 1, 7, DType.Float64);
        var seed = Tensor.RandomUniform(new[] { 2, 3, 5 }, -1, 1, 8, DType.Float64);
        Tensor dA = null!, dB = null!, fA = null!, fB = null!;
        Tensor.MatMulPullback(a, b, Tensor.MatMul(a, b), seed, ref dA, ref dB);
        var (a32, b32) = (Tensor.To(a, DType.Float32), Tensor.To(b, DType.Float32));
        Tensor.MatMulPullback(a32, b32, Tensor.MatMul(a32, b32), Tensor.To(seed, DType.Float32), ref fA, ref fB);
        AssertClose(dA.ToDoubleArray(), fA.ToDoubleArray(), 5);
        AssertClose(dB.ToDoubleArray(), fB.ToDoubleArray(), 5);
    }

    [Fact]
    public void Pullback_adds_into_the_buffers()
    {
        var a = Tensor.FromArray(new double[] { 1, 2 }, 1, 2);
        var b = Tensor.FromArray(new double[] { 3, 4 }, 2, 1);
        var seed = Tensor.FromArray(new double[] { 2 }, 1, 1);
        var dA = Tensor.FromArray(new double[] { 10, 20 }, 1, 2);
        var dB = Tensor.FromArray(new double[] { 1, 1 }, 2, 1);
        Tensor.MatMulPullback(a, b, Tensor.MatMul(a, b), seed, ref dA, ref dB);
        Assert.Equal(new double[] { 16, 28 }, dA.ToDoubleArray());   // 10 + 2·3, 20 + 2·4
        Assert.Equal(new double[] { 3, 5 }, dB.ToDoubleArray());     // 1 + 2·1, 1 + 2·2
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 5 }, "b", "[2, 3]", "[4, 5]")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 4, 5 }, "b", "[2, 3, 4]", "[3, 4, 5]")]
    [InlineData(new[] { 3 }, new[] { 3, 2 }, "a", "[3]", null)]
    [InlineData(new[] { 2, 3 }, new[] { 1, 2, 3, 4 }, "b", "[1, 2, 3, 4]", null)]
    public void Mismatched_shapes_throw_naming_them(int[] shapeA, int[] shapeB, string name, string textA, string? textB)
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(shapeA), Tensor.Zeros(shapeB)));
        Assert.Equal(name, e.ParamName);
        Assert.Contains(textA, e.Message);
        if (textB is not null) Assert.Contains(textB, e.Message);
    }

    [Fact]
    public void Mixed_types_throw()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMul(Tensor.Zeros(2, 2), Tensor.Zeros(DType.Float64, 2, 2)));
        Assert.Equal("b", e.ParamName);
    }

    [Fact]
    public void A_wrong_gradient_buffer_throws_before_anything_is_written()
    {
        var a = Tensor.RandomUniform(new[] { 2, 3 }, -1, 1, 1, DType.Float64);
        var b = Tensor.RandomUniform(new[] { 3, 4 }, -1, 1, 2, DType.Float64);
        var result = Tensor.MatMul(a, b);
        var seed = Tensor.OnesLike(result);
        var dA = Tensor.Ones(DType.Float64, 2, 3);
        var dB = Tensor.Ones(DType.Float64, 4, 3);
        var e = Assert.Throws<ArgumentException>(() => Tensor.MatMulPullback(a, b, result, seed, ref dA, ref dB));
        Assert.Equal("dB", e.ParamName);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));
        Assert.All(dB.ToDoubleArray(), v => Assert.Equal(1, v));

        var wrongSeed = Tensor.Ones(DType.Float64, 4, 2);
        var s = Assert.Throws<ArgumentException>(() => Tensor.MatMulPullback(a, b, result, wrongSeed, ref dA, ref dB));
        Assert.Equal("seed", s.ParamName);
        Assert.Contains("[4, 2]", s.Message);
        Assert.All(dA.ToDoubleArray(), v => Assert.Equal(1, v));
    }

    internal static int[] ResultShape(int[] a, int[] b)
    {
        int m = a[^2], n = b[^1];
        if (a.Length == 2 && b.Length == 2) return new[] { m, n };
        int batch = Math.Max(a.Length == 3 ? a[0] : 1, b.Length == 3 ? b[0] : 1);
        return new[] { batch, m, n };
    }

    internal static void AssertClose(double[] expected, double[] actual, int precision)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], precision);
    }
}
