// Types outside the corpus namespace: a nested block namespace and the global namespace.

namespace DiffGen.EndToEnd.Tests.Corpus.Elsewhere
{
    public static partial class Far
    {
        [Differentiable]
        public static double Away(double x) => Math.Exp(-x) * x;
    }
}

public static partial class GlobalNamespaceType
{
    [DiffGen.Differentiable]
    public static double Bump(double x) => System.Math.Atan(x) * x;
}
