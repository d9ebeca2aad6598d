using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>
/// Values of differentiable types (records, structs, classes) as parameters, locals and results: every method's
/// reverse mode against central differences and forward mode against reverse mode, over the leaves packed in a vector.
/// </summary>
public class ValueTypeTests
{
    /// <summary>
    /// Checks a scalar function of packed inputs: <paramref name="gradient"/> against finite differences of
    /// <paramref name="f"/>, and <paramref name="tangent"/> along random directions against gradient · direction.
    /// </summary>
    private static void Check(Func<double[], double> f, Func<double[], (double Value, double[] Gradient)> gradient,
        Func<double[], double[], (double Value, double Tangent)> tangent, double[] x, double tolerance = 1e-6)
    {
        var (value, g) = gradient(x);
        Assert.Equal(f(x), value);
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (f(plus) - f(minus)) / (2 * h);
            DerivativeAssert.AssertClose(numeric, g[i], tolerance, $"∂/∂x[{i}]");
        }
        var random = new Random(17);
        for (int trial = 0; trial < 3; trial++)
        {
            var direction = x.Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var (forwardValue, t) = tangent(x, direction);
            Assert.Equal(value, forwardValue);
            double expected = g.Zip(direction, (a, b) => a * b).Sum();
            DerivativeAssert.AssertClose(expected, t, 1e-10, "tangent against gradient · direction");
        }
    }

    private static Vec2 V(double[] x, int at) => new(x[at], x[at + 1]);

    [Fact]
    public void Energy_of_two_points_takes_and_adds_into_values()
    {
        Check(x => ValueTypeCorpus.Energy(V(x, 0), V(x, 2), x[4]),
            x =>
            {
                Vec2 dA = default, dB = default;
                double value = ValueTypeCorpus.EnergyGradient(V(x, 0), V(x, 2), x[4], ref dA, ref dB, out double dK);
                return (value, new[] { dA.X, dA.Y, dB.X, dB.Y, dK });
            },
            (x, d) => (ValueTypeCorpus.EnergyTangent(V(x, 0), V(x, 2), x[4], V(d, 0), V(d, 2), d[4], out double t), t),
            new[] { 0.3, -1.2, 1.5, 0.4, 2.5 });

        // The closed form: d = a - b, E = k/2 |d|², ∂E/∂a = k d, ∂E/∂b = -k d, ∂E/∂k = |d|²/2.
        Vec2 a = new(0.3, -1.2), b = new(1.5, 0.4), gA = default, gB = default;
        ValueTypeCorpus.EnergyGradient(a, b, 2.5, ref gA, ref gB, out double gK);
        Assert.Equal(2.5 * (a.X - b.X), gA.X, 14);
        Assert.Equal(-2.5 * (a.Y - b.Y), gB.Y, 14);
        Assert.Equal(0.5 * ((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y)), gK, 14);
    }

    [Fact]
    public void Gradients_are_added_into_the_value_given()
    {
        Vec2 a = new(0.3, -1.2), b = new(1.5, 0.4), once = default, twice = default, unused = default;
        ValueTypeCorpus.EnergyGradient(a, b, 2.5, ref once, ref unused, out _);
        ValueTypeCorpus.EnergyGradient(a, b, 2.5, ref twice, ref unused, out _);
        ValueTypeCorpus.EnergyGradient(a, b, 2.5, ref twice, ref unused, out _);
        Assert.Equal(2 * once.X, twice.X, 14);
        Assert.Equal(2 * once.Y, twice.Y, 14);
    }

    [Fact]
    public void A_method_returning_a_value_takes_a_seed_of_that_type()
    {
        // Each output component is checked through the seed that selects it (a vector-Jacobian product).
        foreach (var seed in new[] { new Vec2(1, 0), new Vec2(0, 1), new Vec2(0.7, -0.4) })
        {
            Check(x => ValueTypeCorpus.Rotate(V(x, 0), x[2]).Dot(seed),
                x =>
                {
                    Vec2 dP = default;
                    var value = ValueTypeCorpus.RotateGradient(V(x, 0), x[2], seed, ref dP, out double dAngle);
                    return (value.Dot(seed), new[] { dP.X, dP.Y, dAngle });
                },
                (x, d) =>
                {
                    var value = ValueTypeCorpus.RotateTangent(V(x, 0), x[2], V(d, 0), d[2], out Vec2 t);
                    return (value.Dot(seed), t.Dot(seed));
                },
                new[] { 0.8, -0.3, 0.6 });
        }
    }

    [Fact]
    public void Calls_operators_and_instance_methods_compose()
    {
        Check(x => ValueTypeCorpus.RotatedDistance(V(x, 0), x[2], V(x, 3)),
            x =>
            {
                Vec2 dP = default, dT = default;
                double value = ValueTypeCorpus.RotatedDistanceGradient(V(x, 0), x[2], V(x, 3), ref dP, out double dAngle, ref dT);
                return (value, new[] { dP.X, dP.Y, dAngle, dT.X, dT.Y });
            },
            (x, d) => (ValueTypeCorpus.RotatedDistanceTangent(V(x, 0), x[2], V(x, 3), V(d, 0), d[2], V(d, 3), out double t), t),
            new[] { 0.8, -0.3, 0.6, 1.1, 0.2 });
    }

    [Fact]
    public void Instance_methods_of_a_record_struct_differentiate_with_respect_to_this()
    {
        Check(x => V(x, 0).Dot(V(x, 2)),
            x =>
            {
                Vec2 dThis = default, dO = default;
                double value = V(x, 0).DotGradient(V(x, 2), ref dThis, ref dO);
                return (value, new[] { dThis.X, dThis.Y, dO.X, dO.Y });
            },
            (x, d) => (V(x, 0).DotTangent(V(x, 2), V(d, 0), V(d, 2), out double t), t),
            new[] { 0.8, -0.3, 0.6, 2.0 });
    }

    [Fact]
    public void A_struct_with_a_constructor_and_a_constant_member()
    {
        Check(x => ValueTypeCorpus.SpringEnergy(new Spring(x[0], x[1]), V(x, 2), V(x, 4)),
            x =>
            {
                Spring dS = default;
                Vec2 dA = default, dB = default;
                double value = ValueTypeCorpus.SpringEnergyGradient(new Spring(x[0], x[1]), V(x, 2), V(x, 4), ref dS, ref dA, ref dB);
                return (value, new[] { dS.K, dS.Rest, dA.X, dA.Y, dB.X, dB.Y });
            },
            (x, d) => (ValueTypeCorpus.SpringEnergyTangent(new Spring(x[0], x[1]), V(x, 2), V(x, 4), new Spring(d[0], d[1]), V(d, 2), V(d, 4), out double t), t),
            new[] { 3.0, 0.5, 0.1, 0.2, 1.0, -0.7 });
    }

    private static Particle P(double[] x) => new(V(x, 0), V(x, 2), x[4]) { Id = 3 };

    [Fact]
    public void A_particle_on_a_spring_differentiated_through_its_time_steps()
    {
        Check(x => ValueTypeCorpus.Simulate(P(x), new Spring(x[5], x[6]), 0.05, 40),
            x =>
            {
                var dP = new Particle(default, default, 0);
                Spring dS = default;
                double value = ValueTypeCorpus.SimulateGradient(P(x), new Spring(x[5], x[6]), 0.05, 40, ref dP, ref dS, out _);
                return (value, new[] { dP.Pos.X, dP.Pos.Y, dP.Vel.X, dP.Vel.Y, dP.Mass, dS.K, dS.Rest });
            },
            (x, d) => (ValueTypeCorpus.SimulateTangent(P(x), new Spring(x[5], x[6]), 0.05, 40, P(d), new Spring(d[5], d[6]), 0, out double t), t),
            new[] { 1.2, 0.1, 0.0, 0.8, 1.5, 4.0, 1.0 }, tolerance: 1e-5);
    }

    [Fact]
    public void Records_are_built_with_with_and_returned_from_calls()
    {
        Check(x => ValueTypeCorpus.StepTwice(P(x), x[5]),
            x =>
            {
                var dP = new Particle(default, default, 0);
                double value = ValueTypeCorpus.StepTwiceGradient(P(x), x[5], ref dP, out double dDt);
                return (value, new[] { dP.Pos.X, dP.Pos.Y, dP.Vel.X, dP.Vel.Y, dP.Mass, dDt });
            },
            (x, d) => (ValueTypeCorpus.StepTwiceTangent(P(x), x[5], P(d), d[5], out double t), t),
            new[] { 1.2, 0.1, -0.5, 0.8, 1.5, 0.1 });

        // A record class returned: its seed is a record, its tangent one too, and the constant member is kept.
        var particle = new Particle(new Vec2(1, 2), new Vec2(3, 4), 5) { Id = 9 };
        var stepped = ValueTypeCorpus.StepTangent(particle, 0.5, new Particle(new Vec2(0, 0), new Vec2(1, 0), 0), 0, out var tangent);
        Assert.Equal(ValueTypeCorpus.Step(particle, 0.5), stepped);
        Assert.Equal(0.5, tangent.Pos.X, 15);
        Assert.Equal(9, tangent.Id);
    }

    [Fact]
    public void Members_of_struct_locals_can_be_assigned()
    {
        Check(x => ValueTypeCorpus.MutateLocal(V(x, 0), x[2]),
            x =>
            {
                Vec2 dA = default;
                double value = ValueTypeCorpus.MutateLocalGradient(V(x, 0), x[2], ref dA, out double dT);
                return (value, new[] { dA.X, dA.Y, dT });
            },
            (x, d) => (ValueTypeCorpus.MutateLocalTangent(V(x, 0), x[2], V(d, 0), d[2], out double t), t),
            new[] { 0.7, -0.4, 1.3 });
    }

    [Fact]
    public void Init_only_members_receive_their_derivatives_through_with()
    {
        Check(x => ValueTypeCorpus.PolarArea(new Polar(x[0], x[1]), x[2]),
            x =>
            {
                Polar dV = default;
                double value = ValueTypeCorpus.PolarAreaGradient(new Polar(x[0], x[1]), x[2], ref dV, out double dK);
                return (value, new[] { dV.R, dV.Theta, dK });
            },
            (x, d) => (ValueTypeCorpus.PolarAreaTangent(new Polar(x[0], x[1]), x[2], new Polar(d[0], d[1]), d[2], out double t), t),
            new[] { 1.5, 0.6, 0.8 });
    }

    [Fact]
    public void A_class_value_receives_its_derivative_in_place()
    {
        Check(x => ValueTypeCorpus.Quadratic(new Coefficients { A = x[0], B = x[1] }, x[2]),
            x =>
            {
                var dC = new Coefficients();
                double value = ValueTypeCorpus.QuadraticGradient(new Coefficients { A = x[0], B = x[1] }, x[2], dC, out double dX);
                return (value, new[] { dC.A, dC.B, dX });
            },
            (x, d) => (ValueTypeCorpus.QuadraticTangent(new Coefficients { A = x[0], B = x[1] }, x[2], new Coefficients { A = d[0], B = d[1] }, d[2], out double t), t),
            new[] { 1.5, -0.6, 0.8 });
    }

    [Theory]
    [InlineData(0.5, 0.3)]
    [InlineData(-0.5, 0.3)]
    [InlineData(-0.5, -0.3)]
    public void Branches_and_early_returns_of_values(double ax, double ay)
    {
        var seed = new Vec2(0.6, -1.1);
        Check(x => ValueTypeCorpus.Reflect(V(x, 0)).Dot(seed),
            x =>
            {
                Vec2 dA = default;
                var value = ValueTypeCorpus.ReflectGradient(V(x, 0), seed, ref dA);
                return (value.Dot(seed), new[] { dA.X, dA.Y });
            },
            (x, d) => (ValueTypeCorpus.ReflectTangent(V(x, 0), V(d, 0), out Vec2 t).Dot(seed), t.Dot(seed)),
            new[] { ax, ay });
        Check(x => ValueTypeCorpus.Choose(V(x, 0), V(x, 2), ax).Dot(seed),
            x =>
            {
                Vec2 dA = default, dB = default;
                var value = ValueTypeCorpus.ChooseGradient(V(x, 0), V(x, 2), ax, seed, ref dA, ref dB, out _);
                return (value.Dot(seed), new[] { dA.X, dA.Y, dB.X, dB.Y });
            },
            (x, d) => (ValueTypeCorpus.ChooseTangent(V(x, 0), V(x, 2), ax, V(d, 0), V(d, 2), 0, out Vec2 t).Dot(seed), t.Dot(seed)),
            new[] { 0.4, -0.2, 1.3, 0.9 });
    }

    [Fact]
    public void Values_built_from_default_constructors_and_initializers()
    {
        Check(x => ValueTypeCorpus.DefaultThenSet(x[0], x[1]),
            x => (ValueTypeCorpus.DefaultThenSetGradient(x[0], x[1], out double dX, out double dY), new[] { dX, dY }),
            (x, d) => (ValueTypeCorpus.DefaultThenSetTangent(x[0], x[1], d[0], d[1], out double t), t),
            new[] { 0.7, -1.3 });
        Check(x => ValueTypeCorpus.Built(x[0], x[1]),
            x => (ValueTypeCorpus.BuiltGradient(x[0], x[1], out double dX, out double dY), new[] { dX, dY }),
            (x, d) => (ValueTypeCorpus.BuiltTangent(x[0], x[1], d[0], d[1], out double t), t),
            new[] { 0.7, -1.3 });
    }

    [Fact]
    public void Values_carried_through_a_loop()
    {
        Check(x => ValueTypeCorpus.ThroughLoopOfValues(V(x, 0), 12),
            x =>
            {
                Vec2 dA = default;
                double value = ValueTypeCorpus.ThroughLoopOfValuesGradient(V(x, 0), 12, ref dA);
                return (value, new[] { dA.X, dA.Y });
            },
            (x, d) => (ValueTypeCorpus.ThroughLoopOfValuesTangent(V(x, 0), 12, V(d, 0), out double t), t),
            new[] { 0.7, -1.3 });
    }

    [Fact]
    public void Float_values()
    {
        Vec2F a = new(0.3f, -1.2f), b = new(1.5f, 0.4f), dA = default, dB = default;
        float value = ValueTypeCorpus.EnergyFGradient(a, b, 2.5f, ref dA, ref dB, out float dK);
        Assert.Equal(ValueTypeCorpus.EnergyF(a, b, 2.5f), value);
        Assert.Equal(2.5f * (a.X - b.X), dA.X, 5);
        Assert.Equal(-2.5f * (a.Y - b.Y), dB.Y, 5);
        Assert.Equal(0.5f * ((a - b).Dot(a - b)), dK, 5);
        ValueTypeCorpus.EnergyFTangent(a, b, 2.5f, new Vec2F(1, 0), default, 0, out float t);
        Assert.Equal(dA.X, t, 5);
    }

    [Fact]
    public void Arrays_and_spans_of_values_get_spans_of_derivatives()
    {
        Vec2[] Points(double[] x) => Enumerable.Range(0, 4).Select(i => V(x, 2 * i)).ToArray();
        Check(x => ValueTypeCorpus.ChainEnergy(Points(x), new Spring(x[8], x[9])),
            x =>
            {
                var dPoints = new Vec2[4];
                Spring dS = default;
                double value = ValueTypeCorpus.ChainEnergyGradient(Points(x), new Spring(x[8], x[9]), dPoints, ref dS);
                return (value, dPoints.SelectMany(p => new[] { p.X, p.Y }).Append(dS.K).Append(dS.Rest).ToArray());
            },
            (x, d) => (ValueTypeCorpus.ChainEnergyTangent(Points(x), new Spring(x[8], x[9]), Points(d), new Spring(d[8], d[9]), out double t), t),
            new[] { 0.0, 0.0, 1.1, 0.2, 2.0, -0.3, 2.8, 0.5, 3.0, 0.9 });

        Body[] Bodies(double[] x) => Enumerable.Range(0, 3).Select(i => new Body { Pos = V(x, 3 * i), Mass = x[3 * i + 2] }).ToArray();
        Check(x => ValueTypeCorpus.MomentOfInertia(Bodies(x)),
            x =>
            {
                var dBodies = new Body[3];
                double value = ValueTypeCorpus.MomentOfInertiaGradient(Bodies(x), dBodies);
                return (value, dBodies.SelectMany(b => new[] { b.Pos.X, b.Pos.Y, b.Mass }).ToArray());
            },
            (x, d) => (ValueTypeCorpus.MomentOfInertiaTangent(Bodies(x), Bodies(d), out double t), t),
            new[] { 0.5, -0.2, 1.5, 1.0, 0.3, 2.0, -0.7, 0.8, 0.5 });
    }

    [Fact]
    public void A_derivative_span_of_the_wrong_length_is_refused_before_anything_is_written()
    {
        var points = new[] { new Vec2(0, 0), new Vec2(1, 0) };
        var dPoints = new Vec2[1];
        Spring dS = default;
        var error = Assert.Throws<ArgumentException>(() => ValueTypeCorpus.ChainEnergyGradient(points, new Spring(1, 1), dPoints, ref dS));
        Assert.Contains("dPoints", error.Message);
        Assert.Equal(default, dPoints[0]);
    }

    [Fact]
    public void A_value_can_hold_an_opaque_value()
    {
        ScaledPolynomial Make(double[] x) => new(new Polynomial(x[0], x[1], x[2]), x[3]);
        Check(x => ValueTypeCorpus.EvaluateScaled(Make(x), x[4]),
            x =>
            {
                var dP = new ScaledPolynomial(new Polynomial(0, 0, 0), 0);
                double value = ValueTypeCorpus.EvaluateScaledGradient(Make(x), x[4], ref dP, out double dX);
                return (value, dP.Shape.Coefficients.Append(dP.Gain).Append(dX).ToArray());
            },
            (x, d) => (ValueTypeCorpus.EvaluateScaledTangent(Make(x), x[4], Make(d), d[4], out double t), t),
            new[] { 0.5, -1.0, 2.0, 1.5, 0.7 });
    }

    [Fact]
    public void An_instance_method_of_a_record_class_differentiates_with_respect_to_this()
    {
        Check(x => new Gaussian(x[0], x[1]).LogDensity(x[2]),
            x =>
            {
                var dThis = new Gaussian(0, 0);
                double value = new Gaussian(x[0], x[1]).LogDensityGradient(x[2], ref dThis, out double dX);
                return (value, new[] { dThis.Mu, dThis.Sigma, dX });
            },
            (x, d) => (new Gaussian(x[0], x[1]).LogDensityTangent(x[2], new Gaussian(d[0], d[1]), d[2], out double t), t),
            new[] { 0.3, 1.7, -0.4 });
    }

    [Fact]
    public void A_NoDiff_value_parameter_of_an_inlined_callee_passes_no_derivative()
    {
        Vec2 a = new(0.3, -1.2), b = new(1.5, 0.4), dA = default, dB = default;
        ValueTypeCorpus.CallsWithConstantWeightsGradient(a, b, ref dA, ref dB);
        // Weighted(a, b) = a · b with a held constant: ∂/∂a is only the + a.X term's; ∂/∂b is a.
        Assert.Equal(1.0, dA.X);
        Assert.Equal(0.0, dA.Y);
        Assert.Equal(a.X, dB.X);
        Assert.Equal(a.Y, dB.Y);
    }

    [Fact]
    public void A_parameter_updated_by_an_expression_that_builds_a_value()
    {
        Check(x => ValueTypeCorpus.UpdatedByAValue(x[0], x[1]),
            x => (ValueTypeCorpus.UpdatedByAValueGradient(x[0], x[1], out double d0, out double d1), new[] { d0, d1 }),
            (x, d) => (ValueTypeCorpus.UpdatedByAValueTangent(x[0], x[1], d[0], d[1], out double t), t),
            new[] { 1.471, -0.924 });
        Check(x => ValueTypeCorpus.UpdatedByItsOwnValue(x[0], x[1], 3),
            x => (ValueTypeCorpus.UpdatedByItsOwnValueGradient(x[0], x[1], 3, out double d0, out double d1), new[] { d0, d1 }),
            (x, d) => (ValueTypeCorpus.UpdatedByItsOwnValueTangent(x[0], x[1], 3, d[0], d[1], out double t), t),
            new[] { 0.522, -1.92 });
    }
}
