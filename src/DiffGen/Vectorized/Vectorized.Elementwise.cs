using System.Numerics;
using System.Numerics.Tensors;
using DiffGen.CompilerServices;

namespace DiffGen;

public static partial class Vectorized
{
    // ---- Scale: y[i] = a·x[i] ----

    /// <summary>Writes y[i] = a·x[i].</summary>
    /// <param name="x">The vector.</param>
    /// <param name="a">The factor.</param>
    /// <param name="y">The output, as long as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="y"/> is not as long as <paramref name="x"/>.</exception>
    [Differentiable]
    public static void Scale(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        TensorPrimitives.Multiply(x, a, y);
    }

    /// <inheritdoc cref="Scale(ReadOnlySpan{double}, double, Span{double})"/>
    [Differentiable]
    public static void Scale(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        CheckSameLength(y.Length, x.Length, "y", "x");
        TensorPrimitives.Multiply(x, a, y);
    }

    /// <summary>Reverse mode of <see cref="Scale(ReadOnlySpan{double}, double, Span{double})"/>: writes y = a·x, adds a·dY[i] to dX[i] and sets <paramref name="dA"/> = dY·x.</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void ScaleGradient(ReadOnlySpan<double> x, double a, Span<double> y, Span<double> dX, out double dA, ReadOnlySpan<double> dY) => ScaleGradientCore(x, a, y, dX, out dA, dY);

    /// <inheritdoc cref="ScaleGradient(ReadOnlySpan{double}, double, Span{double}, Span{double}, out double, ReadOnlySpan{double})"/>
    public static void ScaleGradient(ReadOnlySpan<float> x, float a, Span<float> y, Span<float> dX, out float dA, ReadOnlySpan<float> dY) => ScaleGradientCore(x, a, y, dX, out dA, dY);

    /// <summary>Forward mode of <see cref="Scale(ReadOnlySpan{double}, double, Span{double})"/>: writes y = a·x and dY[i] = a·dX[i] + dA·x[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="x"/>.</exception>
    public static void ScaleTangent(ReadOnlySpan<double> x, double a, Span<double> y, ReadOnlySpan<double> dX, double dA, Span<double> dY) => ScaleTangentCore(x, a, y, dX, dA, dY);

    /// <inheritdoc cref="ScaleTangent(ReadOnlySpan{double}, double, Span{double}, ReadOnlySpan{double}, double, Span{double})"/>
    public static void ScaleTangent(ReadOnlySpan<float> x, float a, Span<float> y, ReadOnlySpan<float> dX, float dA, Span<float> dY) => ScaleTangentCore(x, a, y, dX, dA, dY);

    private static void ScaleGradientCore<T>(ReadOnlySpan<T> x, T a, Span<T> y, Span<T> dX, out T dA, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        dA = TensorPrimitives.Dot(dY, x);
        TensorPrimitives.Multiply(x, a, y);
        TensorPrimitives.MultiplyAdd(dY, a, dX, dX);
    }

    private static void ScaleTangentCore<T>(ReadOnlySpan<T> x, T a, Span<T> y, ReadOnlySpan<T> dX, T dA, Span<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMap(x, y, dX.Length, dY.Length);
        TensorPrimitives.Multiply(dX, a, dY);
        TensorPrimitives.MultiplyAdd(x, dA, dY, dY);
        TensorPrimitives.Multiply(x, a, y);
    }

    // ---- Add: y[i] = a[i] + b[i] ----

    /// <summary>Writes y[i] = a[i] + b[i].</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, as long as <paramref name="a"/>.</param>
    /// <param name="y">The output, as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> or <paramref name="y"/> is not as long as <paramref name="a"/>.</exception>
    [Differentiable]
    public static void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
    {
        CheckZip(a, b, y);
        TensorPrimitives.Add(a, b, y);
    }

