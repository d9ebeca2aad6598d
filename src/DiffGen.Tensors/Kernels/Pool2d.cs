using System.Numerics;
using System.Runtime.CompilerServices;

namespace DiffGen.Tensors.Kernels;

/// <summary>
/// 2-D max and average pooling over contiguous row-major NCHW spans, forward and backward, with PyTorch's semantics
/// (max_pool2d and avg_pool2d with dilation 1, ceil_mode false, and for average pooling count_include_pad true).
/// </summary>
/// <remarks>
/// Shapes (see <see cref="Pool2dGeometry"/>): input (N, C, H, W), output and argmax indices (N, C, P, Q). Every span's
/// length must equal the geometry's; otherwise an <see cref="ArgumentException"/> naming the argument is thrown before
/// anything is written. Outputs must not overlap inputs.
/// </remarks>
public static class Pool2d
{
    /// <summary>
    /// Max pooling: each output is the largest input in its window (the padding counts as −∞, so it never wins), and
    /// <paramref name="indices"/> records where it was, as h·W + w within its (n, c) plane (PyTorch's return_indices).
    /// Ties go to the first maximum in row-major scan order; a NaN in the window wins (the last NaN), as in PyTorch.
    /// </summary>
    /// <param name="geometry">The pooling's shapes.</param>
    /// <param name="input">(N, C, H, W).</param>
    /// <param name="output">(N, C, P, Q); overwritten.</param>
    /// <param name="indices">(N, C, P, Q); overwritten with the argmax of each window, for <see cref="MaxBackward"/>.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void MaxForward<T>(Pool2dGeometry geometry, ReadOnlySpan<T> input, Span<T> output, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckInput(geometry, input.Length, nameof(input));
        CheckOutput(geometry, output.Length, nameof(output));
        CheckOutput(geometry, indices.Length, nameof(indices));

