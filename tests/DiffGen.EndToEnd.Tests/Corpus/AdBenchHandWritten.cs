using System.Buffers;

namespace DiffGen.AdBench;

// This file is compiled twice: by the end-to-end tests (which compare these gradients with the generated ones) and by
// the benchmarks (tests/DiffGen.Benchmarks links it, as ADBench's "Manual" column).

/// <summary>
/// Hand-derived reverse-mode gradients of <see cref="Gmm.Objective"/> and <see cref="Lstm.Objective"/>: what a careful
/// programmer writes without a tool. Same conventions as the generated ones: they return the value and ADD into the
/// buffers. Scratch memory comes from <see cref="ArrayPool{T}.Shared"/>, so steady-state calls allocate nothing.
/// </summary>
public static class AdBenchHandWritten
{
    /// <summary>
    /// GMM: one pass over the points. For point x_i and component k, with c = x_i − μ_k, z = Q_k·c,
    /// t_k = α_k + Σq_k − ½‖z‖² and w_k = softmax_k(t): ∂t_k/∂α_k = 1, ∂t_k/∂μ_k = Q_kᵀz,
    /// ∂t_k/∂q_kj = 1 − z_j·exp(q_kj)·c_j and ∂t_k/∂L_k[j, i] = −z_j·c_i; each is weighted by w_k. Then −n·softmax(α) for
    /// the log-sum-exp of α, and γ²·exp(2q) − m and γ²·l for the prior.
    /// </summary>
    public static double GmmGradient(double[] alphas, double[] means, double[] q, double[] l,
        double[] x, double gamma, int m, int d,
        Span<double> dAlphas, Span<double> dMeans, Span<double> dQ, Span<double> dL)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int lSize = d * (d - 1) / 2;
        if (means.Length != k * d || q.Length != k * d || l.Length != k * lSize || dAlphas.Length != k
            || dMeans.Length != means.Length || dQ.Length != q.Length || dL.Length != l.Length)
        {
            throw new ArgumentException("Lengths differ.");
        }

        // One pooled buffer: exp(q) [k·d], Σq [k], the centred points [k·d] and Q·(x − μ) [k·d] of one point, the terms [k].
        double[] rented = ArrayPool<double>.Shared.Rent(3 * k * d + 2 * k);
        try
        {
            Span<double> qDiag = rented.AsSpan(0, k * d);
            Span<double> sumQ = rented.AsSpan(k * d, k);
            Span<double> centred = rented.AsSpan(k * d + k, k * d);
            Span<double> product = rented.AsSpan(2 * k * d + k, k * d);
            Span<double> terms = rented.AsSpan(3 * k * d + k, k);

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
                ReadOnlySpan<double> point = x.AsSpan(ix * d, d);
                double max = double.NegativeInfinity;
                for (int ik = 0; ik < k; ik++)
                {
                    ReadOnlySpan<double> mean = means.AsSpan(ik * d, d);
                    ReadOnlySpan<double> diag = qDiag.Slice(ik * d, d);
                    ReadOnlySpan<double> lower = l.AsSpan(ik * lSize, lSize);
                    Span<double> c = centred.Slice(ik * d, d);
                    Span<double> z = product.Slice(ik * d, d);
                    for (int id = 0; id < d; id++)
                    {
                        c[id] = point[id] - mean[id];
                        z[id] = diag[id] * c[id];
                    }
                    int li = 0;
                    for (int i = 0; i < d; i++)
                    {
                        double ci = c[i];
                        for (int j = i + 1; j < d; j++)
                        {
                            z[j] += lower[li++] * ci;
                        }
                    }
                    double norm = 0;
                    for (int id = 0; id < d; id++)
                    {
                        norm += z[id] * z[id];
                    }
                    double term = alphas[ik] + sumQ[ik] - 0.5 * norm;
                    terms[ik] = term;
                    if (ik == 0 || term > max) max = term;
                }
                double sum = 0;
                for (int ik = 0; ik < k; ik++)
                {
                    terms[ik] = Math.Exp(terms[ik] - max);
                    sum += terms[ik];
                }
                sumLse += max + Math.Log(sum);

                // Back-propagate the point's log-sum-exp: weight w_k = softmax_k.
                double inverse = 1 / sum;
                for (int ik = 0; ik < k; ik++)
                {
                    double weight = terms[ik] * inverse;
                    dAlphas[ik] += weight;
                    ReadOnlySpan<double> diag = qDiag.Slice(ik * d, d);
                    ReadOnlySpan<double> lower = l.AsSpan(ik * lSize, lSize);
                    ReadOnlySpan<double> c = centred.Slice(ik * d, d);
                    Span<double> z = product.Slice(ik * d, d);
                    Span<double> dMean = dMeans.Slice(ik * d, d);
                    Span<double> dq = dQ.Slice(ik * d, d);
                    Span<double> dLower = dL.Slice(ik * lSize, lSize);
                    for (int id = 0; id < d; id++)
                    {
                        double wz = weight * z[id];
                        z[id] = wz;
                        dq[id] += weight - wz * diag[id] * c[id];
                        dMean[id] += diag[id] * wz;
                    }
                    // Strictly lower part: dμ_i += Σ_{j>i} L[j,i]·w·z_j, dL[j,i] −= w·z_j·c_i.
                    int li = 0;
                    for (int i = 0; i < d; i++)
                    {
                        double ci = c[i];
                        double acc = 0;
                        for (int j = i + 1; j < d; j++)
                        {
                            acc += lower[li] * z[j];
                            dLower[li] -= z[j] * ci;
                            li++;
                        }
                        dMean[i] += acc;
                    }
                }
            }

