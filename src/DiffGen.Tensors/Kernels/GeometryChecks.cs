namespace DiffGen.Tensors.Kernels;

/// <summary>A geometry that can describe the arguments it was made from, for error messages.</summary>
internal interface IGeometryArguments
{
    /// <summary>The arguments, e.g. <c>input (N=1, C=1, H=28, W=28), …</c>.</summary>
    string Arguments();
}

/// <summary>
/// The validation <see cref="Conv2dGeometry.Create"/> and <see cref="Pool2dGeometry.Create"/> share: both slide a window
/// over a padded NCHW input and must keep every buffer within a span. The geometry under construction is passed by
/// reference only to describe the arguments when a check fails, so a passing check builds no string.
/// </summary>
internal static class GeometryChecks
{
    /// <summary>Throws unless <paramref name="value"/> ≥ 1.</summary>
    public static void Positive<TGeometry>(int value, string name, in TGeometry geometry)
        where TGeometry : struct, IGeometryArguments
    {
        if (value < 1)
            throw new ArgumentException($"{name} must be positive, was {value}; {geometry.Arguments()}.", name);
    }

    /// <summary>
    /// The number of positions of a window spanning <paramref name="extent"/> input elements moved by
    /// <paramref name="stride"/> over an input of <paramref name="size"/> padded by <paramref name="padding"/> on each
    /// side (floor rounding); throws when the window is larger than the padded input, as the output would be empty. The
    /// message calls the window <paramref name="window"/> ("dilated kernel", "window") and the axis <paramref name="axis"/>
    /// ("height", "width"), and blames argument <paramref name="name"/>.
    /// </summary>
    public static long OutputSize<TGeometry>(long extent, int size, int padding, int stride, string window, string axis,
        string name, in TGeometry geometry)
        where TGeometry : struct, IGeometryArguments
    {
        // In long: the padded size can exceed int for absurd arguments.
        long padded = size + 2L * padding;
        if (extent > padded)
            throw new ArgumentException(
                $"The {window} {axis} ({extent}) exceeds the padded input {axis} ({padded}), so the output would be empty; {geometry.Arguments()}.", name);
        return (padded - extent) / stride + 1;
    }

    /// <summary>
    /// Throws when a buffer of <paramref name="length"/> elements would not fit in a span; the message calls it
    /// <paramref name="buffer"/> ("input", "output", …).
    /// </summary>
    public static void FitsSpan<TGeometry>(long length, string buffer, string name, in TGeometry geometry)
        where TGeometry : struct, IGeometryArguments
    {
        if (length > Array.MaxLength)
            throw new ArgumentException($"The {buffer} has {length} elements, more than a span holds; {geometry.Arguments()}.", name);
    }
}
