using DiffGen;

namespace DiffGen.Benchmarks;

/// <summary>The benchmarked functions, written once; DiffGen generates their <c>Gradient</c> and <c>Tangent</c>.</summary>
public static partial class Models
{
    /// <summary>Σ a[i]·b[i].</summary>
    [Differentiable]
    public static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>log Σ exp(a[i]), shifted by the maximum so that no exp overflows.</summary>
    [Differentiable]
    public static double LogSumExp(double[] a)
    {
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
        return max + Math.Log(sum);
    }

    /// <summary>
    /// Squared error of a two-layer perceptron with one output: y = b2 + Σⱼ w2[j]·tanh(b1[j] + Σᵢ w1[j·nIn+i]·x[i]).
    /// No local arrays: the output is accumulated inside the loop over hidden units.
    /// </summary>
    [Differentiable]
    public static double PerceptronLoss(
        double[] w1, double[] b1, double[] w2, double b2,
        [NoDiff] double[] x, [NoDiff] double target, int nIn, int nHidden)
    {
        double y = b2;
        for (int j = 0; j < nHidden; j++)
        {
            double z = b1[j];
            for (int i = 0; i < nIn; i++)
            {
                z += w1[j * nIn + i] * x[i];
            }
            y += w2[j] * Math.Tanh(z);
        }
        double error = y - target;
        return error * error;
    }

    /// <summary>Rosenbrock's function in n dimensions: Σ_{i&lt;n−1} 100·(x[i+1] − x[i]²)² + (1 − x[i])².</summary>
    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double sum = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }
}