            // −n·logsumexp(α).
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
            double scale = n / sumAlpha;
            for (int ik = 0; ik < k; ik++)
            {
                dAlphas[ik] -= scale * Math.Exp(alphas[ik] - maxAlpha);
            }

            // The prior ½γ²(‖exp q_k‖² + ‖l_k‖²) − m·Σq_k.
            double prior = 0;
            double gamma2 = gamma * gamma;
            for (int ik = 0; ik < k; ik++)
            {
                double frobenius = 0;
                for (int id = 0; id < d; id++)
                {
                    double e = qDiag[ik * d + id];
                    frobenius += e * e;
                    dQ[ik * d + id] += gamma2 * e * e - m;
                }
                for (int i = 0; i < lSize; i++)
                {
                    double v = l[ik * lSize + i];
                    frobenius += v * v;
                    dL[ik * lSize + i] += gamma2 * v;
                }
                prior += 0.5 * gamma * gamma * frobenius - m * sumQ[ik];
            }

            double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
            return constant + sumLse - n * lseAlphas + prior - k * Gmm.WishartConstant(gamma, m, d);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    // Per step, layer and unit the LSTM's forward pass records what the backward pass needs.
    private const int Input = 0, Hidden = 1, Cell = 2, Forget = 3, InGate = 4, OutGate = 5, Change = 6, CellTanh = 7, Recorded = 8;