        var max = new MaxOfWindow<T>(input, output, indices, geometry.InputWidth, geometry.InputHeight * geometry.InputWidth);
        ForEachWindow(geometry, ref max);
    }

    /// <summary>
    /// The gradient of max pooling: each output's gradient is added to the input element its window's argmax names
    /// (overlapping windows that share an argmax add up). Added to <paramref name="inputGradient"/> when
    /// <paramref name="accumulate"/>, else the gradient overwrites it (zero where no window picked the element).
    /// </summary>
    /// <param name="geometry">The pooling's shapes.</param>
    /// <param name="outputGradient">(N, C, P, Q).</param>
    /// <param name="indices">(N, C, P, Q), as <see cref="MaxForward"/> wrote them; each must lie in its output's window.</param>
    /// <param name="inputGradient">(N, C, H, W).</param>
    /// <param name="accumulate">Add into <paramref name="inputGradient"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, an index lies outside its
    /// output's window, or the geometry is the default value.</exception>
    public static void MaxBackward<T>(Pool2dGeometry geometry, ReadOnlySpan<T> outputGradient, ReadOnlySpan<int> indices,
        Span<T> inputGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckOutput(geometry, outputGradient.Length, nameof(outputGradient));
        CheckOutput(geometry, indices.Length, nameof(indices));
        CheckInput(geometry, inputGradient.Length, nameof(inputGradient));

        int width = geometry.InputWidth, plane = geometry.InputHeight * width;
        int outputPlane = geometry.OutputHeight * geometry.OutputWidth;
        int planes = geometry.Batch * geometry.Channels;
        // Indices from elsewhere (another geometry, corrupted) would scatter into the wrong elements: check them all first,
        // so that nothing is written when one is wrong.
        var check = new IndexInWindow(indices, width, geometry);
        ForEachWindow(geometry, ref check);

        if (!accumulate)
            inputGradient.Clear();
        for (int nc = 0; nc < planes; nc++)
        {
            var target = inputGradient.Slice(nc * plane, plane);
            var gradient = outputGradient.Slice(nc * outputPlane, outputPlane);
            var argmax = indices.Slice(nc * outputPlane, outputPlane);
            for (int o = 0; o < outputPlane; o++)
                target[argmax[o]] += gradient[o];
        }
    }

    /// <summary>
    /// Average pooling: each output is the sum of its window's input elements divided by the window's size R·S (the
    /// padding counts as zeros in the divisor: count_include_pad true).
    /// </summary>
    /// <param name="geometry">The pooling's shapes.</param>
    /// <param name="input">(N, C, H, W).</param>
    /// <param name="output">(N, C, P, Q); overwritten.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void AvgForward<T>(Pool2dGeometry geometry, ReadOnlySpan<T> input, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckInput(geometry, input.Length, nameof(input));
        CheckOutput(geometry, output.Length, nameof(output));

        // With floor rounding every window lies inside the padded input, so the divisor is always the full window.
        var average = new AverageOfWindow<T>(input, output, geometry.InputWidth, geometry.InputHeight * geometry.InputWidth,
            T.CreateChecked(geometry.KernelHeight * geometry.KernelWidth));
        ForEachWindow(geometry, ref average);
    }

    /// <summary>
    /// The gradient of average pooling: each output's gradient divided by R·S is added to every input element of its
    /// window. Added to <paramref name="inputGradient"/> when <paramref name="accumulate"/>, else it overwrites it.
    /// </summary>
    /// <param name="geometry">The pooling's shapes.</param>
    /// <param name="outputGradient">(N, C, P, Q).</param>
    /// <param name="inputGradient">(N, C, H, W).</param>
    /// <param name="accumulate">Add into <paramref name="inputGradient"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span's length does not match the geometry, or the geometry is the default value.</exception>
    public static void AvgBackward<T>(Pool2dGeometry geometry, ReadOnlySpan<T> outputGradient, Span<T> inputGradient, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckGeometry(geometry);
        CheckOutput(geometry, outputGradient.Length, nameof(outputGradient));
        CheckInput(geometry, inputGradient.Length, nameof(inputGradient));

        if (!accumulate)
            inputGradient.Clear();
        var spread = new SpreadOverWindow<T>(outputGradient, inputGradient, geometry.InputWidth, geometry.InputHeight * geometry.InputWidth,
            T.CreateChecked(geometry.KernelHeight * geometry.KernelWidth));
        ForEachWindow(geometry, ref spread);
    }

    /// <summary>What the kernels do with one output's window: rows [h0, h1), columns [w0, w1) of (n, c) plane <c>nc</c>.</summary>
    interface IWindowVisitor
    {
        void Visit(int nc, int output, int h0, int h1, int w0, int w1);
    }

    /// <summary>Every output's window, plane by plane, row by row: the traversal all four kernels share.</summary>
    static void ForEachWindow<TVisitor>(in Pool2dGeometry g, ref TVisitor visitor) where TVisitor : IWindowVisitor, allows ref struct
    {
        int p = g.OutputHeight, q = g.OutputWidth;
        for (int nc = 0, o = 0; nc < g.Batch * g.Channels; nc++)
            for (int oh = 0; oh < p; oh++)
            {
                var (h0, h1) = RowWindow(g, oh);
                for (int ow = 0; ow < q; ow++, o++)
                {
                    var (w0, w1) = ColumnWindow(g, ow);
                    visitor.Visit(nc, o, h0, h1, w0, w1);
                }
            }
    }

    /// <summary>The largest element of each window and where it is (ties: the first; a NaN wins, the last one).</summary>
    readonly ref struct MaxOfWindow<T>(ReadOnlySpan<T> input, Span<T> output, Span<int> indices, int width, int plane) : IWindowVisitor
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> input = input;
        private readonly Span<T> output = output;
        private readonly Span<int> indices = indices;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int nc, int o, int h0, int h1, int w0, int w1)
        {
            var source = input.Slice(nc * plane, plane);
            // Starting from −∞ at the first in-bounds element: a window of −∞ reports that element, as PyTorch does.
            T max = T.NegativeInfinity;
            int argmax = h0 * width + w0;
            for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                {
                    T value = source[h * width + w];
                    if (value > max || T.IsNaN(value))
                    {
                        max = value;
                        argmax = h * width + w;
                    }
                }
            output[o] = max;
            indices[o] = argmax;
        }
    }

    /// <summary>Throws, naming <c>indices</c>, where an argmax lies outside its output's window.</summary>
    readonly ref struct IndexInWindow(ReadOnlySpan<int> indices, int width, Pool2dGeometry geometry) : IWindowVisitor
    {
        private readonly ReadOnlySpan<int> indices = indices;

        public void Visit(int nc, int o, int h0, int h1, int w0, int w1)
        {
            int index = indices[o];
            int h = index / width, w = index % width;
            if (index < 0 || h < h0 || h >= h1 || w < w0 || w >= w1)
            {
                int plane = geometry.OutputHeight * geometry.OutputWidth;
                throw new ArgumentException(
                    $"{nameof(indices)}[{o}] is {index}, outside the window of output (plane {nc}, {o % plane / geometry.OutputWidth}, {o % geometry.OutputWidth}): rows {h0}…{h1 - 1}, columns {w0}…{w1 - 1} of {geometry}.",
                    nameof(indices));
            }
        }
    }

    /// <summary>The sum of each window over the full window's size (count_include_pad).</summary>
    readonly ref struct AverageOfWindow<T>(ReadOnlySpan<T> input, Span<T> output, int width, int plane, T divisor) : IWindowVisitor
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> input = input;
        private readonly Span<T> output = output;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int nc, int o, int h0, int h1, int w0, int w1)
        {
            var source = input.Slice(nc * plane, plane);
            T sum = T.Zero;
            for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                    sum += source[h * width + w];
            output[o] = sum / divisor;
        }
    }

    /// <summary>Each output's gradient over the window's size, added to every element of its window.</summary>
    readonly ref struct SpreadOverWindow<T>(ReadOnlySpan<T> outputGradient, Span<T> inputGradient, int width, int plane, T divisor) : IWindowVisitor
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> outputGradient = outputGradient;
        private readonly Span<T> inputGradient = inputGradient;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int nc, int o, int h0, int h1, int w0, int w1)
        {
            var target = inputGradient.Slice(nc * plane, plane);
            T share = outputGradient[o] / divisor;
            for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                    target[h * width + w] += share;
        }
    }

    /// <summary>The input rows [lo, hi) of output row <paramref name="oh"/>'s window, clipped to the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (int Lo, int Hi) RowWindow(in Pool2dGeometry g, int oh) =>
        Window(oh, g.StrideHeight, g.PaddingHeight, g.KernelHeight, g.InputHeight);

    /// <summary>The input columns [lo, hi) of output column <paramref name="ow"/>'s window, clipped to the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (int Lo, int Hi) ColumnWindow(in Pool2dGeometry g, int ow) =>
        Window(ow, g.StrideWidth, g.PaddingWidth, g.KernelWidth, g.InputWidth);

    /// <summary>The input rows (or columns) [lo, hi) of output position <paramref name="o"/>'s window, clipped to the input.</summary>
    static (int Lo, int Hi) Window(int o, int stride, int padding, int kernel, int size)
    {
        int start = o * stride - padding;
        return (Math.Max(start, 0), Math.Min(start + kernel, size));
    }

    static void CheckGeometry(Pool2dGeometry geometry)
    {
        if (geometry.KernelHeight == 0)
            throw new ArgumentException("The geometry is the default value; make one with Pool2dGeometry.Create.", nameof(geometry));
    }

    static void CheckInput(Pool2dGeometry g, int length, string name)
    {
        if (length != g.InputLength)
            throw new ArgumentException(
                $"{name} has length {length}, but {g} needs {g.InputLength} (N×C×H×W = {g.Batch}×{g.Channels}×{g.InputHeight}×{g.InputWidth}).", name);
    }

    static void CheckOutput(Pool2dGeometry g, int length, string name)
    {
        if (length != g.OutputLength)
            throw new ArgumentException(
                $"{name} has length {length}, but {g} needs {g.OutputLength} (N×C×P×Q = {g.Batch}×{g.Channels}×{g.OutputHeight}×{g.OutputWidth}).", name);
    }
}
