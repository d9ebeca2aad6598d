using System.Buffers;
using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>
/// 2-D max and average pooling with PyTorch's semantics (<c>torch.nn.functional.max_pool2d</c> and <c>avg_pool2d</c>
/// with a square window, dilation 1, ceil_mode false and count_include_pad true) over NCHW tensors; an input of shape
/// (C, H, W) is one image, as in PyTorch.
/// </summary>
public sealed partial class Tensor
{
    // ---- max pooling ----

    /// <summary>
    /// The largest element of each <paramref name="kernelSize"/>² window, moved by <paramref name="stride"/> (−1: the
    /// window's size, PyTorch's default), over the input padded with −∞ by <paramref name="padding"/> (at most half the
    /// window) on each side: input (N, C, H, W) or (C, H, W), result (N, C, P, Q) (or (C, P, Q)) with
    /// P = ⌊(H + 2·padding − kernelSize) / stride⌋ + 1. Ties go to the first maximum; a NaN wins, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">A shape or a number does not fit; the message gives the shapes.</exception>
    [Differentiable]
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int stride = -1, int padding = 0)
    {
        var geometry = PoolingGeometry("MaxPool2d", input, kernelSize, stride, padding, out var shape);
        var result = Empty(input.DType, shape);
        var indices = ArrayPool<int>.Shared.Rent(geometry.OutputLength);
        try
        {
            if (IsFloat32(input)) Pool2d.MaxForward<float>(geometry, input.Span<float>(), result.Span<float>(), indices.AsSpan(0, geometry.OutputLength));
            else Pool2d.MaxForward<double>(geometry, input.Span<double>(), result.Span<double>(), indices.AsSpan(0, geometry.OutputLength));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
        return result;
    }

    /// <summary>Forward mode of <see cref="MaxPool2d"/>: the tangent of each window's maximal element.</summary>
    public static Tensor MaxPool2dTangent(Tensor input, int kernelSize, int stride, int padding, Tensor dInput, out Tensor tangent)
    {
        var geometry = PoolingGeometry("MaxPool2d", input, kernelSize, stride, padding, out var shape);
        CheckLike(dInput, input, nameof(dInput));
        var result = Empty(input.DType, shape);
        var indices = ArrayPool<int>.Shared.Rent(geometry.OutputLength);
        try
        {
            var at = indices.AsSpan(0, geometry.OutputLength);
            tangent = Empty(input.DType, shape);
            if (IsFloat32(input))
            {
                Pool2d.MaxForward<float>(geometry, input.Span<float>(), result.Span<float>(), at);
                Gather<float>(geometry, dInput.Span<float>(), at, tangent.Span<float>());
            }
            else
            {
                Pool2d.MaxForward<double>(geometry, input.Span<double>(), result.Span<double>(), at);
                Gather<double>(geometry, dInput.Span<double>(), at, tangent.Span<double>());
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
        return result;
    }

    /// <summary>
    /// Reverse mode of <see cref="MaxPool2d"/>: each window's seed goes to its maximal element. The argmax is found again
    /// from the input (into pooled scratch), so nothing is kept between the call and its pullback.
    /// </summary>
    public static void MaxPool2dPullback(Tensor input, int kernelSize, int stride, int padding, Tensor result, Tensor seed, ref Tensor dInput)
    {
        var geometry = PoolingGeometry("MaxPool2d", input, kernelSize, stride, padding, out var shape);
        CheckResult(result, shape, input.DType);
        CheckLike(seed, result, nameof(seed));
        var gi = GradientBuffer(ref dInput!, input, nameof(dInput));
        var indices = ArrayPool<int>.Shared.Rent(geometry.OutputLength);
        try
        {
            var at = indices.AsSpan(0, geometry.OutputLength);
            using var maxima = EmptyLike(result);
            if (IsFloat32(input))
            {
                Pool2d.MaxForward<float>(geometry, input.Span<float>(), maxima.Span<float>(), at);
                Pool2d.MaxBackward<float>(geometry, seed.Span<float>(), at, gi.Span<float>(), accumulate: true);
            }
            else
            {
                Pool2d.MaxForward<double>(geometry, input.Span<double>(), maxima.Span<double>(), at);
                Pool2d.MaxBackward<double>(geometry, seed.Span<double>(), at, gi.Span<double>(), accumulate: true);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    /// <summary>tangent[o] = dInput at output o's argmax (an index h·W + w within its (n, c) plane).</summary>
    private static void Gather<T>(Pool2dGeometry geometry, ReadOnlySpan<T> dInput, ReadOnlySpan<int> indices, Span<T> tangent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = geometry.InputHeight * geometry.InputWidth, outputPlane = geometry.OutputHeight * geometry.OutputWidth;
        for (int nc = 0, o = 0; nc < geometry.Batch * geometry.Channels; nc++)
            for (int end = o + outputPlane; o < end; o++)
                tangent[o] = dInput[nc * plane + indices[o]];
    }

    // ---- average pooling ----

    /// <summary>
    /// The mean of each <paramref name="kernelSize"/>² window, moved by <paramref name="stride"/> (−1: the window's size),
    /// over the input padded with zeros by <paramref name="padding"/> (at most half the window) that count in the divisor
    /// (count_include_pad): input (N, C, H, W) or (C, H, W), result (N, C, P, Q) (or (C, P, Q)).
    /// </summary>
    /// <exception cref="ArgumentException">A shape or a number does not fit; the message gives the shapes.</exception>
    [Differentiable]
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int stride = -1, int padding = 0)
    {
        var geometry = PoolingGeometry("AvgPool2d", input, kernelSize, stride, padding, out var shape);
        var result = Empty(input.DType, shape);
        if (IsFloat32(input)) Pool2d.AvgForward<float>(geometry, input.Span<float>(), result.Span<float>());
        else Pool2d.AvgForward<double>(geometry, input.Span<double>(), result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="AvgPool2d"/>: the pooling of the tangent (it is linear).</summary>
    public static Tensor AvgPool2dTangent(Tensor input, int kernelSize, int stride, int padding, Tensor dInput, out Tensor tangent)
    {
        PoolingGeometry("AvgPool2d", input, kernelSize, stride, padding, out _);
        CheckLike(dInput, input, nameof(dInput));
        var result = AvgPool2d(input, kernelSize, stride, padding);
        tangent = AvgPool2d(dInput, kernelSize, stride, padding);
        return result;
    }

    /// <summary>Reverse mode of <see cref="AvgPool2d"/>: each window's seed ÷ kernelSize² added to each of its elements.</summary>
    public static void AvgPool2dPullback(Tensor input, int kernelSize, int stride, int padding, Tensor result, Tensor seed, ref Tensor dInput)
    {
        var geometry = PoolingGeometry("AvgPool2d", input, kernelSize, stride, padding, out var shape);
        CheckResult(result, shape, input.DType);
        CheckLike(seed, result, nameof(seed));
        var gi = GradientBuffer(ref dInput!, input, nameof(dInput));
        if (IsFloat32(input)) Pool2d.AvgBackward<float>(geometry, seed.Span<float>(), gi.Span<float>(), accumulate: true);
        else Pool2d.AvgBackward<double>(geometry, seed.Span<double>(), gi.Span<double>(), accumulate: true);
    }

    // ---- shared ----

    /// <summary>
    /// Validates a pooling's arguments (naming the one at fault, with the input's shape in the message) and describes it;
    /// <paramref name="shape"/> is the result's shape (3-D for a 3-D input).
    /// </summary>
    private static Pool2dGeometry PoolingGeometry(string operation, Tensor input, int kernelSize, int stride, int padding, out int[] shape)
    {
        ArgumentNullException.ThrowIfNull(input);
        string Shapes() => $"input {ShapeChecks.Text(input.shape)}, kernelSize {kernelSize}, stride {stride}, padding {padding}";
        ArgumentException Error(string text, string name) => new($"{operation}: {text}; {Shapes()}.", name);

        if (input.Rank is not (3 or 4)) throw Error("the input must be (N, C, H, W) or (C, H, W)", nameof(input));
        if (kernelSize < 1) throw Error($"the window size must be positive, was {kernelSize}", nameof(kernelSize));
        if (stride < 1 && stride != -1) throw Error($"the stride must be positive (or −1 for the window size), was {stride}", nameof(stride));
        if (padding < 0 || padding > kernelSize / 2) throw Error($"the padding must be between 0 and half the window ({kernelSize / 2}), was {padding}", nameof(padding));
        int o = input.Rank - 3;
        int n = o == 0 ? 1 : input.shape[0], c = input.shape[o], h = input.shape[o + 1], w = input.shape[o + 2];
        if (n < 1 || c < 1 || h < 1 || w < 1) throw Error("the input must not be empty", nameof(input));
        if (kernelSize > h + 2L * padding || kernelSize > w + 2L * padding)
            throw Error($"the window is larger than the padded input ({h + 2L * padding}×{w + 2L * padding})", nameof(kernelSize));

        int s = stride == -1 ? kernelSize : stride;
        Pool2dGeometry geometry;
        try
        {
            geometry = Pool2dGeometry.Create(n, c, h, w, kernelSize, kernelSize, s, s, padding, padding);
        }
        catch (ArgumentException e)
        {
            // What is left is a buffer larger than a span.
            throw new ArgumentException($"{operation}: {e.Message}; {Shapes()}.", nameof(input), e);
        }
        shape = o == 0
            ? [c, geometry.OutputHeight, geometry.OutputWidth]
            : [n, c, geometry.OutputHeight, geometry.OutputWidth];
        return geometry;
    }
}
