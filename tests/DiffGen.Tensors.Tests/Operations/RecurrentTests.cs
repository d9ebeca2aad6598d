using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

public static partial class RecurrentLosses
{
    /// <summary>
    /// A small recurrent network: h ← tanh(h·W + x_t·U + b) over the time steps, then a squared readout. Tensors carried
    /// through a loop (the generated reverse mode keeps each step's h), slices of a [NoDiff] sequence, a branch.
    /// </summary>
    [Differentiable]
    public static double Unrolled(Tensor w, Tensor u, Tensor b, [NoDiff] Tensor xs, int steps)
    {
        var h = Tensor.Zeros(DType.Float64, 1, Tensor.Size(w, 0));
        for (int t = 0; t < steps; t++)
        {
            var x = Tensor.Slice(xs, 0, t, 1);
            h = Tensor.Tanh(Tensor.MatMul(h, w) + Tensor.MatMul(x, u) + b);
            if (t % 2 == 1) h = h * 0.9;
        }
        return (double)Tensor.Sum(Tensor.Square(h));
    }
}

public class RecurrentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void Tensors_carried_through_a_loop(int steps)
    {
        var xs = Tensor.RandomUniform(new[] { 7, 3 }, -1, 1, 41, DType.Float64);
        var inputs = TensorGradientCheck.Inputs(42, new[] { 4, 4 }, new[] { 3, 4 }, new[] { 4 });
        TensorGradientCheck.Check(
            v => RecurrentLosses.Unrolled(v[0], v[1], v[2], xs, steps),
            (v, g) => RecurrentLosses.UnrolledGradient(v[0], v[1], v[2], xs, steps, ref g[0], ref g[1], ref g[2]),
            (Tensor[] v, Tensor[] d, out double t) => RecurrentLosses.UnrolledTangent(v[0], v[1], v[2], xs, steps, d[0], d[1], d[2], out t),
            inputs);
    }
}
