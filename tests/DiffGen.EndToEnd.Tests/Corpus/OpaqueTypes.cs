namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// A polynomial c₀ + c₁x + … over a plain array of coefficients: an opaque differentiable type that is not a tensor.
/// DiffGen never looks inside it; its operations below carry hand-written derivatives in both modes, and the methods
/// of <see cref="PolyModels"/> compose them.
/// </summary>
public sealed partial class Polynomial : IDifferentiable<Polynomial>
{
    public Polynomial(params double[] coefficients) => Coefficients = coefficients;

    public double[] Coefficients { get; }

    public int Length => Coefficients.Length;

    public static Polynomial Zero(Polynomial like) => new(new double[like.Length]);

    public static void Accumulate(ref Polynomial accumulator, Polynomial value)
    {
        if (value.Length != accumulator.Length) throw new ArgumentException("A polynomial's tangent has its length.", nameof(value));
        for (int i = 0; i < value.Length; i++) accumulator.Coefficients[i] += value.Coefficients[i];
    }

    /// <summary>a + b: differentiated as <see cref="Add"/> (an operator of an opaque type is its method of the .NET name).</summary>
    public static Polynomial operator +(Polynomial a, Polynomial b) => Add(a, b);

    /// <summary>a · b: differentiated as <see cref="Multiply"/>.</summary>
    public static Polynomial operator *(Polynomial a, Polynomial b) => Mul(a, b);

    /// <summary>The method <c>a * b</c> is differentiated as: a composite, so its derivatives are generated.</summary>
    [Differentiable]
    public static Polynomial Multiply(Polynomial a, Polynomial b) => Mul(a, b);

    // ---- a + b ----

    [Differentiable]
    public static Polynomial Add(Polynomial a, Polynomial b)
    {
        var c = new double[Math.Max(a.Length, b.Length)];
        for (int i = 0; i < a.Length; i++) c[i] += a.Coefficients[i];
        for (int i = 0; i < b.Length; i++) c[i] += b.Coefficients[i];
        return new Polynomial(c);
    }

    public static Polynomial AddTangent(Polynomial a, Polynomial b, Polynomial dA, Polynomial dB, out Polynomial tangent)
    {
        tangent = Add(dA, dB);
        return Add(a, b);
    }

    public static Polynomial AddGradient(Polynomial a, Polynomial b, Polynomial seed, ref Polynomial dA, ref Polynomial dB)
    {
        var result = Add(a, b);
        AddPullback(a, b, result, seed, ref dA, ref dB);
        return result;
    }

    public static void AddPullback(Polynomial a, Polynomial b, Polynomial result, Polynomial seed, ref Polynomial dA, ref Polynomial dB)
    {
        dA ??= Zero(a);
        dB ??= Zero(b);
        for (int i = 0; i < a.Length; i++) dA.Coefficients[i] += seed.Coefficients[i];
        for (int i = 0; i < b.Length; i++) dB.Coefficients[i] += seed.Coefficients[i];
    }

    // ---- a · b ----

    [Differentiable]
    public static Polynomial Mul(Polynomial a, Polynomial b)
    {
        var c = new double[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
                c[i + j] += a.Coefficients[i] * b.Coefficients[j];
        return new Polynomial(c);
    }

    public static Polynomial MulTangent(Polynomial a, Polynomial b, Polynomial dA, Polynomial dB, out Polynomial tangent)
    {
        tangent = Add(Mul(dA, b), Mul(a, dB));
        return Mul(a, b);
    }

    public static Polynomial MulGradient(Polynomial a, Polynomial b, Polynomial seed, ref Polynomial dA, ref Polynomial dB)
    {
        var result = Mul(a, b);
        MulPullback(a, b, result, seed, ref dA, ref dB);
        return result;
    }

    public static void MulPullback(Polynomial a, Polynomial b, Polynomial result, Polynomial seed, ref Polynomial dA, ref Polynomial dB)
    {
        dA ??= Zero(a);
        dB ??= Zero(b);
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
            {
                dA.Coefficients[i] += seed.Coefficients[i + j] * b.Coefficients[j];
                dB.Coefficients[j] += seed.Coefficients[i + j] * a.Coefficients[i];
            }
    }

    // ---- s · p ----

    [Differentiable]
    public static Polynomial Scale(Polynomial p, double s)
    {
        var c = new double[p.Length];
        for (int i = 0; i < p.Length; i++) c[i] = s * p.Coefficients[i];
        return new Polynomial(c);
    }

    public static Polynomial ScaleTangent(Polynomial p, double s, Polynomial dP, double dS, out Polynomial tangent)
    {
        tangent = Add(Scale(dP, s), Scale(p, dS));
        return Scale(p, s);
    }

    public static Polynomial ScaleGradient(Polynomial p, double s, Polynomial seed, ref Polynomial dP, out double dS)
    {
        var result = Scale(p, s);
        ScalePullback(p, s, result, seed, ref dP, out dS);
        return result;
    }

    public static void ScalePullback(Polynomial p, double s, Polynomial result, Polynomial seed, ref Polynomial dP, out double dS)
    {
        dP ??= Zero(p);
        dS = 0;
        for (int i = 0; i < p.Length; i++)
        {
            dP.Coefficients[i] += s * seed.Coefficients[i];
            dS += seed.Coefficients[i] * p.Coefficients[i];
        }
    }

    // ---- p(x), by Horner's rule: no pullback, so callers use the seeded Gradient ----

    [Differentiable]
    public static double Eval(Polynomial p, double x)
    {
        double v = 0;
        for (int i = p.Length - 1; i >= 0; i--) v = v * x + p.Coefficients[i];
        return v;
    }

    public static double EvalTangent(Polynomial p, double x, Polynomial dP, double dX, out double tangent)
    {
        tangent = Eval(dP, x) + Eval(Derivative(p), x) * dX;
        return Eval(p, x);
    }

    public static double EvalGradient(Polynomial p, double x, ref Polynomial dP, out double dX) => EvalGradient(p, x, 1, ref dP, out dX);

    public static double EvalGradient(Polynomial p, double x, double seed, ref Polynomial dP, out double dX)
    {
        dP ??= Zero(p);
        double power = seed;
        for (int i = 0; i < p.Length; i++, power *= x) dP.Coefficients[i] += power;
        dX = seed * Eval(Derivative(p), x);
        return Eval(p, x);
    }

    // ---- ⟨a, b⟩ of the coefficients: a real result with a pullback ----

    [Differentiable]
    public static double Dot(Polynomial a, Polynomial b)
    {
        double s = 0;
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++) s += a.Coefficients[i] * b.Coefficients[i];
        return s;
    }

