namespace DiffGen.Generator.Tests;

/// <summary>The opaque type the generator tests share: a vector of doubles with the tangent algebra it declares.</summary>
internal static class OpaqueSources
{
    /// <summary>The members of <c>sealed partial class Vec : IDifferentiable&lt;Vec&gt;</c> that make it one.</summary>
    public const string VecAlgebra = """
            public readonly double[] V;
            public Vec(double[] v) { V = v; }
            public static Vec Zero(Vec like) => new(new double[like.V.Length]);
            public static void Accumulate(ref Vec a, Vec b) { for (int i = 0; i < b.V.Length; i++) a.V[i] += b.V[i]; }
        """;
}
