using DiffGen;

namespace DiffGen.Benchmarks;

public static partial class Models
{
    /// <summary>
    /// One dense layer with ReLU, written as a new user would (issue 13), under a linear read-out:
    /// Σⱼ c[j]·max(b[j] + Σᵢ w[j·nIn+i]·x[i], 0). The accumulator <c>s</c> is assigned in the inner loop and read by
    /// the adjoint only after it.
    /// </summary>
    [Differentiable]
    public static float DenseRelu(float[] w, float[] b, [NoDiff] float[] x, [NoDiff] float[] c, int nIn, int nOut)
    {
        float[] h = new float[nOut];
        for (int j = 0; j < nOut; j++)
        {
            float s = b[j];
            for (int i = 0; i < nIn; i++) s += w[j * nIn + i] * x[i];
            h[j] = Math.Max(s, 0f);
        }
        float loss = 0f;
        for (int j = 0; j < nOut; j++) loss += h[j] * c[j];
        return loss;
    }

    /// <summary>The double twin of <see cref="DenseRelu(float[], float[], float[], float[], int, int)"/>.</summary>
    [Differentiable]
    public static double DenseRelu(double[] w, double[] b, [NoDiff] double[] x, [NoDiff] double[] c, int nIn, int nOut)
    {
        double[] h = new double[nOut];
        for (int j = 0; j < nOut; j++)
        {
            double s = b[j];
            for (int i = 0; i < nIn; i++) s += w[j * nIn + i] * x[i];
            h[j] = Math.Max(s, 0d);
        }
        double loss = 0d;
        for (int j = 0; j < nOut; j++) loss += h[j] * c[j];
        return loss;
    }
}