    public static double DotTangent(Polynomial a, Polynomial b, Polynomial dA, Polynomial dB, out double tangent)
    {
        tangent = Dot(dA, b) + Dot(a, dB);
        return Dot(a, b);
    }

    public static double DotGradient(Polynomial a, Polynomial b, ref Polynomial dA, ref Polynomial dB) => DotGradient(a, b, 1, ref dA, ref dB);

    public static double DotGradient(Polynomial a, Polynomial b, double seed, ref Polynomial dA, ref Polynomial dB)
    {
        double result = Dot(a, b);
        DotPullback(a, b, result, seed, ref dA, ref dB);
        return result;
    }

    /// <summary>Counts its calls, so that a test can tell that callers use it rather than the seeded Gradient.</summary>
    public static void DotPullback(Polynomial a, Polynomial b, double result, double seed, ref Polynomial dA, ref Polynomial dB)
    {
        DotPullbacks++;
        dA ??= Zero(a);
        dB ??= Zero(b);
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            dA.Coefficients[i] += seed * b.Coefficients[i];
            dB.Coefficients[i] += seed * a.Coefficients[i];
        }
    }

    [ThreadStatic] public static int DotPullbacks;

    // ---- p′ ----

    [Differentiable]
    public static Polynomial Derivative(Polynomial p)
    {
        var c = new double[Math.Max(p.Length - 1, 1)];
        for (int i = 1; i < p.Length; i++) c[i - 1] = i * p.Coefficients[i];
        return new Polynomial(c);
    }

    public static Polynomial DerivativeTangent(Polynomial p, Polynomial dP, out Polynomial tangent)
    {
        tangent = Derivative(dP);
        return Derivative(p);
    }

    public static Polynomial DerivativeGradient(Polynomial p, Polynomial seed, ref Polynomial dP)
    {
        dP ??= Zero(p);
        for (int i = 1; i < p.Length; i++) dP.Coefficients[i] += i * seed.Coefficients[i - 1];
        return Derivative(p);
    }
}

/// <summary>Methods whose derivatives DiffGen generates by composing the operations of <see cref="Polynomial"/>.</summary>
public static partial class PolyModels
{
    /// <summary>Horner-style iteration on polynomials, q ← q·p + p, n times, then q(x): an opaque value carried through a loop.</summary>
    [Differentiable]
    public static double Iterated(Polynomial p, double x, int n)
    {
        var q = p;
        for (int k = 0; k < n; k++) q = Polynomial.Add(Polynomial.Mul(q, p), p);
        return Polynomial.Eval(q, x);
    }

    /// <summary>The iteration of <see cref="Iterated"/> written with operators: q ← q·p + p.</summary>
    [Differentiable]
    public static double IteratedWithOperators(Polynomial p, double x, int n)
    {
        var q = p;
        for (int k = 0; k < n; k++) q = q * p + p;
        return Polynomial.Eval(q, x);
    }

