namespace DiffGen.Tensors.Tests.Checking;

/// <summary>
/// Checks a generated tensor gradient: against central differences of the function (double tensors, every element of
/// every input perturbed), and the generated forward mode against the reverse mode (the tangent along random
/// directions equals the gradient's inner product with them).
/// </summary>
public static class TensorGradientCheck
{
    /// <summary>f(inputs) → a number (a loss).</summary>
    public delegate double Function(Tensor[] inputs);

    /// <summary>The generated Gradient: adds ∂f/∂input into each gradient buffer (already zeros) and returns f.</summary>
    public delegate double Gradient(Tensor[] inputs, Tensor[] gradients);

    /// <summary>The generated Tangent: f and its derivative along the given tangents.</summary>
    public delegate double Tangent(Tensor[] inputs, Tensor[] tangents, out double tangent);

    /// <summary>Random inputs in double, of the given shapes (values in [−1, 1), or [low, high)).</summary>
    public static Tensor[] Inputs(int seed, params int[][] shapes)
        => shapes.Select((s, i) => Tensor.RandomUniform(s, -1, 1, seed + 101 * i, DType.Float64)).ToArray();

    public static void Check(Function f, Gradient gradient, Tangent tangent, Tensor[] inputs, double h = 1e-6, double tolerance = 1e-7)
    {
        var gradients = inputs.Select(Tensor.ZerosLike).ToArray();
        double value = gradient(inputs, gradients);
        Assert.Equal(f(inputs), value, 12);

        // Reverse mode against central differences, element by element.
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k].ToDoubleArray();
            var g = gradients[k].ToDoubleArray();
            for (int i = 0; i < x.Length; i++)
            {
                double Perturbed(double delta)
                {
                    var moved = (double[])x.Clone();
                    moved[i] += delta;
                    var shifted = (Tensor[])inputs.Clone();
                    shifted[k] = Tensor.FromArray(moved, inputs[k].Shape);
                    return f(shifted);
                }
                double numeric = (Perturbed(h) - Perturbed(-h)) / (2 * h);
                double scale = Math.Max(1, Math.Abs(numeric));
                Assert.True(Math.Abs(numeric - g[i]) <= tolerance * scale,
                    $"input {k}, element {i}: reverse mode {g[i]:R}, central differences {numeric:R}");
            }
        }

        // Forward mode against reverse mode, along two random directions.
        for (int trial = 0; trial < 2; trial++)
        {
            var directions = inputs.Select((x, k) => Tensor.RandomUniform(x.Shape, -1, 1, 7919 * (trial + 1) + k, DType.Float64)).ToArray();
            double forwardValue = tangent(inputs, directions, out double along);
            Assert.Equal(value, forwardValue, 12);
            double expected = 0;
            for (int k = 0; k < inputs.Length; k++)
            {
                var d = directions[k].ToDoubleArray();
                var g = gradients[k].ToDoubleArray();
                for (int i = 0; i < d.Length; i++) expected += d[i] * g[i];
            }
            Assert.True(Math.Abs(expected - along) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"forward mode {along:R}, reverse mode · direction {expected:R}");
        }
    }

    /// <summary>A generated loss Σ op(x) ⊙ r of one input weighted by a fixed r, with its Gradient and Tangent.</summary>
    public delegate double WeightedLoss(Tensor x, Tensor r);

    /// <summary>The generated Gradient of a <see cref="WeightedLoss"/>: adds ∂f/∂x into dX and returns f.</summary>
    public delegate double WeightedGradient(Tensor x, Tensor r, ref Tensor dX);

    /// <summary>The generated Tangent of a <see cref="WeightedLoss"/>: f and its derivative along dX.</summary>
    public delegate double WeightedTangent(Tensor x, Tensor r, Tensor dX, out double tangent);

    /// <summary><see cref="Check"/> for a loss of one input x weighted by r, the most common form.</summary>
    public static void CheckWeighted(WeightedLoss f, WeightedGradient gradient, WeightedTangent tangent, Tensor x, Tensor r)
        => Check(v => f(v[0], r), (v, g) => gradient(v[0], r, ref g[0]),
            (Tensor[] v, Tensor[] d, out double t) => tangent(v[0], r, d[0], out t), new[] { x });
}
