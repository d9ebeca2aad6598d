using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>
/// The opaque-type contract (<see cref="IDifferentiable{TSelf}"/>) on a polynomial: methods composing its operations
/// checked against finite differences of the coefficients, and forward mode against reverse mode.
/// </summary>
public class OpaqueTypeTests
{
    private static readonly double[] P = [0.4, -0.3, 0.25];
    private static readonly double[] R = [0.7, 0.2];

    /// <summary>
    /// Checks a method of polynomials and reals: its reverse gradient (polynomials' then reals') against finite
    /// differences over every coefficient and real, its forward tangent against the reverse gradient along a
    /// direction, and both modes' values bit for bit against the method's.
    /// </summary>
    private static void Check(double[][] polys, double[] reals,
        Func<Polynomial[], double[], double> f,
        Func<Polynomial[], double[], Polynomial[], (double Value, double[] DReals)> reverse,
        Func<Polynomial[], double[], Polynomial[], double[], (double Value, double Tangent)> forward,
        string name)
    {
        int coefficients = polys.Sum(p => p.Length);
        double[] Flatten(double[][] ps, double[] rs) => ps.SelectMany(p => p).Concat(rs).ToArray();
        (Polynomial[] Polys, double[] Reals) Split(double[] x)
        {
            var result = new Polynomial[polys.Length];
            int at = 0;
            for (int i = 0; i < polys.Length; i++) { result[i] = new Polynomial(x[at..(at + polys[i].Length)]); at += polys[i].Length; }
            return (result, x[at..]);
        }

        var point = Flatten(polys, reals);
        var (inputs, scalars) = Split((double[])point.Clone());
        double value = f(inputs, scalars);

        var gradients = new Polynomial[polys.Length];   // null: created where something adds into them
        var (reverseValue, dReals) = reverse(inputs, scalars, gradients);
        DerivativeAssert.AssertBitIdentical(value, reverseValue, name + ": reverse mode's value");
        var gradient = gradients.SelectMany((g, i) => g?.Coefficients ?? new double[polys[i].Length]).Concat(dReals).ToArray();
        Assert.Equal(point.Length, gradient.Length);

        var numeric = NumericalDiff.Gradient(x => { var (ps, rs) = Split(x); return f(ps, rs); }, point);
        for (int i = 0; i < point.Length; i++)
        {
            DerivativeAssert.AssertClose(numeric[i], gradient[i], DerivativeAssert.DoubleNumericalTolerance, $"{name}: ∂/∂x[{i}] against finite differences");
        }

        var direction = point.Select((_, i) => Math.Sin(1.3 * i + 0.7)).ToArray();
        var (tangentPolys, tangentReals) = Split(direction);
        var (forwardValue, tangent) = forward(inputs, scalars, tangentPolys, tangentReals);
        DerivativeAssert.AssertBitIdentical(value, forwardValue, name + ": forward mode's value");
        double expected = gradient.Zip(direction, (g, d) => g * d).Sum();
        DerivativeAssert.AssertClose(expected, tangent, DerivativeAssert.DoubleModeTolerance, name + ": forward against reverse");
        Assert.True(coefficients > 0);
    }

