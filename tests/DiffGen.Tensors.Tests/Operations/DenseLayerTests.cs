using DiffGen.Tensors.Tests.Checking;

namespace DiffGen.Tensors.Tests.Operations;

public static partial class DenseLayerLosses
{
    /// <summary>The issue's example, as written there: a dense layer with tanh and a mean squared error, in float.</summary>
    [Differentiable]
    public static float Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        => (float)Tensor.Mean(Tensor.Square(Tensor.Tanh(Tensor.MatMul(x, w) + b) - y));

    /// <summary>The same in double, for the check against central differences.</summary>
    [Differentiable]
    public static double LossDouble(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
        => (double)Tensor.Mean(Tensor.Square(Tensor.Tanh(Tensor.MatMul(x, w) + b) - y));
}

public class DenseLayerTests
{
    [Fact]
    public void The_example_of_the_issue_in_double_against_differences()
    {
        var x = Tensor.RandomUniform(new[] { 5, 4 }, -1, 1, 21, DType.Float64);
        var y = Tensor.RandomUniform(new[] { 5, 3 }, -1, 1, 22, DType.Float64);
        var inputs = TensorGradientCheck.Inputs(23, new[] { 4, 3 }, new[] { 3 });
        TensorGradientCheck.Check(
            v => DenseLayerLosses.LossDouble(v[0], v[1], x, y),
            (v, g) => DenseLayerLosses.LossDoubleGradient(v[0], v[1], x, y, ref g[0], ref g[1]),
            (Tensor[] v, Tensor[] d, out double t) => DenseLayerLosses.LossDoubleTangent(v[0], v[1], x, y, d[0], d[1], out t),
            inputs);
    }

    [Fact]
    public void The_example_of_the_issue_in_float_as_written()
    {
        var x = Tensor.RandomUniform(new[] { 64, 20 }, -1, 1, 31);
        var y = Tensor.RandomUniform(new[] { 64, 8 }, -1, 1, 32);
        var w = Tensor.RandomNormal(new[] { 20, 8 }, 33) * 0.3;
        var b = Tensor.RandomUniform(new[] { 8 }, -0.1f, 0.1f, 34);
        var dW = Tensor.ZerosLike(w); var dB = Tensor.ZerosLike(b);
        float loss = DenseLayerLosses.LossGradient(w, b, x, y, ref dW, ref dB);      // generated; adds into dW and dB

        // The float gradient agrees with the double one to float precision.
        var w64 = Tensor.To(w, DType.Float64); var b64 = Tensor.To(b, DType.Float64);
        Tensor dW64 = Tensor.ZerosLike(w64), dB64 = Tensor.ZerosLike(b64);
        double loss64 = DenseLayerLosses.LossDoubleGradient(w64, b64, Tensor.To(x, DType.Float64), Tensor.To(y, DType.Float64), ref dW64, ref dB64);
        Assert.Equal(loss64, loss, 5);
        foreach (var (f, d) in new[] { (dW, dW64), (dB, dB64) })
        {
            var fs = f.ToArray(); var ds = d.ToDoubleArray();
            for (int i = 0; i < fs.Length; i++) Assert.True(Math.Abs(fs[i] - ds[i]) <= 1e-5 * Math.Max(1, Math.Abs(ds[i])), $"{fs[i]} vs {ds[i]}");
        }
        // A second call adds into the same buffers.
        DenseLayerLosses.LossGradient(w, b, x, y, ref dW, ref dB);
        var twice = dB.ToArray();
        for (int i = 0; i < twice.Length; i++) Assert.Equal(2 * dB64.ToDoubleArray()[i], twice[i], 4);
    }
}
