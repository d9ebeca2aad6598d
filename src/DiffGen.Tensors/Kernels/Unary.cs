using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors.Kernels;

/// <summary>An element-wise function y = f(x): its values (vectorized) and its derivative f′, from x and y.</summary>
internal interface IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract void Values(ReadOnlySpan<T> x, Span<T> y);
    static abstract T Derivative(T x, T y);
    static abstract Vector256<T> Derivative(Vector256<T> x, Vector256<T> y);
}

internal readonly struct ExpOperation<T> : IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Values(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Exp(x, y);
    public static T Derivative(T x, T y) => y;
    public static Vector256<T> Derivative(Vector256<T> x, Vector256<T> y) => y;
}

internal readonly struct LogOperation<T> : IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Values(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Log(x, y);
    public static T Derivative(T x, T y) => T.One / x;
    public static Vector256<T> Derivative(Vector256<T> x, Vector256<T> y) => Vector256<T>.One / x;
}

internal readonly struct SqrtOperation<T> : IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Values(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sqrt(x, y);

    // 1/(2√x) from the result, as PyTorch (an infinite slope at 0).
    public static T Derivative(T x, T y) => T.One / (y + y);
    public static Vector256<T> Derivative(Vector256<T> x, Vector256<T> y) => Vector256<T>.One / (y + y);
}

internal readonly struct SquareOperation<T> : IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Values(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Multiply(x, x, y);
    public static T Derivative(T x, T y) => x + x;
    public static Vector256<T> Derivative(Vector256<T> x, Vector256<T> y) => x + x;
}

internal readonly struct AbsOperation<T> : IUnaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static void Values(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Abs(x, y);

    // sign(x): 0 at 0 (and for NaN), as PyTorch's sgn.
    public static T Derivative(T x, T y) => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero;

    public static Vector256<T> Derivative(Vector256<T> x, Vector256<T> y)
        => (Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One) - (Vector256.LessThan(x, Vector256<T>.Zero) & Vector256<T>.One);
}

/// <summary>Element-wise functions and the products of their derivatives with a seed or a tangent.</summary>
internal static class Unary
{
    /// <summary>
    /// z = g ⊙ f′(x) (or z += g ⊙ f′(x) when <paramref name="accumulate"/>): the pullback's contribution, or the tangent
    /// when g is the input's tangent.
    /// </summary>
    public static void Chain<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> z, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : IUnaryOperation<T>
    {
        ref T xs = ref MemoryMarshal.GetReference(x);
        ref T ys = ref MemoryMarshal.GetReference(y);
        ref T gs = ref MemoryMarshal.GetReference(g);
        ref T zs = ref MemoryMarshal.GetReference(z);
        int n = z.Length, i = 0, w = Vector256<T>.Count;
        if (accumulate)
        {
            for (; i <= n - w; i += w)
            {
                var product = Vector256.LoadUnsafe(ref gs, (nuint)i) * TOp.Derivative(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i));
                (Vector256.LoadUnsafe(ref zs, (nuint)i) + product).StoreUnsafe(ref zs, (nuint)i);
            }
            for (; i < n; i++) Unsafe.Add(ref zs, i) += Unsafe.Add(ref gs, i) * TOp.Derivative(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
        else
        {
            for (; i <= n - w; i += w)
            {
                (Vector256.LoadUnsafe(ref gs, (nuint)i) * TOp.Derivative(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i))).StoreUnsafe(ref zs, (nuint)i);
            }
            for (; i < n; i++) Unsafe.Add(ref zs, i) = Unsafe.Add(ref gs, i) * TOp.Derivative(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>y = x^p.</summary>
    public static void Pow<T>(ReadOnlySpan<T> x, T p, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
        => TensorPrimitives.Pow(x, p, y);

    /// <summary>z = g ⊙ p·x^(p−1) (added into z when <paramref name="accumulate"/>); nothing at all for p = 0, as PyTorch.</summary>
    public static void PowChain<T>(ReadOnlySpan<T> x, T p, ReadOnlySpan<T> g, Span<T> z, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p == T.Zero)
        {
            if (!accumulate) z.Clear();
            return;
        }
        // The slopes in a pooled scratch array: a tensor-sized allocation per call would load the GC.
        var rented = ArrayPool<T>.Shared.Rent(x.Length);
        var slope = rented.AsSpan(0, x.Length);
        TensorPrimitives.Pow(x, p - T.One, slope);
        TensorPrimitives.Multiply(slope, p, slope);
        if (accumulate) TensorPrimitives.MultiplyAdd(g, slope, z, z);
        else TensorPrimitives.Multiply(g, slope, z);
        ArrayPool<T>.Shared.Return(rented);
    }
}
