using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace DiffGen.EndToEnd.Tests.Checking;

// Vector outputs (void methods writing a Span<T> output; the contract is being defined with issue 3):
//   reverse  FGradient(inputs…, y, d-inputs…, ReadOnlySpan<T> dY): writes y, ADDS dYᵀ·∂y/∂input to each input buffer;
//   forward  FTangent(inputs…, y, seeds…, Span<T> dY): writes y and dY = J·seed.
// The delegates below see the inputs as parts (a scalar is an array of one, its derivative `out gradient[k][0]`).

public delegate void VectorFunction(double[][] inputs, double[] output);
public delegate void VectorGradient(double[][] inputs, double[] output, double[][] gradient, double[] outputSeed);
public delegate void VectorTangent(double[][] inputs, double[] output, double[][] seed, double[] outputTangent);

public static partial class DerivativeAssert
{
    /// <summary>
    /// A method with a vector output: each output element, seen as a scalar function of the inputs, goes through
    /// <see cref="CheckParts(Func{double[][], double}, GradientParts, TangentParts, Part[], string)"/> (reverse with a unit
    /// output seed, forward reading one element of the output tangent); then reverse with a mixed output seed must give the
    /// seed-weighted sum of the rows, both modes must write the output (and forward its tangent) over whatever the spans held,
    /// and neither may change the output seed.
    /// </summary>
    /// <returns>The Jacobian, row by row: [output element][part][coordinate].</returns>
    public static double[][][] CheckVectorOutput(VectorFunction f, VectorGradient gradient, VectorTangent tangent, int outputLength,
        Part[] parts, [CallerArgumentExpression(nameof(f))] string name = "")
    {
        var jacobian = new double[outputLength][][];
        for (int k = 0; k < outputLength; k++)
        {
            int row = k;
            jacobian[k] = CheckParts($"{Name(name)} → y[{row}]",
                p => { var y = Garbage(outputLength); f(p, y); return y[row]; },
                (p, g) =>
                {
                    var y = Garbage(outputLength);
                    var seed = new double[outputLength];
                    seed[row] = 1;
                    gradient(p, y, g, seed);
                    return y[row];
                },
                (double[][] p, double[][] s, out double t) =>
                {
                    var y = Garbage(outputLength);
                    var dy = Garbage(outputLength);
                    tangent(p, y, s, dy);
                    t = dy[row];
                    return y[row];
                },
                parts);
        }

        // The whole output at once: values, a mixed seed, the seed left alone.
        var point = parts.Select(p => (double[])p.Values.Clone()).ToArray();
        var expected = new double[outputLength];
        f(point, expected);
        var outputSeed = Enumerable.Range(0, outputLength).Select(i => 0.5 + 0.25 * i * (i % 2 == 0 ? 1 : -1)).ToArray();
        var seedCopy = (double[])outputSeed.Clone();
        var buffers = parts.Select(p => new double[p.Values.Length]).ToArray();
        var output = Garbage(outputLength);
        gradient(point, output, buffers, outputSeed);
        for (int i = 0; i < outputLength; i++)
            AssertBitIdentical(expected[i], output[i], $"{Name(name)}: y[{i}] written by Gradient");
        Assert.Equal(seedCopy, outputSeed);
        for (int part = 0; part < parts.Length; part++)
            for (int i = 0; i < parts[part].Values.Length; i++)
            {
                double sum = 0, scale = 0;
                for (int k = 0; k < outputLength; k++)
                {
                    sum += outputSeed[k] * jacobian[k][part][i];
                    scale += Math.Abs(outputSeed[k] * jacobian[k][part][i]);
                }
                if (!(Math.Abs(buffers[part][i] - sum) <= DoubleModeTolerance * Math.Max(1, scale)))
                    throw new XunitException($"{Name(name)}: Gradient with output seed [{string.Join(", ", outputSeed.Select(s => R(s)))}]: " +
                        $"∂/∂{Label(parts[part].Name, i, parts[part].IsArray)} = {R(buffers[part][i])}, Σ seed[k]·J[k] = {R(sum)}");
            }

        var tangentOutput = Garbage(outputLength);
        output = Garbage(outputLength);
        tangent(point, output, parts.Select(p => new double[p.Values.Length]).ToArray(), tangentOutput);
        for (int i = 0; i < outputLength; i++)
        {
            AssertBitIdentical(expected[i], output[i], $"{Name(name)}: y[{i}] written by Tangent");
            if (tangentOutput[i] != 0)
                throw new XunitException($"{Name(name)}: Tangent with zero seeds left dY[{i}] = {R(tangentOutput[i])}, expected it overwritten with 0");
        }
        return jacobian;
    }

    // What an output span holds before the call: the method must overwrite it.
    private static double[] Garbage(int length) => Enumerable.Repeat(-1234.5, length).ToArray();
}
