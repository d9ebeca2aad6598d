using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses Σ f(x) ⊙ r over the element-wise functions: their generated derivatives are what the tests check.</summary>
public static partial class ElementwiseLosses
{
    [Differentiable]
    public static double Exp(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Exp(x) * r);

    [Differentiable]
    public static double Log(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Log(x) * r);

    [Differentiable]
    public static double Sqrt(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Sqrt(x) * r);

    [Differentiable]
    public static double Square(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Square(x) * r);

    [Differentiable]
    public static double Abs(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Abs(x) * r);

    [Differentiable]
    public static double Pow(Tensor x, [NoDiff] float p, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Pow(x, p) * r);

    /// <summary>The functions composed: each one's derivative feeds the next.</summary>
    [Differentiable]
    public static double Chained(Tensor x, [NoDiff] Tensor r)
        => (double)Tensor.Sum(Tensor.Log(Tensor.Sqrt(Tensor.Square(x) + 1.0) + Tensor.Abs(x)) * Tensor.Exp(x * 0.5) * r + Tensor.Pow(Tensor.Abs(x), 1.5f));
}

public class ElementwiseMathTests
{
    public static TheoryData<int[]> Shapes => new() { new int[0], new[] { 1 }, new[] { 7 }, new[] { 3, 5 }, new[] { 2, 3, 5 }, new[] { 3, 1, 5, 7 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Exp_gradient(int[] shape)
    {
        var x = TestTensors.Uniform(shape, -1, 1, 1);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Exp, ElementwiseLosses.ExpGradient, ElementwiseLosses.ExpTangent, x, r);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Log_gradient(int[] shape)
    {
        var x = TestTensors.Uniform(shape, 0.5, 2, 2);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Log, ElementwiseLosses.LogGradient, ElementwiseLosses.LogTangent, x, r);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sqrt_gradient(int[] shape)
    {
        var x = TestTensors.Uniform(shape, 0.5, 2, 3);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Sqrt, ElementwiseLosses.SqrtGradient, ElementwiseLosses.SqrtTangent, x, r);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Square_gradient(int[] shape)
    {
        var x = TestTensors.Uniform(shape, -1, 1, 4);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Square, ElementwiseLosses.SquareGradient, ElementwiseLosses.SquareTangent, x, r);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Abs_gradient(int[] shape)
    {
        var x = TestTensors.AwayFromZero(shape, 5);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Abs, ElementwiseLosses.AbsGradient, ElementwiseLosses.AbsTangent, x, r);
    }

    [Theory]
    [InlineData(2f, false)]
    [InlineData(3f, false)]
    [InlineData(1f, false)]
    [InlineData(0.5f, true)]
    [InlineData(-1.5f, true)]
    [InlineData(2.5f, true)]
    public void Pow_gradient(float p, bool positiveInputs)
    {
        foreach (var shape in new[] { new[] { 7 }, new[] { 2, 3, 5 }, new[] { 3, 1, 2, 5 } })
        {
            var x = positiveInputs ? TestTensors.Uniform(shape, 0.5, 2, 6) : TestTensors.AwayFromZero(shape, 6);
            var r = TestTensors.Weights(shape);
            TensorGradientCheck.Check(v => ElementwiseLosses.Pow(v[0], p, r), (v, g) => ElementwiseLosses.PowGradient(v[0], p, r, ref g[0]),
                (Tensor[] v, Tensor[] d, out double t) => ElementwiseLosses.PowTangent(v[0], p, r, d[0], out t), new[] { x });
        }
    }

    [Fact]
    public void Chained_gradient()
    {
        var shape = new[] { 2, 3, 5 };
        var x = TestTensors.AwayFromZero(shape, 7);
        var r = TestTensors.Weights(shape);
        TensorGradientCheck.CheckWeighted(ElementwiseLosses.Chained, ElementwiseLosses.ChainedGradient, ElementwiseLosses.ChainedTangent, x, r);
    }

    [Fact]
    public void Values_match_Math()
    {
        // 37 elements: the vector loops and the scalar tail both run.
        var shape = new[] { 37 };
        var x = TestTensors.AwayFromZero(shape, 8);
        var v = x.ToDoubleArray();
        TestTensors.Near(v.Select(Math.Exp).ToArray(), Tensor.Exp(x));
        TestTensors.Near(v.Select(a => Math.Log(Math.Abs(a))).ToArray(), Tensor.Log(Tensor.Abs(x)));
        TestTensors.Near(v.Select(a => Math.Sqrt(Math.Abs(a))).ToArray(), Tensor.Sqrt(Tensor.Abs(x)));
        TestTensors.Near(v.Select(a => a * a).ToArray(), Tensor.Square(x));
        TestTensors.Near(v.Select(Math.Abs).ToArray(), Tensor.Abs(x));
        TestTensors.Near(v.Select(a => Math.Pow(a, 3)).ToArray(), Tensor.Pow(x, 3));
        TestTensors.Near(v.Select(a => Math.Pow(Math.Abs(a), -0.5)).ToArray(), Tensor.Pow(Tensor.Abs(x), -0.5f));
        // Outside the domains, as PyTorch: NaN below 0, −∞ at 0.
        var edge = Tensor.FromArray(new[] { -1.0, 0.0, 4.0 }, 3);
        TestTensors.Near(new[] { double.NaN, double.NegativeInfinity, Math.Log(4) }, Tensor.Log(edge));
        TestTensors.Near(new[] { double.NaN, 0, 2 }, Tensor.Sqrt(edge));
        TestTensors.Near(new[] { double.NaN, 0, 2 }, Tensor.Pow(edge, 0.5f));
    }

    [Fact]
    public void Derivatives_at_the_kinks_are_PyTorchs()
    {
        // |x|′ = sign(x), 0 at 0; (x^0)′ = 0 even at 0; (x^p)′ = p·x^(p−1).
        var x = Tensor.FromArray(Enumerable.Range(-9, 19).Select(i => i / 4.0).ToArray(), 19);
        var v = x.ToDoubleArray();
        var seed = Tensor.OnesLike(Tensor.To(x, DType.Float64));
        Tensor? dX = null;
        Tensor.AbsPullback(x, Tensor.Abs(x), seed, ref dX!);
        TestTensors.Near(v.Select(a => (double)Math.Sign(a)).ToArray(), dX);
        dX = null;
        Tensor.PowPullback(x, 0, Tensor.Pow(x, 0), seed, ref dX!);
        TestTensors.Near(new double[19], dX);
        TestTensors.Near(Enumerable.Repeat(1.0, 19).ToArray(), Tensor.Pow(x, 0));
        dX = null;
        Tensor.PowPullback(x, 3, Tensor.Pow(x, 3), seed, ref dX!);
        TestTensors.Near(v.Select(a => 3 * a * a).ToArray(), dX);
        // √'s slope at 0 is infinite, as PyTorch's.
        dX = null;
        var zero = Tensor.Zeros(DType.Float64, 1);
        Tensor.SqrtPullback(zero, Tensor.Sqrt(zero), Tensor.OnesLike(zero), ref dX!);
        Assert.Equal(double.PositiveInfinity, dX[0]);
    }

    [Fact]
    public void Tangents_are_derivative_times_direction()
    {
        var x = TestTensors.Uniform(new[] { 2, 9 }, 0.5, 2, 9);
        var d = TestTensors.Uniform(new[] { 2, 9 }, -1, 1, 10);
        var xv = x.ToDoubleArray();
        var dv = d.ToDoubleArray();
        Tensor.ExpTangent(x, d, out var t);
        TestTensors.Near(xv.Zip(dv, (a, b) => Math.Exp(a) * b).ToArray(), t);
        Tensor.LogTangent(x, d, out t);
        TestTensors.Near(xv.Zip(dv, (a, b) => b / a).ToArray(), t);
        Tensor.SqrtTangent(x, d, out t);
        TestTensors.Near(xv.Zip(dv, (a, b) => b / (2 * Math.Sqrt(a))).ToArray(), t);
        Tensor.SquareTangent(x, d, out t);
        TestTensors.Near(xv.Zip(dv, (a, b) => 2 * a * b).ToArray(), t);
        Tensor.AbsTangent(x, d, out t);
        TestTensors.Near(dv, t);
        Tensor.PowTangent(x, 1.5f, d, out t);
        TestTensors.Near(xv.Zip(dv, (a, b) => 1.5 * Math.Sqrt(a) * b).ToArray(), t);
    }

    [Fact]
    public void Float32_matches_float64()
    {
        var x = TestTensors.Uniform(new[] { 3, 37 }, 0.5, 2, 11);
        TestTensors.SinglesMatchDoubles(v => Tensor.Exp(v[0]), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Log(v[0]), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Sqrt(v[0]), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Square(v[0]), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Abs(v[0] - 1.0), new[] { x });
        TestTensors.SinglesMatchDoubles(v => Tensor.Pow(v[0], -1.5f), new[] { x });
        // The derivatives too.
        var seed = TestTensors.Weights(new[] { 3, 37 });
        TestTensors.SinglesMatchDoubles(v =>
        {
            Tensor? dX = null;
            Tensor.LogPullback(v[0], Tensor.Log(v[0]), v[1], ref dX!);
            Tensor.SqrtPullback(v[0], Tensor.Sqrt(v[0]), v[1], ref dX!);
            Tensor.PowPullback(v[0], 2.5f, Tensor.Pow(v[0], 2.5f), v[1], ref dX!);
            return dX;
        }, new[] { x, seed });
    }

    [Fact]
    public void Argument_checks()
    {
        var x = Tensor.Ones(DType.Float64, 2, 3);
        var seed = Tensor.Ones(DType.Float64, 3, 2);
        var e = Assert.Throws<ArgumentException>(() => Tensor.ExpPullback(x, Tensor.Exp(x), seed, ref x));
        Assert.Equal("seed", e.ParamName);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Contains("[2, 3]", e.Message);

        var dX = Tensor.Full(new[] { 3 }, 5, DType.Float64);
        e = Assert.Throws<ArgumentException>(() => Tensor.LogPullback(x, Tensor.Log(x), Tensor.OnesLike(x), ref dX));
        Assert.Equal("dX", e.ParamName);
        Assert.Contains("[3]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Equal(new[] { 5.0, 5, 5 }, dX.ToDoubleArray());

        // A float32 buffer for a float64 input.
        var single = Tensor.Zeros(2, 3);
        e = Assert.Throws<ArgumentException>(() => Tensor.PowPullback(x, 2, Tensor.Pow(x, 2), Tensor.OnesLike(x), ref single));
        Assert.Equal("dX", e.ParamName);
        Assert.Equal(new float[6], single.ToArray());

        e = Assert.Throws<ArgumentException>(() => Tensor.SqrtTangent(x, Tensor.Ones(DType.Float64, 6), out _));
        Assert.Equal("dX", e.ParamName);
        Assert.Contains("[6]", e.Message);
        Assert.Throws<ArgumentNullException>(() => Tensor.Abs(null!));
    }
}
