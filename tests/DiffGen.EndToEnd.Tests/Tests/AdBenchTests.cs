using System.Globalization;
using System.Text;
using DiffGen.AdBench;
using DiffGen.EndToEnd.Tests.Checking;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// ADBench's GMM and LSTM objectives (Corpus/AdBench*.cs, the code tests/DiffGen.Benchmarks measures) on small random
/// instances: the objectives against independent straightforward implementations, the generated gradients against finite
/// differences and forward mode (<see cref="DerivativeAssert.CheckParts(Func{double[][], double}, GradientParts, TangentParts, Part[], string)"/>),
/// and against the hand-written gradients the benchmarks compare them with.
/// </summary>
public class AdBenchTests
{
    /// <summary>Generated against hand-written: the same partials summed in other orders.</summary>
    private const double HandWrittenTolerance = 1e-12;

    // ---- GMM ----

    public static TheoryData<int, int, int, double, int, int> GmmInstances => new()
    {
        // d, K, n, γ, m, seed
        { 2, 3, 5, 1.0, 0, 1 },
        { 2, 3, 5, 1.5, 2, 2 },
        { 3, 2, 4, 0.7, 1, 3 },
        { 4, 3, 3, 1.2, 0, 4 },
        { 1, 2, 6, 1.0, 3, 5 },  // D = 1: no strictly lower part, l is empty
    };

    private static GmmInput SmallGmm(int d, int k, int n, double gamma, int m, int seed)
        => GmmInput.Random(d, k, n, seed) with { Gamma = gamma, M = m };

    [Theory]
    [MemberData(nameof(GmmInstances))]
    public void GmmObjectiveMatchesAStraightforwardImplementation(int d, int k, int n, double gamma, int m, int seed)
    {
        var i = SmallGmm(d, k, n, gamma, m, seed);
        double value = Gmm.Objective(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D);
        DerivativeAssert.AssertClose(GmmReference(i), value, 1e-13, $"GMM d={d} K={k} n={n} against the reference");
    }

    [Theory]
    [MemberData(nameof(GmmInstances))]
    public void GmmGradient(int d, int k, int n, double gamma, int m, int seed)
    {
        var i = SmallGmm(d, k, n, gamma, m, seed);
        var gradient = DerivativeAssert.CheckParts(
            p => Gmm.Objective(p[0], p[1], p[2], p[3], i.X, i.Gamma, i.M, i.D),
            (p, g) => Gmm.ObjectiveGradient(p[0], p[1], p[2], p[3], i.X, i.Gamma, i.M, i.D, g[0], g[1], g[2], g[3]),
            (double[][] p, double[][] s, out double t) => Gmm.ObjectiveTangent(p[0], p[1], p[2], p[3], i.X, i.Gamma, i.M, i.D, s[0], s[1], s[2], s[3], out t),
            [Part.Array("alphas", i.Alphas), Part.Array("means", i.Means), Part.Array("q", i.Q), Part.Array("l", i.L)]);

        double[][] handWritten = [new double[k], new double[k * d], new double[k * d], new double[i.L.Length]];
        double value = AdBenchHandWritten.GmmGradient(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D,
            handWritten[0], handWritten[1], handWritten[2], handWritten[3]);
        DerivativeAssert.AssertClose(Gmm.Objective(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D), value, HandWrittenTolerance, "hand-written GMM value");
        AssertSameGradient(["alphas", "means", "q", "l"], handWritten, gradient);
    }