    /// <summary>Σᵢ (s·p·r)(xᵢ)² (plus a slope term where the residual is positive): loops, a branch, a real and two polynomials.</summary>
    [Differentiable]
    public static double Fit(Polynomial p, Polynomial r, double s, [NoDiff] double[] xs, [NoDiff] double[] ys)
    {
        var model = Polynomial.Scale(Polynomial.Mul(p, r), s);
        var slope = Polynomial.Derivative(model);
        double loss = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double e = Polynomial.Eval(model, xs[i]) - ys[i];
            loss += e * e;
            if (e > 0) loss += 0.1 * Polynomial.Eval(slope, xs[i]);
        }
        return loss;
    }

    /// <summary>A generated method returning an opaque value: its Gradient takes the seed, a polynomial.</summary>
    [Differentiable]
    public static Polynomial Smooth(Polynomial p, double a, int n)
    {
        var q = p;
        for (int k = 0; k < n; k++) q = Polynomial.Add(q, Polynomial.Scale(Polynomial.Derivative(q), a));
        return q;
    }

    /// <summary>Calls a generated opaque-valued method (through its seeded Gradient) inside a while loop.</summary>
    [Differentiable]
    public static double SmoothedSum(Polynomial p, double a, double x)
    {
        double total = 0;
        var q = p;
        int k = 0;
        while (k < 3)
        {
            q = Smooth(q, a, 2);
            total += Polynomial.Eval(q, x) * Polynomial.Eval(q, -x);
            k++;
        }
        return total;
    }

    /// <summary>
    /// A generated opaque-valued callee (split into Primal and Pullback) whose result reaches the value only on one
    /// side of a branch: on the other its adjoint is never created, and its Pullback must still run, with a zero seed.
    /// </summary>
    [Differentiable]
    public static double SmoothedOnOneSide(Polynomial p, double a, double x)
    {
        var q = Smooth(p, a, 2);
        if (x > 0) return Polynomial.Eval(q, x);
        return x * a + Polynomial.Eval(p, x);
    }

    /// <summary>Σₖ ⟨qₖ, qₖ⟩ with qₖ₊₁ = qₖ·p: a real-valued operation with a pullback, in a loop.</summary>
    [Differentiable]
    public static double Energy(Polynomial p, int n)
    {
        double e = 0;
        var q = p;
        for (int k = 0; k < n; k++)
        {
            e += Polynomial.Dot(q, q);
            q = Polynomial.Mul(q, p);
        }
        return e;
    }

    /// <summary>One polynomial or the other, by a branch: the one not taken gets no gradient at all.</summary>
    [Differentiable]
    public static double Either(Polynomial p, Polynomial r, double x)
    {
        double v;
        if (x > 0) v = Polynomial.Eval(p, x);
        else v = Polynomial.Eval(r, x);
        return v * x;
    }

    /// <summary>A constant polynomial (NoDiff) and a local reassigned in a branch.</summary>
    [Differentiable]
    public static double WithConstant(Polynomial p, [NoDiff] Polynomial fixedPart, double x)
    {
        var q = Polynomial.Mul(p, fixedPart);
        if (x > 0) q = Polynomial.Add(q, p);
        return Polynomial.Eval(q, x);
    }
}

/// <summary>A model holding a polynomial as a field of <c>this</c>, with a real weight.</summary>
public sealed partial class PolyModel
{
    public Polynomial Shape = new(0.0);
    public double Weight;

    /// <summary>w·Σᵢ shape(xᵢ)², through a foreign operation (<see cref="PolyLibrary.Shift"/>) with registered derivatives.</summary>
    [Differentiable]
    public double Loss([NoDiff] double[] xs, double offset)
    {
        var shifted = PolyLibrary.Shift(Shape, offset);
        double s = 0;
        foreach (var x in xs)
        {
            double v = Polynomial.Eval(shifted, x);
            s += v * v;
        }
        return Weight * s;
    }
}

/// <summary>"Another library": an operation on polynomials without [Differentiable] or derivatives of its own.</summary>
public static class PolyLibrary
{
    /// <summary>p + c (the constant coefficient moved by c).</summary>
    public static Polynomial Shift(Polynomial p, double c)
    {
        var coefficients = (double[])p.Coefficients.Clone();
        coefficients[0] += c;
        return new Polynomial(coefficients);
    }
}

public static class PolyLibraryDerivatives
{
    [DerivativeOf(typeof(PolyLibrary), nameof(PolyLibrary.Shift))]
    public static Polynomial ShiftGradient(Polynomial p, double c, Polynomial seed, ref Polynomial dP, out double dC)
    {
        dP ??= Polynomial.Zero(p);
        Polynomial.Accumulate(ref dP, seed);
        dC = seed.Coefficients[0];
        return PolyLibrary.Shift(p, c);
    }

    [DerivativeOf(typeof(PolyLibrary), nameof(PolyLibrary.Shift))]
    public static Polynomial ShiftTangent(Polynomial p, double c, Polynomial dP, double dC, out Polynomial tangent)
    {
        tangent = PolyLibrary.Shift(dP, dC);
        return PolyLibrary.Shift(p, c);
    }
}
