namespace DiffGen.Tests.Numerics;

/// <summary><see cref="NumericalDiff.Gradient"/> and <see cref="NumericalDiff.DirectionalDerivative"/>.</summary>
public sealed class GradientTests
{
    private static double Rosenbrock(double[] p)
    {
        double x = p[0], y = p[1];
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    }

    private static double[] RosenbrockGradient(double x, double y)
        => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];

    // f(a, b, c) = a·b·c + exp(a) − sin(b·c): every coordinate depends on the others.
    private static double Mixed(double[] p) => p[0] * p[1] * p[2] + Math.Exp(p[0]) - Math.Sin(p[1] * p[2]);

    private static double[] MixedGradient(double a, double b, double c)
        => [b * c + Math.Exp(a), a * c - c * Math.Cos(b * c), a * b - b * Math.Cos(b * c)];

    public static TheoryData<double, double> RosenbrockPoints => new()
    {
        { -1.2, 1.0 }, { 0.0, 0.0 }, { 0.5, -0.3 }, { 2.0, 3.0 }, { -0.7, 0.9 },
    };

    [Theory]
    [MemberData(nameof(RosenbrockPoints))]
    public void Gradient_OfRosenbrock_MatchesAnalyticGradient(double x, double y)
    {
        double[] expected = RosenbrockGradient(x, y);

        double[] actual = NumericalDiff.Gradient(Rosenbrock, [x, y]);

        Assert.Equal(2, actual.Length);
        for (int i = 0; i < 2; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-8 * Math.Max(1, Math.Abs(expected[i])),
                $"component {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    [Fact]
    public void Gradient_AtTheRosenbrockMinimumIsZero()
    {
        double[] actual = NumericalDiff.Gradient(Rosenbrock, [1.0, 1.0]);

        Assert.All(actual, g => Assert.True(Math.Abs(g) < 1e-9, $"{g:R}"));
    }

    [Fact]
    public void Gradient_OfAThreeArgumentFunction_MatchesAnalyticGradient()
    {
        double[] expected = MixedGradient(0.3, -1.1, 2.0);

        double[] actual = NumericalDiff.Gradient(Mixed, [0.3, -1.1, 2.0]);

        for (int i = 0; i < 3; i++)
            Assert.True(KnownFunctions.RelativeError(actual[i], expected[i]) <= 1e-9, $"component {i}: {actual[i]:R} vs {expected[i]:R}");
    }

    [Fact]
    public void Gradient_RestoresXBitForBit()
    {
        // Values that do not survive x + h − h exactly, so a sloppy restore would show.
        double[] x = [0.1, -1.2, 1e-7];
        double[] copy = (double[])x.Clone();

        NumericalDiff.Gradient(Mixed, x);

        Assert.Equal(copy, x);
    }

    [Fact]
    public void Gradient_RestoresXWhenTheFunctionThrows()
    {
        double[] x = [1.0, 2.0];
        int calls = 0;

        Assert.Throws<InvalidOperationException>(() => NumericalDiff.Gradient(p =>
        {
            if (++calls == 3) throw new InvalidOperationException("boom");
            return p[0] + p[1];
        }, x));

        Assert.Equal([1.0, 2.0], x);
    }

    [Fact]
    public void Gradient_MovesOneCoordinateAtATime()
    {
        double[] x = [1.0, 2.0, 3.0];

        NumericalDiff.Gradient(p =>
        {
            int moved = Enumerable.Range(0, 3).Count(i => p[i] != i + 1.0);
            Assert.True(moved <= 1, $"{moved} coordinates moved at once");
            return p.Sum();
        }, x);
    }

    [Fact]
    public void Gradient_OfAnEmptyPointIsEmpty()
    {
        Assert.Empty(NumericalDiff.Gradient(_ => 1.0, []));
    }

    [Theory]
    [MemberData(nameof(RosenbrockPoints))]
    public void DirectionalDerivative_OfRosenbrock_IsGradientDotDirection(double x, double y)
    {
        double[] gradient = RosenbrockGradient(x, y);
        double[] direction = [0.6, -0.8];
        double expected = gradient[0] * direction[0] + gradient[1] * direction[1];

        double actual = NumericalDiff.DirectionalDerivative(Rosenbrock, [x, y], direction);

        Assert.True(Math.Abs(actual - expected) <= 1e-8 * Math.Max(1, Math.Abs(expected)), $"{actual:R} vs {expected:R}");
    }

    [Fact]
    public void DirectionalDerivative_AlongACoordinateAxisIsThePartialDerivative()
    {
        double[] expected = MixedGradient(0.3, -1.1, 2.0);

        double actual = NumericalDiff.DirectionalDerivative(Mixed, [0.3, -1.1, 2.0], [0, 1, 0]);

        Assert.True(KnownFunctions.RelativeError(actual, expected[1]) <= 1e-9, $"{actual:R} vs {expected[1]:R}");
    }

    [Fact]
    public void DirectionalDerivative_ScalesLinearlyWithTheDirection()
    {
        double[] x = [0.3, -1.1, 2.0];

        double once = NumericalDiff.DirectionalDerivative(Mixed, x, [1, 2, -1]);
        double thrice = NumericalDiff.DirectionalDerivative(Mixed, x, [3, 6, -3]);

        Assert.True(KnownFunctions.RelativeError(thrice, 3 * once) <= 1e-9, $"{thrice:R} vs 3 × {once:R}");
    }

    [Fact]
    public void DirectionalDerivative_AlongZeroIsZero()
    {
        Assert.Equal(0.0, NumericalDiff.DirectionalDerivative(Rosenbrock, [-1.2, 1.0], [0, 0]));
    }

    [Fact]
    public void DirectionalDerivative_LeavesXAndDirectionUnchanged()
    {
        double[] x = [0.1, -1.2];
        double[] direction = [0.3, 0.7];

        NumericalDiff.DirectionalDerivative(Rosenbrock, x, direction);

        Assert.Equal([0.1, -1.2], x);
        Assert.Equal([0.3, 0.7], direction);
    }
}
