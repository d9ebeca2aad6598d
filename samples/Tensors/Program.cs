using DiffGen.Tensors;
using Tensors;

// Three interleaved spirals in the plane, 300 points each: a classic task a linear model cannot solve.
const int perClass = 300, classes = 3, hidden = 64;
var (x, labels, ids) = Spirals(perClass, classes, seed: 7);

// Parameters: He-scaled normal weights, zero biases (float32 tensors).
var w1 = Tensor.RandomNormal(new[] { 2, hidden }, seed: 1) * Math.Sqrt(2.0 / 2);
var b1 = Tensor.Zeros(hidden);
var w2 = Tensor.RandomNormal(new[] { hidden, classes }, seed: 2) * Math.Sqrt(2.0 / hidden);
var b2 = Tensor.Zeros(classes);
Tensor dW1 = Tensor.ZerosLike(w1), dB1 = Tensor.ZerosLike(b1), dW2 = Tensor.ZerosLike(w2), dB2 = Tensor.ZerosLike(b2);

Console.WriteLine("DiffGen tensors: a 2-64-3 network on three spirals, full-batch gradient descent with the generated gradient");
const double learningRate = 1.0;
float loss = 0;
for (int step = 0; step <= 1500; step++)
{
    foreach (var g in new[] { dW1, dB1, dW2, dB2 }) Tensor.Fill(g, 0);
    loss = Classifier.LossGradient(w1, b1, w2, b2, x, labels, ref dW1, ref dB1, ref dW2, ref dB2);   // generated
    if (step % 300 == 0) Console.WriteLine($"  step {step,4}: loss {loss:F4}, accuracy {Accuracy():P1}");
    // p ← p − η·∇p, in place (the gradient buffers are reused every step: no new storage).
    Tensor.AddInPlace(w1, dW1, -learningRate);
    Tensor.AddInPlace(b1, dB1, -learningRate);
    Tensor.AddInPlace(w2, dW2, -learningRate);
    Tensor.AddInPlace(b2, dB2, -learningRate);
}
double accuracy = Accuracy();
Console.WriteLine($"final: loss {loss:F4}, accuracy {accuracy:P1}");
if (accuracy < 0.9) throw new InvalidOperationException($"The network should separate the spirals (accuracy {accuracy:P1}).");

double Accuracy()
{
    var predicted = Classifier.Predict(w1, b1, w2, b2, x);
    return predicted.Zip(ids).Count(p => p.First == p.Second) / (double)predicted.Length;
}

static (Tensor X, Tensor OneHot, int[] Ids) Spirals(int perClass, int classes, int seed)
{
    var random = new Random(seed);
    var points = new float[perClass * classes * 2];
    var ids = new int[perClass * classes];
    for (int c = 0; c < classes; c++)
        for (int i = 0; i < perClass; i++)
        {
            int n = c * perClass + i;
            double r = (double)i / perClass, angle = c * 4 + 4 * r + 0.2 * (random.NextDouble() - 0.5);
            points[2 * n] = (float)(r * Math.Sin(angle));
            points[2 * n + 1] = (float)(r * Math.Cos(angle));
            ids[n] = c;
        }
    return (Tensor.FromArray(points, perClass * classes, 2), Tensor.OneHot(ids, classes), ids);
}
