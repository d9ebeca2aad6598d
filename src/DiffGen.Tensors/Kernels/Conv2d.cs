using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DiffGen.Tensors.Kernels;

/// <summary>
/// 2-D convolution (PyTorch's conv2d: cross-correlation with zero padding, stride, dilation and groups) over contiguous
/// row-major NCHW spans, forward and backward. Several images at a time (as many as keep their columns in L2) and each
/// group are lowered to one GEMM: im2col copies their receptive fields side by side into a (C/G·R·S) × (count·P·Q)
/// column buffer, pooled so that steady-state calls do not allocate, and the product is copied into NCHW; a pointwise
/// convolution (1×1, stride 1, no padding) multiplies each image's input directly. Large batches are split over
/// threads, one range of images each (products inside stay on their worker's thread).
/// </summary>
/// <remarks>
/// Shapes (see <see cref="Conv2dGeometry"/>): input (N, C, H, W), weight (K, C/G, R, S), bias (K) or empty for none,
/// output (N, K, P, Q). Every span's length must equal the geometry's; otherwise an <see cref="ArgumentException"/>
/// naming the argument is thrown before anything is written. Outputs must not overlap inputs.
/// </remarks>
public static unsafe class Conv2d
{
    /// <summary>Multiply-adds below which a call stays on the calling thread: splitting costs more than it saves.</summary>
    const long ParallelWorkThreshold = 1L << 20;

    /// <summary>output = conv(input, weight) + bias, overwriting <paramref name="output"/>.</summary>
    /// <param name="geometry">The convolution's shapes.</param>
    /// <param name="input">(N, C, H, W).</param>
    /// <param name="weight">(K, C/G, R, S).</param>
    /// <param name="bias">(K), or empty for no bias.</param>
    /// <param name="output">(N, K, P, Q); overwritten.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void Forward<T>(Conv2dGeometry geometry, ReadOnlySpan<T> input, ReadOnlySpan<T> weight,
        ReadOnlySpan<T> bias, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckInput(geometry, input.Length, nameof(input));
        CheckWeight(geometry, weight.Length, nameof(weight));
        if (bias.Length != 0 && bias.Length != geometry.BiasLength)
            throw new ArgumentException(
                $"{nameof(bias)} has length {bias.Length}, but {geometry} needs {geometry.BiasLength} (K) or 0 (no bias).", nameof(bias));
        CheckOutput(geometry, output.Length, nameof(output));

