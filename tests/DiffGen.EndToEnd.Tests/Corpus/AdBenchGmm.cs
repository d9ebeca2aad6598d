namespace DiffGen.AdBench;

// This file is compiled twice: by the end-to-end tests (tests/DiffGen.EndToEnd.Tests, which check its gradients
// numerically) and by the benchmarks (tests/DiffGen.Benchmarks links it), so the code measured is the code checked.

/// <summary>
/// ADBench's Gaussian mixture model objective (microsoft/ADBench, <c>src/cpp/shared/gmm.h</c>), written as a user would
/// write it for DiffGen: flattened arrays, loops, and the scratch arrays created once before the loops.
/// </summary>
/// <remarks>
/// Parameters, for K components in D dimensions:
/// <list type="bullet">
/// <item><c>alphas</c>: K log-weights α_k;</item>
/// <item><c>means</c>: K·D means, μ_k = means[k·D .. k·D + D);</item>
/// <item><c>q</c>: K·D logs of the diagonals of the inverse-covariance factors Q_k, q_k = q[k·D .. k·D + D);</item>
/// <item><c>l</c>: K·D(D−1)/2 strictly-lower-triangular entries of the Q_k, column by column
/// (ADBench's <c>icf</c> row k is q_k followed by l_k);</item>
/// <item><c>x</c>: n·D points (constant), <c>gamma</c> and <c>m</c>: the Wishart prior (constants).</item>
/// </list>
/// F = −n·D·½·log 2π + Σ_i logsumexp_k(α_k + Σ_d q_kd − ½‖Q_k(x_i − μ_k)‖²) − n·logsumexp(α)
///     + Σ_k [½γ²(‖exp q_k‖² + ‖l_k‖²) − m·Σ_d q_kd] − K·C.
/// </remarks>
public static partial class Gmm
{
    [Differentiable]
    public static double Objective(double[] alphas, double[] means, double[] q, double[] l,
        [NoDiff] double[] x, [NoDiff] double gamma, int m, int d)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int lSize = d * (d - 1) / 2;

        // Scratch, created once: exp(q_k) and Σ_d q_kd per component, the centred point, Q·(x − μ), the K terms.
        var qDiag = new double[k * d];
        var sumQ = new double[k];
        var centred = new double[d];
        var product = new double[d];
        var terms = new double[k];

        for (int ik = 0; ik < k; ik++)
        {
            double s = 0;
            for (int id = 0; id < d; id++)
            {
                qDiag[ik * d + id] = Math.Exp(q[ik * d + id]);
                s += q[ik * d + id];
            }
            sumQ[ik] = s;
        }

        double sumLse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++)
                {
                    centred[id] = x[ix * d + id] - means[ik * d + id];
                }
                // Q_k·(x − μ_k): the diagonal, then the strictly lower triangle column by column.
                for (int id = 0; id < d; id++)
                {
                    product[id] = qDiag[ik * d + id] * centred[id];
                }
                int li = ik * lSize;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        product[j] += l[li] * centred[i];
                        li++;
                    }
                }
                double norm = 0;
                for (int id = 0; id < d; id++)
                {
                    norm += product[id] * product[id];
                }
                terms[ik] = alphas[ik] + sumQ[ik] - 0.5 * norm;
            }

            // log-sum-exp over the components, shifted by the maximum.
            double max = terms[0];
            for (int ik = 1; ik < k; ik++)
            {
                if (terms[ik] > max) max = terms[ik];
            }
            double sum = 0;
            for (int ik = 0; ik < k; ik++)
            {
                sum += Math.Exp(terms[ik] - max);
            }
            sumLse += max + Math.Log(sum);
        }

        double maxAlpha = alphas[0];
        for (int ik = 1; ik < k; ik++)
        {
            if (alphas[ik] > maxAlpha) maxAlpha = alphas[ik];
        }
        double sumAlpha = 0;
        for (int ik = 0; ik < k; ik++)
        {
            sumAlpha += Math.Exp(alphas[ik] - maxAlpha);
        }
        double lseAlphas = maxAlpha + Math.Log(sumAlpha);

        // The Wishart prior: ½γ²‖Q_k‖²_F − m·Σ_d q_kd per component.
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                frobenius += qDiag[ik * d + id] * qDiag[ik * d + id];
            }
            for (int i = 0; i < lSize; i++)
            {
                frobenius += l[ik * lSize + i] * l[ik * lSize + i];
            }
            prior += 0.5 * gamma * gamma * frobenius - m * sumQ[ik];
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + sumLse - n * lseAlphas + prior - k * WishartConstant(gamma, m, d);
    }

    /// <summary>
    /// C = N·D·(log γ − ½ log 2) − log Γ_D(½N), N = D + m + 1: the prior's normalisation, a constant (DiffGen calls it
    /// as a plain method because its arguments are constants).
    /// </summary>
    public static double WishartConstant(double gamma, int m, int d)
    {
        int bigN = d + m + 1;
        return bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(bigN, d);
    }

    /// <summary>log Γ_D(N/2) = ¼D(D−1)·log π + Σ_{j=1..D} log Γ((N + 1 − j)/2), for an integer N.</summary>
    public static double LogMultivariateGamma(int bigN, int d)
    {
        double result = 0.25 * d * (d - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= d; j++)
        {
            result += LogGammaHalf(bigN + 1 - j);
        }
        return result;
    }

    /// <summary>log Γ(h/2) for an integer h ≥ 1, exactly by the recurrence Γ(x + 1) = x·Γ(x) from Γ(1) = 1, Γ(½) = √π.</summary>
    public static double LogGammaHalf(int h)
    {
        if (h < 1) throw new ArgumentOutOfRangeException(nameof(h), h, "log Γ(h/2) needs h ≥ 1.");
        double result = h % 2 == 0 ? 0 : 0.5 * Math.Log(Math.PI);
        for (int twice = h % 2 == 0 ? 2 : 1; twice + 2 <= h; twice += 2)
        {
            result += Math.Log(0.5 * twice);
        }
        return result;
    }
}
