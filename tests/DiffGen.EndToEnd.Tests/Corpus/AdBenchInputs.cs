using System.Globalization;

namespace DiffGen.AdBench;

// This file is compiled twice: by the end-to-end tests (random small instances) and by the benchmarks (ADBench's files,
// or random instances of the same shapes where the files are absent).

/// <summary>One GMM instance: the parameters (α, μ, q, l) and the constants (x, γ, m), laid out as <see cref="Gmm.Objective"/> reads them.</summary>
public sealed record GmmInput(int D, int K, double[] Alphas, double[] Means, double[] Q, double[] L, double[] X, double Gamma, int M, string Source)
{
    public int N => X.Length / D;

    /// <summary>
    /// ADBench's format (<c>gmm_d{D}_K{K}.txt</c>): <c>D K n</c>; K α; K rows of D means; K rows of D q then D(D−1)/2 l;
    /// n rows of D coordinates; <c>γ m</c>.
    /// </summary>
    public static GmmInput Parse(string path)
    {
        var reader = new Tokens(File.ReadAllText(path));
        int d = reader.Int(), k = reader.Int(), n = reader.Int();
        int lSize = d * (d - 1) / 2;
        double[] alphas = reader.Doubles(k), means = reader.Doubles(k * d);
        double[] q = new double[k * d], l = new double[k * lSize];
        for (int ik = 0; ik < k; ik++)
        {
            reader.Doubles(d).CopyTo(q, ik * d);
            reader.Doubles(lSize).CopyTo(l, ik * lSize);
        }
        double[] x = reader.Doubles(n * d);
        double gamma = reader.Double();
        int m = reader.Int();
        return new GmmInput(d, k, alphas, means, q, l, x, gamma, m, path);
    }

    /// <summary>
    /// A random instance shaped like ADBench's (its generator's distributions): α, q, l and x standard normal, μ uniform
    /// in [0, 1), γ = 1, m = 0. <see cref="Random"/> with a fixed seed: the same numbers on every run and machine.
    /// </summary>
    public static GmmInput Random(int d, int k, int n, int seed)
    {
        var random = new Random(seed);
        int lSize = d * (d - 1) / 2;
        return new GmmInput(d, k,
            Normal(random, k), Uniform(random, k * d), Normal(random, k * d), Normal(random, k * lSize), Normal(random, n * d),
            1.0, 0, $"random (seed {seed})");
    }

    private static double[] Normal(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            // Box–Muller.
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            values[i] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
        }
        return values;
    }

    internal static double[] Uniform(Random random, int length)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = random.NextDouble();
        return values;
    }
}

/// <summary>One LSTM instance: the parameters (main, extra) and the constants (initial state, sequence), as <see cref="Lstm.Objective"/> reads them.</summary>
public sealed record LstmInput(int Layers, int C, int B, double[] MainParams, double[] ExtraParams, double[] State, double[] Sequence, string Source)
{
    /// <summary>
    /// ADBench's format (<c>lstm_l{L}_c{C}.txt</c>): <c>L C B</c>; 2·L·4·B main parameters; 3·B extra parameters;
    /// 2·L·B state values; C·B sequence values.
    /// </summary>
    public static LstmInput Parse(string path)
    {
        var reader = new Tokens(File.ReadAllText(path));
        int layers = reader.Int(), c = reader.Int(), b = reader.Int();
        double[] main = reader.Doubles(2 * layers * 4 * b), extra = reader.Doubles(3 * b);
        double[] state = reader.Doubles(2 * layers * b), sequence = reader.Doubles(c * b);
        return new LstmInput(layers, c, b, main, extra, state, sequence, path);
    }

    /// <summary>
    /// A random instance shaped like ADBench's: parameters and state uniform in [0, 1), the sequence's bits 1 with
    /// probability ¼ (as in ADBench's text encoding, about a quarter of the bits are set). Fixed seed, as for the GMM.
    /// </summary>
    public static LstmInput Random(int layers, int c, int b, int seed)
    {
        var random = new Random(seed);
        double[] main = GmmInput.Uniform(random, 2 * layers * 4 * b), extra = GmmInput.Uniform(random, 3 * b);
        double[] state = GmmInput.Uniform(random, 2 * layers * b);
        var sequence = new double[c * b];
        for (int i = 0; i < sequence.Length; i++) sequence[i] = random.NextDouble() < 0.25 ? 1 : 0;
        return new LstmInput(layers, c, b, main, extra, state, sequence, $"random (seed {seed})");
    }
}

/// <summary>Whitespace-separated numbers, read in order.</summary>
internal sealed class Tokens(string text)
{
    private readonly string[] tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    private int next;

    public double Double()
    {
        if (next >= tokens.Length) throw new FormatException($"The input ends after {tokens.Length} numbers; more were expected.");
        return double.Parse(tokens[next++], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public int Int() => checked((int)Double());

    public double[] Doubles(int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = Double();
        return values;
    }
}
