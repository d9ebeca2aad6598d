namespace DiffGen.AdBench;

// This file is compiled twice: by the end-to-end tests (tests/DiffGen.EndToEnd.Tests, which check its gradients
// numerically) and by the benchmarks (tests/DiffGen.Benchmarks links it), so the code measured is the code checked.

/// <summary>
/// ADBench's LSTM objective (microsoft/ADBench, <c>src/cpp/shared/lstm.h</c>): an l-layer LSTM with diagonal weights,
/// run along a sequence of c characters of b bits, predicting each next character; the mean negative log-likelihood.
/// </summary>
/// <remarks>
/// Layouts, as in ADBench's files:
/// <list type="bullet">
/// <item><c>mainParams</c>: l·8·b; per layer the weights, then the biases, each four blocks of b (forget, input gate,
/// output gate, change);</item>
/// <item><c>extraParams</c>: 3·b, the input weights, the output weights, the output biases;</item>
/// <item><c>state</c>: l·2·b initial values (constant), per layer the hidden values then the cell values;</item>
/// <item><c>sequence</c>: c·b values (constant), character t at [t·b, t·b + b).</item>
/// </list>
/// For each step t &lt; c − 1: input = sequence_t ∘ inWeight; each layer updates its cell and hidden state from its input
/// (the layer below's new hidden state) with sigmoid gates and a tanh change; prediction = hidden_top ∘ outWeight + outBias;
/// total += Σ_i sequence_{t+1,i}·(prediction_i − log(2 + Σ_j exp prediction_j)). The result is −total / ((c − 1)·b).
/// </remarks>
public static partial class Lstm
{
    [Differentiable]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Differentiable]
    public static double Objective(double[] mainParams, double[] extraParams, [NoDiff] double[] state, [NoDiff] double[] sequence)
    {
        int b = extraParams.Length / 3;
        int layers = mainParams.Length / (8 * b);
        int c = sequence.Length / b;

        // Scratch, created once: the running state (a copy: ADBench takes it by value), a layer's input, the prediction.
        var hiddenCell = new double[state.Length];
        var input = new double[b];
        var prediction = new double[b];
        for (int i = 0; i < state.Length; i++)
        {
            hiddenCell[i] = state[i];
        }

        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++)
            {
                input[i] = sequence[t * b + i] * extraParams[i];
            }
            for (int layer = 0; layer < layers; layer++)
            {
                int w = layer * 8 * b;  // weights at w + gate·b, biases at w + (4 + gate)·b
                int h = layer * 2 * b;  // hidden at h, cell at h + b
                for (int i = 0; i < b; i++)
                {
                    double forget = Sigmoid(input[i] * mainParams[w + i] + mainParams[w + 4 * b + i]);
                    double ingate = Sigmoid(hiddenCell[h + i] * mainParams[w + b + i] + mainParams[w + 5 * b + i]);
                    double outgate = Sigmoid(input[i] * mainParams[w + 2 * b + i] + mainParams[w + 6 * b + i]);
                    double change = Math.Tanh(hiddenCell[h + i] * mainParams[w + 3 * b + i] + mainParams[w + 7 * b + i]);
                    hiddenCell[h + b + i] = hiddenCell[h + b + i] * forget + ingate * change;
                    hiddenCell[h + i] = outgate * Math.Tanh(hiddenCell[h + b + i]);
                    input[i] = hiddenCell[h + i];  // the next layer's input
                }
            }
            for (int i = 0; i < b; i++)
            {
                prediction[i] = input[i] * extraParams[b + i] + extraParams[2 * b + i];
            }

            // ADBench's log-sum-exp: no max shift, and 2 added inside the log.
            double sum = 0;
            for (int i = 0; i < b; i++)
            {
                sum += Math.Exp(prediction[i]);
            }
            double lse = Math.Log(sum + 2);

            for (int i = 0; i < b; i++)
            {
                total += sequence[(t + 1) * b + i] * (prediction[i] - lse);
            }
            count += b;
        }
        return -total / count;
    }
}
