namespace DiffGen.EndToEnd.Tests.Checking;

/// <summary>The gradient of an array function: adds ∇f(x) into the buffer, returns f(x).</summary>
public delegate double ArrayGradient(double[] x, Span<double> gradient);

public static partial class DerivativeAssert
{
    /// <summary>
    /// A Hessian (row-major, n × n) against central differences of the generated gradient, column by column, to 1e-7
    /// relative, and its symmetry. <paramref name="gradient"/> gives ∇f at a point.
    /// </summary>
    public static void Hessian(double[] x, Func<double[], double[]> gradient, ReadOnlySpan<double> hessian)
    {
        int n = x.Length;
        for (int column = 0; column < n; column++)
        {
            int j = column;
            for (int row = 0; row < n; row++)
            {
                int i = row;
                double numeric = NumericalDiff.Derivative(t =>
                {
                    var p = (double[])x.Clone();
                    p[j] = t;
                    return gradient(p)[i];
                }, x[j], 1e-3);
                Assert.True(Math.Abs(hessian[i * n + j] - numeric) <= 1e-7 * Math.Max(1, Math.Abs(numeric)), $"H[{i},{j}] = {hessian[i * n + j]}, differences give {numeric}");
            }
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++) Assert.Equal(hessian[i * n + j], hessian[j * n + i], 10);
        }
    }

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
