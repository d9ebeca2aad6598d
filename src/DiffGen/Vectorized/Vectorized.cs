using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace DiffGen;

/// <summary>
/// Differentiable primitives over spans of <see cref="double"/> and <see cref="float"/>, run with SIMD by
/// <see cref="TensorPrimitives"/>: reductions (<see cref="Sum(ReadOnlySpan{double})"/>, <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>,
/// <see cref="SumOfSquares(ReadOnlySpan{double})"/>, <see cref="LogSumExp(ReadOnlySpan{double})"/>) and element-wise maps
/// with a vector output (<see cref="Exp(ReadOnlySpan{double}, Span{double})"/>, <see cref="Softmax(ReadOnlySpan{double}, Span{double})"/>,
/// <see cref="Scale(ReadOnlySpan{double}, double, Span{double})"/>, <see cref="Add(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>,
/// <see cref="Multiply(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>).
/// </summary>
/// <remarks>
/// Every method is <see cref="DifferentiableAttribute">[Differentiable]</see> with hand-written <c>{Name}Gradient</c>
/// (plain and seeded) and <c>{Name}Tangent</c> of the signatures the generator would emit, so generated callers
/// differentiate through them. None allocates on the heap in steady state: scratch space is on the stack or rented
/// from <see cref="ArrayPool{T}.Shared"/>. Gradients are added into their buffers; outputs must not overlap inputs.
/// <para>
/// The generator checks the hand-written signatures when it builds this library (DG0019) and, since both modes are
/// hand-written, does not look at the bodies. Reductions call a <see cref="NoDiffAttribute">[NoDiff]</see> private core
/// all the same, so that a body stays a constant to any analysis.
/// </para>
/// </remarks>
public static partial class Vectorized
{
    /// <summary>Elements per block of the blocked loops (scratch on the stack).</summary>
    private const int BlockLength = 512;

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> unless the lengths match.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckSameLength(int length, int expectedLength, string parameterName, string ofParameter)
    {
        if (length != expectedLength) ThrowLength(length, expectedLength, parameterName, ofParameter);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int length, int expectedLength, string parameterName, string ofParameter)
        => throw new ArgumentException(
            $"The span '{parameterName}' has length {length}, but '{ofParameter}' has length {expectedLength}; they must match.",
            parameterName);

    /// <summary>
    /// The shift of a max-shifted exponential: max(x), or 0 where that is infinite or NaN (then the sum of exponentials
    /// is itself 0, infinite or NaN, as it should be).
    /// </summary>
    private static T Shift<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(x);
        return T.IsFinite(max) ? max : T.Zero;
    }

    /// <summary>
    /// Σ exp(x[i] − shift), block by block. With <paramref name="keep"/>, <paramref name="scratch"/> is as long as
    /// <paramref name="x"/> and keeps the exponentials; otherwise it holds one block, reused. The sum is the same
    /// either way, bit for bit.
    /// </summary>
    private static T SumOfShiftedExp<T>(ReadOnlySpan<T> x, T shift, Span<T> scratch, bool keep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int start = 0; start < x.Length; start += BlockLength)
        {
            int length = Math.Min(BlockLength, x.Length - start);
            var block = keep ? scratch.Slice(start, length) : scratch[..length];
            TensorPrimitives.Subtract(x.Slice(start, length), shift, block);
            TensorPrimitives.Exp(block, block);
            sum += TensorPrimitives.Sum<T>(block);
        }
        return sum;
    }

    /// <summary>A span of <paramref name="length"/> elements (not cleared): <paramref name="stack"/> when it is long enough, else a rented array.</summary>
    private static Span<T> Rent<T>(int length, Span<T> stack, out T[]? rented)
    {
        if (length <= stack.Length)
        {
            rented = null;
            return stack[..length];
        }
        rented = ArrayPool<T>.Shared.Rent(length);
        return rented.AsSpan(0, length);
    }

    private static void Return<T>(T[]? rented)
    {
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }
}
