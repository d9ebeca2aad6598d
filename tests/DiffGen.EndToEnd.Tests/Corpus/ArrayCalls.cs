namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Arrays and spans passed to other [Differentiable] methods (issue 3): parameters, local arrays and [NoDiff] arrays
/// handed on, calls inside loops.
/// </summary>
public static partial class ArrayCalls
{
    [Differentiable]
    public static double Norm(double[] v) => Math.Sqrt(Loops.SumOfSquares(v));

    // Three calls with the spans in different roles, u·u passing one span to both parameters.
    [Differentiable]
    public static double CosineSimilarity(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
        => Loops.Dot(u, v) / Math.Sqrt(Loops.Dot(u, u) * Loops.Dot(v, v));

    [Differentiable]
    public static double CrossEntropyViaLogSumExp(ReadOnlySpan<double> z, int label) => ArrayModels.LogSumExp(z) - z[label];

    // An array and a scalar computed from another array call, into a callee taking both.
    [Differentiable]
    public static double HornerOfNorm(double[] c, double[] v) => Loops.Horner(c, Norm(v));

    // A call inside a loop, passing the differentiable arrays on and a [NoDiff] array to a [NoDiff] parameter.
    [Differentiable]
    public static double BatchPerceptronLoss(double[] w1, double[] b1, double[] w2, double b2, [NoDiff] double[] x, [NoDiff] double[] targets)
    {
        double s = 0;
        for (int k = 0; k < targets.Length; k++)
            s += ArrayModels.PerceptronLoss(w1, b1, w2, b2, x, targets[k]);
        return s / targets.Length;
    }

    // A local array passed to a callee taking T[]: the callee reads a copy, the derivative goes to the local array's.
    // The array changes between the two calls: the adjoint sweep must pass each call what it saw.
    [Differentiable]
    public static double NormOfSquares(double[] v, double a)
    {
        var squares = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
            squares[i] = v[i] * v[i] * a;
        double n = Norm(squares);
        squares[0] = n * a;
        return n + Norm(squares) * Loops.SumOfSquares(squares);
    }

    // A local array passed to a callee taking a span.
    [Differentiable]
    public static double LogSumExpOfSquares(double[] v)
    {
        var squares = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
            squares[i] = v[i] * v[i];
        return ArrayModels.LogSumExp(squares);
    }

    [Differentiable]
    public static float CosineSimilarityF(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
        => LoopsF.Dot(u, v) / MathF.Sqrt(LoopsF.Dot(u, u) * LoopsF.Dot(v, v));
}
