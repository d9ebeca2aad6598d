namespace DiffGen.Tensors.Kernels;

/// <summary>
/// The shape of a 2-D convolution over contiguous row-major NCHW tensors: input (N, C, H, W), weight (K, C/G, R, S),
/// bias (K), output (N, K, P, Q), with PyTorch's output size P = ⌊(H + 2·ph − dh·(R − 1) − 1) / sh⌋ + 1 (Q likewise).
/// Made only by <see cref="Create"/>, which validates it; its properties cannot be changed afterwards (no <c>with</c>),
/// so a geometry a kernel receives is always consistent. The default value (all zeros) is rejected by the kernels.
/// </summary>
public readonly record struct Conv2dGeometry : IGeometryArguments
{
    /// <summary>Batch size N.</summary>
    public int Batch { get; }

    /// <summary>Input channels C (a multiple of <see cref="Groups"/>).</summary>
    public int InputChannels { get; }

    /// <summary>Input height H.</summary>
    public int InputHeight { get; }

    /// <summary>Input width W.</summary>
    public int InputWidth { get; }

    /// <summary>Output channels K (a multiple of <see cref="Groups"/>).</summary>
    public int OutputChannels { get; }

    /// <summary>Kernel height R.</summary>
    public int KernelHeight { get; }

    /// <summary>Kernel width S.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride sh.</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride sw.</summary>
    public int StrideWidth { get; }

    /// <summary>Zero padding ph added above and below the input.</summary>
    public int PaddingHeight { get; }

    /// <summary>Zero padding pw added left and right of the input.</summary>
    public int PaddingWidth { get; }

    /// <summary>Vertical dilation dh (distance between kernel taps).</summary>
    public int DilationHeight { get; }

    /// <summary>Horizontal dilation dw.</summary>
    public int DilationWidth { get; }

    /// <summary>Groups G: input channels g·C/G … (g+1)·C/G − 1 feed output channels g·K/G … (g+1)·K/G − 1.</summary>
    public int Groups { get; }

    /// <summary>Output height P.</summary>
    public int OutputHeight { get; }

    /// <summary>Output width Q.</summary>
    public int OutputWidth { get; }

    /// <summary>Input channels per group, C/G.</summary>
    public int InputChannelsPerGroup => InputChannels / Groups;

    /// <summary>Output channels per group, K/G.</summary>
    public int OutputChannelsPerGroup => OutputChannels / Groups;

    /// <summary>Elements of the input, N·C·H·W.</summary>
    public int InputLength => Batch * InputChannels * InputHeight * InputWidth;

    /// <summary>Elements of the weight, K·(C/G)·R·S.</summary>
    public int WeightLength => OutputChannels * InputChannelsPerGroup * KernelHeight * KernelWidth;

    /// <summary>Elements of a bias, K (an empty bias means none).</summary>
    public int BiasLength => OutputChannels;

    /// <summary>Elements of the output, N·K·P·Q.</summary>
    public int OutputLength => Batch * OutputChannels * OutputHeight * OutputWidth;

    /// <summary>Whether the convolution is a plain per-pixel channel mix (1×1 kernel, stride 1, no padding), done without im2col.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1
        && PaddingHeight == 0 && PaddingWidth == 0;

    Conv2dGeometry(int batch, int inputChannels, int inputHeight, int inputWidth, int outputChannels,
        int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int paddingHeight, int paddingWidth,
        int dilationHeight, int dilationWidth, int groups, int outputHeight, int outputWidth)
    {
        Batch = batch;
        InputChannels = inputChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        OutputChannels = outputChannels;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PaddingHeight = paddingHeight;
        PaddingWidth = paddingWidth;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        Groups = groups;
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    /// <summary>
    /// Validates and describes a convolution. Sizes, strides and dilations must be positive, paddings non-negative,
    /// C and K multiples of G, the output at least 1×1, and every buffer (including the im2col scratch of one image and
    /// group, (C/G)·R·S × P·Q) must fit in a span.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is out of range; <see cref="ArgumentException.ParamName"/> names it
    /// and the message gives the shapes.</exception>
    public static Conv2dGeometry Create(int batch, int inputChannels, int inputHeight, int inputWidth,
        int outputChannels, int kernelHeight, int kernelWidth,
        int strideHeight = 1, int strideWidth = 1, int paddingHeight = 0, int paddingWidth = 0,
        int dilationHeight = 1, int dilationWidth = 1, int groups = 1)
    {
        // Unvalidated (output size 0) until the checks pass: it only describes the arguments in their messages.
        var arguments = new Conv2dGeometry(batch, inputChannels, inputHeight, inputWidth, outputChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, groups, 0, 0);
        GeometryChecks.Positive(batch, nameof(batch), arguments);
        GeometryChecks.Positive(inputChannels, nameof(inputChannels), arguments);
        GeometryChecks.Positive(inputHeight, nameof(inputHeight), arguments);
        GeometryChecks.Positive(inputWidth, nameof(inputWidth), arguments);
        GeometryChecks.Positive(outputChannels, nameof(outputChannels), arguments);
        GeometryChecks.Positive(kernelHeight, nameof(kernelHeight), arguments);
        GeometryChecks.Positive(kernelWidth, nameof(kernelWidth), arguments);
        GeometryChecks.Positive(strideHeight, nameof(strideHeight), arguments);
        GeometryChecks.Positive(strideWidth, nameof(strideWidth), arguments);
        GeometryChecks.Positive(dilationHeight, nameof(dilationHeight), arguments);
        GeometryChecks.Positive(dilationWidth, nameof(dilationWidth), arguments);
        GeometryChecks.Positive(groups, nameof(groups), arguments);
        if (paddingHeight < 0)
            throw new ArgumentException($"{nameof(paddingHeight)} must be non-negative, was {paddingHeight}; {arguments.Arguments()}.", nameof(paddingHeight));
        if (paddingWidth < 0)
            throw new ArgumentException($"{nameof(paddingWidth)} must be non-negative, was {paddingWidth}; {arguments.Arguments()}.", nameof(paddingWidth));
        if (inputChannels % groups != 0)
            throw new ArgumentException($"{nameof(inputChannels)} ({inputChannels}) is not a multiple of {nameof(groups)} ({groups}); {arguments.Arguments()}.", nameof(inputChannels));
        if (outputChannels % groups != 0)
            throw new ArgumentException($"{nameof(outputChannels)} ({outputChannels}) is not a multiple of {nameof(groups)} ({groups}); {arguments.Arguments()}.", nameof(outputChannels));

        // In long: the dilated kernel extent can exceed int for absurd arguments.
        long extentH = (long)dilationHeight * (kernelHeight - 1) + 1, extentW = (long)dilationWidth * (kernelWidth - 1) + 1;
        long outputHeight = GeometryChecks.OutputSize(extentH, inputHeight, paddingHeight, strideHeight, "dilated kernel", "height", nameof(kernelHeight), arguments);
        long outputWidth = GeometryChecks.OutputSize(extentW, inputWidth, paddingWidth, strideWidth, "dilated kernel", "width", nameof(kernelWidth), arguments);

        GeometryChecks.FitsSpan((long)batch * inputChannels * inputHeight * inputWidth, "input", nameof(batch), arguments);
        GeometryChecks.FitsSpan((long)batch * outputChannels * outputHeight * outputWidth, "output", nameof(batch), arguments);
        GeometryChecks.FitsSpan((long)outputChannels * (inputChannels / groups) * kernelHeight * kernelWidth, "weight", nameof(outputChannels), arguments);
        GeometryChecks.FitsSpan((long)(inputChannels / groups) * kernelHeight * kernelWidth * outputHeight * outputWidth,
            "im2col buffer of one image", nameof(inputChannels), arguments);

        return new Conv2dGeometry(batch, inputChannels, inputHeight, inputWidth, outputChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, groups,
            (int)outputHeight, (int)outputWidth);
    }

    /// <summary>The arguments <see cref="Create"/> was given (also those of a geometry it is still checking).</summary>
    string Arguments() =>
        $"input (N={Batch}, C={InputChannels}, H={InputHeight}, W={InputWidth}), weight (K={OutputChannels}, C/G, R={KernelHeight}, S={KernelWidth}), " +
        $"stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth}, dilation {DilationHeight}×{DilationWidth}, groups {Groups}";

    string IGeometryArguments.Arguments() => Arguments();

    /// <summary>The shapes, e.g. <c>Conv2d(N=1, C=1, H×W=28×28, K=6, R×S=5×5, stride 1×1, padding 0×0, dilation 1×1, groups 1 → P×Q=24×24)</c>.</summary>
    public override string ToString() =>
        $"Conv2d(N={Batch}, C={InputChannels}, H×W={InputHeight}×{InputWidth}, K={OutputChannels}, R×S={KernelHeight}×{KernelWidth}, " +
        $"stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth}, dilation {DilationHeight}×{DilationWidth}, " +
        $"groups {Groups} → P×Q={OutputHeight}×{OutputWidth})";
}
