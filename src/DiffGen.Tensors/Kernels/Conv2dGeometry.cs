namespace DiffGen.Tensors.Kernels;

/// <summary>
/// The shape of a 2-D convolution over contiguous row-major NCHW tensors: input (N, C, H, W), weight (K, C/G, R, S),
/// bias (K), output (N, K, P, Q), with PyTorch's output size P = ⌊(H + 2·ph − dh·(R − 1) − 1) / sh⌋ + 1 (Q likewise).
/// Made only by <see cref="Create"/>, which validates it; its properties cannot be changed afterwards (no <c>with</c>),
/// so a geometry a kernel receives is always consistent. The default value (all zeros) is rejected by the kernels.
/// </summary>
public readonly record struct Conv2dGeometry
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
        string Shapes() =>
            $"input (N={batch}, C={inputChannels}, H={inputHeight}, W={inputWidth}), weight (K={outputChannels}, C/G, R={kernelHeight}, S={kernelWidth}), " +
            $"stride {strideHeight}×{strideWidth}, padding {paddingHeight}×{paddingWidth}, dilation {dilationHeight}×{dilationWidth}, groups {groups}";

        void Positive(int value, string name)
        {
            if (value < 1)
                throw new ArgumentException($"{name} must be positive, was {value}; {Shapes()}.", name);
        }

        Positive(batch, nameof(batch));
        Positive(inputChannels, nameof(inputChannels));
        Positive(inputHeight, nameof(inputHeight));
        Positive(inputWidth, nameof(inputWidth));
        Positive(outputChannels, nameof(outputChannels));
        Positive(kernelHeight, nameof(kernelHeight));
        Positive(kernelWidth, nameof(kernelWidth));
        Positive(strideHeight, nameof(strideHeight));
        Positive(strideWidth, nameof(strideWidth));
        Positive(dilationHeight, nameof(dilationHeight));
        Positive(dilationWidth, nameof(dilationWidth));
        Positive(groups, nameof(groups));
        if (paddingHeight < 0)
            throw new ArgumentException($"{nameof(paddingHeight)} must be non-negative, was {paddingHeight}; {Shapes()}.", nameof(paddingHeight));
        if (paddingWidth < 0)
            throw new ArgumentException($"{nameof(paddingWidth)} must be non-negative, was {paddingWidth}; {Shapes()}.", nameof(paddingWidth));
        if (inputChannels % groups != 0)
            throw new ArgumentException($"{nameof(inputChannels)} ({inputChannels}) is not a multiple of {nameof(groups)} ({groups}); {Shapes()}.", nameof(inputChannels));
        if (outputChannels % groups != 0)
            throw new ArgumentException($"{nameof(outputChannels)} ({outputChannels}) is not a multiple of {nameof(groups)} ({groups}); {Shapes()}.", nameof(outputChannels));

        // In long: the padded size and the dilated kernel extent can exceed int for absurd arguments.
        long extentH = (long)dilationHeight * (kernelHeight - 1) + 1, extentW = (long)dilationWidth * (kernelWidth - 1) + 1;
        long paddedH = inputHeight + 2L * paddingHeight, paddedW = inputWidth + 2L * paddingWidth;
        if (extentH > paddedH)
            throw new ArgumentException($"The dilated kernel height ({extentH}) exceeds the padded input height ({paddedH}), so the output would be empty; {Shapes()}.", nameof(kernelHeight));
        if (extentW > paddedW)
            throw new ArgumentException($"The dilated kernel width ({extentW}) exceeds the padded input width ({paddedW}), so the output would be empty; {Shapes()}.", nameof(kernelWidth));
        long outputHeight = (paddedH - extentH) / strideHeight + 1, outputWidth = (paddedW - extentW) / strideWidth + 1;

        long inputLength = (long)batch * inputChannels * inputHeight * inputWidth;
        long outputLength = (long)batch * outputChannels * outputHeight * outputWidth;
        long weightLength = (long)outputChannels * (inputChannels / groups) * kernelHeight * kernelWidth;
        long columnLength = (long)(inputChannels / groups) * kernelHeight * kernelWidth * outputHeight * outputWidth;
        if (inputLength > Array.MaxLength)
            throw new ArgumentException($"The input has {inputLength} elements, more than a span holds; {Shapes()}.", nameof(batch));
        if (outputLength > Array.MaxLength)
            throw new ArgumentException($"The output has {outputLength} elements, more than a span holds; {Shapes()}.", nameof(batch));
        if (weightLength > Array.MaxLength)
            throw new ArgumentException($"The weight has {weightLength} elements, more than a span holds; {Shapes()}.", nameof(outputChannels));
        if (columnLength > Array.MaxLength)
            throw new ArgumentException($"The im2col buffer of one image has {columnLength} elements, more than a span holds; {Shapes()}.", nameof(inputChannels));

        return new Conv2dGeometry(batch, inputChannels, inputHeight, inputWidth, outputChannels, kernelHeight, kernelWidth,
            strideHeight, strideWidth, paddingHeight, paddingWidth, dilationHeight, dilationWidth, groups,
            (int)outputHeight, (int)outputWidth);
    }

    /// <summary>The shapes, e.g. <c>Conv2d(N=1, C=1, H×W=28×28, K=6, R×S=5×5, stride 1×1, padding 0×0, dilation 1×1, groups 1 → P×Q=24×24)</c>.</summary>
    public override string ToString() =>
        $"Conv2d(N={Batch}, C={InputChannels}, H×W={InputHeight}×{InputWidth}, K={OutputChannels}, R×S={KernelHeight}×{KernelWidth}, " +
        $"stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth}, dilation {DilationHeight}×{DilationWidth}, " +
        $"groups {Groups} → P×Q={OutputHeight}×{OutputWidth})";
}
