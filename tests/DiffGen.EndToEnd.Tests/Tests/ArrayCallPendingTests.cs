using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>Array calls the generator does not handle yet (<see cref="ArrayCallsPending"/>, excluded in the csproj).</summary>
public class ArrayCallPendingTests
{
    [Fact]
    public void NormOfSquares()
    {
        double[] v = [0.5, -1.5, 2.0];
        var gradient = DerivativeAssert.Check(ArrayCallsPending.NormOfSquares, ArrayCallsPending.NormOfSquaresGradient, ArrayCallsPending.NormOfSquaresTangent, v);
        double norm = Math.Sqrt(v.Sum(e => e * e * e * e));
        for (int i = 0; i < v.Length; i++)
            DerivativeAssert.AssertClose(2 * v[i] * v[i] * v[i] / norm, gradient[i], 1e-14, $"2v[{i}]³/‖v²‖");
        Assert.Equal(0, LoopAllocationTests.Allocated(() => ArrayCallsPending.NormOfSquaresGradient(v, new double[3])));
    }
}
