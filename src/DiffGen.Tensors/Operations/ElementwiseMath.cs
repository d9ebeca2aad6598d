using DiffGen.Tensors.Kernels;

namespace DiffGen.Tensors;

/// <summary>Element-wise functions: exp, log, √, x², |x| and x^p, vectorized, with derivatives as PyTorch's.</summary>
public sealed partial class Tensor
{
    // ---- exp ----

    /// <summary>eˣ, element-wise.</summary>
    [Differentiable]
    public static Tensor Exp(Tensor x) => Unary<ExpOperation<float>, ExpOperation<double>>(x);

    /// <summary>Forward mode of <see cref="Exp(Tensor)"/>: eˣ ⊙ dX.</summary>
    public static Tensor ExpTangent(Tensor x, Tensor dX, out Tensor tangent) => UnaryTangent<ExpOperation<float>, ExpOperation<double>>(x, dX, out tangent);

    /// <summary>Reverse mode of <see cref="Exp(Tensor)"/>: dX += seed ⊙ result.</summary>
    public static void ExpPullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX) => UnaryPullback<ExpOperation<float>, ExpOperation<double>>(x, result, seed, ref dX);

    // ---- log ----

    /// <summary>The natural logarithm, element-wise (NaN below 0, −∞ at 0, as PyTorch).</summary>
    [Differentiable]
    public static Tensor Log(Tensor x) => Unary<LogOperation<float>, LogOperation<double>>(x);

    /// <summary>Forward mode of <see cref="Log(Tensor)"/>: dX ÷ x.</summary>
    public static Tensor LogTangent(Tensor x, Tensor dX, out Tensor tangent) => UnaryTangent<LogOperation<float>, LogOperation<double>>(x, dX, out tangent);

    /// <summary>Reverse mode of <see cref="Log(Tensor)"/>: dX += seed ÷ x.</summary>
    public static void LogPullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX) => UnaryPullback<LogOperation<float>, LogOperation<double>>(x, result, seed, ref dX);

    // ---- √x ----

    /// <summary>The square root, element-wise.</summary>
    [Differentiable]
    public static Tensor Sqrt(Tensor x) => Unary<SqrtOperation<float>, SqrtOperation<double>>(x);

    /// <summary>Forward mode of <see cref="Sqrt(Tensor)"/>: dX ÷ (2√x).</summary>
    public static Tensor SqrtTangent(Tensor x, Tensor dX, out Tensor tangent) => UnaryTangent<SqrtOperation<float>, SqrtOperation<double>>(x, dX, out tangent);

    /// <summary>Reverse mode of <see cref="Sqrt(Tensor)"/>: dX += seed ÷ (2·result).</summary>
    public static void SqrtPullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX) => UnaryPullback<SqrtOperation<float>, SqrtOperation<double>>(x, result, seed, ref dX);

    // ---- x² ----

    /// <summary>x², element-wise.</summary>
    [Differentiable]
    public static Tensor Square(Tensor x) => Unary<SquareOperation<float>, SquareOperation<double>>(x);

    /// <summary>Forward mode of <see cref="Square(Tensor)"/>: 2x ⊙ dX.</summary>
    public static Tensor SquareTangent(Tensor x, Tensor dX, out Tensor tangent) => UnaryTangent<SquareOperation<float>, SquareOperation<double>>(x, dX, out tangent);

    /// <summary>Reverse mode of <see cref="Square(Tensor)"/>: dX += 2x ⊙ seed.</summary>
    public static void SquarePullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX) => UnaryPullback<SquareOperation<float>, SquareOperation<double>>(x, result, seed, ref dX);

    // ---- |x| ----

    /// <summary>|x|, element-wise; its derivative is sign(x), 0 at 0 (as PyTorch).</summary>
    [Differentiable]
    public static Tensor Abs(Tensor x) => Unary<AbsOperation<float>, AbsOperation<double>>(x);

    /// <summary>Forward mode of <see cref="Abs(Tensor)"/>: sign(x) ⊙ dX.</summary>
    public static Tensor AbsTangent(Tensor x, Tensor dX, out Tensor tangent) => UnaryTangent<AbsOperation<float>, AbsOperation<double>>(x, dX, out tangent);

    /// <summary>Reverse mode of <see cref="Abs(Tensor)"/>: dX += sign(x) ⊙ seed.</summary>
    public static void AbsPullback(Tensor x, Tensor result, Tensor seed, ref Tensor dX) => UnaryPullback<AbsOperation<float>, AbsOperation<double>>(x, result, seed, ref dX);

    // ---- x^p ----

    /// <summary>x^p for a constant exponent, element-wise (PyTorch's <c>pow(x, p)</c> with a number p).</summary>
    [Differentiable]
    public static Tensor Pow(Tensor x, [NoDiff] float p)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = EmptyLike(x);
        if (IsFloat32(x)) Kernels.Unary.Pow(x.Span<float>(), p, result.Span<float>());
        else Kernels.Unary.Pow(x.Span<double>(), (double)p, result.Span<double>());
        return result;
    }

    /// <summary>Forward mode of <see cref="Pow(Tensor, float)"/>: p·x^(p−1) ⊙ dX (zero for p = 0).</summary>
    public static Tensor PowTangent(Tensor x, float p, Tensor dX, out Tensor tangent)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckLike(dX, x, nameof(dX));
        var result = Pow(x, p);
        tangent = EmptyLike(x);
        if (IsFloat32(x)) Kernels.Unary.PowChain(x.Span<float>(), p, dX.Span<float>(), tangent.Span<float>(), false);
        else Kernels.Unary.PowChain(x.Span<double>(), (double)p, dX.Span<double>(), tangent.Span<double>(), false);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Pow(Tensor, float)"/>: dX += p·x^(p−1) ⊙ seed (nothing for p = 0, as PyTorch).</summary>
    public static void PowPullback(Tensor x, float p, Tensor result, Tensor seed, ref Tensor dX)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        if (IsFloat32(x)) Kernels.Unary.PowChain(x.Span<float>(), p, seed.Span<float>(), gx.Span<float>(), true);
        else Kernels.Unary.PowChain(x.Span<double>(), (double)p, seed.Span<double>(), gx.Span<double>(), true);
    }

    // ---- shared ----

    private static Tensor Unary<TFloat, TDouble>(Tensor x) where TFloat : IUnaryOperation<float> where TDouble : IUnaryOperation<double>
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = EmptyLike(x);
        if (IsFloat32(x)) TFloat.Values(x.Span<float>(), result.Span<float>());
        else TDouble.Values(x.Span<double>(), result.Span<double>());
        return result;
    }

    private static Tensor UnaryTangent<TFloat, TDouble>(Tensor x, Tensor dX, out Tensor tangent) where TFloat : IUnaryOperation<float> where TDouble : IUnaryOperation<double>
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckLike(dX, x, nameof(dX));
        var result = Unary<TFloat, TDouble>(x);
        tangent = EmptyLike(x);
        Chain<TFloat, TDouble>(x, result, dX, tangent, false);
        return result;
    }

    private static void UnaryPullback<TFloat, TDouble>(Tensor x, Tensor result, Tensor seed, ref Tensor dX) where TFloat : IUnaryOperation<float> where TDouble : IUnaryOperation<double>
    {
        ArgumentNullException.ThrowIfNull(x);
        // The derivative reads the result (exp, √), so it must be x's.
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        Chain<TFloat, TDouble>(x, result, seed, gx, true);
    }

    private static void Chain<TFloat, TDouble>(Tensor x, Tensor y, Tensor g, Tensor z, bool accumulate) where TFloat : IUnaryOperation<float> where TDouble : IUnaryOperation<double>
    {
        if (IsFloat32(x)) Kernels.Unary.Chain<float, TFloat>(x.Span<float>(), y.Span<float>(), g.Span<float>(), z.Span<float>(), accumulate);
        else Kernels.Unary.Chain<double, TDouble>(x.Span<double>(), y.Span<double>(), g.Span<double>(), z.Span<double>(), accumulate);
    }
}
