using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// <see cref="Switches"/>: every section, label and arm taken at least once, against finite differences and forward
/// against reverse.
/// </summary>
public class SwitchTests
{
    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 1)]
    [InlineData(-1.3, 2)]
    [InlineData(0.7, 3)]
    [InlineData(0.7, 5)]
    [InlineData(1.5, 6)]
    [InlineData(0.5, 6)]
    public void Statement(double x, int k)
        => DerivativeAssert.Check(
            v => Switches.Statement(v, k),
            (double v, out double dV) => Switches.StatementGradient(v, k, out dV),
            (double v, double dV, out double t) => Switches.StatementTangent(v, k, dV, out t),
            x);

    [Theory]
    [InlineData(0.7, Figure.Line)]
    [InlineData(0.7, Figure.Square)]
    [InlineData(0.7, Figure.Cube)]
    [InlineData(-0.7, Figure.Cube)]
    [InlineData(0.7, Figure.Wave)]
    public void Returns(double x, Figure shape)
        => DerivativeAssert.Check(
            v => Switches.Returns(v, shape),
            (double v, out double dV) => Switches.ReturnsGradient(v, shape, out dV),
            (double v, double dV, out double t) => Switches.ReturnsTangent(v, shape, dV, out t),
            x);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(2.5)]
    [InlineData(3.5)]
    [InlineData(-0.5)]
    public void OnActiveValue(double x)
        => DerivativeAssert.Check(Switches.OnActiveValue, Switches.OnActiveValueGradient, Switches.OnActiveValueTangent, x);

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2, 1.5, -0.5, 0.3)]
    [InlineData(-1.5, 2.5, 0.4, 1.2, 0.1, 2.2, 0.8)]
    public void InLoop(double a, params double[] v)
        => DerivativeAssert.Check(Switches.InLoop, Switches.InLoopGradient, Switches.InLoopTangent, v, a);

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2)]
    [InlineData(-1.5, 2.5, 0.4, 1.2, 0.1, 2.2)]
    public void ReturnInLoop(double a, params double[] v)
        => DerivativeAssert.Check(Switches.ReturnInLoop, Switches.ReturnInLoopGradient, Switches.ReturnInLoopTangent, v, a);

    [Theory]
    [InlineData(1.5, 0)]
    [InlineData(0.5, 0)]
    [InlineData(0.5, 5)]
    [InlineData(0.5, 2)]
    [InlineData(0.5, 1)]
    public void Guards(double x, int k)
        => DerivativeAssert.Check(
            v => Switches.Guards(v, k),
            (double v, out double dV) => Switches.GuardsGradient(v, k, out dV),
            (double v, double dV, out double t) => Switches.GuardsTangent(v, k, dV, out t),
            x);

    [Theory]
    [InlineData(0.7, 0)]
    [InlineData(0.7, 1)]
    [InlineData(0.7, 2)]
    [InlineData(0.7, -4)]
    [InlineData(0.7, 9)]
    public void Expression(double x, int k)
        => DerivativeAssert.Check(
            v => Switches.Expression(v, k),
            (double v, out double dV) => Switches.ExpressionGradient(v, k, out dV),
            (double v, double dV, out double t) => Switches.ExpressionTangent(v, k, dV, out t),
            x);

    [Theory]
    [InlineData(0.7, Figure.Line)]
    [InlineData(0.7, Figure.Square)]
    [InlineData(0.7, Figure.Wave)]
    public void ExpressionOnEnum(double x, Figure s)
        => DerivativeAssert.Check(
            v => Switches.ExpressionOnEnum(v, s),
            (double v, out double dV) => Switches.ExpressionOnEnumGradient(v, s, out dV),
            (double v, double dV, out double t) => Switches.ExpressionOnEnumTangent(v, s, dV, out t),
            x);

    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    [InlineData(2.0)]
    public void ExpressionOnActiveValue(double x)
        => DerivativeAssert.Check(Switches.ExpressionOnActiveValue, Switches.ExpressionOnActiveValueGradient, Switches.ExpressionOnActiveValueTangent, x);

    [Theory]
    [InlineData(0.5, 0, Figure.Wave)]
    [InlineData(0.5, 1, Figure.Square)]
    [InlineData(1.5, 2, Figure.Line)]
    [InlineData(-0.5, 3, Figure.Cube)]
    public void IsPatterns(double x, int k, Figure s)
        => DerivativeAssert.Check(
            v => Switches.IsPatterns(v, k, s),
            (double v, out double dV) => Switches.IsPatternsGradient(v, k, s, out dV),
            (double v, double dV, out double t) => Switches.IsPatternsTangent(v, k, s, dV, out t),
            x);

    [Fact]
    public void IsPatterns_NaN_matches_the_NaN_constant()
    {
        Assert.Equal(0, Switches.IsPatternsGradient(double.NaN, 0, Figure.Line, out double dX));
        Assert.Equal(0, dX);
    }

    [Theory]
    [InlineData(0.7, "square")]
    [InlineData(0.7, "sine")]
    [InlineData(0.7, "other")]
    public void OnString(double x, string name)
        => DerivativeAssert.Check(
            v => Switches.OnString(v, name),
            (double v, out double dV) => Switches.OnStringGradient(v, name, out dV),
            (double v, double dV, out double t) => Switches.OnStringTangent(v, name, dV, out t),
            x);

    [Theory]
    [InlineData(0.5, 1.0, 3.0, 0.2, 1.5, -0.5)]
    [InlineData(-1.5, 2.5, 0.4, 1.2)]
    public void Nested(double a, params double[] v)
        => DerivativeAssert.Check(Switches.Nested, Switches.NestedGradient, Switches.NestedTangent, v, a);

    [Theory]
    [InlineData(0.7, 1.3, 0)]
    [InlineData(0.4, -0.9, 2)]
    [InlineData(-0.3, 0.8, 7)]
    public void TwoVariables_hessian_matches_differences_of_the_gradient(double x, double y, int k)
    {
        Span<double> g = stackalloc double[2];
        Span<double> h = stackalloc double[4];
        Assert.Equal(Switches.TwoVariables(x, y, k), Switches.TwoVariablesHessian(x, y, k, g, h));
        DerivativeAssert.Hessian([x, y], p =>
        {
            Switches.TwoVariablesGradient(p[0], p[1], k, out double d0, out double d1);
            return [d0, d1];
        }, h);
    }
}
