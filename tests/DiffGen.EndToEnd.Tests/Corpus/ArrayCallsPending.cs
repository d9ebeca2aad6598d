namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Array calls the generator does not handle yet (excluded in the csproj): a local array passed to a callee whose
/// parameter is <c>T[]</c> (the generated code passes the local's pooled <c>Span&lt;T&gt;</c>, CS1503).
/// </summary>
public static partial class ArrayCallsPending
{
    // A local array passed to a callee.
    [Differentiable]
    public static double NormOfSquares(double[] v)
    {
        var squares = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
            squares[i] = v[i] * v[i];
        return ArrayCalls.Norm(squares);
    }
}
