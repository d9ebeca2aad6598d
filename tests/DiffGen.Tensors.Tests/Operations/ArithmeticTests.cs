using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

/// <summary>Losses over the arithmetic operators: their generated derivatives are what the tests check.</summary>
public static partial class ArithmeticLosses
{
    /// <summary>Σ ((a + b) ⊙ (a − b) ÷ (1.5 + b ⊙ b) ⊙ r): every operator, with broadcasting where shapes differ.</summary>
    [Differentiable]
    public static double Mixed(Tensor a, Tensor b, [NoDiff] Tensor r)
        => (double)Tensor.Sum((a + b) * (a - b) / (1.5 + b * b) * r);

    /// <summary>Scalars on both sides, unary minus, compound assignment.</summary>
    [Differentiable]
    public static double WithNumbers(Tensor a, double s)
    {
        var t = 2.0 * a - s;
        t += a / 3.0;
        t = -t * s + (1.0 - a) / (2.0 + a * a);
        return (double)Tensor.Sum(t * t);
    }

    /// <summary>A copy carries the derivative through (PyTorch's clone).</summary>
    [Differentiable]
    public static double Cloned(Tensor a, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Clone(a * a) * r);

    /// <summary>The example of the issue: a dense layer with tanh would need Tanh; here its linear part.</summary>
    [Differentiable]
    public static double MeanSquare(Tensor w, Tensor b, [NoDiff] Tensor y)
        => (double)Tensor.Mean((w * b - y) * (w * b - y));
}

public class ArithmeticTests
{
    [Theory]
    [MemberData(nameof(TestTensors.BroadcastPairs), MemberType = typeof(TestTensors))]
    public void Operators_with_broadcasting(int[] shapeA, int[] shapeB)
    {
        var x = TensorGradientCheck.Inputs(1, shapeA, shapeB);
        var r = Tensor.RandomUniform(TestTensors.Broadcast(shapeA, shapeB), -1, 1, 99, DType.Float64);
        TensorGradientCheck.Check(
            v => ArithmeticLosses.Mixed(v[0], v[1], r),
            (v, g) => ArithmeticLosses.MixedGradient(v[0], v[1], r, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => ArithmeticLosses.MixedTangent(v[0], v[1], r, d[0], d[1], out t),
            x);
    }

    [Fact]
    public void Numbers_on_either_side_and_compound_assignment()
    {
        var a = TensorGradientCheck.Inputs(2, new[] { 2, 3 })[0];
        double s = 0.7;
        var dA = Tensor.ZerosLike(a);
        double value = ArithmeticLosses.WithNumbersGradient(a, s, ref dA, out double dS);
        Assert.Equal(ArithmeticLosses.WithNumbers(a, s), value, 12);
        double h = 1e-6;
        double numeric = (ArithmeticLosses.WithNumbers(a, s + h) - ArithmeticLosses.WithNumbers(a, s - h)) / (2 * h);
        Assert.Equal(numeric, dS, 7);
        TensorGradientCheck.Check(
            v => ArithmeticLosses.WithNumbers(v[0], s),
            (v, g) => ArithmeticLosses.WithNumbersGradient(v[0], s, ref g[0], out _),
            (Tensor[] v, Tensor[] d, out double t) => ArithmeticLosses.WithNumbersTangent(v[0], s, d[0], 0, out t),
            new[] { a });
    }

    [Fact]
    public void A_gradient_not_asked_for_is_not_computed()
    {
        // A null buffer (what generated code passes for a [NoDiff] operand) stays null; the other gradient is whole.
        var x = TensorGradientCheck.Inputs(5, new[] { 3, 4 }, new[] { 4 });
        var seed = Tensor.RandomUniform(new[] { 3, 4 }, -1, 1, 6, DType.Float64);
        foreach (var (name, f, pullback) in new (string, Func<Tensor, Tensor, Tensor>, PullbackOfTwo)[]
                 {
                     ("+", Tensor.Add, Tensor.AddPullback), ("-", Tensor.Subtract, Tensor.SubtractPullback),
                     ("*", Tensor.Multiply, Tensor.MultiplyPullback), ("/", Tensor.Divide, Tensor.DividePullback),
                 })
        {
            var result = f(x[0], x[1]);
            Tensor both = Tensor.ZerosLike(x[0]), bothB = Tensor.ZerosLike(x[1]);
            pullback(x[0], x[1], result, seed, ref both, ref bothB);
            Tensor onlyA = Tensor.ZerosLike(x[0]), skipped = null!;
            pullback(x[0], x[1], result, seed, ref onlyA, ref skipped);
            Assert.Null(skipped);
            Assert.Equal(both.ToDoubleArray(), onlyA.ToDoubleArray());
            Tensor skippedA = null!, onlyB = Tensor.ZerosLike(x[1]);
            pullback(x[0], x[1], result, seed, ref skippedA, ref onlyB);
            Assert.Null(skippedA);
            Assert.True(bothB.ToDoubleArray().SequenceEqual(onlyB.ToDoubleArray()), name);
        }
    }

    private delegate void PullbackOfTwo(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB);

    [Fact]
    public void A_clone_passes_the_derivative_through()
    {
        var a = TensorGradientCheck.Inputs(3, new[] { 2, 5 })[0];
        var r = Tensor.RandomUniform(new[] { 2, 5 }, -1, 1, 4, DType.Float64);
        TensorGradientCheck.Check(
            v => ArithmeticLosses.Cloned(v[0], r),
            (v, g) => ArithmeticLosses.ClonedGradient(v[0], r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => ArithmeticLosses.ClonedTangent(v[0], r, d[0], out t),
            new[] { a });
    }
}