    /// <summary>
    /// LSTM: a forward pass that records, per step, layer and unit, the layer's input, the previous hidden and cell
    /// values, the four gate values and tanh of the new cell, and per step ∂loss/∂prediction; then a backward pass
    /// through time carrying the adjoints of each layer's hidden and cell state.
    /// </summary>
    public static double LstmGradient(double[] mainParams, double[] extraParams, double[] state, double[] sequence,
        Span<double> dMainParams, Span<double> dExtraParams)
    {
        int b = extraParams.Length / 3;
        int layers = mainParams.Length / (8 * b);
        int c = sequence.Length / b;
        if (mainParams.Length != layers * 8 * b || extraParams.Length != 3 * b || state.Length != 2 * layers * b
            || sequence.Length != c * b || dMainParams.Length != mainParams.Length || dExtraParams.Length != extraParams.Length)
        {
            throw new ArgumentException("Lengths differ.");
        }
        int steps = c - 1;
        int count = steps * b;
        int tapeLength = steps * layers * b * Recorded;

        double[] tapeArray = ArrayPool<double>.Shared.Rent(tapeLength + steps * b + 2 * state.Length + b);
        try
        {
            Span<double> tape = tapeArray.AsSpan(0, tapeLength);
            Span<double> dPrediction = tapeArray.AsSpan(tapeLength, steps * b);
            Span<double> hiddenCell = tapeArray.AsSpan(tapeLength + steps * b, state.Length);
            Span<double> dHiddenCell = tapeArray.AsSpan(tapeLength + steps * b + state.Length, state.Length);
            Span<double> input = tapeArray.AsSpan(tapeLength + steps * b + 2 * state.Length, b);
            state.AsSpan().CopyTo(hiddenCell);

            ReadOnlySpan<double> inWeight = extraParams.AsSpan(0, b);
            ReadOnlySpan<double> outWeight = extraParams.AsSpan(b, b);
            ReadOnlySpan<double> outBias = extraParams.AsSpan(2 * b, b);
            double total = 0;
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<double> character = sequence.AsSpan(t * b, b);
                for (int i = 0; i < b; i++)
                {
                    input[i] = character[i] * inWeight[i];
                }
                for (int layer = 0; layer < layers; layer++)
                {
                    ReadOnlySpan<double> p = mainParams.AsSpan(layer * 8 * b, 8 * b);
                    Span<double> hidden = hiddenCell.Slice(layer * 2 * b, b);
                    Span<double> cell = hiddenCell.Slice(layer * 2 * b + b, b);
                    Span<double> record = tape.Slice((t * layers + layer) * b * Recorded, b * Recorded);
                    for (int i = 0; i < b; i++)
                    {
                        double xi = input[i], hi = hidden[i], ci = cell[i];
                        double forget = Sigmoid(xi * p[i] + p[4 * b + i]);
                        double ingate = Sigmoid(hi * p[b + i] + p[5 * b + i]);
                        double outgate = Sigmoid(xi * p[2 * b + i] + p[6 * b + i]);
                        double change = Math.Tanh(hi * p[3 * b + i] + p[7 * b + i]);
                        double newCell = ci * forget + ingate * change;
                        double cellTanh = Math.Tanh(newCell);
                        double newHidden = outgate * cellTanh;
                        Span<double> r = record.Slice(i * Recorded, Recorded);
                        r[Input] = xi;
                        r[Hidden] = hi;
                        r[Cell] = ci;
                        r[Forget] = forget;
                        r[InGate] = ingate;
                        r[OutGate] = outgate;
                        r[Change] = change;
                        r[CellTanh] = cellTanh;
                        cell[i] = newCell;
                        hidden[i] = newHidden;
                        input[i] = newHidden;
                    }
                }

                // prediction, log(2 + Σ exp), and the loss's derivative with respect to the prediction.
                ReadOnlySpan<double> next = sequence.AsSpan((t + 1) * b, b);
                Span<double> dPred = dPrediction.Slice(t * b, b);
                double sum = 0, goldSum = 0;
                for (int i = 0; i < b; i++)
                {
                    double prediction = input[i] * outWeight[i] + outBias[i];
                    double e = Math.Exp(prediction);
                    dPred[i] = e;  // exp(prediction) for now
                    input[i] = prediction;
                    sum += e;
                    goldSum += next[i];
                }
                double lse = Math.Log(sum + 2);
                double softScale = goldSum / (sum + 2);
                for (int i = 0; i < b; i++)
                {
                    total += next[i] * (input[i] - lse);
                    // loss = −total/count: ∂/∂prediction_i = −(gold_i − Σgold·exp(p_i)/(Σexp + 2))/count.
                    dPred[i] = (softScale * dPred[i] - next[i]) / count;
                }
            }

            // Backward through time. dHiddenCell holds, per layer, the adjoints of the hidden and cell values that the
            // step being processed produced.
            dHiddenCell.Clear();
            Span<double> dInWeight = dExtraParams.Slice(0, b);
            Span<double> dOutWeight = dExtraParams.Slice(b, b);
            Span<double> dOutBias = dExtraParams.Slice(2 * b, b);
            for (int t = steps - 1; t >= 0; t--)
            {
                // prediction = hidden_top ∘ outWeight + outBias, hidden_top is the top layer's new hidden value.
                ReadOnlySpan<double> dPred = dPrediction.Slice(t * b, b);
                ReadOnlySpan<double> top = tape.Slice((t * layers + layers - 1) * b * Recorded, b * Recorded);
                Span<double> dTop = dHiddenCell.Slice((layers - 1) * 2 * b, b);
                for (int i = 0; i < b; i++)
                {
                    ReadOnlySpan<double> r = top.Slice(i * Recorded, Recorded);
                    double topHidden = r[OutGate] * r[CellTanh];
                    dOutWeight[i] += dPred[i] * topHidden;
                    dOutBias[i] += dPred[i];
                    dTop[i] += dPred[i] * outWeight[i];
                }
                for (int layer = layers - 1; layer >= 0; layer--)
                {
                    ReadOnlySpan<double> p = mainParams.AsSpan(layer * 8 * b, 8 * b);
                    Span<double> dp = dMainParams.Slice(layer * 8 * b, 8 * b);
                    Span<double> dHidden = dHiddenCell.Slice(layer * 2 * b, b);
                    Span<double> dCell = dHiddenCell.Slice(layer * 2 * b + b, b);
                    ReadOnlySpan<double> record = tape.Slice((t * layers + layer) * b * Recorded, b * Recorded);
                    for (int i = 0; i < b; i++)
                    {
                        ReadOnlySpan<double> r = record.Slice(i * Recorded, Recorded);
                        double dh = dHidden[i];
                        double dOut = dh * r[CellTanh];
                        double dc = dCell[i] + dh * r[OutGate] * (1 - r[CellTanh] * r[CellTanh]);
                        double dForget = dc * r[Cell];
                        double dIn = dc * r[Change];
                        double dChange = dc * r[InGate];

                        double zForget = dForget * r[Forget] * (1 - r[Forget]);
                        double zIn = dIn * r[InGate] * (1 - r[InGate]);
                        double zOut = dOut * r[OutGate] * (1 - r[OutGate]);
                        double zChange = dChange * (1 - r[Change] * r[Change]);

                        double xi = r[Input], hi = r[Hidden];
                        dp[i] += zForget * xi;
                        dp[b + i] += zIn * hi;
                        dp[2 * b + i] += zOut * xi;
                        dp[3 * b + i] += zChange * hi;
                        dp[4 * b + i] += zForget;
                        dp[5 * b + i] += zIn;
                        dp[6 * b + i] += zOut;
                        dp[7 * b + i] += zChange;

                        // The adjoints of the previous step's hidden and cell values.
                        dHidden[i] = zIn * p[b + i] + zChange * p[3 * b + i];
                        dCell[i] = dc * r[Forget];

                        double dx = zForget * p[i] + zOut * p[2 * b + i];
                        if (layer > 0)
                        {
                            dHiddenCell[(layer - 1) * 2 * b + i] += dx;  // the input was the layer below's new hidden value
                        }
                        else
                        {
                            dInWeight[i] += dx * sequence[t * b + i];
                        }
                    }
                }
            }
            return -total / count;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(tapeArray);
        }
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