        int workers = BatchWorkers(geometry);
        bool hasBias = bias.Length != 0;
        fixed (T* pInput = input, pWeight = weight, pBias = bias, pOutput = output)
        {
            if (workers == 1)
                ForwardImages(geometry, pInput, pWeight, pBias, hasBias, pOutput, 0, geometry.Batch);
            else
                ForwardParallel<T>(geometry, workers, (nint)pInput, (nint)pWeight, (nint)pBias, hasBias, (nint)pOutput);
        }
    }

    // The threaded paths are methods of their own: a lambda's closure is allocated on entry to the method that declares
    // what it captures, and the single-threaded path should not pay for it. Spans and pointers cannot be captured, so the
    // (pinned) buffers travel as addresses.
    static void ForwardParallel<T>(Conv2dGeometry geometry, int workers, nint input, nint weight, nint bias, bool hasBias, nint output)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Parallel.For(0, workers, worker =>
        {
            using var single = Gemm.OnThisThread();
            var (start, end) = WorkerRange(geometry.Batch, workers, worker);
            ForwardImages(geometry, (T*)input, (T*)weight, (T*)bias, hasBias, (T*)output, start, end);
        });

    /// <summary>
    /// The gradient with respect to the input: inputGradient = convᵀ(outputGradient, weight) (the adjoint of
    /// <see cref="Forward"/> in its input), added to <paramref name="inputGradient"/> when <paramref name="accumulate"/>,
    /// else overwriting it.
    /// </summary>
    /// <param name="geometry">The convolution's shapes.</param>
    /// <param name="weight">(K, C/G, R, S).</param>
    /// <param name="outputGradient">(N, K, P, Q).</param>
    /// <param name="inputGradient">(N, C, H, W).</param>
    /// <param name="accumulate">Add into <paramref name="inputGradient"/> (as PyTorch's .grad accumulates) instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void BackwardInput<T>(Conv2dGeometry geometry, ReadOnlySpan<T> weight, ReadOnlySpan<T> outputGradient,
        Span<T> inputGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckWeight(geometry, weight.Length, nameof(weight));
        CheckOutput(geometry, outputGradient.Length, nameof(outputGradient));
        CheckInput(geometry, inputGradient.Length, nameof(inputGradient));

        int workers = BatchWorkers(geometry);
        fixed (T* pWeight = weight, pOutputGradient = outputGradient, pInputGradient = inputGradient)
        {
            if (workers == 1)
                BackwardInputImages(geometry, pWeight, pOutputGradient, pInputGradient, accumulate, 0, geometry.Batch);
            else
                BackwardInputParallel<T>(geometry, workers, (nint)pWeight, (nint)pOutputGradient, (nint)pInputGradient, accumulate);
        }
    }

    static void BackwardInputParallel<T>(Conv2dGeometry geometry, int workers, nint weight, nint outputGradient, nint inputGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Parallel.For(0, workers, worker =>
        {
            using var single = Gemm.OnThisThread();
            var (start, end) = WorkerRange(geometry.Batch, workers, worker);
            BackwardInputImages(geometry, (T*)weight, (T*)outputGradient, (T*)inputGradient, accumulate, start, end);
        });

    /// <summary>
    /// The gradient with respect to the weight: weightGradient = Σ over the batch of outputGradient ⋆ input, added to
    /// <paramref name="weightGradient"/> when <paramref name="accumulate"/>, else overwriting it.
    /// </summary>
    /// <param name="geometry">The convolution's shapes.</param>
    /// <param name="input">(N, C, H, W).</param>
    /// <param name="outputGradient">(N, K, P, Q).</param>
    /// <param name="weightGradient">(K, C/G, R, S).</param>
    /// <param name="accumulate">Add into <paramref name="weightGradient"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void BackwardWeight<T>(Conv2dGeometry geometry, ReadOnlySpan<T> input, ReadOnlySpan<T> outputGradient,
        Span<T> weightGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckInput(geometry, input.Length, nameof(input));
        CheckOutput(geometry, outputGradient.Length, nameof(outputGradient));
        CheckWeight(geometry, weightGradient.Length, nameof(weightGradient));

        int workers = BatchWorkers(geometry);
        fixed (T* pInput = input, pOutputGradient = outputGradient)
        {
            if (workers == 1)
            {
                BackwardWeightImages(geometry, pInput, pOutputGradient, weightGradient, accumulate, 0, geometry.Batch);
                return;
            }
            // Every image contributes to every weight: worker 0 writes into weightGradient, the others into private partial
            // sums, added in afterwards (in worker order, so the result does not depend on scheduling).
            int length = geometry.WeightLength;
            T[] partials = ArrayPool<T>.Shared.Rent((workers - 1) * length);
            try
            {
                fixed (T* pWeightGradient = weightGradient, pPartials = partials)
                    BackwardWeightParallel<T>(geometry, workers, (nint)pInput, (nint)pOutputGradient, (nint)pWeightGradient, (nint)pPartials, accumulate);
                for (int worker = 1; worker < workers; worker++)
                    AddTo(partials.AsSpan((worker - 1) * length, length), weightGradient);
            }
            finally
            {
                ArrayPool<T>.Shared.Return(partials);
            }
        }
    }

    static void BackwardWeightParallel<T>(Conv2dGeometry geometry, int workers, nint input, nint outputGradient,
        nint weightGradient, nint partials, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = geometry.WeightLength;
        Parallel.For(0, workers, worker =>
        {
            using var single = Gemm.OnThisThread();
            var (start, end) = WorkerRange(geometry.Batch, workers, worker);
            var target = worker == 0
                ? new Span<T>((T*)weightGradient, length)
                : new Span<T>((T*)partials + (long)(worker - 1) * length, length);
            BackwardWeightImages(geometry, (T*)input, (T*)outputGradient, target, worker == 0 && accumulate, start, end);
        });
    }

    /// <summary>
    /// The gradient with respect to the bias: biasGradient[k] = Σ over n, p, q of outputGradient[n, k, p, q], added to
    /// <paramref name="biasGradient"/> when <paramref name="accumulate"/>, else overwriting it.
    /// </summary>
    /// <param name="geometry">The convolution's shapes.</param>
    /// <param name="outputGradient">(N, K, P, Q).</param>
    /// <param name="biasGradient">(K).</param>
    /// <param name="accumulate">Add into <paramref name="biasGradient"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void BackwardBias<T>(Conv2dGeometry geometry, ReadOnlySpan<T> outputGradient, Span<T> biasGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckOutput(geometry, outputGradient.Length, nameof(outputGradient));
        if (biasGradient.Length != geometry.BiasLength)
            throw new ArgumentException(
                $"{nameof(biasGradient)} has length {biasGradient.Length}, but {geometry} needs {geometry.BiasLength} (K).", nameof(biasGradient));

        int channels = geometry.OutputChannels, plane = geometry.OutputHeight * geometry.OutputWidth;
        for (int k = 0; k < channels; k++)
        {
            T sum = T.Zero;
            for (int n = 0; n < geometry.Batch; n++)
                sum += Sum(outputGradient.Slice((n * channels + k) * plane, plane));
            biasGradient[k] = accumulate ? biasGradient[k] + sum : sum;
        }
    }

    /// <summary>How many threads a call splits the batch over: 1 unless there are several images and enough work.</summary>
    internal static int BatchWorkers(Conv2dGeometry geometry)
    {
        long work = (long)geometry.Batch * geometry.OutputChannels * geometry.InputChannelsPerGroup
            * geometry.KernelHeight * geometry.KernelWidth * geometry.OutputHeight * geometry.OutputWidth;
        if (geometry.Batch < 2 || Environment.ProcessorCount < 2 || work < ParallelWorkThreshold || Gemm.OnWorker)
            return 1;
        return Math.Min(geometry.Batch, Environment.ProcessorCount);
    }

    static (int Start, int End) WorkerRange(int count, int workers, int worker) =>
        ((int)((long)count * worker / workers), (int)((long)count * (worker + 1) / workers));

    /// <summary>Bytes of im2col columns one GEMM should cover: its B operand then stays in L2 while it is packed.</summary>
    internal static int ChunkBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How many images one GEMM covers: their columns side by side make one wide product (a short, wide GEMM wastes
    /// little on edges and per-call packing), but no more than fit <see cref="ChunkBytes"/> (at least one).
    /// </summary>
    static int ChunkImages<T>(Conv2dGeometry g, int start, int end) where T : unmanaged
    {
        long perImage = (long)g.InputChannelsPerGroup * g.KernelHeight * g.KernelWidth * g.OutputHeight * g.OutputWidth * sizeof(T);
        return (int)Math.Clamp(ChunkBytes / Math.Max(perImage, 1), 1, Math.Max(end - start, 1));
    }

    static void ForwardImages<T>(Conv2dGeometry g, T* input, T* weight, T* bias, bool hasBias, T* output, int start, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int groups = g.Groups, cg = g.InputChannelsPerGroup, kg = g.OutputChannelsPerGroup;
        int plane = g.InputHeight * g.InputWidth, outputPlane = g.OutputHeight * g.OutputWidth, span = StoredPlane(g);
        int rows = cg * g.KernelHeight * g.KernelWidth;
        int chunk = g.IsPointwise ? 1 : ChunkImages<T>(g, start, end);
        T[]? columns = RentColumns<T>(g, rows * span * chunk);
        T[]? product = chunk > 1 || span != outputPlane ? ArrayPool<T>.Shared.Rent(kg * span * chunk) : null;
        try
        {
            var weights = new ReadOnlySpan<T>(weight, g.WeightLength);
            for (int n0 = start; n0 < end; n0 += chunk)
            {
                int count = Math.Min(chunk, end - n0), width = count * span;
                for (int group = 0; group < groups; group++)
                {
                    var w = weights.Slice(group * kg * rows, kg * rows);
                    if (product == null)
                    {
                        // One image: the product lands in the output directly.
                        var source = new ReadOnlySpan<T>(input + ((long)n0 * g.InputChannels + group * cg) * plane, cg * plane);
                        var target = new Span<T>(output + ((long)n0 * g.OutputChannels + group * kg) * outputPlane, kg * outputPlane);
                        var b = Lowered(g, source, columns, rows * outputPlane);
                        // The bias goes in first and the GEMM accumulates onto it: no second pass over the output.
                        if (hasBias)
                            for (int k = 0; k < kg; k++)
                                target.Slice(k * outputPlane, outputPlane).Fill(bias[group * kg + k]);
                        Gemm.Multiply(false, false, kg, outputPlane, rows, w, rows, b, outputPlane, target, outputPlane, accumulate: hasBias);
                        continue;
                    }
                    // Several images: their columns side by side (image j at column j·PQ), one product K/G × count·PQ,
                    // then each image's rows copied to their place in NCHW, bias added on the way.
                    var cols = columns.AsSpan(0, rows * width);
                    for (int j = 0; j < count; j++)
                        Lower(g, new ReadOnlySpan<T>(input + ((long)(n0 + j) * g.InputChannels + group * cg) * plane, cg * plane),
                            cols[(j * span)..], width);
                    var result = product.AsSpan(0, kg * width);
                    Gemm.Multiply(false, false, kg, width, rows, w, rows, cols, width, result, width, accumulate: false);
                    int lineWidth = span / g.OutputHeight, q = g.OutputWidth;
                    for (int j = 0; j < count; j++)
                    {
                        T* target = output + ((long)(n0 + j) * g.OutputChannels + group * kg) * outputPlane;
                        for (int k = 0; k < kg; k++)
                        {
                            T add = hasBias ? bias[group * kg + k] : T.Zero;
                            var from = result.Slice(k * width + j * span, span);
                            if (span == outputPlane)
                                CopyPlus(from, new Span<T>(target + k * outputPlane, outputPlane), add);
                            else
                                for (int oh = 0; oh < g.OutputHeight; oh++)
                                    CopyPlus(from.Slice(oh * lineWidth, q), new Span<T>(target + k * outputPlane + oh * q, q), add);
                        }
                    }
                }
            }
        }
        finally
        {
            ReturnColumns(columns);
            if (product != null)
                ArrayPool<T>.Shared.Return(product);
        }
    }

    /// <summary>Copies the output gradient of images [n0, n0 + count) and one group side by side: row k holds image j's plane at column j·PQ.</summary>
    static void Gather<T>(Conv2dGeometry g, T* outputGradient, int n0, int count, int group, Span<T> gathered)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kg = g.OutputChannelsPerGroup, outputPlane = g.OutputHeight * g.OutputWidth, span = StoredPlane(g), width = count * span;
        int lineWidth = span / g.OutputHeight, q = g.OutputWidth;
        for (int j = 0; j < count; j++)
        {
            T* source = outputGradient + ((long)(n0 + j) * g.OutputChannels + group * kg) * outputPlane;
            for (int k = 0; k < kg; k++)
            {
                var to = gathered.Slice(k * width + j * span, span);
                if (span == outputPlane)
                    new ReadOnlySpan<T>(source + k * outputPlane, outputPlane).CopyTo(to);
                else
                    // Wide columns: the extra columns of each line get zero, so that they add nothing.
                    for (int oh = 0; oh < g.OutputHeight; oh++)
                    {
                        new ReadOnlySpan<T>(source + k * outputPlane + oh * q, q).CopyTo(to.Slice(oh * lineWidth, q));
                        to.Slice(oh * lineWidth + q, lineWidth - q).Clear();
                    }
            }
        }
    }

    static void BackwardInputImages<T>(Conv2dGeometry g, T* weight, T* outputGradient, T* inputGradient, bool accumulate, int start, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int groups = g.Groups, cg = g.InputChannelsPerGroup, kg = g.OutputChannelsPerGroup;
        int plane = g.InputHeight * g.InputWidth, outputPlane = g.OutputHeight * g.OutputWidth, span = StoredPlane(g);
        int rows = cg * g.KernelHeight * g.KernelWidth;
        bool pointwise = g.IsPointwise;
        int chunk = pointwise ? 1 : ChunkImages<T>(g, start, end);
        T[]? columns = RentColumns<T>(g, rows * span * chunk);
        T[]? gathered = chunk > 1 || span != outputPlane ? ArrayPool<T>.Shared.Rent(kg * span * chunk) : null;
        try
        {
            var weights = new ReadOnlySpan<T>(weight, g.WeightLength);
            for (int n0 = start; n0 < end; n0 += chunk)
            {
                int count = Math.Min(chunk, end - n0), width = count * span;
                // col2im adds, and several taps may land on one input element, so an overwrite starts from zero.
                if (!pointwise && !accumulate)
                    new Span<T>(inputGradient + (long)n0 * g.InputChannels * plane, count * g.InputChannels * plane).Clear();
                for (int group = 0; group < groups; group++)
                {
                    var w = weights.Slice(group * kg * rows, kg * rows);
                    ReadOnlySpan<T> gradient;
                    if (gathered == null)
                        gradient = new ReadOnlySpan<T>(outputGradient + ((long)n0 * g.OutputChannels + group * kg) * outputPlane, kg * outputPlane);
                    else
                    {
                        Gather(g, outputGradient, n0, count, group, gathered);
                        gradient = gathered.AsSpan(0, kg * width);
                    }
                    if (columns == null)
                    {
                        var target = new Span<T>(inputGradient + ((long)n0 * g.InputChannels + group * cg) * plane, cg * plane);
                        Gemm.Multiply(true, false, cg, plane, kg, w, rows, gradient, outputPlane, target, plane, accumulate);
                        continue;
                    }
                    // dColumns (rows × count·PQ) = W_gᵀ · dY, then each image's columns added back onto its input.
                    var buffer = columns.AsSpan(0, rows * width);
                    Gemm.Multiply(true, false, rows, width, kg, w, rows, gradient, width, buffer, width, accumulate: false);
                    for (int j = 0; j < count; j++)
                        Raise(g, buffer[(j * span)..], new Span<T>(inputGradient + ((long)(n0 + j) * g.InputChannels + group * cg) * plane, cg * plane), width);
                }
            }
        }
        finally
        {
            ReturnColumns(columns);
            if (gathered != null)
                ArrayPool<T>.Shared.Return(gathered);
        }
    }

    static void BackwardWeightImages<T>(Conv2dGeometry g, T* input, T* outputGradient, Span<T> weightGradient, bool accumulate, int start, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int groups = g.Groups, cg = g.InputChannelsPerGroup, kg = g.OutputChannelsPerGroup;
        int plane = g.InputHeight * g.InputWidth, outputPlane = g.OutputHeight * g.OutputWidth, span = StoredPlane(g);
        int rows = cg * g.KernelHeight * g.KernelWidth;
        int chunk = g.IsPointwise ? 1 : ChunkImages<T>(g, start, end);
        T[]? columns = RentColumns<T>(g, rows * span * chunk);
        T[]? gathered = chunk > 1 || span != outputPlane ? ArrayPool<T>.Shared.Rent(kg * span * chunk) : null;
        try
        {
            for (int n0 = start; n0 < end; n0 += chunk)
            {
                int count = Math.Min(chunk, end - n0), width = count * span;
                for (int group = 0; group < groups; group++)
                {
                    ReadOnlySpan<T> gradient, b;
                    if (gathered == null)
                    {
                        var source = new ReadOnlySpan<T>(input + ((long)n0 * g.InputChannels + group * cg) * plane, cg * plane);
                        gradient = new ReadOnlySpan<T>(outputGradient + ((long)n0 * g.OutputChannels + group * kg) * outputPlane, kg * outputPlane);
                        b = Lowered(g, source, columns, rows * outputPlane);
                    }
                    else
                    {
                        Gather(g, outputGradient, n0, count, group, gathered);
                        gradient = gathered.AsSpan(0, kg * width);
                        var cols = columns!.AsSpan(0, rows * width);
                        for (int j = 0; j < count; j++)
                            Lower(g, new ReadOnlySpan<T>(input + ((long)(n0 + j) * g.InputChannels + group * cg) * plane, cg * plane),
                                cols[(j * span)..], width);
                        b = cols;
                    }
                    // dW_g (K/G × rows) += dY_g (K/G × count·PQ) · colsᵀ; the first chunk overwrites unless accumulating.
                    var dW = weightGradient.Slice(group * kg * rows, kg * rows);
                    if (kg <= SmallProductRows)
                        DotProducts(kg, rows, width, gradient, b, dW, accumulate || n0 > start);
                    else
                        Gemm.Multiply(false, true, kg, rows, width, gradient, width, b, width, dW, rows, accumulate || n0 > start);
                }
            }
        }
        finally
        {
            ReturnColumns(columns);
            if (gathered != null)
                ArrayPool<T>.Shared.Return(gathered);
        }
    }

    /// <summary>
    /// Up to this many output channels per group the weight gradient is a block of dot products rather than a GEMM:
    /// a product only a few rows tall and deep in k spends its time packing and on edge tiles.
    /// </summary>
    const int SmallProductRows = 16;

    /// <summary>
    /// c (m × n) = a (m × k) · bᵀ (b: n × k), or += when <paramref name="accumulate"/>: long dot products, several rows
    /// of a against two of b at a time, so that each vector loaded serves several multiply-adds. Four rows (8
    /// accumulators) when m is a multiple of 4, measured faster there (LeNet conv2's 16 rows: ~905 against ~995 µs);
    /// six (12 accumulators, one register file) otherwise (LeNet conv1's 6 rows: ~480 against ~550 µs).
    /// </summary>
    static void DotProducts<T>(int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length < (long)m * k || b.Length < (long)n * k || c.Length < (long)m * n)
            throw new ArgumentException("An operand is too short for the product.");
        if (m % 4 == 0) DotProducts<T, FourRows>(m, n, k, a, b, c, accumulate);
        else DotProducts<T, SixRows>(m, n, k, a, b, c, accumulate);
    }

    /// <summary>How many rows of a one pass of <see cref="DotProducts{T, TRows}"/> takes: a constant the JIT folds.</summary>
    interface IRowBlock
    {
        static abstract int Rows { get; }
    }

    readonly struct FourRows : IRowBlock
    {
        public static int Rows => 4;
    }

    readonly struct SixRows : IRowBlock
    {
        public static int Rows => 6;
    }

    /// <summary>
    /// The kernel of <see cref="DotProducts{T}"/> for TRows.Rows rows (4 or 6): written for six, the JIT drops rows
    /// four and five, their accumulators and their stores for a block of four, so each is as if written on its own.
    /// </summary>
    static void DotProducts<T, TRows>(int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> where TRows : struct, IRowBlock
    {
        bool six = TRows.Rows == 6;
        fixed (T* pa = a, pb = b, pc = c)
            for (int i = 0; i < m; i += TRows.Rows)
                for (int j = 0; j < n; j += 2)
                {
                    // Missing rows (past m or n) repeat the last one; their sums are computed and dropped.
                    T* a0 = pa + (long)Math.Min(i, m - 1) * k, a1 = pa + (long)Math.Min(i + 1, m - 1) * k;
                    T* a2 = pa + (long)Math.Min(i + 2, m - 1) * k, a3 = pa + (long)Math.Min(i + 3, m - 1) * k;
                    T* a4 = six ? pa + (long)Math.Min(i + 4, m - 1) * k : null, a5 = six ? pa + (long)Math.Min(i + 5, m - 1) * k : null;
                    T* b0 = pb + (long)j * k, b1 = pb + (long)Math.Min(j + 1, n - 1) * k;
                    Vector<T> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default;
                    Vector<T> s30 = default, s31 = default, s40 = default, s41 = default, s50 = default, s51 = default;
                    int p = 0;
                    for (; p <= k - Vector<T>.Count; p += Vector<T>.Count)
                    {
                        var x0 = Vector.Load(b0 + p);
                        var x1 = Vector.Load(b1 + p);
                        var y = Vector.Load(a0 + p);
                        s00 += y * x0;
                        s01 += y * x1;
                        y = Vector.Load(a1 + p);
                        s10 += y * x0;
                        s11 += y * x1;
                        y = Vector.Load(a2 + p);
                        s20 += y * x0;
                        s21 += y * x1;
                        y = Vector.Load(a3 + p);
                        s30 += y * x0;
                        s31 += y * x1;
                        if (six)
                        {
                            y = Vector.Load(a4 + p);
                            s40 += y * x0;
                            s41 += y * x1;
                            y = Vector.Load(a5 + p);
                            s50 += y * x0;
                            s51 += y * x1;
                        }
                    }
                    T t00 = Vector.Sum(s00), t01 = Vector.Sum(s01), t10 = Vector.Sum(s10), t11 = Vector.Sum(s11);
                    T t20 = Vector.Sum(s20), t21 = Vector.Sum(s21), t30 = Vector.Sum(s30), t31 = Vector.Sum(s31);
                    T t40 = six ? Vector.Sum(s40) : T.Zero, t41 = six ? Vector.Sum(s41) : T.Zero;
                    T t50 = six ? Vector.Sum(s50) : T.Zero, t51 = six ? Vector.Sum(s51) : T.Zero;
                    for (; p < k; p++)
                    {
                        t00 += a0[p] * b0[p]; t01 += a0[p] * b1[p];
                        t10 += a1[p] * b0[p]; t11 += a1[p] * b1[p];
                        t20 += a2[p] * b0[p]; t21 += a2[p] * b1[p];
                        t30 += a3[p] * b0[p]; t31 += a3[p] * b1[p];
                        if (six)
                        {
                            t40 += a4[p] * b0[p]; t41 += a4[p] * b1[p];
                            t50 += a5[p] * b0[p]; t51 += a5[p] * b1[p];
                        }
                    }
                    Store(pc, n, i, j, m, t00, t01, accumulate);
                    Store(pc, n, i + 1, j, m, t10, t11, accumulate);
                    Store(pc, n, i + 2, j, m, t20, t21, accumulate);
                    Store(pc, n, i + 3, j, m, t30, t31, accumulate);
                    if (six)
                    {
                        Store(pc, n, i + 4, j, m, t40, t41, accumulate);
                        Store(pc, n, i + 5, j, m, t50, t51, accumulate);
                    }
                }
    }

    /// <summary>c[i, j] and c[i, j + 1] (those inside m × n) = or += the two sums.</summary>
    static void Store<T>(T* c, int n, int i, int j, int m, T first, T second, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (i >= m)
            return;
        T* row = c + (long)i * n + j;
        row[0] = accumulate ? row[0] + first : first;
        if (j + 1 < n)
            row[1] = accumulate ? row[1] + second : second;
    }

    /// <summary>y = x + c, elementwise, vectorized.</summary>
    static void CopyPlus<T>(ReadOnlySpan<T> x, Span<T> y, T c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var add = new Vector<T>(c);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
                (new Vector<T>(x[i..]) + add).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++)
            y[i] = x[i] + c;
    }

    /// <summary>The im2col buffer of one image and group (<paramref name="length"/> = (C/G)·R·S·P·Q), pooled; none for a pointwise convolution.</summary>
    static T[]? RentColumns<T>(Conv2dGeometry g, int length) => g.IsPointwise ? null : ArrayPool<T>.Shared.Rent(length);

    static void ReturnColumns<T>(T[]? columns)
    {
        if (columns != null)
            ArrayPool<T>.Shared.Return(columns);
    }

    /// <summary>The GEMM's right operand for one image and group: the input itself when pointwise, else its im2col columns.</summary>
    static ReadOnlySpan<T> Lowered<T>(Conv2dGeometry g, ReadOnlySpan<T> source, T[]? columns, int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (columns == null)
            return source;
        var buffer = columns.AsSpan(0, length);
        Im2Col(g, source, buffer, g.OutputHeight * g.OutputWidth);
        return buffer;
    }

    /// <summary>
    /// Copies the receptive fields of one image and group (C/G, H, W) into columns ((C/G)·R·S rows of P·Q, rows
    /// <paramref name="ld"/> apart, so that several images can sit side by side): row (c·R + r)·S + s, column p·Q + q holds input[c, p·sh − ph + r·dh, q·sw − pw + s·dw], or 0 in the padding.
    /// </summary>
    static void Im2Col<T>(Conv2dGeometry g, ReadOnlySpan<T> source, Span<T> columns, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = g.InputChannelsPerGroup, height = g.InputHeight, width = g.InputWidth;
        int p = g.OutputHeight, q = g.OutputWidth, strideW = g.StrideWidth;
        // Span checks once: the lines below are short (a few dozen elements), so per-line slicing and CopyTo calls
        // would cost more than the copying; pointers and an inlined vector loop instead.
        if (columns.Length < (long)(channels * g.KernelHeight * g.KernelWidth - 1) * ld + p * q)
            throw new ArgumentException("The column buffer is too short.", nameof(columns));
        fixed (T* pSource = source, pColumns = columns)
        {
            int row = 0;
            for (int c = 0; c < channels; c++)
                for (int r = 0; r < g.KernelHeight; r++)
                    for (int s = 0; s < g.KernelWidth; s++, row++)
                    {
                        var (offsetH, offsetW, pLo, pHi, qLo, qHi) = TapAt(g, r, s);
                        T* target = pColumns + (long)row * ld;
                        // Rows of the output that fall in the vertical padding, and the horizontal padding of the others, are zero.
                        Clear(target, pLo * q);
                        Clear(target + pHi * q, (p - pHi) * q);
                        for (int oh = pLo; oh < pHi; oh++)
                        {
                            T* line = target + oh * q;
                            T* input = pSource + (c * height + oh * g.StrideHeight + offsetH) * width + offsetW;
                            Clear(line, qLo);
                            Clear(line + qHi, q - qHi);
                            if (strideW == 1)
                                Copy(input + qLo, line + qLo, qHi - qLo);
                            else
                                for (int ow = qLo; ow < qHi; ow++)
                                    line[ow] = input[ow * strideW];
                        }
                    }
        }
    }

    /// <summary>
    /// Whether a stride-1 convolution without horizontal padding stores its columns wide: each output line W long
    /// instead of Q, so that a kernel tap's columns are one contiguous run of the input (one copy per tap and image
    /// instead of one per output line). The extra W − Q columns of each line are computed and dropped (forward) or
    /// carry zeros (backward): worth it when lines are short and copies many.
    /// </summary>
    static bool IsWide(Conv2dGeometry g) =>
        !g.IsPointwise && g.StrideHeight == 1 && g.StrideWidth == 1 && g.PaddingWidth == 0 && g.OutputWidth < g.InputWidth
        && g.OutputWidth <= 16 && g.InputWidth <= 2 * g.OutputWidth;

    /// <summary>The columns one image's output plane takes in a batched column buffer: P·W when wide, else P·Q.</summary>
    static int StoredPlane(Conv2dGeometry g) => g.OutputHeight * (IsWide(g) ? g.InputWidth : g.OutputWidth);

    /// <summary>im2col of one image and group into a batched column buffer, wide or not (see <see cref="IsWide"/>).</summary>
    static void Lower<T>(Conv2dGeometry g, ReadOnlySpan<T> source, Span<T> columns, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsWide(g))
        {
            Im2Col(g, source, columns, ld);
            return;
        }
        int width = g.InputWidth, planeLength = g.InputHeight * width, run = g.OutputHeight * width;
        if (columns.Length < (long)(g.InputChannelsPerGroup * g.KernelHeight * g.KernelWidth - 1) * ld + run)
            throw new ArgumentException("The column buffer is too short.", nameof(columns));
        fixed (T* pSource = source, pColumns = columns)
        {
            int row = 0;
            for (int c = 0; c < g.InputChannelsPerGroup; c++)
                for (int r = 0; r < g.KernelHeight; r++)
                    for (int s = 0; s < g.KernelWidth; s++, row++)
                    {
                        var (from, length, pLo, pHi) = WideRun(g, r, s);
                        T* target = pColumns + (long)row * ld;
                        Clear(target, pLo * width);
                        Copy(pSource + c * planeLength + from, target + pLo * width, length);
                        // Past the end of the plane (the last line's extra columns): nothing to read, zero.
                        Clear(target + pLo * width + length, run - pLo * width - length);
                    }
        }
    }

    /// <summary>col2im of one image and group from a batched column buffer, wide or not (see <see cref="IsWide"/>).</summary>
    static void Raise<T>(Conv2dGeometry g, ReadOnlySpan<T> columns, Span<T> target, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!IsWide(g))
        {
            Col2Im(g, columns, target, ld);
            return;
        }
        int width = g.InputWidth, planeLength = g.InputHeight * width, run = g.OutputHeight * width;
        if (columns.Length < (long)(g.InputChannelsPerGroup * g.KernelHeight * g.KernelWidth - 1) * ld + run)
            throw new ArgumentException("The column buffer is too short.", nameof(columns));
        fixed (T* pColumns = columns, pTarget = target)
        {
            int row = 0;
            for (int c = 0; c < g.InputChannelsPerGroup; c++)
                for (int r = 0; r < g.KernelHeight; r++)
                    for (int s = 0; s < g.KernelWidth; s++, row++)
                    {
                        // The extra columns hold Wᵀ·0 = 0 (the gathered gradient is zero there): adding them changes nothing.
                        var (from, length, pLo, _) = WideRun(g, r, s);
                        Add(pColumns + (long)row * ld + pLo * width, pTarget + c * planeLength + from, length);
                    }
        }
    }

    /// <summary>
    /// Where tap (r, s)'s wide columns come from: output lines [PLo, PHi) read <paramref name="g"/>'s input plane from
    /// element From on, Length elements (cut at the end of the plane); the other lines fall in the vertical padding.
    /// </summary>
    static (int From, int Length, int PLo, int PHi) WideRun(Conv2dGeometry g, int r, int s)
    {
        var (offsetH, offsetW, pLo, pHi, _, _) = TapAt(g, r, s);
        int width = g.InputWidth, planeLength = g.InputHeight * width;
        int from = (pLo + offsetH) * width + offsetW;
        int length = pHi > pLo ? Math.Max(0, Math.Min((pHi - pLo) * width, planeLength - from)) : 0;
        return (from, length, pLo, pHi);
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds every column entry back onto the input element it was copied from.</summary>
    static void Col2Im<T>(Conv2dGeometry g, ReadOnlySpan<T> columns, Span<T> target, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int channels = g.InputChannelsPerGroup, height = g.InputHeight, width = g.InputWidth;
        int p = g.OutputHeight, q = g.OutputWidth, strideW = g.StrideWidth;
        if (columns.Length < (long)(channels * g.KernelHeight * g.KernelWidth - 1) * ld + p * q)
            throw new ArgumentException("The column buffer is too short.", nameof(columns));
        fixed (T* pColumns = columns, pTarget = target)
        {
            int row = 0;
            for (int c = 0; c < channels; c++)
                for (int r = 0; r < g.KernelHeight; r++)
                    for (int s = 0; s < g.KernelWidth; s++, row++)
                    {
                        var (offsetH, offsetW, pLo, pHi, qLo, qHi) = TapAt(g, r, s);
                        T* source = pColumns + (long)row * ld;
                        for (int oh = pLo; oh < pHi; oh++)
                        {
                            T* line = source + oh * q;
                            T* input = pTarget + (c * height + oh * g.StrideHeight + offsetH) * width + offsetW;
                            if (strideW == 1)
                                Add(line + qLo, input + qLo, qHi - qLo);
                            else
                                for (int ow = qLo; ow < qHi; ow++)
                                    input[ow * strideW] += line[ow];
                        }
                    }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Clear<T>(T* x, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i <= count - Vector<T>.Count; i += Vector<T>.Count)
            Vector<T>.Zero.Store(x + i);
        for (; i < count; i++)
            x[i] = T.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Copy<T>(T* from, T* to, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i <= count - Vector<T>.Count; i += Vector<T>.Count)
            Vector.Load(from + i).Store(to + i);
        for (; i < count; i++)
            to[i] = from[i];
    }

    /// <summary>to += from, over <paramref name="count"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Add<T>(T* from, T* to, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        for (; i <= count - Vector<T>.Count; i += Vector<T>.Count)
            (Vector.Load(to + i) + Vector.Load(from + i)).Store(to + i);
        for (; i < count; i++)
            to[i] += from[i];
    }

    /// <summary>
    /// Where kernel tap (r, s) reads, for <see cref="Im2Col"/> and its adjoint <see cref="Col2Im"/> alike: the input row
    /// oh·sh + OffsetH and column ow·sw + OffsetW, inside the input for the output rows [PLo, PHi) and columns [QLo, QHi)
    /// (the others fall in the padding).
    /// </summary>
    static (int OffsetH, int OffsetW, int PLo, int PHi, int QLo, int QHi) TapAt(Conv2dGeometry g, int r, int s)
    {
        int offsetH = r * g.DilationHeight - g.PaddingHeight, offsetW = s * g.DilationWidth - g.PaddingWidth;
        var (pLo, pHi) = ValidRange(offsetH, g.StrideHeight, g.InputHeight, g.OutputHeight);
        var (qLo, qHi) = ValidRange(offsetW, g.StrideWidth, g.InputWidth, g.OutputWidth);
        return (offsetH, offsetW, pLo, pHi, qLo, qHi);
    }

    /// <summary>The outputs o in [lo, hi) whose tap o·stride + offset lies inside [0, size).</summary>
    static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int count)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = size - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(count, last / stride + 1);
        lo = Math.Min(lo, hi);
        return (lo, hi);
    }

    /// <summary>y += x, elementwise, vectorized.</summary>
    internal static void AddTo<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var ys = MemoryMarshal.Cast<T, Vector<T>>(y[..x.Length]);
            for (int v = 0; v < xs.Length; v++)
                ys[v] += xs[v];
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++)
            y[i] += x[i];
    }

    /// <summary>Σ x, vectorized (which also sums in several lanes, a little more accurate than one running sum).</summary>
    internal static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
            var lanes = Vector<T>.Zero;
            for (int v = 0; v < xs.Length; v++)
                lanes += xs[v];
            sum = Vector.Sum(lanes);
            i = xs.Length * Vector<T>.Count;
        }
        for (; i < x.Length; i++)
            sum += x[i];
        return sum;
    }

    static void CheckGeometry(Conv2dGeometry geometry)
    {
        if (geometry.Groups == 0)
            throw new ArgumentException("The geometry is the default value; make one with Conv2dGeometry.Create.", nameof(geometry));
    }

    static void CheckInput(Conv2dGeometry g, int length, string name)
    {
        if (length != g.InputLength)
            throw new ArgumentException(
                $"{name} has length {length}, but {g} needs {g.InputLength} (N×C×H×W = {g.Batch}×{g.InputChannels}×{g.InputHeight}×{g.InputWidth}).", name);
    }

    static void CheckWeight(Conv2dGeometry g, int length, string name)
    {
        if (length != g.WeightLength)
            throw new ArgumentException(
                $"{name} has length {length}, but {g} needs {g.WeightLength} (K×C/G×R×S = {g.OutputChannels}×{g.InputChannelsPerGroup}×{g.KernelHeight}×{g.KernelWidth}).", name);
    }

    static void CheckOutput(Conv2dGeometry g, int length, string name)
    {
        if (length != g.OutputLength)
            throw new ArgumentException(
                $"{name} has length {length}, but {g} needs {g.OutputLength} (N×K×P×Q = {g.Batch}×{g.OutputChannels}×{g.OutputHeight}×{g.OutputWidth}).", name);
    }
}
