using System.Numerics;
using System.Numerics.Tensors;

namespace DiffGen.Tensors.Kernels;

/// <summary>
/// Softmax, log-softmax, layer and batch normalization over spans, with their pullbacks and tangents. A tensor is seen
/// as [outer, size, inner] around the normalized axis: when inner is 1 each row is contiguous; otherwise the loops run
/// over whole inner rows (stride 1), so they stay vectorized whichever axis is normalized.
/// </summary>
internal static class Normalization
{
    // ---- softmax, log-softmax ----

    /// <summary>y = softmax(x) (or log-softmax when <paramref name="log"/>) along the middle axis, the maximum subtracted first.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> x, int outer, int size, int inner, Span<T> y, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (size == 0 || inner == 0) return;
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var xs = x.Slice(o * size, size);
                var ys = y.Slice(o * size, size);
                T m = TensorPrimitives.Max(xs);
                TensorPrimitives.Subtract(xs, m, ys);
                TensorPrimitives.Exp(ys, ys);
                T s = TensorPrimitives.Sum<T>(ys);
                if (log) TensorPrimitives.Subtract(xs, m + T.Log(s), ys);
                else TensorPrimitives.Divide(ys, s, ys);
            }
            return;
        }
        var max = new T[inner];
        var sum = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * size * inner;
            x.Slice(block, inner).CopyTo(max);
            for (int k = 1; k < size; k++) TensorPrimitives.Max(x.Slice(block + k * inner, inner), max, max);
            Array.Clear(sum);
            for (int k = 0; k < size; k++)
            {
                var ys = y.Slice(block + k * inner, inner);
                TensorPrimitives.Subtract(x.Slice(block + k * inner, inner), max, ys);
                TensorPrimitives.Exp(ys, ys);
                TensorPrimitives.Add(ys, sum, sum);
            }
            if (log)
            {
                // log-softmax = x − (max + log Σ): one subtraction per row.
                TensorPrimitives.Log(sum, sum);
                TensorPrimitives.Add(sum, max, sum);
                for (int k = 0; k < size; k++) TensorPrimitives.Subtract(x.Slice(block + k * inner, inner), sum, y.Slice(block + k * inner, inner));
            }
            else
            {
                for (int k = 0; k < size; k++)
                {
                    var ys = y.Slice(block + k * inner, inner);
                    TensorPrimitives.Divide(ys, sum, ys);
                }
            }
        }
    }

    /// <summary>
    /// z = y ⊙ (g − Σ g ⊙ y) along the middle axis, y the softmax (added into z when <paramref name="accumulate"/>): the
    /// pullback with g the seed, the tangent with g the input's tangent (the Jacobian is symmetric).
    /// </summary>
    public static void SoftmaxChain<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, int outer, int size, int inner, Span<T> z, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (size == 0 || inner == 0) return;
        if (inner == 1)
        {
            // Contiguous rows: whole-row vector operations, the dot product a scalar.
            var row = new T[size];
            for (int o = 0; o < outer; o++)
            {
                var ys = y.Slice(o * size, size);
                var gs = g.Slice(o * size, size);
                var zs = z.Slice(o * size, size);
                TensorPrimitives.Subtract(gs, TensorPrimitives.Dot(ys, gs), row);
                if (accumulate) TensorPrimitives.MultiplyAdd(ys, row, zs, zs);
                else TensorPrimitives.Multiply(ys, row, zs);
            }
            return;
        }
        var dot = new T[inner];
        var scratch = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * size * inner;
            Array.Clear(dot);
            for (int k = 0; k < size; k++) TensorPrimitives.MultiplyAdd(y.Slice(block + k * inner, inner), g.Slice(block + k * inner, inner), dot, dot);
            for (int k = 0; k < size; k++)
            {
                int at = block + k * inner;
                var ys = y.Slice(at, inner);
                var zs = z.Slice(at, inner);
                TensorPrimitives.Subtract(g.Slice(at, inner), dot, scratch);
                if (accumulate) TensorPrimitives.MultiplyAdd(ys, scratch, zs, zs);
                else TensorPrimitives.Multiply(ys, scratch, zs);
            }
        }
    }

    /// <summary>dX += g − exp(y) ⊙ Σ g along the middle axis, y the log-softmax: the pullback.</summary>
    public static void LogSoftmaxPullback<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, int outer, int size, int inner, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (size == 0 || inner == 0) return;
        if (inner == 1)
        {
            var row = new T[size];
            for (int o = 0; o < outer; o++)
            {
                var gs = g.Slice(o * size, size);
                var dx = dX.Slice(o * size, size);
                TensorPrimitives.Exp(y.Slice(o * size, size), row);
                // row ← g − exp(y)·Σ g, then dX += row.
                TensorPrimitives.MultiplyAdd(row, -TensorPrimitives.Sum(gs), gs, row);
                TensorPrimitives.Add(dx, row, dx);
            }
            return;
        }
        var sum = new T[inner];
        var scratch = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * size * inner;
            Array.Clear(sum);
            for (int k = 0; k < size; k++) TensorPrimitives.Add(g.Slice(block + k * inner, inner), sum, sum);
            for (int k = 0; k < size; k++)
            {
                int at = block + k * inner;
                TensorPrimitives.Exp(y.Slice(at, inner), scratch);
                TensorPrimitives.Multiply(scratch, sum, scratch);
                TensorPrimitives.Subtract(g.Slice(at, inner), scratch, scratch);
                TensorPrimitives.Add(dX.Slice(at, inner), scratch, dX.Slice(at, inner));
            }
        }
    }

    /// <summary>z = dX − Σ exp(y) ⊙ dX along the middle axis, y the log-softmax: the tangent.</summary>
    public static void LogSoftmaxTangent<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dX, int outer, int size, int inner, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (size == 0 || inner == 0) return;
        if (inner == 1)
        {
            var row = new T[size];
            for (int o = 0; o < outer; o++)
            {
                var dx = dX.Slice(o * size, size);
                TensorPrimitives.Exp(y.Slice(o * size, size), row);
                TensorPrimitives.Subtract(dx, TensorPrimitives.Dot<T>(row, dx), z.Slice(o * size, size));
            }
            return;
        }
        var dot = new T[inner];
        var scratch = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            int block = o * size * inner;
            Array.Clear(dot);
            for (int k = 0; k < size; k++)
            {
                int at = block + k * inner;
                TensorPrimitives.Exp(y.Slice(at, inner), scratch);
                TensorPrimitives.MultiplyAdd(scratch, dX.Slice(at, inner), dot, dot);
            }
            for (int k = 0; k < size; k++)
            {
                int at = block + k * inner;
                TensorPrimitives.Subtract(dX.Slice(at, inner), dot, z.Slice(at, inner));
            }
        }
    }

    // ---- layer normalization: rows of length d ----

    /// <summary>y = (x − μ)/√(σ² + ε) ⊙ w + b for each row of length <paramref name="d"/> (σ² biased, as PyTorch).</summary>
    public static void LayerNorm<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> w, ReadOnlySpan<T> b, T eps, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d == 0) return;
        for (int row = 0; row < x.Length / d; row++)
        {
            var ys = y.Slice(row * d, d);
            _ = Normalize(x.Slice(row * d, d), eps, ys);
            TensorPrimitives.FusedMultiplyAdd(ys, w, b, ys);
        }
    }

    /// <summary>
    /// The layer norm's pullback: dW += Σ g ⊙ x̂, dB += Σ g over the rows, dX += r·(ĝ − mean ĝ − x̂·mean(ĝ ⊙ x̂)) with
    /// ĝ = g ⊙ w. μ and r = 1/√(σ² + ε) are recomputed from x (cheaper than keeping them).
    /// </summary>
    public static void LayerNormPullback<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> w, T eps, ReadOnlySpan<T> g, Span<T> dX, Span<T> dW, Span<T> dB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d == 0) return;
        var xHat = new T[d];
        var scratch = new T[d];
        for (int row = 0; row < x.Length / d; row++)
        {
            var gs = g.Slice(row * d, d);
            T rstd = Normalize(x.Slice(row * d, d), eps, xHat);
            TensorPrimitives.MultiplyAdd(gs, xHat, dW, dW);
            TensorPrimitives.Add(gs, dB, dB);
            TensorPrimitives.Multiply(gs, w, scratch);
            Project(scratch, xHat, rstd);
            TensorPrimitives.Add(dX.Slice(row * d, d), scratch, dX.Slice(row * d, d));
        }
    }

    /// <summary>The layer norm's tangent: z = r·(dX − mean dX − x̂·mean(dX ⊙ x̂)) ⊙ w + x̂ ⊙ dW + dB.</summary>
    public static void LayerNormTangent<T>(ReadOnlySpan<T> x, int d, ReadOnlySpan<T> w, T eps, ReadOnlySpan<T> dX, ReadOnlySpan<T> dW, ReadOnlySpan<T> dB, Span<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d == 0) return;
        var xHat = new T[d];
        for (int row = 0; row < x.Length / d; row++)
        {
            var zs = z.Slice(row * d, d);
            T rstd = Normalize(x.Slice(row * d, d), eps, xHat);
            dX.Slice(row * d, d).CopyTo(zs);
            Project(zs, xHat, rstd);
            TensorPrimitives.Multiply(zs, w, zs);
            TensorPrimitives.MultiplyAdd(xHat, dW, zs, zs);
            TensorPrimitives.Add(zs, dB, zs);
        }
    }

    /// <summary>x̂ = (x − μ)·r, r = 1/√(σ² + ε) with the biased σ²; returns r.</summary>
    private static T Normalize<T>(ReadOnlySpan<T> x, T eps, Span<T> xHat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(x.Length);
        T mean = TensorPrimitives.Sum(x) / n;
        TensorPrimitives.Subtract(x, mean, xHat);
        // Two passes (the deviations, then their squares): no cancellation for large means.
        T rstd = T.One / T.Sqrt(TensorPrimitives.SumOfSquares<T>(xHat) / n + eps);
        TensorPrimitives.Multiply(xHat, rstd, xHat);
        return rstd;
    }

    /// <summary>t = r·(t − mean t − x̂·mean(t ⊙ x̂)): the normalization's Jacobian, symmetric, so for both modes.</summary>
    private static void Project<T>(Span<T> t, ReadOnlySpan<T> xHat, T rstd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(t.Length);
        T mean = TensorPrimitives.Sum<T>(t) / n;
        T along = TensorPrimitives.Dot<T>(t, xHat) / n;
        TensorPrimitives.MultiplyAdd(xHat, -along, t, t);
        TensorPrimitives.Subtract<T>(t, mean, t);
        TensorPrimitives.Multiply<T>(t, rstd, t);
    }

    // ---- batch normalization: x as [n, c, s], statistics per channel over n·s values ----

    /// <summary>Per channel: the mean and the sum of squared deviations (two passes).</summary>
    public static void ChannelMoments<T>(ReadOnlySpan<T> x, int n, int c, int s, Span<T> mean, Span<T> squares) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T count = T.CreateChecked((long)n * s);
        if (s == 1)
        {
            // N×C: each channel is a column; whole rows at a time keep the work vectorized.
            var deviation = new T[c];
            mean.Clear();
            squares.Clear();
            for (int i = 0; i < n; i++) TensorPrimitives.Add(x.Slice(i * c, c), mean, mean);
            TensorPrimitives.Divide<T>(mean, count, mean);
            for (int i = 0; i < n; i++)
            {
                TensorPrimitives.Subtract(x.Slice(i * c, c), mean, deviation);
                TensorPrimitives.MultiplyAdd(deviation, deviation, squares, squares);
            }
            return;
        }
        var scratch = new T[s];
        for (int ch = 0; ch < c; ch++)
        {
            T sum = T.Zero;
            for (int i = 0; i < n; i++) sum += TensorPrimitives.Sum(x.Slice((i * c + ch) * s, s));
            T m = sum / count;
            T sq = T.Zero;
            for (int i = 0; i < n; i++)
            {
                TensorPrimitives.Subtract(x.Slice((i * c + ch) * s, s), m, scratch);
                sq += TensorPrimitives.SumOfSquares<T>(scratch);
            }
            mean[ch] = m;
            squares[ch] = sq;
        }
    }

    /// <summary>y = (x − μ_c)·r_c·w_c + b_c, r_c = 1/√(σ²_c + ε), σ² biased (the batch statistics of training mode).</summary>
    public static void BatchNorm<T>(ReadOnlySpan<T> x, int n, int c, int s, ReadOnlySpan<T> w, ReadOnlySpan<T> b, T eps, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (mean, rstd) = BatchStatistics(x, n, c, s, eps);
        if (s == 1)
        {
            // N×C: y = (x − μ) ⊙ (r ⊙ w) + b, row by row.
            TensorPrimitives.Multiply(rstd, w, rstd);
            for (int i = 0; i < n; i++)
            {
                var ys = y.Slice(i * c, c);
                TensorPrimitives.Subtract(x.Slice(i * c, c), mean, ys);
                TensorPrimitives.FusedMultiplyAdd(ys, rstd, b, ys);
            }
            return;
        }
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
            {
                int at = (i * c + ch) * s;
                var ys = y.Slice(at, s);
                TensorPrimitives.Subtract(x.Slice(at, s), mean[ch], ys);
                TensorPrimitives.Multiply(ys, rstd[ch], ys);
                TensorPrimitives.Multiply(ys, w[ch], ys);
                TensorPrimitives.Add(ys, b[ch], ys);
            }
    }

    /// <summary>
    /// The batch norm's pullback (<paramref name="tangent"/> false: g the seed, dX += …, dW += Σ g ⊙ x̂, dB += Σ g) or tangent
    /// (true: g the input's tangent, z = w·r·(g − mean g − x̂·mean(g ⊙ x̂)) + x̂·dW + dB, with dW, dB the tangents read).
    /// </summary>
    public static void BatchNormChain<T>(ReadOnlySpan<T> x, int n, int c, int s, ReadOnlySpan<T> w, T eps, ReadOnlySpan<T> g, Span<T> z, Span<T> dW, Span<T> dB, bool tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (mean, rstd) = BatchStatistics(x, n, c, s, eps);
        T count = T.CreateChecked((long)n * s);
        if (s == 1)
        {
            BatchNormChainRows(x, n, c, w, g, z, dW, dB, tangent, mean, rstd, count);
            return;
        }
        var xHat = new T[s];
        for (int ch = 0; ch < c; ch++)
        {
            // Σ g and Σ g ⊙ x̂ over the channel.
            T sumG = T.Zero, sumGx = T.Zero;
            for (int i = 0; i < n; i++)
            {
                int at = (i * c + ch) * s;
                TensorPrimitives.Subtract(x.Slice(at, s), mean[ch], xHat);
                sumG += TensorPrimitives.Sum(g.Slice(at, s));
                sumGx += TensorPrimitives.Dot<T>(g.Slice(at, s), xHat);
            }
            sumGx *= rstd[ch];
            if (!tangent)
            {
                dW[ch] += sumGx;
                dB[ch] += sumG;
            }
            T meanG = sumG / count, meanGx = sumGx / count, scale = w[ch] * rstd[ch];
            for (int i = 0; i < n; i++)
            {
                int at = (i * c + ch) * s;
                var zs = z.Slice(at, s);
                TensorPrimitives.Subtract(x.Slice(at, s), mean[ch], xHat);
                TensorPrimitives.Multiply<T>(xHat, rstd[ch], xHat);
                if (tangent)
                {
                    // z = scale·(g − meanG − x̂·meanGx) + x̂·dW + dB = scale·(g − meanG) + x̂·(dW − scale·meanGx) + dB.
                    TensorPrimitives.Subtract(g.Slice(at, s), meanG, zs);
                    TensorPrimitives.Multiply<T>(zs, scale, zs);
                    TensorPrimitives.MultiplyAdd(xHat, dW[ch] - scale * meanGx, zs, zs);
                    TensorPrimitives.Add(zs, dB[ch], zs);
                }
                else
                {
                    // x̂ ← g − meanG − x̂·meanGx, then z += scale·x̂.
                    TensorPrimitives.MultiplyAdd(xHat, -meanGx, g.Slice(at, s), xHat);
                    TensorPrimitives.Subtract<T>(xHat, meanG, xHat);
                    TensorPrimitives.MultiplyAdd(xHat, scale, zs, zs);
                }
            }
        }
    }

    /// <summary><see cref="BatchNormChain"/> for N×C input: the same formulas on whole rows, one value per channel each.</summary>
    private static void BatchNormChainRows<T>(ReadOnlySpan<T> x, int n, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> g, Span<T> z, Span<T> dW, Span<T> dB, bool tangent, T[] mean, T[] rstd, T count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sumG = new T[c];
        var sumGx = new T[c];
        var xHat = new T[c];
        for (int i = 0; i < n; i++)
        {
            var gs = g.Slice(i * c, c);
            TensorPrimitives.Add(gs, sumG, sumG);
            TensorPrimitives.Subtract(x.Slice(i * c, c), mean, xHat);
            TensorPrimitives.MultiplyAdd(gs, xHat, sumGx, sumGx);
        }
        TensorPrimitives.Multiply(sumGx, rstd, sumGx);
        if (!tangent)
        {
            TensorPrimitives.Add(dW, sumGx, dW);
            TensorPrimitives.Add(dB, sumG, dB);
        }
        // From here on: sumG holds mean g, sumGx mean g ⊙ x̂, scale = w ⊙ r.
        TensorPrimitives.Divide<T>(sumG, count, sumG);
        TensorPrimitives.Divide<T>(sumGx, count, sumGx);
        var scale = new T[c];
        TensorPrimitives.Multiply(w, rstd, scale);
        var row = new T[c];
        var slope = new T[c];
        if (tangent)
        {
            // z = scale ⊙ (g − mean g) + x̂ ⊙ (dW − scale ⊙ mean(g ⊙ x̂)) + dB.
            TensorPrimitives.Multiply(scale, sumGx, slope);
            TensorPrimitives.Subtract(dW, slope, slope);
        }
        for (int i = 0; i < n; i++)
        {
            var zs = z.Slice(i * c, c);
            TensorPrimitives.Subtract(x.Slice(i * c, c), mean, xHat);
            TensorPrimitives.Multiply(xHat, rstd, xHat);
            TensorPrimitives.Subtract(g.Slice(i * c, c), sumG, row);
            if (tangent)
            {
                TensorPrimitives.Multiply(row, scale, zs);
                TensorPrimitives.MultiplyAdd(xHat, slope, zs, zs);
                TensorPrimitives.Add(zs, dB, zs);
            }
            else
            {
                // z += scale ⊙ (g − mean g − x̂ ⊙ mean(g ⊙ x̂)).
                TensorPrimitives.Multiply(xHat, sumGx, xHat);
                TensorPrimitives.Subtract(row, xHat, row);
                TensorPrimitives.MultiplyAdd(row, scale, zs, zs);
            }
        }
    }

    private static (T[] Mean, T[] Rstd) BatchStatistics<T>(ReadOnlySpan<T> x, int n, int c, int s, T eps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mean = new T[c];
        var rstd = new T[c];
        ChannelMoments(x, n, c, s, mean, rstd);
        T count = T.CreateChecked((long)n * s);
        for (int ch = 0; ch < c; ch++) rstd[ch] = T.One / T.Sqrt(rstd[ch] / count + eps);
        return (mean, rstd);
    }
}
