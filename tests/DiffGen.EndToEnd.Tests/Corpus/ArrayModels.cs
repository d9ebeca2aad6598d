namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Small models over arrays (issue 3): the losses a user trains with the generated gradients.</summary>
public static partial class ArrayModels
{
    // log Σ exp z[i], shifted by the maximum so that it does not overflow.
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double m = z[0];
        for (int i = 1; i < z.Length; i++)
            if (z[i] > m)
                m = z[i];
        double s = 0;
        for (int i = 0; i < z.Length; i++)
            s += Math.Exp(z[i] - m);
        return m + Math.Log(s);
    }

    // −log softmax(z)[label]: the label is an int constant.
    [Differentiable]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, int label)
    {
        double m = z[0];
        foreach (double v in z)
            if (v > m)
                m = v;
        double s = 0;
        foreach (double v in z)
            s += Math.Exp(v - m);
        return m + Math.Log(s) - z[label];
    }

    // (1/n) Σ (w·x + b − y)² over constant data.
    [Differentiable]
    public static double LinearRegressionMse(double w, double b, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        double s = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = w * xs[i] + b - ys[i];
            s += e * e;
        }
        return s / xs.Length;
    }

    // A two-layer perceptron: h = tanh(W1·x + b1), out = W2·h + b2, loss (out − target)².
    // W1 is h×n flattened row by row (h = b1.Length, n = x.Length).
    [Differentiable]
    public static double PerceptronLoss(double[] w1, double[] b1, double[] w2, double b2, [NoDiff] double[] x, [NoDiff] double target)
    {
        int n = x.Length;
        double output = b2;
        for (int j = 0; j < b1.Length; j++)
        {
            double z = b1[j];
            for (int i = 0; i < n; i++)
                z += w1[j * n + i] * x[i];
            output += w2[j] * Math.Tanh(z);
        }
        double e = output - target;
        return e * e;
    }

    // The same perceptron with a differentiable input (a span) and the loss summed over a batch of targets.
    [Differentiable]
    public static double PerceptronInputSensitivity(ReadOnlySpan<double> x, [NoDiff] double[] w1, [NoDiff] double[] b1, [NoDiff] double[] w2, double b2)
    {
        int n = x.Length;
        double output = b2;
        for (int j = 0; j < b1.Length; j++)
        {
            double z = b1[j];
            for (int i = 0; i < n; i++)
                z += w1[j * n + i] * x[i];
            output += w2[j] * Math.Tanh(z);
        }
        return output;
    }

    // Logistic regression: the mean of log(1 + exp(−y·(w·x + b))) with labels ±1, through Sigmoid in a loop.
    [Differentiable]
    public static double LogisticLoss(double[] w, double b, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        int d = w.Length;
        int n = ys.Length;
        double s = 0;
        for (int k = 0; k < n; k++)
        {
            double z = b;
            for (int i = 0; i < d; i++)
                z += w[i] * xs[k * d + i];
            s -= Math.Log(Loops.Sigmoid(ys[k] * z));
        }
        return s / n;
    }
}
