using BenchmarkDotNet.Attributes;
using DiffGen.Tensors;

namespace DiffGen.Benchmarks;

/// <summary>
/// The losses whose generated gradients <see cref="TensorOperationBenchmark"/> times (build/peers/torch_tensor_ops_bench.py
/// runs the same with autograd).
/// </summary>
public static partial class TensorModels
{
    /// <summary>LeNet's first layer, Σ conv2d(x, w, b, padding 2) ⊙ r: the image is data, so only w and b get gradients.</summary>
    [Differentiable]
    public static float Conv1Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor r)
        => (float)Tensor.Sum(Tensor.Conv2d(x, w, b, 1, 2) * r);

    /// <summary>LeNet's second layer, Σ conv2d(x, w, b) ⊙ r: its input is an activation, so x gets a gradient too.</summary>
    [Differentiable]
    public static float Conv2Loss(Tensor x, Tensor w, Tensor b, [NoDiff] Tensor r)
        => (float)Tensor.Sum(Tensor.Conv2d(x, w, b) * r);

    /// <summary>
    /// Mean cross-entropy of a 784 → 128 (ReLU) → 10 perceptron on a batch: −Σ(onehot ⊙ log_softmax(logits)) ÷ batch.
    /// </summary>
    [Differentiable]
    public static float Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor oneHotLabels)
    {
        var hidden = Tensor.Relu(Tensor.MatMul(x, w1) + b1);
        var logits = Tensor.MatMul(hidden, w2) + b2;
        return -(float)Tensor.Sum(oneHotLabels * Tensor.LogSoftmax(logits, 1)) / Tensor.Size(x, 0);
    }
}

/// <summary>
/// Float32 tensor operations beside PyTorch's (build/peers/torch_tensor_ops_bench.py, the same shapes): element-wise on
/// 10⁶ elements, reductions on 1024×1024, softmax over 256×1000 logits, LeNet's two convolutions (forward, and
/// forward + generated gradient), and the gradient of an MLP's cross-entropy at batch 64 and 256. Each forward result is
/// disposed at once, so its storage is reused by the next call (the pool; allocated bytes are the tensor objects).
/// </summary>
/// <remarks>
/// 25 warm-up iterations, not the suite's 3: an operation that calls a generic <c>TensorPrimitives</c> method once per
/// call (tanh on one thread, softmax's rows) ran 10× slower for its first few seconds, until the JIT's tiering had
/// replaced the unoptimized instantiation, which 3 warm-ups of 200 ms did not cover.
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(25)]
public class TensorOperationBenchmark : IGradientBenchmark
{
    public const int Elements = 1_000_000, Side = 1024, SoftmaxRows = 256, Classes = 1000;

    private Tensor a = null!, b = null!, matrix = null!, row = null!, logits = null!;
    private Tensor image = null!, conv1W = null!, conv1B = null!, conv1R = null!, dConv1W = null!, dConv1B = null!;
    private Tensor feature = null!, conv2W = null!, conv2B = null!, conv2R = null!, dFeature = null!, dConv2W = null!, dConv2B = null!;
    private readonly Mlp small = new(64), large = new(256);

    [GlobalSetup]
    public void Setup()
    {
        a = Tensor.RandomUniform([Elements], -1, 1, 40);
        b = Tensor.RandomUniform([Elements], -1, 1, 41);
        matrix = Tensor.RandomUniform([Side, Side], -1, 1, 42);
        row = Tensor.RandomUniform([Side], -1, 1, 43);
        logits = Tensor.RandomUniform([SoftmaxRows, Classes], -5, 5, 44);
        image = Tensor.RandomUniform([64, 1, 28, 28], 0, 1, 45);
        conv1W = Tensor.RandomUniform([6, 1, 5, 5], -0.2f, 0.2f, 46);
        conv1B = Tensor.RandomUniform([6], -0.1f, 0.1f, 47);
        conv1R = Tensor.RandomUniform([64, 6, 28, 28], -1, 1, 48);
        feature = Tensor.RandomUniform([64, 6, 14, 14], 0, 1, 49);
        conv2W = Tensor.RandomUniform([16, 6, 5, 5], -0.1f, 0.1f, 50);
        conv2B = Tensor.RandomUniform([16], -0.1f, 0.1f, 51);
        conv2R = Tensor.RandomUniform([64, 16, 10, 10], -1, 1, 52);
        (dConv1W, dConv1B) = (Tensor.ZerosLike(conv1W), Tensor.ZerosLike(conv1B));
        (dFeature, dConv2W, dConv2B) = (Tensor.ZerosLike(feature), Tensor.ZerosLike(conv2W), Tensor.ZerosLike(conv2B));
        small.Setup();
        large.Setup();
        Verify();
    }

    /// <summary>
    /// The generated gradients return the primal's value, and their bias gradients are what they must be: Σ r over
    /// batch and plane for a convolution, mean(softmax(logits) − onehot) over the batch for the MLP.
    /// </summary>
    public void Verify()
    {
        Tensor gW = Tensor.ZerosLike(conv1W), gB = Tensor.ZerosLike(conv1B);
        float value = TensorModels.Conv1LossGradient(conv1W, conv1B, image, conv1R, ref gW, ref gB);
        Agreement.Check("Conv1 value", value, TensorModels.Conv1Loss(conv1W, conv1B, image, conv1R), 1e-5);
        using (var expected = Tensor.Sum(Tensor.Sum(Tensor.Sum(conv1R, 0), 1), 1)) Agreement.Check("Conv1 dB", Doubles(gB), Doubles(expected), 1e-5);

        Tensor gX = Tensor.ZerosLike(feature), gW2 = Tensor.ZerosLike(conv2W), gB2 = Tensor.ZerosLike(conv2B);
        value = TensorModels.Conv2LossGradient(feature, conv2W, conv2B, conv2R, ref gX, ref gW2, ref gB2);
        Agreement.Check("Conv2 value", value, TensorModels.Conv2Loss(feature, conv2W, conv2B, conv2R), 1e-5);
        using (var expected = Tensor.Sum(Tensor.Sum(Tensor.Sum(conv2R, 0), 1), 1)) Agreement.Check("Conv2 dB", Doubles(gB2), Doubles(expected), 1e-5);

        small.Verify();
        large.Verify();
    }

