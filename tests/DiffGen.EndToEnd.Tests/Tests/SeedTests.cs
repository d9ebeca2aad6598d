using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>The seed examples of docs/API.md must hold exactly.</summary>
public class SeedTests
{
    [Fact]
    public void LossGradientAtSixIsFourAndFour()
    {
        double loss = Model.LossGradient(6.0, out double dW);
        Assert.Equal(4.0, loss);
        Assert.Equal(4.0, dW);
    }

    [Fact]
    public void LossTangentAtSixIsFourAndFour()
    {
        double loss = Model.LossTangent(6.0, 1.0, out double tangent);
        Assert.Equal(4.0, loss);
        Assert.Equal(4.0, tangent);
    }

    [Fact]
    public void PolyGradientAtOneIsEleven()
    {
        double value = Poly.FGradient(1.0, out double d);
        Assert.Equal(8.0, value);
        Assert.Equal(11.0, d);
    }

    [Fact]
    public void PolyTangentAtOneIsEleven()
    {
        double value = Poly.FTangent(1.0, 1.0, out double tangent);
        Assert.Equal(8.0, value);
        Assert.Equal(11.0, tangent);
    }

    [Theory]
    [InlineData(6.0)]
    [InlineData(4.0)]
    [InlineData(-1.5)]
    [InlineData(123.25)]
    public void Loss(double w)
    {
        var gradient = DerivativeAssert.Check(Model.Loss, Model.LossGradient, Model.LossTangent, w);
        Assert.Equal(2 * (w - 4), gradient[0]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-2.5)]
    [InlineData(10.0)]
    public void Poly3X2Plus5X(double x)
    {
        var gradient = DerivativeAssert.Check(Poly.F, Poly.FGradient, Poly.FTangent, x);
        Assert.Equal(6 * x + 5, gradient[0]);
    }
}
