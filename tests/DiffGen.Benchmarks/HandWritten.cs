namespace DiffGen.Benchmarks;

/// <summary>
/// Hand-derived reverse-mode gradients of <see cref="Models"/> (ADBench's "Manual" column): what a careful programmer
/// writes without a tool. Same conventions as the generated ones: they return the value and ADD into the buffers.
/// </summary>
public static partial class HandWritten
{
    public static double DotGradient(double[] a, double[] b, Span<double> dA, Span<double> dB)
    {
        if (b.Length != a.Length || dA.Length != a.Length || dB.Length != a.Length) throw new ArgumentException("Lengths differ.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        for (int i = 0; i < a.Length; i++)
        {
            dA[i] += b[i];
            dB[i] += a[i];
        }
        return sum;
    }

    /// <summary>∂/∂a[i] = exp(a[i] − max) / Σ: the softmax (the max shift's own derivative cancels).</summary>
    public static double LogSumExpGradient(double[] a, Span<double> dA)
    {
        if (dA.Length != a.Length) throw new ArgumentException("Lengths differ.");
        double max = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i] > max) max = a[i];
        }
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Exp(a[i] - max);
        }
        double inverse = 1.0 / sum;
        for (int i = 0; i < a.Length; i++)
        {
            dA[i] += Math.Exp(a[i] - max) * inverse;
        }
        return max + Math.Log(sum);
    }

    /// <summary>Keeps the hidden activations in a stack buffer during the forward pass, then back-propagates.</summary>
    public static double PerceptronLossGradient(
        double[] w1, double[] b1, double[] w2, double b2, double[] x, double target, int nIn, int nHidden,
        Span<double> dW1, Span<double> dB1, Span<double> dW2, out double dB2)
    {
        if (dW1.Length != w1.Length || dB1.Length != b1.Length || dW2.Length != w2.Length) throw new ArgumentException("Lengths differ.");
        Span<double> hidden = nHidden <= 256 ? stackalloc double[nHidden] : new double[nHidden];
        double y = b2;
        for (int j = 0; j < nHidden; j++)
        {
            double z = b1[j];
            ReadOnlySpan<double> row = w1.AsSpan(j * nIn, nIn);
            for (int i = 0; i < row.Length; i++)
            {
                z += row[i] * x[i];
            }
            double h = Math.Tanh(z);
            hidden[j] = h;
            y += w2[j] * h;
        }
        double error = y - target;

        double dY = 2 * error;
        dB2 = dY;
        for (int j = 0; j < nHidden; j++)
        {
            double h = hidden[j];
            dW2[j] += dY * h;
            double dZ = dY * w2[j] * (1 - h * h);
            dB1[j] += dZ;
            Span<double> dRow = dW1.Slice(j * nIn, nIn);
            for (int i = 0; i < dRow.Length; i++)
            {
                dRow[i] += dZ * x[i];
            }
        }
        return error * error;
    }

    /// <summary>∂/∂x[i] gets −400·a·x[i] − 2·b from term i and 200·a from term i − 1 (a, b as in the function).</summary>
    public static double RosenbrockGradient(double[] x, Span<double> dX)
    {
        if (dX.Length != x.Length) throw new ArgumentException("Lengths differ.");
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double xi = x[i];
            double a = x[i + 1] - xi * xi;
            double b = 1 - xi;
            sum += 100 * a * a + b * b;
            dX[i] += -400 * a * xi - 2 * b;
            dX[i + 1] += 200 * a;
        }
        return sum;
    }

    /// <summary>
    /// Keeps each unit's pre-activation in a stack buffer during the forward pass; the backward pass scales the input
    /// row by the unit's derivative (Max's at a tie: half, as the generated code's convention). Rows of units that are
    /// off are still added to (0 · x), as the generated code does: the same operations, so the same values.
    /// </summary>
    public static float DenseReluGradient(float[] w, float[] b, float[] x, float[] c, int nIn, int nOut, Span<float> dW, Span<float> dB)
    {
        if (dW.Length != w.Length || dB.Length != b.Length) throw new ArgumentException("Lengths differ.");
        Span<float> pre = nOut <= 512 ? stackalloc float[nOut] : new float[nOut];
        float loss = 0f;
        for (int j = 0; j < nOut; j++)
        {
            float s = b[j];
            ReadOnlySpan<float> row = w.AsSpan(j * nIn, nIn);
            for (int i = 0; i < row.Length; i++) s += row[i] * x[i];
            pre[j] = s;
        }
        for (int j = 0; j < nOut; j++) loss += Math.Max(pre[j], 0f) * c[j];
        for (int j = 0; j < nOut; j++)
        {
            float s = pre[j];
            float dS = s > 0f ? c[j] : s == 0f ? c[j] * 0.5f : 0f;
            dB[j] += dS;
            Span<float> dRow = dW.Slice(j * nIn, nIn);
            for (int i = 0; i < dRow.Length; i++) dRow[i] += dS * x[i];
        }
        return loss;
    }
}
