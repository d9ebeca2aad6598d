namespace DiffGen.EndToEnd.Tests.Corpus;

// The two seed examples of docs/API.md, verbatim.

public static partial class Model
{
    [Differentiable]
    public static double Loss(double w) => (w - 4) * (w - 4);
}

public static partial class Poly
{
    [Differentiable]
    public static double F(double x) => 3 * x * x + 5 * x;
}
