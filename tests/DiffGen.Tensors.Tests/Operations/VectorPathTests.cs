namespace DiffGen.Tensors.Tests.Operations;

/// <summary>
/// The vector forms of relu, tanh, sigmoid (Map) and of max along the last axis give the scalar definitions' results,
/// edge cases included: rows long enough for the vector loops and their tails, NaN, ties, −0 and +0.
/// </summary>
public class VectorPathTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Activations_match_the_scalar_functions(DType dtype)
    {
        var values = Tensor.RandomUniform([3, 37], -6, 6, 70, DType.Float64).ToDoubleArray();
        values[5] = double.NaN;
        values[6] = -0.0;
        values[7] = 0.0;
        values[8] = -100;
        values[9] = 100;
        var x = dtype == DType.Float32 ? Tensor.FromArray(values.Select(v => (float)v).ToArray(), 3, 37) : Tensor.FromArray(values, 3, 37);
        var input = x.ToDoubleArray();
        var relu = Tensor.Relu(x).ToDoubleArray();
        var tanh = Tensor.Tanh(x).ToDoubleArray();
        var sigmoid = Tensor.Sigmoid(x).ToDoubleArray();
        double tolerance = dtype == DType.Float32 ? 1e-6 : 1e-14;
        for (int i = 0; i < input.Length; i++)
        {
            double v = input[i];
            // relu is x > 0 ? x : 0: NaN and −0 give +0.
            Assert.Equal(v > 0 ? v : 0.0, relu[i]);
            if (!(v > 0)) Assert.False(double.IsNegative(relu[i]), $"relu[{i}] = -0");
            Assert.Equal(double.IsNaN(v), double.IsNaN(tanh[i]));
            Assert.Equal(double.IsNaN(v), double.IsNaN(sigmoid[i]));
            if (double.IsNaN(v)) continue;
            Assert.True(Math.Abs(tanh[i] - Math.Tanh(v)) <= tolerance, $"tanh({v}) = {tanh[i]}");
            Assert.True(Math.Abs(sigmoid[i] - 1 / (1 + Math.Exp(-v))) <= tolerance, $"sigmoid({v}) = {sigmoid[i]}");
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Max_along_the_last_axis_finds_the_first_maximum(DType dtype)
    {
        const int rows = 6, size = 37;
        var values = Tensor.RandomUniform([rows, size], -1, 1, 71, DType.Float64).ToDoubleArray();
        // Row 1: NaNs win, the first one; row 2: a tie, the first one; row 3: only zeros of both signs and negatives;
        // row 4: the maximum in the tail past the last whole vector; row 5: the maximum first.
        values[1 * size + 20] = double.NaN;
        values[1 * size + 30] = double.NaN;
        values[2 * size + 3] = 5;
        values[2 * size + 25] = 5;
        for (int k = 0; k < size; k++) values[3 * size + k] = -1 - k;
        values[3 * size + 9] = -0.0;
        values[3 * size + 17] = 0.0;
        values[4 * size + 36] = 7;
        values[5 * size] = 9;
        var x = dtype == DType.Float32 ? Tensor.FromArray(values.Select(v => (float)v).ToArray(), rows, size) : Tensor.FromArray(values, rows, size);
        var input = x.ToDoubleArray();
        var result = Tensor.Max(x, 1);
        var dX = Tensor.ZerosLike(x);
        Tensor.MaxPullback(x, 1, false, result, Tensor.OnesLike(result), ref dX);
        var max = result.ToDoubleArray();
        var gradient = dX.ToDoubleArray();
        for (int r = 0; r < rows; r++)
        {
            int at = 0;
            for (int k = 1; k < size; k++)
            {
                double v = input[r * size + k], best = input[r * size + at];
                if (v > best || (double.IsNaN(v) && !double.IsNaN(best))) at = k;
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(input[r * size + at]), BitConverter.DoubleToInt64Bits(max[r]));
            for (int k = 0; k < size; k++) Assert.Equal(k == at ? 1.0 : 0.0, gradient[r * size + k]);
        }
        Assert.Equal(20, Array.IndexOf(gradient, 1.0, size, size) - size);
        Assert.Equal(3, Array.IndexOf(gradient, 1.0, 2 * size, size) - 2 * size);
        Assert.Equal(9, Array.IndexOf(gradient, 1.0, 3 * size, size) - 3 * size);
        Assert.Equal(36, Array.IndexOf(gradient, 1.0, 4 * size, size) - 4 * size);
    }
}
