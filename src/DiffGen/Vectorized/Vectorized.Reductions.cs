using System.Numerics;
using System.Numerics.Tensors;
using DiffGen.CompilerServices;

namespace DiffGen;

public static partial class Vectorized
{
    // ---- Sum: Σ x[i] ----

    /// <summary>Σ x[i] (0 for an empty span).</summary>
    /// <param name="x">The values.</param>
    [Differentiable]
    public static double Sum(ReadOnlySpan<double> x) => SumCore(x);

    /// <inheritdoc cref="Sum(ReadOnlySpan{double})"/>
    [Differentiable]
    public static float Sum(ReadOnlySpan<float> x) => SumCore(x);

    /// <summary>Reverse mode of <see cref="Sum(ReadOnlySpan{double})"/>: returns Σ x[i] and adds 1 to every dX[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumGradient(ReadOnlySpan<double> x, Span<double> dX) => SumGradientCore(x, 1d, dX);

    /// <inheritdoc cref="SumGradient(ReadOnlySpan{double}, Span{double})"/>
    public static float SumGradient(ReadOnlySpan<float> x, Span<float> dX) => SumGradientCore(x, 1f, dX);

    /// <summary>Seeded reverse mode of <see cref="Sum(ReadOnlySpan{double})"/>: returns Σ x[i] and adds <paramref name="seed"/> to every dX[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumGradient(ReadOnlySpan<double> x, double seed, Span<double> dX) => SumGradientCore(x, seed, dX);

    /// <inheritdoc cref="SumGradient(ReadOnlySpan{double}, double, Span{double})"/>
    public static float SumGradient(ReadOnlySpan<float> x, float seed, Span<float> dX) => SumGradientCore(x, seed, dX);

    /// <summary>Forward mode of <see cref="Sum(ReadOnlySpan{double})"/>: returns Σ x[i] and sets <paramref name="tangent"/> = Σ dX[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double tangent) => SumTangentCore(x, dX, out tangent);

