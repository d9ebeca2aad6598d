namespace DiffGen.EndToEnd.Tests.Corpus;

public static partial class JacobianCorpus
{
    /// <summary>11 inputs, 2 outputs: the Jacobian is built row by row (reverse mode).</summary>
    [Differentiable]
    public static void Dense(ReadOnlySpan<double> x, ReadOnlySpan<double> w, ReadOnlySpan<double> b, Span<double> y)
    {
        for (int j = 0; j < y.Length; j++)
        {
            double s = b[j];
            for (int i = 0; i < x.Length; i++) s += w[j * x.Length + i] * x[i];
            y[j] = Math.Tanh(s);
        }
    }

    /// <summary>3 scalar inputs (one [NoDiff] int aside), 3 outputs: column by column (forward mode).</summary>
    [Differentiable]
    public static void Spherical(double r, double theta, double phi, int scale, Span<double> xyz)
    {
        xyz[0] = scale * r * Math.Sin(theta) * Math.Cos(phi);
        xyz[1] = scale * r * Math.Sin(theta) * Math.Sin(phi);
        xyz[2] = scale * r * Math.Cos(theta);
    }

    /// <summary>Two outputs and a mix of array and scalar inputs.</summary>
    [Differentiable]
    public static void Moments(ReadOnlySpan<double> v, double shift, Span<double> mean, Span<double> squares)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] + shift;
        mean[0] = s / v.Length;
        for (int i = 0; i < squares.Length; i++) squares[i] = (v[i] - shift) * (v[i] - shift);
    }
}
