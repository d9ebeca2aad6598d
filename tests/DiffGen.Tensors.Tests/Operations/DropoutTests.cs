using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over dropout: the mask is fixed by the seed, so the loss is differentiable in x.</summary>
public static partial class DropoutLosses
{
    [Differentiable]
    public static double Dropout(Tensor x, [NoDiff] double p, [NoDiff] int seed, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Dropout(x, p, seed) * r);

    /// <summary>Two layers of dropout with different seeds around a nonlinearity.</summary>
    [Differentiable]
    public static double Twice(Tensor x, [NoDiff] double p, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.Dropout(Tensor.Square(Tensor.Dropout(x, p, 1)), p, 2) * r);
}

public class DropoutTests
{
    /// <summary>The mask drawn as documented: element i kept when the i-th NextDouble() ≥ p.</summary>
    private static bool[] Mask(int length, double p, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() >= p).ToArray();
    }

    [Theory]
    [InlineData(new[] { 7 }, 0.5, 3)]
    [InlineData(new[] { 3, 5 }, 0.2, 4)]
    [InlineData(new[] { 2, 3, 5 }, 0.7, 5)]
    [InlineData(new[] { 3, 1, 5, 2 }, 0.0, 6)]
    [InlineData(new[] { 1 }, 0.3, 7)]
    public void Gradient(int[] shape, double p, int seed)
    {
        var x = TestTensors.Uniform(shape, -1, 1, 1);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.Check(v => DropoutLosses.Dropout(v[0], p, seed, r), (v, g) => DropoutLosses.DropoutGradient(v[0], p, seed, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => DropoutLosses.DropoutTangent(v[0], p, seed, r, d[0], out t), new[] { x });
        TensorGradientCheck.Check(v => DropoutLosses.Twice(v[0], p, r), (v, g) => DropoutLosses.TwiceGradient(v[0], p, r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => DropoutLosses.TwiceTangent(v[0], p, r, d[0], out t), new[] { x });
    }

    [Theory]
    [InlineData(0.5, 11)]
    [InlineData(0.1, 12)]
    [InlineData(0.9, 13)]
    public void Values_mask_and_derivatives_follow_the_seed(double p, int seed)
    {
        var shape = new[] { 4, 3, 37 };
        var x = TestTensors.Uniform(shape, -1, 1, 2);
        var xv = x.ToDoubleArray();
        var mask = Mask(xv.Length, p, seed);
        var expected = xv.Select((v, i) => mask[i] ? v * (1 / (1 - p)) : 0).ToArray();
        TestTensors.Near(expected, Tensor.Dropout(x, p, seed), 1e-15);
        // The same seed, the same mask; another seed, another.
        Assert.Equal(Tensor.Dropout(x, p, seed).ToDoubleArray(), Tensor.Dropout(x, p, seed).ToDoubleArray());
        Assert.NotEqual(Tensor.Dropout(x, p, seed).ToDoubleArray(), Tensor.Dropout(x, p, seed + 1).ToDoubleArray());
        // About p of the elements are dropped.
        Assert.InRange(mask.Count(m => !m) / (double)mask.Length, p - 0.1, p + 0.1);

        // The derivatives regenerate the mask: dX += seed·mask/(1 − p); the tangent is the direction through it.
        var g = TestTensors.Weights(shape);
        var gv = g.ToDoubleArray();
        var dX = Tensor.OnesLike(x);
        Tensor.DropoutPullback(x, p, seed, Tensor.Dropout(x, p, seed), g, ref dX);
        TestTensors.Near(gv.Select((v, i) => 1 + (mask[i] ? v * (1 / (1 - p)) : 0)).ToArray(), dX, 1e-15);
        Tensor.DropoutTangent(x, p, seed, g, out var tangent);
        TestTensors.Near(gv.Select((v, i) => mask[i] ? v * (1 / (1 - p)) : 0).ToArray(), tangent, 1e-15);
    }

    [Fact]
    public void Zero_probability_returns_a_copy()
    {
        var x = TestTensors.Uniform(new[] { 3, 5 }, -1, 1, 3);
        var y = Tensor.Dropout(x, 0, 42);
        Assert.NotSame(x, y);
        Assert.Equal(x.ToDoubleArray(), y.ToDoubleArray());
        Assert.Equal(x.Shape, y.Shape);
    }

    [Fact]
    public void Float32_matches_float64()
    {
        var x = TestTensors.Uniform(new[] { 5, 37 }, -1, 1, 4);
        TestTensors.SinglesMatchDoubles(v => Tensor.Dropout(v[0], 0.3, 9), new[] { x }, 1e-6);
        var g = TestTensors.Weights(new[] { 5, 37 });
        TestTensors.SinglesMatchDoubles(v =>
        {
            Tensor? dX = null;
            Tensor.DropoutPullback(v[0], 0.3, 9, Tensor.Dropout(v[0], 0.3, 9), v[1], ref dX!);
            return dX;
        }, new[] { x, g }, 1e-6);
    }

    [Fact]
    public void Argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3);
        foreach (double p in new[] { 1.0, -0.1, 1.5, double.NaN })
        {
            var e = Assert.Throws<ArgumentException>(() => Tensor.Dropout(x, p, 1));
            Assert.Equal("p", e.ParamName);
            Assert.Contains("[2, 3]", e.Message);
            e = Assert.Throws<ArgumentException>(() => Tensor.DropoutTangent(x, p, 1, x, out _));
            Assert.Equal("p", e.ParamName);
        }
        var dX = Tensor.Full(new[] { 3, 2 }, 5, DType.Float64);
        var e2 = Assert.Throws<ArgumentException>(() => Tensor.DropoutPullback(x, 0.5, 1, x, x, ref dX));
        Assert.Equal("dX", e2.ParamName);
        Assert.Contains("[3, 2]", e2.Message);
        Assert.Contains("[2, 3]", e2.Message);
        Assert.All(dX.ToDoubleArray(), v => Assert.Equal(5, v));
        var right = Tensor.Full(new[] { 2, 3 }, 5, DType.Float64);
        e2 = Assert.Throws<ArgumentException>(() => Tensor.DropoutPullback(x, 0.5, 1, x, dX, ref right));
        Assert.Equal("outputSeed", e2.ParamName);
        Assert.All(right.ToDoubleArray(), v => Assert.Equal(5, v));
        e2 = Assert.Throws<ArgumentException>(() => Tensor.DropoutPullback(x, 1, 1, x, x, ref right));
        Assert.Equal("p", e2.ParamName);
        Assert.All(right.ToDoubleArray(), v => Assert.Equal(5, v));
    }
}
