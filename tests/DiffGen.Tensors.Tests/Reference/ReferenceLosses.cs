namespace DiffGen.Tensors.Tests.Reference;

/// <summary>
/// L = Σ(F(…) ⊙ r) for each operation F of the reference cases, named after the JSON's op: the generated
/// <c>…Gradient</c> of each is what <see cref="TorchReferenceTests"/> compares with PyTorch's autograd. One line an
/// operation; r is the fixed weights (not differentiated).
/// </summary>
public static partial class ReferenceLosses
{
    // ---- arithmetic ----

    [Differentiable] public static double Add(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Add(a, b) * r);

    [Differentiable] public static double Sub(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Subtract(a, b) * r);

    [Differentiable] public static double Mul(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Multiply(a, b) * r);

    [Differentiable] public static double Div(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Divide(a, b) * r);

    [Differentiable] public static double AddScalar(Tensor a, double s, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Add(a, s) * r);

    [Differentiable] public static double ScalarAdd(double s, Tensor a, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Add(s, a) * r);

    [Differentiable] public static double SubScalar(Tensor a, double s, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Subtract(a, s) * r);

    [Differentiable] public static double ScalarSub(double s, Tensor a, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Subtract(s, a) * r);

    [Differentiable] public static double MulScalar(Tensor a, double s, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Multiply(a, s) * r);

    [Differentiable] public static double ScalarMul(double s, Tensor a, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Multiply(s, a) * r);

    [Differentiable] public static double DivScalar(Tensor a, double s, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Divide(a, s) * r);

    [Differentiable] public static double ScalarDiv(double s, Tensor a, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Divide(s, a) * r);

    [Differentiable] public static double Neg(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(-x * r);

    // ---- reductions ----

    [Differentiable] public static double SumAll(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Sum(x) * r);

    [Differentiable] public static double MeanAll(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Mean(x) * r);

    [Differentiable] public static double SumAxis(Tensor x, int axis, bool keepDim, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Sum(x, axis, keepDim) * r);

    [Differentiable] public static double MeanAxis(Tensor x, int axis, bool keepDim, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Mean(x, axis, keepDim) * r);

    [Differentiable] public static double MaxAxis(Tensor x, int axis, bool keepDim, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Max(x, axis, keepDim) * r);

    // ---- activations ----
    [Differentiable] public static double Relu(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Relu(x) * r);
    [Differentiable] public static double Sigmoid(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Sigmoid(x) * r);
    [Differentiable] public static double Tanh(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Tanh(x) * r);
    [Differentiable] public static double Gelu(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Gelu(x) * r);
    [Differentiable] public static double GeluTanh(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.GeluTanh(x) * r);
    [Differentiable] public static double Silu(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Silu(x) * r);
    [Differentiable] public static double Softplus(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Softplus(x) * r);
    [Differentiable] public static double LeakyRelu(Tensor x, [NoDiff] double slope, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.LeakyRelu(x, slope) * r);
    [Differentiable] public static double Elu(Tensor x, [NoDiff] double alpha, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Elu(x, alpha) * r);

    // ---- convolution ----
    [Differentiable] public static double Conv2dBias(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Conv2d(x, weight, bias, stride, padding, dilation, groups) * r);
    [Differentiable] public static double Conv2dNoBias(Tensor x, Tensor weight, int stride, int padding, int dilation, int groups, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Conv2d(x, weight, stride, padding, dilation, groups) * r);
    [Differentiable] public static double MaxPool2d(Tensor x, int kernel, int stride, int padding, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.MaxPool2d(x, kernel, stride, padding) * r);
    [Differentiable] public static double AvgPool2d(Tensor x, int kernel, int stride, int padding, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.AvgPool2d(x, kernel, stride, padding) * r);

    // ---- element-wise math, softmax, statistics, normalization ----
    [Differentiable] public static double Exp(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Exp(x) * r);
    [Differentiable] public static double Log(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Log(x) * r);
    [Differentiable] public static double Sqrt(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Sqrt(x) * r);
    [Differentiable] public static double Square(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Square(x) * r);
    [Differentiable] public static double Abs(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Abs(x) * r);
    [Differentiable] public static double Pow(Tensor x, [NoDiff] float p, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Pow(x, p) * r);
    [Differentiable] public static double Softmax(Tensor x, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Softmax(x, axis) * r);
    [Differentiable] public static double LogSoftmax(Tensor x, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.LogSoftmax(x, axis) * r);
    [Differentiable] public static double VarAll(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Var(x) * r);
    [Differentiable] public static double StdAll(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Std(x) * r);
    [Differentiable] public static double VarAxis(Tensor x, int axis, bool keepDim, bool unbiased, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Var(x, axis, keepDim, unbiased) * r);
    [Differentiable] public static double StdAxis(Tensor x, int axis, bool keepDim, bool unbiased, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Std(x, axis, keepDim, unbiased) * r);
    [Differentiable] public static double LayerNorm(Tensor x, int axes, Tensor weight, Tensor bias, [NoDiff] double eps, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.LayerNorm(x, axes, weight, bias, eps) * r);
    [Differentiable] public static double BatchNorm(Tensor x, Tensor weight, Tensor bias, [NoDiff] double eps, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.BatchNorm(x, weight, bias, eps) * r);

    // ---- matrix product, shapes, indexing, comparisons ----
    [Differentiable] public static double MatMul(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.MatMul(a, b) * r);
    [Differentiable] public static double Transpose(Tensor x, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Transpose(x) * r);
    [Differentiable] public static double Reshape(Tensor x, int[] shape, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Reshape(x, shape) * r);
    [Differentiable] public static double Narrow(Tensor x, int axis, int start, int length, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Slice(x, axis, start, length) * r);
    [Differentiable] public static double Concat2(Tensor x0, Tensor x1, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Concat(x0, x1, axis) * r);
    [Differentiable] public static double Concat3(Tensor x0, Tensor x1, Tensor x2, int axis, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Concat(x0, x1, x2, axis) * r);
    [Differentiable] public static double IndexSelect(Tensor x, int axis, int[] index, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.IndexSelect(x, axis, index) * r);
    [Differentiable] public static double Where([NoDiff] Tensor condition, Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Where(condition, a, b) * r);
    [Differentiable] public static double Maximum(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Maximum(a, b) * r);
    [Differentiable] public static double Minimum(Tensor a, Tensor b, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Minimum(a, b) * r);
    [Differentiable] public static double Clamp(Tensor x, [NoDiff] double min, [NoDiff] double max, [NoDiff] Tensor r) => (double)Tensor.Sum(Tensor.Clamp(x, min, max) * r);
}
