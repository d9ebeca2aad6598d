using System.Numerics;
using System.Numerics.Tensors;
using DiffGen.CompilerServices;

namespace DiffGen;

public static partial class Vectorized
{
    // ---- Exp: y[i] = exp(x[i]) ----

    /// <summary>Writes y[i] = exp(x[i]).</summary>
    /// <param name="x">The values.</param>
    /// <param name="y">The output, as long as <paramref name="x"/>; it may be <paramref name="x"/>'s memory itself.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is not as long as <paramref name="x"/>.</exception>
    [Differentiable]
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        TensorPrimitives.Exp(x, y);
    }

    /// <inheritdoc cref="Exp(ReadOnlySpan{double}, Span{double})"/>
    [Differentiable]
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        TensorPrimitives.Exp(x, y);
    }

    /// <summary>Reverse mode of <see cref="Exp(ReadOnlySpan{double}, Span{double})"/>: writes y = exp(x) and adds dY[i]·y[i] to dX[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void ExpGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY) => ExpGradientCore(x, y, dX, dY);

    /// <inheritdoc cref="ExpGradient(ReadOnlySpan{double}, Span{double}, Span{double}, ReadOnlySpan{double})"/>
    public static void ExpGradient(ReadOnlySpan<float> x, Span<float> y, Span<float> dX, ReadOnlySpan<float> dY) => ExpGradientCore(x, y, dX, dY);

    /// <summary>Forward mode of <see cref="Exp(ReadOnlySpan{double}, Span{double})"/>: writes y = exp(x) and dY[i] = y[i]·dX[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void ExpTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => ExpTangentCore(x, y, dX, dY);

    /// <inheritdoc cref="ExpTangent(ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void ExpTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => ExpTangentCore(x, y, dX, dY);

    private static void CheckMap<T>(ReadOnlySpan<T> x, Span<T> y, int dXLength, int dYLength)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        GradientBuffers.CheckLength(dXLength, x.Length, "dX", "x");
        GradientBuffers.CheckLength(dYLength, y.Length, "dY", "y");
    }

    private static void ExpGradientCore<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> dX, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        TensorPrimitives.Exp(x, y);
        TensorPrimitives.MultiplyAdd(dY, y, dX, dX);
    }

    private static void ExpTangentCore<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        TensorPrimitives.Exp(x, y);
        TensorPrimitives.Multiply(y, dX, dY);
    }

    // ---- Softmax: y[i] = exp(x[i]) / Σ exp(x[j]) ----

    /// <summary>
    /// Writes y[i] = exp(x[i] − m) / Σⱼ exp(x[j] − m), m = max(x): the softmax, without overflow. The exponentials are
    /// computed in <paramref name="y"/> itself, so no scratch space is used.
    /// </summary>
    /// <param name="x">The values (logits).</param>
    /// <param name="y">The output, as long as <paramref name="x"/>; it may be <paramref name="x"/>'s memory itself.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is not as long as <paramref name="x"/>.</exception>
    [Differentiable]
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        SoftmaxCore(x, y);
    }

    /// <inheritdoc cref="Softmax(ReadOnlySpan{double}, Span{double})"/>
    [Differentiable]
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        SoftmaxCore(x, y);
    }

    /// <summary>
    /// Reverse mode of <see cref="Softmax(ReadOnlySpan{double}, Span{double})"/>: writes y = softmax(x) and adds
    /// y[i]·(dY[i] − dY·y) to dX[i].
    /// </summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void SoftmaxGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY) => SoftmaxGradientCore(x, y, dX, dY);

    /// <inheritdoc cref="SoftmaxGradient(ReadOnlySpan{double}, Span{double}, Span{double}, ReadOnlySpan{double})"/>
    public static void SoftmaxGradient(ReadOnlySpan<float> x, Span<float> y, Span<float> dX, ReadOnlySpan<float> dY) => SoftmaxGradientCore(x, y, dX, dY);

    /// <summary>
    /// Forward mode of <see cref="Softmax(ReadOnlySpan{double}, Span{double})"/>: writes y = softmax(x) and
    /// dY[i] = y[i]·(dX[i] − y·dX).
    /// </summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void SoftmaxTangent(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dX, Span<double> dY) => SoftmaxTangentCore(x, y, dX, dY);

    /// <inheritdoc cref="SoftmaxTangent(ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void SoftmaxTangent(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dX, Span<float> dY) => SoftmaxTangentCore(x, y, dX, dY);

    private static void SoftmaxCore<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty) return;
        T shift = Shift(x);
        TensorPrimitives.Subtract(x, shift, y);
        TensorPrimitives.Exp(y, y);
        T sum = TensorPrimitives.Sum<T>(y);
        TensorPrimitives.Divide(y, sum, y);
    }

    private static void SoftmaxGradientCore<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> dX, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        SoftmaxCore(x, y);
        if (x.IsEmpty) return;
        // dX += y ⊙ dY − (dY·y) y: two fused passes, no scratch.
        T weighted = TensorPrimitives.Dot<T>(dY, y);
        TensorPrimitives.MultiplyAdd(y, dY, dX, dX);
        TensorPrimitives.MultiplyAdd(y, -weighted, dX, dX);
    }

    private static void SoftmaxTangentCore<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dX, Span<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        SoftmaxCore(x, y);
        if (x.IsEmpty) return;
        T weighted = TensorPrimitives.Dot<T>(y, dX);
        TensorPrimitives.Subtract(dX, weighted, dY);
        TensorPrimitives.Multiply(dY, y, dY);
    }
}