    [Theory]
    [InlineData(0.8, 0)]
    [InlineData(0.8, 1)]
    [InlineData(-0.6, 3)]
    public void A_polynomial_carried_through_a_loop(double x, int n)
        => Check([P], [x],
            (ps, rs) => PolyModels.Iterated(ps[0], rs[0], n),
            (ps, rs, g) => { double v = PolyModels.IteratedGradient(ps[0], rs[0], n, ref g[0], out double dX); return (v, [dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.IteratedTangent(ps[0], rs[0], n, dp[0], dr[0], out double t); return (v, t); },
            nameof(PolyModels.Iterated));

    [Theory]
    [InlineData(0.8, 1)]
    [InlineData(-0.6, 3)]
    public void Operators_of_an_opaque_type_are_its_named_methods(double x, int n)
    {
        Check([P], [x],
            (ps, rs) => PolyModels.IteratedWithOperators(ps[0], rs[0], n),
            (ps, rs, g) => { double v = PolyModels.IteratedWithOperatorsGradient(ps[0], rs[0], n, ref g[0], out double dX); return (v, [dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.IteratedWithOperatorsTangent(ps[0], rs[0], n, dp[0], dr[0], out double t); return (v, t); },
            nameof(PolyModels.IteratedWithOperators));
        // The same numbers as the method written with the calls.
        Polynomial dP1 = null!, dP2 = null!;
        var p = new Polynomial(P);
        Assert.Equal(PolyModels.IteratedGradient(p, x, n, ref dP1, out double dX1), PolyModels.IteratedWithOperatorsGradient(p, x, n, ref dP2, out double dX2));
        // Multiply's generated pullback adds through one more accumulator than Mul's: the same numbers up to rounding.
        DerivativeAssert.AssertClose(dX1, dX2, 1e-14, "dX");
        for (int i = 0; i < dP1.Length; i++) DerivativeAssert.AssertClose(dP1.Coefficients[i], dP2.Coefficients[i], 1e-14, "dP");
    }

    [Fact]
    public void Two_polynomials_and_a_real_through_loops_and_a_branch()
    {
        double[] xs = [-0.9, -0.2, 0.3, 0.8, 1.1], ys = [0.1, -0.05, 0.2, 0.02, 0.3];
        Check([P, R], [1.3],
            (ps, rs) => PolyModels.Fit(ps[0], ps[1], rs[0], xs, ys),
            (ps, rs, g) => { double v = PolyModels.FitGradient(ps[0], ps[1], rs[0], xs, ys, ref g[0], ref g[1], out double dS); return (v, [dS]); },
            (ps, rs, dp, dr) => { double v = PolyModels.FitTangent(ps[0], ps[1], rs[0], xs, ys, dp[0], dp[1], dr[0], out double t); return (v, t); },
            nameof(PolyModels.Fit));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.4)]
    public void A_generated_method_returning_a_polynomial_called_in_a_while_loop(double x)
        => Check([P], [0.3, x],
            (ps, rs) => PolyModels.SmoothedSum(ps[0], rs[0], rs[1]),
            (ps, rs, g) => { double v = PolyModels.SmoothedSumGradient(ps[0], rs[0], rs[1], ref g[0], out double dA, out double dX); return (v, [dA, dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.SmoothedSumTangent(ps[0], rs[0], rs[1], dp[0], dr[0], dr[1], out double t); return (v, t); },
            nameof(PolyModels.SmoothedSum));

    [Theory]
    [InlineData(0.7)]
    [InlineData(-0.7)]
    public void A_generated_opaque_callee_whose_result_is_used_on_one_side_only(double x)
    {
        Check([P], [0.3, x],
            (ps, rs) => PolyModels.SmoothedOnOneSide(ps[0], rs[0], rs[1]),
            (ps, rs, g) => { double v = PolyModels.SmoothedOnOneSideGradient(ps[0], rs[0], rs[1], ref g[0], out double dA, out double dX); return (v, [dA, dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.SmoothedOnOneSideTangent(ps[0], rs[0], rs[1], dp[0], dr[0], dr[1], out double t); return (v, t); },
            nameof(PolyModels.SmoothedOnOneSide));
        // The call tape is balanced: the next gradient on this thread still gets what its own Primal kept.
        A_generated_method_returning_a_polynomial_called_in_a_while_loop(x);
    }

    [Theory]
    [InlineData(0.7)]
    [InlineData(-0.7)]
    public void A_constant_polynomial_and_a_branch(double x)
    {
        var fixedPart = new Polynomial(0.5, 1.5);
        Check([P], [x],
            (ps, rs) => PolyModels.WithConstant(ps[0], fixedPart, rs[0]),
            (ps, rs, g) => { double v = PolyModels.WithConstantGradient(ps[0], fixedPart, rs[0], ref g[0], out double dX); return (v, [dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.WithConstantTangent(ps[0], fixedPart, rs[0], dp[0], dr[0], out double t); return (v, t); },
            nameof(PolyModels.WithConstant));
    }

    [Fact]
    public void A_polynomial_result_takes_a_polynomial_seed()
    {
        // L = ⟨w, Smooth(p, a, 2)⟩: the seeded Gradient with seed w gives ∇L; the tangent along d gives ⟨w, J·d⟩.
        double[] w = [0.3, -1.1, 0.6];
        double L(Polynomial p, double a) => PolyModels.Smooth(p, a, 2).Coefficients.Zip(w, (c, wi) => c * wi).Sum();
        Check([P], [0.45],
            (ps, rs) => L(ps[0], rs[0]),
            (ps, rs, g) =>
            {
                var value = PolyModels.SmoothGradient(ps[0], rs[0], 2, new Polynomial((double[])w.Clone()), ref g[0], out double dA);
                Assert.Equal(PolyModels.Smooth(ps[0], rs[0], 2).Coefficients, value.Coefficients);
                return (L(ps[0], rs[0]), [dA]);
            },
            (ps, rs, dp, dr) =>
            {
                var value = PolyModels.SmoothTangent(ps[0], rs[0], 2, dp[0], dr[0], out Polynomial t);
                Assert.Equal(PolyModels.Smooth(ps[0], rs[0], 2).Coefficients, value.Coefficients);
                return (L(ps[0], rs[0]), t.Coefficients.Zip(w, (c, wi) => c * wi).Sum());
            },
            nameof(PolyModels.Smooth));
    }

    [Fact]
    public void Gradients_accumulate_into_the_callers_polynomial_and_the_seed_is_left_alone()
    {
        var p = new Polynomial((double[])P.Clone());
        Polynomial dP = null!;
        PolyModels.IteratedGradient(p, 0.8, 2, ref dP, out _);
        var once = (double[])dP.Coefficients.Clone();
        var same = dP;
        PolyModels.IteratedGradient(p, 0.8, 2, ref dP, out _);
        Assert.Same(same, dP);
        Assert.Equal(once.Select(c => 2 * c), dP.Coefficients);

        var seed = new Polynomial(1.0, 2.0, 3.0);
        Polynomial dQ = null!;
        PolyModels.SmoothGradient(p, 0.2, 0, seed, ref dQ, out _);   // Smooth with n = 0 returns p: dQ = seed, a copy
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, dQ.Coefficients);
        Assert.NotSame(seed, dQ);
        PolyModels.SmoothGradient(p, 0.2, 0, seed, ref dQ, out _);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, seed.Coefficients);
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, dQ.Coefficients);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void A_polynomial_field_of_this_through_a_registered_foreign_operation(double offset)
    {
        double[] xs = [-0.8, 0.1, 0.9];
        PolyModel Model(Polynomial shape, double weight) => new() { Shape = shape, Weight = weight };
        Check([P], [0.7, offset],
            (ps, rs) => Model(ps[0], rs[0]).Loss(xs, rs[1]),
            (ps, rs, g) =>
            {
                var gradient = new PolyModel();
                gradient.Shape = null!;   // created where something adds into it
                double v = Model(ps[0], rs[0]).LossGradient(xs, rs[1], gradient, out double dOffset);
                g[0] = gradient.Shape;
                return (v, [gradient.Weight, dOffset]);
            },
            (ps, rs, dp, dr) =>
            {
                double v = Model(ps[0], rs[0]).LossTangent(xs, rs[1], Model(dp[0], dr[0]), dr[1], out double t);
                return (v, t);
            },
            nameof(PolyModel.Loss));
    }

    [Fact]
    public void A_real_valued_operation_with_a_pullback_in_a_loop()
    {
        Check([P], [],
            (ps, rs) => PolyModels.Energy(ps[0], 3),
            (ps, rs, g) => { double v = PolyModels.EnergyGradient(ps[0], 3, ref g[0]); return (v, []); },
            (ps, rs, dp, dr) => { double v = PolyModels.EnergyTangent(ps[0], 3, dp[0], out double t); return (v, t); },
            nameof(PolyModels.Energy));

        // The adjoint sweep hands each saved ⟨q, q⟩ to the pullback: one call per pass, none through the seeded Gradient.
        Polynomial.DotPullbacks = 0;
        Polynomial dP = null!;
        PolyModels.EnergyGradient(new Polynomial(P), 3, ref dP);
        Assert.Equal(3, Polynomial.DotPullbacks);
    }

    [Theory]
    [InlineData(0.6)]
    [InlineData(-0.6)]
    public void The_branch_not_taken_leaves_its_polynomials_gradient_uncreated(double x)
    {
        Check([P, R], [x],
            (ps, rs) => PolyModels.Either(ps[0], ps[1], rs[0]),
            (ps, rs, g) => { double v = PolyModels.EitherGradient(ps[0], ps[1], rs[0], ref g[0], ref g[1], out double dX); return (v, [dX]); },
            (ps, rs, dp, dr) => { double v = PolyModels.EitherTangent(ps[0], ps[1], rs[0], dp[0], dp[1], dr[0], out double t); return (v, t); },
            nameof(PolyModels.Either));

        // Adjoints are symbolic zeros until something adds into them: the other polynomial's gradient is never created.
        Polynomial dP = null!, dR = null!;
        PolyModels.EitherGradient(new Polynomial(P), new Polynomial(R), x, ref dP, ref dR, out _);
        Assert.Equal(x > 0, dP is not null);
        Assert.Equal(x <= 0, dR is not null);
    }
}
