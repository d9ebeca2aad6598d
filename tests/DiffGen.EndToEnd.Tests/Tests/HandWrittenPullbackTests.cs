using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

public class HandWrittenPullbackTests
{
    [Fact]
    public void Callers_of_an_operation_with_a_pullback_are_exact()
        => DerivativeAssert.Check(HandWrittenPullbacks.Loss, HandWrittenPullbacks.LossGradient, HandWrittenPullbacks.LossTangent, [0.3, -1.2, 0.8], 0.7);

    [Fact]
    public void Callers_compute_the_value_once_and_hand_it_to_the_pullback()
    {
        double[] w = [0.3, -1.2, 0.8];
        var dW = new double[3];
        HandWrittenPullbacks.Values = HandWrittenPullbacks.Gradients = HandWrittenPullbacks.Pullbacks = 0;
        HandWrittenPullbacks.LossGradient(w, 0.7, dW, out _);
        Assert.Equal(2, HandWrittenPullbacks.Values);      // the primal sweep's two calls, nothing more
        Assert.Equal(0, HandWrittenPullbacks.Gradients);
        Assert.Equal(2, HandWrittenPullbacks.Pullbacks);
    }
}