    /// <inheritdoc cref="Add(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    [Differentiable]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        CheckZip(a, b, y);
        TensorPrimitives.Add(a, b, y);
    }

    /// <summary>Reverse mode of <see cref="Add(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>: writes y = a + b and adds dY[i] to dA[i] and to dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static void AddGradient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> dA, Span<double> dB, ReadOnlySpan<double> dY) => AddGradientCore(a, b, y, dA, dB, dY);

    /// <inheritdoc cref="AddGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double}, ReadOnlySpan{double})"/>
    public static void AddGradient(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, Span<float> dA, Span<float> dB, ReadOnlySpan<float> dY) => AddGradientCore(a, b, y, dA, dB, dY);

    /// <summary>Forward mode of <see cref="Add(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>: writes y = a + b and dY[i] = dA[i] + dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static void AddTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, Span<double> dY) => AddTangentCore(a, b, y, dA, dB, dY);

    /// <inheritdoc cref="AddTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void AddTangent(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, Span<float> dY) => AddTangentCore(a, b, y, dA, dB, dY);

    private static void AddGradientCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, Span<T> dA, Span<T> dB, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckZip(a, b, y, dA.Length, dB.Length, dY.Length);
        TensorPrimitives.Add(a, b, y);
        TensorPrimitives.Add(dA, dY, dA);
        TensorPrimitives.Add(dB, dY, dB);
    }

    private static void AddTangentCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<T> dA, ReadOnlySpan<T> dB, Span<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckZip(a, b, y, dA.Length, dB.Length, dY.Length);
        TensorPrimitives.Add(a, b, y);
        TensorPrimitives.Add(dA, dB, dY);
    }

    // ---- Multiply: y[i] = a[i]·b[i] ----

    /// <summary>Writes y[i] = a[i]·b[i] (the Hadamard product).</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, as long as <paramref name="a"/>.</param>
    /// <param name="y">The output, as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> or <paramref name="y"/> is not as long as <paramref name="a"/>.</exception>
    [Differentiable]
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
    {
        CheckZip(a, b, y);
        TensorPrimitives.Multiply(a, b, y);
    }

    /// <inheritdoc cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    [Differentiable]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        CheckZip(a, b, y);
        TensorPrimitives.Multiply(a, b, y);
    }

    /// <summary>Reverse mode of <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>: writes y = a ⊙ b, adds dY[i]·b[i] to dA[i] and dY[i]·a[i] to dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static void MultiplyGradient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> dA, Span<double> dB, ReadOnlySpan<double> dY) => MultiplyGradientCore(a, b, y, dA, dB, dY);

    /// <inheritdoc cref="MultiplyGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double}, ReadOnlySpan{double})"/>
    public static void MultiplyGradient(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, Span<float> dA, Span<float> dB, ReadOnlySpan<float> dY) => MultiplyGradientCore(a, b, y, dA, dB, dY);

    /// <summary>Forward mode of <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>: writes y = a ⊙ b and dY[i] = dA[i]·b[i] + a[i]·dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static void MultiplyTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, Span<double> dY) => MultiplyTangentCore(a, b, y, dA, dB, dY);

    /// <inheritdoc cref="MultiplyTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
    public static void MultiplyTangent(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, Span<float> dY) => MultiplyTangentCore(a, b, y, dA, dB, dY);

    private static void MultiplyGradientCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, Span<T> dA, Span<T> dB, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckZip(a, b, y, dA.Length, dB.Length, dY.Length);
        TensorPrimitives.Multiply(a, b, y);
        TensorPrimitives.MultiplyAdd(dY, b, dA, dA);
        TensorPrimitives.MultiplyAdd(dY, a, dB, dB);
    }

    private static void MultiplyTangentCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<T> dA, ReadOnlySpan<T> dB, Span<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckZip(a, b, y, dA.Length, dB.Length, dY.Length);
        TensorPrimitives.Multiply(dA, b, dY);
        TensorPrimitives.MultiplyAdd(a, dB, dY, dY);
        TensorPrimitives.Multiply(a, b, y);
    }

    private static void CheckZip<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
    {
        CheckSameLength(b.Length, a.Length, "b", "a");
        CheckSameLength(y.Length, a.Length, "y", "a");
    }

    private static void CheckZip<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, int dALength, int dBLength, int dYLength)
    {
        CheckZip(a, b, y);
        GradientBuffers.CheckLength(dALength, a.Length, "dA", "a");
        GradientBuffers.CheckLength(dBLength, b.Length, "dB", "b");
        GradientBuffers.CheckLength(dYLength, y.Length, "dY", "y");
    }
}