    private static double[] Doubles(Tensor t) => t.ToDoubleArray();

    /// <summary>What a forward benchmark returns: the result's length (the smoke run checks it is finite), after giving its storage back.</summary>
    private static double Done(Tensor result)
    {
        double length = result.Length;
        result.Dispose();
        return length;
    }

    // ---- element-wise (10⁶ elements; the broadcast on 1024×1024) ----

    [Benchmark] public double Add() => Done(a + b);
    [Benchmark] public double Multiply() => Done(a * b);
    [Benchmark] public double AddRow() => Done(matrix + row);
    [Benchmark] public double Relu() => Done(Tensor.Relu(a));
    [Benchmark] public double Tanh() => Done(Tensor.Tanh(a));
    [Benchmark] public double Exp() => Done(Tensor.Exp(a));
    [Benchmark] public double Sigmoid() => Done(Tensor.Sigmoid(a));

    // ---- reductions (1024×1024) ----

    [Benchmark] public double Sum() => Done(Tensor.Sum(matrix));
    [Benchmark] public double SumAxis0() => Done(Tensor.Sum(matrix, 0));
    [Benchmark] public double SumAxis1() => Done(Tensor.Sum(matrix, 1));
    [Benchmark] public double Mean() => Done(Tensor.Mean(matrix));
    [Benchmark] public double MaxAxis1() => Done(Tensor.Max(matrix, 1));

    // ---- softmax over the classes of a batch (256×1000) ----

    [Benchmark] public double Softmax() => Done(Tensor.Softmax(logits, 1));
    [Benchmark] public double LogSoftmax() => Done(Tensor.LogSoftmax(logits, 1));

    // ---- LeNet's convolutions (batch 64): 1×28×28 → 6 (5×5, padding 2), 6×14×14 → 16 (5×5) ----

    [Benchmark] public double Conv1Forward() => Done(Tensor.Conv2d(image, conv1W, conv1B, 1, 2));
    [Benchmark] public double Conv2Forward() => Done(Tensor.Conv2d(feature, conv2W, conv2B));
    [Benchmark] public double Conv1Gradient() => TensorModels.Conv1LossGradient(conv1W, conv1B, image, conv1R, ref dConv1W, ref dConv1B);
    [Benchmark] public double Conv2Gradient() => TensorModels.Conv2LossGradient(feature, conv2W, conv2B, conv2R, ref dFeature, ref dConv2W, ref dConv2B);

    // ---- a whole model: 784 → 128 → 10 MLP, mean cross-entropy, value and gradient ----

    [Benchmark] public double MlpGradient64() => small.Gradient();
    [Benchmark] public double MlpGradient256() => large.Gradient();

    /// <summary>The MLP's parameters, a batch of one size, and gradient buffers (added into, never cleared, as elsewhere).</summary>
    private sealed class Mlp(int batch)
    {
        public const int Inputs = 784, Hidden = 128, Outputs = 10;
        private Tensor w1 = null!, b1 = null!, w2 = null!, b2 = null!, x = null!, oneHot = null!;
        private Tensor dW1 = null!, dB1 = null!, dW2 = null!, dB2 = null!;

        public void Setup()
        {
            w1 = Tensor.RandomUniform([Inputs, Hidden], -0.05f, 0.05f, 60);
            b1 = Tensor.RandomUniform([Hidden], -0.05f, 0.05f, 61);
            w2 = Tensor.RandomUniform([Hidden, Outputs], -0.1f, 0.1f, 62);
            b2 = Tensor.RandomUniform([Outputs], -0.1f, 0.1f, 63);
            x = Tensor.RandomUniform([batch, Inputs], 0, 1, 64);
            var labels = new float[batch * Outputs];
            var random = new Random(65);
            for (int i = 0; i < batch; i++) labels[i * Outputs + random.Next(Outputs)] = 1;
            oneHot = Tensor.FromArray(labels, batch, Outputs);
            (dW1, dB1, dW2, dB2) = (Tensor.ZerosLike(w1), Tensor.ZerosLike(b1), Tensor.ZerosLike(w2), Tensor.ZerosLike(b2));
        }

        public double Gradient() => TensorModels.LossGradient(w1, b1, w2, b2, x, oneHot, ref dW1, ref dB1, ref dW2, ref dB2);

        public void Verify()
        {
            Tensor g1 = Tensor.ZerosLike(w1), gb1 = Tensor.ZerosLike(b1), g2 = Tensor.ZerosLike(w2), gb2 = Tensor.ZerosLike(b2);
            float value = TensorModels.LossGradient(w1, b1, w2, b2, x, oneHot, ref g1, ref gb1, ref g2, ref gb2);
            Agreement.Check($"Mlp({batch}) value", value, TensorModels.Loss(w1, b1, w2, b2, x, oneHot), 1e-5);
            using var hidden = Tensor.Relu(Tensor.MatMul(x, w1) + b1);
            using var probabilities = Tensor.Softmax(Tensor.MatMul(hidden, w2) + b2, 1);
            using var expected = Tensor.Mean(probabilities - oneHot, 0);
            Agreement.Check($"Mlp({batch}) dB2", Doubles(gb2), Doubles(expected), 1e-4);
        }
    }
}