    [Fact]
    public void GmmGradientOnABenchmarkShape()
    {
        // d = 10, K = 5, n = 50: the benchmark's loops at a realistic width, generated against hand-written and forward.
        var i = GmmInput.Random(10, 5, 50, 6);
        double[][] generated = [new double[i.Alphas.Length], new double[i.Means.Length], new double[i.Q.Length], new double[i.L.Length]];
        double[][] handWritten = [new double[i.Alphas.Length], new double[i.Means.Length], new double[i.Q.Length], new double[i.L.Length]];
        double value = Gmm.ObjectiveGradient(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, generated[0], generated[1], generated[2], generated[3]);
        AdBenchHandWritten.GmmGradient(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, handWritten[0], handWritten[1], handWritten[2], handWritten[3]);
        DerivativeAssert.AssertBitIdentical(Gmm.Objective(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D), value, "GMM value returned by Gradient");
        AssertSameGradient(["alphas", "means", "q", "l"], handWritten, generated);

        var random = new Random(7);
        double[][] direction = generated.Select(g => g.Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        Gmm.ObjectiveTangent(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, direction[0], direction[1], direction[2], direction[3], out double tangent);
        AssertTangent(tangent, handWritten, direction);
        double numerical = NumericalDiff.DirectionalDerivative(
            flat => { var p = DerivativeAssert.Split(flat, generated.Select(g => g.Length).ToArray()); return Gmm.Objective(p[0], p[1], p[2], p[3], i.X, i.Gamma, i.M, i.D); },
            [.. i.Alphas, .. i.Means, .. i.Q, .. i.L], [.. direction.SelectMany(v => v)], 1e-3);
        DerivativeAssert.AssertClose(numerical, tangent, 1e-7, "GMM tangent against finite differences along the direction");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(131)]
    public void LogGammaOfHalfIntegers(int h)
        => DerivativeAssert.AssertClose(LogGamma(0.5 * h), Gmm.LogGammaHalf(h), 1e-13, $"log Γ({h}/2)");

    // ---- LSTM ----

    public static TheoryData<int, int, int, int> LstmInstances => new()
    {
        // layers, c, b, seed
        { 1, 4, 3, 1 },
        { 2, 4, 3, 2 },
        { 2, 3, 2, 3 },
        { 3, 5, 2, 4 },
    };

    [Theory]
    [MemberData(nameof(LstmInstances))]
    public void LstmObjectiveMatchesAStraightforwardImplementation(int layers, int c, int b, int seed)
    {
        var i = LstmInput.Random(layers, c, b, seed);
        double value = Lstm.Objective(i.MainParams, i.ExtraParams, i.State, i.Sequence);
        DerivativeAssert.AssertClose(LstmReference(i), value, 1e-14, $"LSTM l={layers} c={c} b={b} against the reference");
    }

    [Theory]
    [MemberData(nameof(LstmInstances))]
    public void LstmGradient(int layers, int c, int b, int seed)
    {
        var i = LstmInput.Random(layers, c, b, seed);
        var gradient = DerivativeAssert.CheckParts(
            p => Lstm.Objective(p[0], p[1], i.State, i.Sequence),
            (p, g) => Lstm.ObjectiveGradient(p[0], p[1], i.State, i.Sequence, g[0], g[1]),
            (double[][] p, double[][] s, out double t) => Lstm.ObjectiveTangent(p[0], p[1], i.State, i.Sequence, s[0], s[1], out t),
            [Part.Array("mainParams", i.MainParams), Part.Array("extraParams", i.ExtraParams)]);

        double[][] handWritten = [new double[i.MainParams.Length], new double[i.ExtraParams.Length]];
        double value = AdBenchHandWritten.LstmGradient(i.MainParams, i.ExtraParams, i.State, i.Sequence, handWritten[0], handWritten[1]);
        DerivativeAssert.AssertClose(Lstm.Objective(i.MainParams, i.ExtraParams, i.State, i.Sequence), value, HandWrittenTolerance, "hand-written LSTM value");
        AssertSameGradient(["mainParams", "extraParams"], handWritten, gradient);
    }

    [Fact]
    public void LstmGradientOnABenchmarkShape()
    {
        // b = 14 bits, 2 layers, 64 characters: generated against hand-written, forward and finite differences.
        var i = LstmInput.Random(2, 64, 14, 8);
        double[][] generated = [new double[i.MainParams.Length], new double[i.ExtraParams.Length]];
        double[][] handWritten = [new double[i.MainParams.Length], new double[i.ExtraParams.Length]];
        double value = Lstm.ObjectiveGradient(i.MainParams, i.ExtraParams, i.State, i.Sequence, generated[0], generated[1]);
        AdBenchHandWritten.LstmGradient(i.MainParams, i.ExtraParams, i.State, i.Sequence, handWritten[0], handWritten[1]);
        DerivativeAssert.AssertBitIdentical(Lstm.Objective(i.MainParams, i.ExtraParams, i.State, i.Sequence), value, "LSTM value returned by Gradient");
        AssertSameGradient(["mainParams", "extraParams"], handWritten, generated);

        var random = new Random(9);
        double[][] direction = generated.Select(g => g.Select(_ => random.NextDouble() - 0.5).ToArray()).ToArray();
        Lstm.ObjectiveTangent(i.MainParams, i.ExtraParams, i.State, i.Sequence, direction[0], direction[1], out double tangent);
        AssertTangent(tangent, handWritten, direction);
        double numerical = NumericalDiff.DirectionalDerivative(
            flat => { var p = DerivativeAssert.Split(flat, generated.Select(g => g.Length).ToArray()); return Lstm.Objective(p[0], p[1], i.State, i.Sequence); },
            [.. i.MainParams, .. i.ExtraParams], [.. direction.SelectMany(v => v)]);
        DerivativeAssert.AssertClose(numerical, tangent, 1e-7, "LSTM tangent against finite differences along the direction");
    }

    // ---- input files ----

    [Fact]
    public void GmmFileRoundTrips()
    {
        var written = SmallGmm(3, 2, 4, 1.25, 2, 10);
        var text = new StringBuilder();
        text.AppendLine($"{written.D} {written.K} {written.N}");
        foreach (double a in written.Alphas) text.AppendLine(R(a));
        for (int k = 0; k < written.K; k++) text.AppendLine(Row(written.Means, k * written.D, written.D));
        int lSize = written.D * (written.D - 1) / 2;
        for (int k = 0; k < written.K; k++) text.AppendLine(Row(written.Q, k * written.D, written.D) + " " + Row(written.L, k * lSize, lSize));
        text.AppendLine(" ");
        for (int i = 0; i < written.N; i++) text.AppendLine(Row(written.X, i * written.D, written.D) + " ");
        text.AppendLine($"{R(written.Gamma)} {written.M} ");

        var read = WithTemporaryFile(text.ToString(), GmmInput.Parse);
        Assert.Equal((written.D, written.K, written.N, written.Gamma, written.M), (read.D, read.K, read.N, read.Gamma, read.M));
        Assert.Equal(written.Alphas, read.Alphas);
        Assert.Equal(written.Means, read.Means);
        Assert.Equal(written.Q, read.Q);
        Assert.Equal(written.L, read.L);
        Assert.Equal(written.X, read.X);
    }

    [Fact]
    public void LstmFileRoundTrips()
    {
        var written = LstmInput.Random(2, 5, 3, 11);
        string text = $"{written.Layers} {written.C} {written.B}\n\n"
            + string.Join(" ", written.MainParams.Select(R)) + "\n\n"
            + string.Join(" ", written.ExtraParams.Select(R)) + "\n\n"
            + string.Join(" ", written.State.Select(R)) + "\n\n"
            + string.Join(" ", written.Sequence.Select(R)) + "\n";
        var read = WithTemporaryFile(text, LstmInput.Parse);
        Assert.Equal((written.Layers, written.C, written.B), (read.Layers, read.C, read.B));
        Assert.Equal(written.MainParams, read.MainParams);
        Assert.Equal(written.ExtraParams, read.ExtraParams);
        Assert.Equal(written.State, read.State);
        Assert.Equal(written.Sequence, read.Sequence);
    }

    // ---- references: the models written out directly from ADBench's description, with matrices and per-layer arrays ----

    private static double GmmReference(GmmInput input)
    {
        int d = input.D, k = input.K, n = input.N;
        var factors = new double[k][,];
        int lSize = d * (d - 1) / 2;
        for (int ik = 0; ik < k; ik++)
        {
            var factor = new double[d, d];
            for (int r = 0; r < d; r++) factor[r, r] = Math.Exp(input.Q[ik * d + r]);
            int next = ik * lSize;
            for (int column = 0; column < d; column++)
                for (int row = column + 1; row < d; row++)
                    factor[row, column] = input.L[next++];
            factors[ik] = factor;
        }

        static double LogSumExp(IReadOnlyList<double> v)
        {
            double max = v.Max();
            return max + Math.Log(v.Sum(e => Math.Exp(e - max)));
        }

        double total = -n * d * 0.5 * Math.Log(2 * Math.PI);
        for (int i = 0; i < n; i++)
        {
            var terms = new double[k];
            for (int ik = 0; ik < k; ik++)
            {
                double squaredNorm = 0;
                for (int row = 0; row < d; row++)
                {
                    double entry = 0;
                    for (int column = 0; column < d; column++)
                        entry += factors[ik][row, column] * (input.X[i * d + column] - input.Means[ik * d + column]);
                    squaredNorm += entry * entry;
                }
                terms[ik] = input.Alphas[ik] + input.Q.Skip(ik * d).Take(d).Sum() - 0.5 * squaredNorm;
            }
            total += LogSumExp(terms);
        }
        total -= n * LogSumExp(input.Alphas);

        double gamma = input.Gamma;
        int m = input.M, bigN = d + m + 1;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int row = 0; row < d; row++)
                for (int column = 0; column < d; column++)
                    frobenius += factors[ik][row, column] * factors[ik][row, column];
            total += 0.5 * gamma * gamma * frobenius - m * input.Q.Skip(ik * d).Take(d).Sum();
        }
        double logMultivariateGamma = 0.25 * d * (d - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= d; j++) logMultivariateGamma += LogGamma(0.5 * bigN + 0.5 * (1 - j));
        double c = bigN * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - logMultivariateGamma;
        return total - k * c;
    }

    private static double LstmReference(LstmInput input)
    {
        int layers = input.Layers, b = input.B, c = input.C;
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        double[] Block(double[] values, int offset) => values.AsSpan(offset, b).ToArray();

        var hidden = new double[layers][];
        var cell = new double[layers][];
        for (int layer = 0; layer < layers; layer++)
        {
            hidden[layer] = Block(input.State, 2 * b * layer);
            cell[layer] = Block(input.State, 2 * b * layer + b);
        }
        double[] inWeight = Block(input.ExtraParams, 0), outWeight = Block(input.ExtraParams, b), outBias = Block(input.ExtraParams, 2 * b);

        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            double[] character = Block(input.Sequence, t * b);
            double[] layerInput = character.Select((v, i) => v * inWeight[i]).ToArray();
            for (int layer = 0; layer < layers; layer++)
            {
                int offset = 8 * b * layer;
                double[] wForget = Block(input.MainParams, offset), wIn = Block(input.MainParams, offset + b);
                double[] wOut = Block(input.MainParams, offset + 2 * b), wChange = Block(input.MainParams, offset + 3 * b);
                double[] bForget = Block(input.MainParams, offset + 4 * b), bIn = Block(input.MainParams, offset + 5 * b);
                double[] bOut = Block(input.MainParams, offset + 6 * b), bChange = Block(input.MainParams, offset + 7 * b);
                for (int i = 0; i < b; i++)
                {
                    double forget = Sigmoid(layerInput[i] * wForget[i] + bForget[i]);
                    double ingate = Sigmoid(hidden[layer][i] * wIn[i] + bIn[i]);
                    double outgate = Sigmoid(layerInput[i] * wOut[i] + bOut[i]);
                    double change = Math.Tanh(hidden[layer][i] * wChange[i] + bChange[i]);
                    cell[layer][i] = cell[layer][i] * forget + ingate * change;
                    hidden[layer][i] = outgate * Math.Tanh(cell[layer][i]);
                }
                layerInput = hidden[layer];
            }
            double[] prediction = layerInput.Select((h, i) => h * outWeight[i] + outBias[i]).ToArray();
            double sum = 0;
            foreach (double p in prediction) sum += Math.Exp(p);
            sum += 2;
            double lse = Math.Log(sum);
            double[] gold = Block(input.Sequence, (t + 1) * b);
            for (int i = 0; i < b; i++) total += gold[i] * (prediction[i] - lse);
            count += b;
        }
        return -total / count;
    }

    /// <summary>log Γ(x) for x &gt; 0 by Lanczos' approximation (g = 7, 9 terms; about 15 digits).</summary>
    private static double LogGamma(double x)
    {
        double[] coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.Length; i++) sum += coefficients[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    // ---- helpers ----

    private static void AssertSameGradient(string[] names, double[][] handWritten, double[][] generated)
    {
        for (int part = 0; part < names.Length; part++)
        {
            Assert.Equal(handWritten[part].Length, generated[part].Length);
            for (int i = 0; i < handWritten[part].Length; i++)
                DerivativeAssert.AssertClose(handWritten[part][i], generated[part][i], HandWrittenTolerance,
                    $"generated ∂/∂{names[part]}[{i}] against the hand-written gradient");
        }
    }

    private static void AssertTangent(double tangent, double[][] gradient, double[][] direction)
    {
        double expected = 0, scale = 0;
        for (int part = 0; part < gradient.Length; part++)
            for (int i = 0; i < gradient[part].Length; i++)
            {
                expected += gradient[part][i] * direction[part][i];
                scale += Math.Abs(gradient[part][i] * direction[part][i]);
            }
        Assert.True(Math.Abs(tangent - expected) <= 1e-12 * Math.Max(1, scale),
            $"forward tangent {tangent:R}, Σ hand-written gradient·direction {expected:R}");
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Row(double[] values, int offset, int length) => string.Join(" ", values.Skip(offset).Take(length).Select(R));

    private static T WithTemporaryFile<T>(string text, Func<string, T> read)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text);
            return read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
