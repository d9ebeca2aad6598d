using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;
using ConvKernel = DiffGen.Tensors.Kernels.Conv2d;

namespace DiffGen.Tensors;

/// <summary>
/// 2-D convolution with PyTorch's semantics (<c>torch.nn.functional.conv2d</c>: cross-correlation, zero padding, stride,
/// dilation and groups, the same on both axes) over NCHW tensors, with and without a bias. An input of shape (C, H, W)
/// is one image, and gives a (K, P, Q) result, as in PyTorch.
/// </summary>
public sealed partial class Tensor
{
    // ---- with a bias ----

    /// <summary>
    /// conv2d(input, weight) + bias: input (N, C, H, W) or (C, H, W), weight (K, C/groups, R, S), bias (K); the result is
    /// (N, K, P, Q) (or (K, P, Q)) with P = ⌊(H + 2·padding − dilation·(R − 1) − 1) / stride⌋ + 1, Q likewise.
    /// </summary>
    /// <exception cref="ArgumentException">A shape, the type or a number does not fit; the message gives the shapes.</exception>
    [Differentiable]
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor bias, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        RequireBias(bias);
        var geometry = ConvolutionGeometry(input, weight, bias, stride, padding, dilation, groups, out var shape);
        var result = Empty(input.DType, shape);
        if (IsFloat32(input)) ConvKernel.Forward<float>(geometry, input.Span<float>(), weight.Span<float>(), bias.Span<float>(), result.Span<float>());
        else ConvKernel.Forward<double>(geometry, input.Span<double>(), weight.Span<double>(), bias.Span<double>(), result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="Conv2d(Tensor, Tensor, Tensor, int, int, int, int)"/>: conv(dInput, weight) + conv(input, dWeight) + dBias (it is linear in each argument).</summary>
    public static Tensor Conv2dTangent(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups,
        Tensor dInput, Tensor dWeight, Tensor dBias, out Tensor tangent)
    {
        RequireBias(bias);
        var geometry = ConvolutionGeometry(input, weight, bias, stride, padding, dilation, groups, out var shape);
        CheckLike(dInput, input, nameof(dInput));
        CheckLike(dWeight, weight, nameof(dWeight));
        CheckLike(dBias, bias, nameof(dBias));
        var result = Conv2d(input, weight, bias, stride, padding, dilation, groups);
        tangent = ConvolutionTangent(geometry, shape, input, weight, dInput, dWeight, dBias);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Conv2d(Tensor, Tensor, Tensor, int, int, int, int)"/>: dInput += convᵀ(seed, weight), dWeight += seed ⋆ input, dBias += seed summed over N, P, Q.</summary>
    public static void Conv2dPullback(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups,
        Tensor result, Tensor seed, ref Tensor dInput, ref Tensor dWeight, ref Tensor dBias)
    {
        RequireBias(bias);
        var geometry = ConvolutionGeometry(input, weight, bias, stride, padding, dilation, groups, out var shape);
        CheckResult(result, shape, input.DType);
        CheckLike(seed, result, nameof(seed));
        // Every buffer is checked before any is written, so a wrong one leaves the others as they were.
        // A null buffer is a gradient not needed (generated code passes null for a [NoDiff] input): its work is skipped.
        var gi = NeededBuffer(ref dInput!, input, nameof(dInput));
        var gw = NeededBuffer(ref dWeight!, weight, nameof(dWeight));
        var gb = NeededBuffer(ref dBias!, bias, nameof(dBias));
        if (IsFloat32(input))
        {
            ConvolutionBackward<float>(geometry, input, weight, seed, gi, gw);
            if (gb is not null) ConvKernel.BackwardBias<float>(geometry, seed.Span<float>(), gb.Span<float>(), accumulate: true);
        }
        else
        {
            ConvolutionBackward<double>(geometry, input, weight, seed, gi, gw);
            if (gb is not null) ConvKernel.BackwardBias<double>(geometry, seed.Span<double>(), gb.Span<double>(), accumulate: true);
        }
    }

    // ---- without a bias ----

    /// <summary>
    /// conv2d(input, weight) with no bias: input (N, C, H, W) or (C, H, W), weight (K, C/groups, R, S); the result is
    /// (N, K, P, Q) (or (K, P, Q)).
    /// </summary>
    /// <exception cref="ArgumentException">A shape, the type or a number does not fit; the message gives the shapes.</exception>
    [Differentiable]
    public static Tensor Conv2d(Tensor input, Tensor weight, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        var geometry = ConvolutionGeometry(input, weight, null, stride, padding, dilation, groups, out var shape);
        var result = Empty(input.DType, shape);
        if (IsFloat32(input)) ConvKernel.Forward<float>(geometry, input.Span<float>(), weight.Span<float>(), default, result.Span<float>());
        else ConvKernel.Forward<double>(geometry, input.Span<double>(), weight.Span<double>(), default, result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="Conv2d(Tensor, Tensor, int, int, int, int)"/>: conv(dInput, weight) + conv(input, dWeight).</summary>
    public static Tensor Conv2dTangent(Tensor input, Tensor weight, int stride, int padding, int dilation, int groups,
        Tensor dInput, Tensor dWeight, out Tensor tangent)
    {
        var geometry = ConvolutionGeometry(input, weight, null, stride, padding, dilation, groups, out var shape);
        CheckLike(dInput, input, nameof(dInput));
        CheckLike(dWeight, weight, nameof(dWeight));
        var result = Conv2d(input, weight, stride, padding, dilation, groups);
        tangent = ConvolutionTangent(geometry, shape, input, weight, dInput, dWeight, null);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Conv2d(Tensor, Tensor, int, int, int, int)"/>: dInput += convᵀ(seed, weight), dWeight += seed ⋆ input.</summary>
    public static void Conv2dPullback(Tensor input, Tensor weight, int stride, int padding, int dilation, int groups,
        Tensor result, Tensor seed, ref Tensor dInput, ref Tensor dWeight)
    {
        var geometry = ConvolutionGeometry(input, weight, null, stride, padding, dilation, groups, out var shape);
        CheckResult(result, shape, input.DType);
        CheckLike(seed, result, nameof(seed));
        var gi = NeededBuffer(ref dInput!, input, nameof(dInput));
        var gw = NeededBuffer(ref dWeight!, weight, nameof(dWeight));
        if (IsFloat32(input)) ConvolutionBackward<float>(geometry, input, weight, seed, gi, gw);
        else ConvolutionBackward<double>(geometry, input, weight, seed, gi, gw);
    }

    // ---- shared ----

    /// <summary>conv(dInput, weight) + dBias + conv(input, dWeight), into a new tensor (the tangents already checked).</summary>
    private static Tensor ConvolutionTangent(Conv2dGeometry geometry, int[] shape, Tensor input, Tensor weight, Tensor dInput, Tensor dWeight, Tensor? dBias)
    {
        var tangent = Empty(input.DType, shape);
        using var second = Empty(input.DType, shape);
        if (IsFloat32(input))
        {
            ConvKernel.Forward<float>(geometry, dInput.Span<float>(), weight.Span<float>(), dBias is null ? default : dBias.Span<float>(), tangent.Span<float>());
            ConvKernel.Forward<float>(geometry, input.Span<float>(), dWeight.Span<float>(), default, second.Span<float>());
            Elementwise.AddInto<float>(second.Span<float>(), tangent.Span<float>());
        }
        else
        {
            ConvKernel.Forward<double>(geometry, dInput.Span<double>(), weight.Span<double>(), dBias is null ? default : dBias.Span<double>(), tangent.Span<double>());
            ConvKernel.Forward<double>(geometry, input.Span<double>(), dWeight.Span<double>(), default, second.Span<double>());
            Elementwise.AddInto<double>(second.Span<double>(), tangent.Span<double>());
        }
        return tangent;
    }

    /// <summary>The input's and the weight's gradients, added into their buffers (already checked).</summary>
    private static void ConvolutionBackward<T>(Conv2dGeometry geometry, Tensor input, Tensor weight, Tensor seed, Tensor? gi, Tensor? gw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gi is not null) ConvKernel.BackwardInput<T>(geometry, weight.Span<T>(), seed.Span<T>(), gi.Span<T>(), accumulate: true);
        if (gw is not null) ConvKernel.BackwardWeight<T>(geometry, input.Span<T>(), seed.Span<T>(), gw.Span<T>(), accumulate: true);
    }

    /// <summary>A null bias is an error (PyTorch's bias=None is the overload without one).</summary>
    private static void RequireBias(Tensor bias)
    {
        if (bias is null) throw new ArgumentNullException(nameof(bias), "Conv2d: the bias is null; for no bias call the overload without one.");
    }

    /// <summary>Checks that the result a pullback receives has the shape and type its operation gives.</summary>
    private static void CheckResult(Tensor result, int[] shape, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.DType != dtype || !result.shape.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"'{nameof(result)}' has shape {ShapeChecks.Text(result.shape)} ({result.DType}); the operation gives shape {ShapeChecks.Text(shape)} ({dtype}).", nameof(result));
        }
    }

    /// <summary>
    /// Validates a convolution's arguments (naming the one at fault, with every shape in the message) and describes it;
    /// <paramref name="shape"/> is the result's shape (3-D for a 3-D input).
    /// </summary>
    private static Conv2dGeometry ConvolutionGeometry(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups, out int[] shape)
    {
        ShapeChecks.CheckSameType(input, weight, nameof(input), nameof(weight));
        if (bias is not null) ShapeChecks.CheckSameType(input, bias, nameof(input), nameof(bias));
        string Shapes() =>
            $"input {ShapeChecks.Text(input.shape)}, weight {ShapeChecks.Text(weight.shape)}"
            + (bias is null ? "" : $", bias {ShapeChecks.Text(bias.shape)}")
            + $", stride {stride}, padding {padding}, dilation {dilation}, groups {groups}";
        ArgumentException Error(string text, string name) => new($"Conv2d: {text}; {Shapes()}.", name);

        if (input.Rank is not (3 or 4)) throw Error("the input must be (N, C, H, W) or (C, H, W)", nameof(input));
        if (weight.Rank != 4) throw Error("the weight must be (K, C/groups, R, S)", nameof(weight));
        if (stride < 1) throw Error($"the stride must be positive, was {stride}", nameof(stride));
        if (padding < 0) throw Error($"the padding must be non-negative, was {padding}", nameof(padding));
        if (dilation < 1) throw Error($"the dilation must be positive, was {dilation}", nameof(dilation));
        if (groups < 1) throw Error($"the groups must be positive, was {groups}", nameof(groups));

        int o = input.Rank - 3;
        int n = o == 0 ? 1 : input.shape[0], c = input.shape[o], h = input.shape[o + 1], w = input.shape[o + 2];
        int k = weight.shape[0], perGroup = weight.shape[1], r = weight.shape[2], s = weight.shape[3];
        if (k % groups != 0) throw Error($"the weight's output channels ({k}) must be a multiple of the groups ({groups})", nameof(weight));
        if ((long)perGroup * groups != c) throw Error($"the input has {c} channels, but the weight expects {(long)perGroup * groups} (its axis 1 ({perGroup}) × groups ({groups}))", nameof(input));
        if (bias is not null && (bias.Rank != 1 || bias.shape[0] != k)) throw Error($"the bias must have shape [{k}] (the weight's output channels)", nameof(bias));
        if (n < 1 || c < 1 || h < 1 || w < 1) throw Error("the input must not be empty", nameof(input));
        if (k < 1 || r < 1 || s < 1) throw Error("the weight must not be empty", nameof(weight));
        long extentH = (long)dilation * (r - 1) + 1, extentW = (long)dilation * (s - 1) + 1;
        if (extentH > h + 2L * padding || extentW > w + 2L * padding)
            throw Error($"the dilated kernel ({extentH}×{extentW}) is larger than the padded input ({h + 2L * padding}×{w + 2L * padding})", nameof(weight));

        Conv2dGeometry geometry;
        try
        {
            geometry = Conv2dGeometry.Create(n, c, h, w, k, r, s, stride, stride, padding, padding, dilation, dilation, groups);
        }
        catch (ArgumentException e)
        {
            // What is left is a buffer larger than a span: blame the tensor whose size it comes from.
            string name = e.ParamName is "outputChannels" or "kernelHeight" or "kernelWidth" ? nameof(weight) : nameof(input);
            throw new ArgumentException($"Conv2d: {e.Message}; {Shapes()}.", name, e);
        }
        shape = o == 0
            ? [k, geometry.OutputHeight, geometry.OutputWidth]
            : [n, k, geometry.OutputHeight, geometry.OutputWidth];
        return geometry;
    }
}