    /// <inheritdoc cref="SumTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, out double)"/>
    public static float SumTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> dX, out float tangent) => SumTangentCore(x, dX, out tangent);

    [NoDiff]
    private static T SumCore<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sum(x);

    private static T SumGradientCore<T>(ReadOnlySpan<T> x, T seed, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        T value = TensorPrimitives.Sum(x);
        TensorPrimitives.Add(dX, seed, dX);
        return value;
    }

    private static T SumTangentCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dX, out T tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        tangent = TensorPrimitives.Sum(dX);
        return TensorPrimitives.Sum(x);
    }

    // ---- Dot: Σ a[i]·b[i] ----

    /// <summary>Σ a[i]·b[i] (0 for empty spans).</summary>
    /// <param name="a">The first vector.</param>
    /// <param name="b">The second vector, as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> is not as long as <paramref name="a"/>.</exception>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => DotCore(a, b);

    /// <inheritdoc cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    [Differentiable]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => DotCore(a, b);

    /// <summary>Reverse mode of <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>: returns a·b, adds b[i] to dA[i] and a[i] to dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static double DotGradient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> dA, Span<double> dB) => DotGradientCore(a, b, 1d, dA, dB);

    /// <inheritdoc cref="DotGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>
    public static float DotGradient(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dA, Span<float> dB) => DotGradientCore(a, b, 1f, dA, dB);

    /// <summary>Seeded reverse mode of <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>: returns a·b, adds seed·b[i] to dA[i] and seed·a[i] to dB[i].</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static double DotGradient(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB) => DotGradientCore(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotGradient(ReadOnlySpan{double}, ReadOnlySpan{double}, double, Span{double}, Span{double})"/>
    public static float DotGradient(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB) => DotGradientCore(a, b, seed, dA, dB);

    /// <summary>Forward mode of <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>: returns a·b and sets <paramref name="tangent"/> = dA·b + a·dB.</summary>
    /// <exception cref="ArgumentException">A span is not as long as <paramref name="a"/>.</exception>
    public static double DotTangent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> dA, ReadOnlySpan<double> dB, out double tangent) => DotTangentCore(a, b, dA, dB, out tangent);

    /// <inheritdoc cref="DotTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, out double)"/>
    public static float DotTangent(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> dA, ReadOnlySpan<float> dB, out float tangent) => DotTangentCore(a, b, dA, dB, out tangent);

    [NoDiff]
    private static T DotCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(b.Length, a.Length, "b", "a");
        return TensorPrimitives.Dot(a, b);
    }

    private static T DotGradientCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(b.Length, a.Length, "b", "a");
        GradientBuffers.CheckLength(dA.Length, a.Length, "dA", "a");
        GradientBuffers.CheckLength(dB.Length, b.Length, "dB", "b");
        T value = TensorPrimitives.Dot(a, b);
        TensorPrimitives.MultiplyAdd(b, seed, dA, dA);
        TensorPrimitives.MultiplyAdd(a, seed, dB, dB);
        return value;
    }

    private static T DotTangentCore<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> dA, ReadOnlySpan<T> dB, out T tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSameLength(b.Length, a.Length, "b", "a");
        GradientBuffers.CheckLength(dA.Length, a.Length, "dA", "a");
        GradientBuffers.CheckLength(dB.Length, b.Length, "dB", "b");
        tangent = TensorPrimitives.Dot(dA, b) + TensorPrimitives.Dot(a, dB);
        return TensorPrimitives.Dot(a, b);
    }

    // ---- SumOfSquares: Σ x[i]² ----

    /// <summary>Σ x[i]² (0 for an empty span).</summary>
    /// <param name="x">The values.</param>
    [Differentiable]
    public static double SumOfSquares(ReadOnlySpan<double> x) => SumOfSquaresCore(x);

    /// <inheritdoc cref="SumOfSquares(ReadOnlySpan{double})"/>
    [Differentiable]
    public static float SumOfSquares(ReadOnlySpan<float> x) => SumOfSquaresCore(x);

    /// <summary>Reverse mode of <see cref="SumOfSquares(ReadOnlySpan{double})"/>: returns Σ x[i]² and adds 2·x[i] to dX[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumOfSquaresGradient(ReadOnlySpan<double> x, Span<double> dX) => SumOfSquaresGradientCore(x, 1d, dX);

    /// <inheritdoc cref="SumOfSquaresGradient(ReadOnlySpan{double}, Span{double})"/>
    public static float SumOfSquaresGradient(ReadOnlySpan<float> x, Span<float> dX) => SumOfSquaresGradientCore(x, 1f, dX);

    /// <summary>Seeded reverse mode of <see cref="SumOfSquares(ReadOnlySpan{double})"/>: returns Σ x[i]² and adds 2·seed·x[i] to dX[i].</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumOfSquaresGradient(ReadOnlySpan<double> x, double seed, Span<double> dX) => SumOfSquaresGradientCore(x, seed, dX);

    /// <inheritdoc cref="SumOfSquaresGradient(ReadOnlySpan{double}, double, Span{double})"/>
    public static float SumOfSquaresGradient(ReadOnlySpan<float> x, float seed, Span<float> dX) => SumOfSquaresGradientCore(x, seed, dX);

    /// <summary>Forward mode of <see cref="SumOfSquares(ReadOnlySpan{double})"/>: returns Σ x[i]² and sets <paramref name="tangent"/> = 2·x·dX.</summary>
    /// <exception cref="ArgumentException"><paramref name="dX"/> is not as long as <paramref name="x"/>.</exception>
    public static double SumOfSquaresTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> dX, out double tangent) => SumOfSquaresTangentCore(x, dX, out tangent);

    /// <inheritdoc cref="SumOfSquaresTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, out double)"/>
    public static float SumOfSquaresTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> dX, out float tangent) => SumOfSquaresTangentCore(x, dX, out tangent);

    [NoDiff]
    private static T SumOfSquaresCore<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.SumOfSquares(x);

    private static T SumOfSquaresGradientCore<T>(ReadOnlySpan<T> x, T seed, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        T value = TensorPrimitives.SumOfSquares(x);
        TensorPrimitives.MultiplyAdd(x, seed + seed, dX, dX);
        return value;
    }

    private static T SumOfSquaresTangentCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dX, out T tangent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GradientBuffers.CheckLength(dX.Length, x.Length, "dX", "x");
        T dot = TensorPrimitives.Dot(x, dX);
        tangent = dot + dot;
        return TensorPrimitives.SumOfSquares(x);
    }
}
