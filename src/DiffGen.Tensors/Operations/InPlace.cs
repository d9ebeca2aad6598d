using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>
/// Updates in place, for the code around a gradient (an optimizer's step, clearing gradient buffers): PyTorch's
/// <c>fill_</c> and <c>add_(other, alpha=…)</c>. They change their first argument, so they are not differentiable and
/// have no place inside a <c>[Differentiable]</c> method, where values are immutable.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Sets every element of <paramref name="target"/> to <paramref name="value"/>; returns it.</summary>
    public static Tensor Fill(Tensor target, double value)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsFloat32(target)) target.Span<float>().Fill((float)value);
        else target.Span<double>().Fill(value);
        return target;
    }

    /// <summary><paramref name="target"/> += <paramref name="alpha"/>·<paramref name="value"/> (same shapes); returns target.</summary>
    public static Tensor AddInPlace(Tensor target, Tensor value, double alpha = 1)
    {
        ShapeChecks.CheckSameShape(target, value, nameof(target), nameof(value));
        if (IsFloat32(target)) Fused.MultiplyAddInto(value.Span<float>(), (float)alpha, target.Span<float>());
        else Fused.MultiplyAddInto(value.Span<double>(), alpha, target.Span<double>());
        return target;
    }
}
