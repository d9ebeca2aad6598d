using DiffGen.Tensors.Kernels;

namespace DiffGen.Tensors;

/// <summary>
/// + − × ÷ with NumPy broadcasting (tensor–tensor), with numbers (tensor–scalar, scalar–tensor) and unary minus. The
/// operators are differentiated as the methods of their .NET names (<c>Add</c>, <c>Subtract</c>, <c>Multiply</c>,
/// <c>Divide</c>, <c>Negate</c>); a broadcast input's gradient is summed over the axes it was broadcast along.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>a + b.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a + s.</summary>
    public static Tensor operator +(Tensor a, double s) => Add(a, s);

    /// <summary>s + a.</summary>
    public static Tensor operator +(double s, Tensor a) => Add(s, a);

    /// <summary>a − b.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Subtract(a, b);

    /// <summary>a − s.</summary>
    public static Tensor operator -(Tensor a, double s) => Subtract(a, s);

    /// <summary>s − a.</summary>
    public static Tensor operator -(double s, Tensor a) => Subtract(s, a);

    /// <summary>a ⊙ b (element-wise).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Multiply(a, b);

    /// <summary>a·s.</summary>
    public static Tensor operator *(Tensor a, double s) => Multiply(a, s);

    /// <summary>s·a.</summary>
    public static Tensor operator *(double s, Tensor a) => Multiply(s, a);

    /// <summary>a ÷ b (element-wise).</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Divide(a, b);

    /// <summary>a ÷ s.</summary>
    public static Tensor operator /(Tensor a, double s) => Divide(a, s);

    /// <summary>s ÷ a.</summary>
    public static Tensor operator /(double s, Tensor a) => Divide(s, a);

    /// <summary>−a.</summary>
    public static Tensor operator -(Tensor a) => Negate(a);

    // ---- a + b ----

    /// <summary>a + b, broadcasting.</summary>
    [Differentiable]
    public static Tensor Add(Tensor a, Tensor b) => Broadcasting<AddOperation<float>, AddOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Add(Tensor, Tensor)"/>.</summary>
    public static Tensor AddTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Add(a, b);
        tangent = Add(dA, dB);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Add(Tensor, Tensor)"/>: dA += seed, dB += seed (summed over broadcast axes).</summary>
    public static void AddPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = NeededBuffer(ref dA!, a, nameof(dA));
        var gb = NeededBuffer(ref dB!, b, nameof(dB));
        if (ga is not null) AddReduced(ga, seed);
        if (gb is not null) AddReduced(gb, seed);
    }

    /// <summary>a + s.</summary>
    [Differentiable]
    public static Tensor Add(Tensor a, double s) => WithScalar<AddOperation<float>, AddOperation<double>>(a, s, false, nameof(a));

    /// <summary>Forward mode of <see cref="Add(Tensor, double)"/>.</summary>
    public static Tensor AddTangent(Tensor a, double s, Tensor dA, double dS, out Tensor tangent)
    {
        tangent = Add(dA, dS);
        return Add(a, s);
    }

    /// <summary>Reverse mode of <see cref="Add(Tensor, double)"/>.</summary>
    public static void AddPullback(Tensor a, double s, Tensor result, Tensor seed, ref Tensor dA, out double dS)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        AddReduced(ga, seed);
        dS = Total(seed);
    }

    /// <summary>s + a.</summary>
    [Differentiable]
    public static Tensor Add(double s, Tensor a) => Add(a, s);

    /// <summary>Forward mode of <see cref="Add(double, Tensor)"/>.</summary>
    public static Tensor AddTangent(double s, Tensor a, double dS, Tensor dA, out Tensor tangent) => AddTangent(a, s, dA, dS, out tangent);

    /// <summary>Reverse mode of <see cref="Add(double, Tensor)"/>.</summary>
    public static void AddPullback(double s, Tensor a, Tensor result, Tensor seed, out double dS, ref Tensor dA) => AddPullback(a, s, result, seed, ref dA, out dS);

    // ---- a − b ----

    /// <summary>a − b, broadcasting.</summary>
    [Differentiable]
    public static Tensor Subtract(Tensor a, Tensor b) => Broadcasting<SubtractOperation<float>, SubtractOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Subtract(Tensor, Tensor)"/>.</summary>
    public static Tensor SubtractTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Subtract(a, b);
        tangent = Subtract(dA, dB);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Subtract(Tensor, Tensor)"/>.</summary>
    public static void SubtractPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = NeededBuffer(ref dA!, a, nameof(dA));
        var gb = NeededBuffer(ref dB!, b, nameof(dB));
        if (ga is not null) AddReduced(ga, seed);
        if (gb is null) return;
        using var negated = Negate(seed);
        AddReduced(gb, negated);
    }

    /// <summary>a − s.</summary>
    [Differentiable]
    public static Tensor Subtract(Tensor a, double s) => Add(a, -s);

    /// <summary>Forward mode of <see cref="Subtract(Tensor, double)"/>.</summary>
    public static Tensor SubtractTangent(Tensor a, double s, Tensor dA, double dS, out Tensor tangent) => AddTangent(a, -s, dA, -dS, out tangent);

    /// <summary>Reverse mode of <see cref="Subtract(Tensor, double)"/>.</summary>
    public static void SubtractPullback(Tensor a, double s, Tensor result, Tensor seed, ref Tensor dA, out double dS)
    {
        AddPullback(a, -s, result, seed, ref dA, out double d);
        dS = -d;
    }

    /// <summary>s − a.</summary>
    [Differentiable]
    public static Tensor Subtract(double s, Tensor a) => WithScalar<SubtractOperation<float>, SubtractOperation<double>>(a, s, true, nameof(a));

    /// <summary>Forward mode of <see cref="Subtract(double, Tensor)"/>.</summary>
    public static Tensor SubtractTangent(double s, Tensor a, double dS, Tensor dA, out Tensor tangent)
    {
        tangent = Subtract(dS, dA);
        return Subtract(s, a);
    }

    /// <summary>Reverse mode of <see cref="Subtract(double, Tensor)"/>.</summary>
    public static void SubtractPullback(double s, Tensor a, Tensor result, Tensor seed, out double dS, ref Tensor dA)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        using var negated = Negate(seed);
        AddReduced(ga, negated);
        dS = Total(seed);
    }

    // ---- a ⊙ b ----

    /// <summary>a ⊙ b, broadcasting.</summary>
    [Differentiable]
    public static Tensor Multiply(Tensor a, Tensor b) => Broadcasting<MultiplyOperation<float>, MultiplyOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Multiply(Tensor, Tensor)"/>: dA ⊙ b + a ⊙ dB.</summary>
    public static Tensor MultiplyTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        using var left = Multiply(dA, b);
        using var right = Multiply(a, dB);
        tangent = Add(left, right);
        return Multiply(a, b);
    }

    /// <summary>Reverse mode of <see cref="Multiply(Tensor, Tensor)"/>: dA += seed ⊙ b, dB += seed ⊙ a (summed over broadcast axes).</summary>
    public static void MultiplyPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = NeededBuffer(ref dA!, a, nameof(dA));
        var gb = NeededBuffer(ref dB!, b, nameof(dB));
        if (ga is not null) using (var product = Multiply(seed, b)) AddReduced(ga, product);
        if (gb is not null) using (var product = Multiply(seed, a)) AddReduced(gb, product);
    }

    /// <summary>a·s.</summary>
    [Differentiable]
    public static Tensor Multiply(Tensor a, double s) => WithScalar<MultiplyOperation<float>, MultiplyOperation<double>>(a, s, false, nameof(a));

    /// <summary>Forward mode of <see cref="Multiply(Tensor, double)"/>.</summary>
    public static Tensor MultiplyTangent(Tensor a, double s, Tensor dA, double dS, out Tensor tangent)
    {
        using var left = Multiply(dA, s);
        using var right = Multiply(a, dS);
        tangent = Add(left, right);
        return Multiply(a, s);
    }

    /// <summary>Reverse mode of <see cref="Multiply(Tensor, double)"/>.</summary>
    public static void MultiplyPullback(Tensor a, double s, Tensor result, Tensor seed, ref Tensor dA, out double dS)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        using (var scaled = Multiply(seed, s)) AddReduced(ga, scaled);
        dS = Dot(seed, a);
    }

    /// <summary>s·a.</summary>
    [Differentiable]
    public static Tensor Multiply(double s, Tensor a) => Multiply(a, s);

    /// <summary>Forward mode of <see cref="Multiply(double, Tensor)"/>.</summary>
    public static Tensor MultiplyTangent(double s, Tensor a, double dS, Tensor dA, out Tensor tangent) => MultiplyTangent(a, s, dA, dS, out tangent);

    /// <summary>Reverse mode of <see cref="Multiply(double, Tensor)"/>.</summary>
    public static void MultiplyPullback(double s, Tensor a, Tensor result, Tensor seed, out double dS, ref Tensor dA) => MultiplyPullback(a, s, result, seed, ref dA, out dS);

    // ---- a ÷ b ----

    /// <summary>a ÷ b, broadcasting.</summary>
    [Differentiable]
    public static Tensor Divide(Tensor a, Tensor b) => Broadcasting<DivideOperation<float>, DivideOperation<double>>(a, b);

    /// <summary>Forward mode of <see cref="Divide(Tensor, Tensor)"/>: (dA − r ⊙ dB) ÷ b.</summary>
    public static Tensor DivideTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var result = Divide(a, b);
        using var product = Multiply(result, dB);
        using var difference = Subtract(dA, product);
        tangent = Divide(difference, b);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Divide(Tensor, Tensor)"/>: dA += seed ÷ b, dB −= seed ⊙ r ÷ b.</summary>
    public static void DividePullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = NeededBuffer(ref dA!, a, nameof(dA));
        var gb = NeededBuffer(ref dB!, b, nameof(dB));
        using var quotient = Divide(seed, b);
        if (ga is not null) AddReduced(ga, quotient);
        if (gb is null) return;
        using var product = Multiply(quotient, result);
        using var negated = Negate(product);
        AddReduced(gb, negated);
    }

    /// <summary>a ÷ s.</summary>
    [Differentiable]
    public static Tensor Divide(Tensor a, double s) => WithScalar<DivideOperation<float>, DivideOperation<double>>(a, s, false, nameof(a));

    /// <summary>Forward mode of <see cref="Divide(Tensor, double)"/>.</summary>
    public static Tensor DivideTangent(Tensor a, double s, Tensor dA, double dS, out Tensor tangent)
    {
        var result = Divide(a, s);
        using var scaled = Multiply(result, dS);
        using var difference = Subtract(dA, scaled);
        tangent = Divide(difference, s);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Divide(Tensor, double)"/>.</summary>
    public static void DividePullback(Tensor a, double s, Tensor result, Tensor seed, ref Tensor dA, out double dS)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        using (var scaled = Divide(seed, s)) AddReduced(ga, scaled);
        dS = -Dot(seed, result) / s;
    }

    /// <summary>s ÷ a.</summary>
    [Differentiable]
    public static Tensor Divide(double s, Tensor a) => WithScalar<DivideOperation<float>, DivideOperation<double>>(a, s, true, nameof(a));

    /// <summary>Forward mode of <see cref="Divide(double, Tensor)"/>: (dS − r ⊙ dA) ÷ a.</summary>
    public static Tensor DivideTangent(double s, Tensor a, double dS, Tensor dA, out Tensor tangent)
    {
        var result = Divide(s, a);
        using var product = Multiply(result, dA);
        using var difference = Subtract(dS, product);
        tangent = Divide(difference, a);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Divide(double, Tensor)"/>: dA −= seed ⊙ r ÷ a, dS += Σ seed ÷ a.</summary>
    public static void DividePullback(double s, Tensor a, Tensor result, Tensor seed, out double dS, ref Tensor dA)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        using var quotient = Divide(seed, a);
        dS = Total(quotient);
        using var product = Multiply(quotient, result);
        using var negated = Negate(product);
        AddReduced(ga, negated);
    }

    // ---- −a ----

    /// <summary>−a.</summary>
    [Differentiable]
    public static Tensor Negate(Tensor a) => Multiply(a, -1.0);

    /// <summary>Forward mode of <see cref="Negate(Tensor)"/>.</summary>
    public static Tensor NegateTangent(Tensor a, Tensor dA, out Tensor tangent)
    {
        tangent = Negate(dA);
        return Negate(a);
    }

    /// <summary>Reverse mode of <see cref="Negate(Tensor)"/>.</summary>
    public static void NegatePullback(Tensor a, Tensor result, Tensor seed, ref Tensor dA)
    {
        CheckLike(seed, result, nameof(seed));
        var ga = GradientBuffer(ref dA!, a, nameof(dA));
        using var negated = Negate(seed);
        AddReduced(ga, negated);
    }
}
