using DiffGen;
using DiffGen.Tensors;

namespace Tensors;

/// <summary>
/// A two-layer network over tensors, written as plain methods: the generator writes <c>LossGradient</c>, which runs
/// the network, then adds the gradient of the loss into dW1, dB1, dW2, dB2. No tape, no graph: the intermediates are
/// locals of the generated method, and their storage goes back to the pool when it returns.
/// </summary>
public static partial class Classifier
{
    /// <summary>Mean cross-entropy of softmax(relu(x·W1 + b1)·W2 + b2) against one-hot labels.</summary>
    [Differentiable]
    public static float Loss(Tensor w1, Tensor b1, Tensor w2, Tensor b2, [NoDiff] Tensor x, [NoDiff] Tensor labels)
    {
        var hidden = Tensor.Relu(Tensor.MatMul(x, w1) + b1);
        var logits = Tensor.MatMul(hidden, w2) + b2;
        return (float)(-Tensor.Sum(labels * Tensor.LogSoftmax(logits, 1)) / Tensor.Size(x, 0));
    }

    /// <summary>The class each row of x is given (not differentiated).</summary>
    public static int[] Predict(Tensor w1, Tensor b1, Tensor w2, Tensor b2, Tensor x)
        => Tensor.ArgMax(Tensor.MatMul(Tensor.Relu(Tensor.MatMul(x, w1) + b1), w2) + b2, 1);
}
