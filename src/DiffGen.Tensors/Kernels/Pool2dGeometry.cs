namespace DiffGen.Tensors.Kernels;

/// <summary>
/// The shape of a 2-D pooling over contiguous row-major NCHW tensors: input (N, C, H, W), output (N, C, P, Q), a R×S
/// window moved by a stride, with padding on each side, dilation 1 and PyTorch's floor rounding (ceil_mode false):
/// P = ⌊(H + 2·ph − R) / sh⌋ + 1, Q likewise. Made only by <see cref="Create"/>, which validates it; the default value
/// (all zeros) is rejected by the kernels.
/// </summary>
public readonly record struct Pool2dGeometry : IGeometryArguments
{
    /// <summary>Batch size N.</summary>
    public int Batch { get; }

    /// <summary>Channels C (pooled independently).</summary>
    public int Channels { get; }

    /// <summary>Input height H.</summary>
    public int InputHeight { get; }

    /// <summary>Input width W.</summary>
    public int InputWidth { get; }

    /// <summary>Window height R.</summary>
    public int KernelHeight { get; }

    /// <summary>Window width S.</summary>
    public int KernelWidth { get; }

    /// <summary>Vertical stride sh.</summary>
    public int StrideHeight { get; }

    /// <summary>Horizontal stride sw.</summary>
    public int StrideWidth { get; }

    /// <summary>Padding ph above and below (−∞ for max pooling, 0 counted in the divisor for average pooling).</summary>
    public int PaddingHeight { get; }

    /// <summary>Padding pw left and right.</summary>
    public int PaddingWidth { get; }

    /// <summary>Output height P.</summary>
    public int OutputHeight { get; }

    /// <summary>Output width Q.</summary>
    public int OutputWidth { get; }

    /// <summary>Elements of the input, N·C·H·W.</summary>
    public int InputLength => Batch * Channels * InputHeight * InputWidth;

    /// <summary>Elements of the output (and of max pooling's argmax indices), N·C·P·Q.</summary>
    public int OutputLength => Batch * Channels * OutputHeight * OutputWidth;

    Pool2dGeometry(int batch, int channels, int inputHeight, int inputWidth, int kernelHeight, int kernelWidth,
        int strideHeight, int strideWidth, int paddingHeight, int paddingWidth, int outputHeight, int outputWidth)
    {
        Batch = batch;
        Channels = channels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PaddingHeight = paddingHeight;
        PaddingWidth = paddingWidth;
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    /// <summary>
    /// Validates and describes a pooling. Sizes and strides must be positive; the stride defaults to the window (as in
    /// PyTorch); padding must be non-negative and at most half the window (PyTorch's rule, which also keeps every window
    /// on at least one input element); the window must fit in the padded input.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is out of range; <see cref="ArgumentException.ParamName"/> names it
    /// and the message gives the shapes.</exception>
    public static Pool2dGeometry Create(int batch, int channels, int inputHeight, int inputWidth, int kernelHeight, int kernelWidth,
        int? strideHeight = null, int? strideWidth = null, int paddingHeight = 0, int paddingWidth = 0)
    {
        int sh = strideHeight ?? kernelHeight, sw = strideWidth ?? kernelWidth;
        // Unvalidated (output size 0) until the checks pass: it only describes the arguments in their messages.
        var arguments = new Pool2dGeometry(batch, channels, inputHeight, inputWidth, kernelHeight, kernelWidth, sh, sw,
            paddingHeight, paddingWidth, 0, 0);
        GeometryChecks.Positive(batch, nameof(batch), arguments);
        GeometryChecks.Positive(channels, nameof(channels), arguments);
        GeometryChecks.Positive(inputHeight, nameof(inputHeight), arguments);
        GeometryChecks.Positive(inputWidth, nameof(inputWidth), arguments);
        GeometryChecks.Positive(kernelHeight, nameof(kernelHeight), arguments);
        GeometryChecks.Positive(kernelWidth, nameof(kernelWidth), arguments);
        GeometryChecks.Positive(sh, nameof(strideHeight), arguments);
        GeometryChecks.Positive(sw, nameof(strideWidth), arguments);
        if (paddingHeight < 0 || paddingHeight > kernelHeight / 2)
            throw new ArgumentException($"{nameof(paddingHeight)} must be between 0 and half the window height ({kernelHeight / 2}), was {paddingHeight}; {arguments.Arguments()}.", nameof(paddingHeight));
        if (paddingWidth < 0 || paddingWidth > kernelWidth / 2)
            throw new ArgumentException($"{nameof(paddingWidth)} must be between 0 and half the window width ({kernelWidth / 2}), was {paddingWidth}; {arguments.Arguments()}.", nameof(paddingWidth));
        long outputHeight = GeometryChecks.OutputSize(kernelHeight, inputHeight, paddingHeight, sh, "window", "height", nameof(kernelHeight), arguments);
        long outputWidth = GeometryChecks.OutputSize(kernelWidth, inputWidth, paddingWidth, sw, "window", "width", nameof(kernelWidth), arguments);
        GeometryChecks.FitsSpan((long)batch * channels * inputHeight * inputWidth, "input", nameof(batch), arguments);
        GeometryChecks.FitsSpan((long)batch * channels * outputHeight * outputWidth, "output", nameof(batch), arguments);

        return new Pool2dGeometry(batch, channels, inputHeight, inputWidth, kernelHeight, kernelWidth, sh, sw,
            paddingHeight, paddingWidth, (int)outputHeight, (int)outputWidth);
    }

    /// <summary>The arguments <see cref="Create"/> was given (also those of a geometry it is still checking).</summary>
    string Arguments() =>
        $"input (N={Batch}, C={Channels}, H={InputHeight}, W={InputWidth}), window {KernelHeight}×{KernelWidth}, " +
        $"stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth}";

    string IGeometryArguments.Arguments() => Arguments();

    /// <summary>The shapes, e.g. <c>Pool2d(N=1, C=6, H×W=24×24, window 2×2, stride 2×2, padding 0×0 → P×Q=12×12)</c>.</summary>
    public override string ToString() =>
        $"Pool2d(N={Batch}, C={Channels}, H×W={InputHeight}×{InputWidth}, window {KernelHeight}×{KernelWidth}, " +
        $"stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth} → P×Q={OutputHeight}×{OutputWidth})";
}
