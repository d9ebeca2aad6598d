namespace DiffGen.EndToEnd.Tests.Checking;

/// <summary>The gradient of an array function: adds ∇f(x) into the buffer, returns f(x).</summary>
public delegate double ArrayGradient(double[] x, Span<double> gradient);

public static partial class DerivativeAssert
{
    /// <summary>
    /// A Hessian-vector product H·d against central differences of the generated gradient along d:
    /// (∇f(x + h·d) − ∇f(x − h·d)) / 2h, to 1e-6 relative (the differences' own error at h = 1e-5).
    /// </summary>
    public static void HessianVector(double[] x, double[] direction, ArrayGradient gradient, double[] product)
    {
        const double h = 1e-5;
        var plus = new double[x.Length];
        var minus = new double[x.Length];
        gradient(x.Zip(direction, (a, d) => a + h * d).ToArray(), plus);
        gradient(x.Zip(direction, (a, d) => a - h * d).ToArray(), minus);
        for (int i = 0; i < x.Length; i++)
        {
            double numeric = (plus[i] - minus[i]) / (2 * h);
            Assert.True(Math.Abs(product[i] - numeric) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"(H·d)[{i}] = {product[i]}, differences give {numeric}");
        }
    }
}
