using BenchmarkDotNet.Attributes;
using DiffGen.AdBench;

namespace DiffGen.Benchmarks;

/// <summary>
/// Where ADBench's input files are: <c>../shared/data/adbench</c> beside the repository root (the folder holding
/// DiffGen.sln), or the folder named by the environment variable <c>DIFFGEN_ADBENCH_DATA</c>. The files are not in the
/// repository; where a file is missing (a user's clone has none), the benchmarks use a random instance of the same shape
/// with the fixed seed <see cref="RandomSeed"/>, so every run still measures the same numbers.
/// </summary>
public static class AdBenchData
{
    /// <summary>The seed of <see cref="System.Random"/> for every random instance (GMM and LSTM, all sizes).</summary>
    public const int RandomSeed = 20_150_501;

    public const string EnvironmentVariable = "DIFFGEN_ADBENCH_DATA";

    private static readonly Lazy<string?> Folder = new(FindFolder);

    /// <summary>The sizes <c>--sizes</c> selected (null: all). BenchmarkDotNet reads the sizes in the host process.</summary>
    public static IReadOnlySet<string>? SelectedSizes { get; set; }

    /// <summary>
    /// The sizes of one class that the selection keeps: all of them when the selection names none of that class's sizes,
    /// so that <c>--sizes d64_K25</c> narrows the GMM benchmarks and leaves the LSTM ones whole.
    /// </summary>
    public static IEnumerable<string> Select(string[] sizes)
        => SelectedSizes is { } selected && sizes.Any(selected.Contains) ? sizes.Where(selected.Contains) : sizes;

    /// <summary>The data folder, or null when there is none.</summary>
    public static string? Directory => Folder.Value;

    public static GmmInput Gmm(int d, int k, int n = 1000)
    {
        string? path = Directory is null ? null : Path.Combine(Directory, "gmm", $"gmm_d{d}_K{k}.txt");
        if (path is not null && File.Exists(path))
        {
            var input = GmmInput.Parse(path);
            if (input.D != d || input.K != k || input.N != n)
            {
                throw new InvalidDataException($"{path} holds D={input.D}, K={input.K}, n={input.N}; expected {d}, {k}, {n}.");
            }
            return input;
        }
        return GmmInput.Random(d, k, n, RandomSeed);
    }

    public static LstmInput Lstm(int layers, int c, int b = 14)
    {
        string? path = Directory is null ? null : Path.Combine(Directory, "lstm", $"lstm_l{layers}_c{c}.txt");
        if (path is not null && File.Exists(path))
        {
            var input = LstmInput.Parse(path);
            if (input.Layers != layers || input.C != c)
            {
                throw new InvalidDataException($"{path} holds l={input.Layers}, c={input.C}; expected {layers}, {c}.");
            }
            return input;
        }
        return LstmInput.Random(layers, c, b, RandomSeed);
    }

    private static string? FindFolder()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured)) return System.IO.Directory.Exists(configured) ? configured : null;

        // BenchmarkDotNet runs each benchmark from a generated project under bin/, so search upwards from both the
        // working directory and the binaries.
        foreach (string start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "DiffGen.sln")))
                {
                    string data = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data", "adbench"));
                    return System.IO.Directory.Exists(data) ? data : null;
                }
            }
        }
        return null;
    }
}

/// <summary>
/// ADBench's GMM objective (<see cref="Gmm.Objective"/>), n = 1000 points, for D ∈ {2, 10, 20, 64} and K ∈ {5, 10, 25}.
/// The gradient is with respect to α, μ, q and l (ADBench's J); Primal is its F.
/// </summary>
[MemoryDiagnoser]
public class GmmBenchmark : IGradientBenchmark
{
    /// <summary>Every size, "d{D}_K{K}", smallest first.</summary>
    public static readonly string[] Sizes =
    [
        "d2_K5", "d2_K10", "d2_K25",
        "d10_K5", "d10_K10", "d10_K25",
        "d20_K5", "d20_K10", "d20_K25",
        "d64_K5", "d64_K10", "d64_K25",
    ];

    public static IEnumerable<string> SelectedSizes() => AdBenchData.Select(Sizes);

    [ParamsSource(nameof(SelectedSizes))]
    public string Size { get; set; } = "d2_K5";

    private GmmInput input = null!;
    private double[] dAlphas = [], dMeans = [], dQ = [], dL = [];
    private double[] tAlphas = [], tMeans = [], tQ = [], tL = [];

    /// <summary>Where the inputs came from: an ADBench file or a random instance.</summary>
    public string Source => input.Source;

    [GlobalSetup]
    public void Setup()
    {
        var (d, k) = ParseSize(Size);
        input = AdBenchData.Gmm(d, k);
        dAlphas = new double[input.Alphas.Length];
        dMeans = new double[input.Means.Length];
        dQ = new double[input.Q.Length];
        dL = new double[input.L.Length];
        tAlphas = Inputs.Uniform(dAlphas.Length, 16);
        tMeans = Inputs.Uniform(dMeans.Length, 17);
        tQ = Inputs.Uniform(dQ.Length, 18);
        tL = Inputs.Uniform(dL.Length, 19);
        Verify();
    }

    public static (int D, int K) ParseSize(string size)
    {
        string[] parts = size.Split('_');
        return (int.Parse(parts[0].AsSpan(1)), int.Parse(parts[1].AsSpan(1)));
    }

    public void Verify()
    {
        var i = input;
        double[] gA = new double[dAlphas.Length], gM = new double[dMeans.Length], gQ = new double[dQ.Length], gL = new double[dL.Length];
        double[] hA = new double[dAlphas.Length], hM = new double[dMeans.Length], hQ = new double[dQ.Length], hL = new double[dL.Length];
        double primal = Gmm.Objective(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D);
        double generated = Gmm.ObjectiveGradient(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, gA, gM, gQ, gL);
        double handWritten = AdBenchHandWritten.GmmGradient(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, hA, hM, hQ, hL);
        string what = $"GMM {Size}";
        if (generated != primal) throw new InvalidOperationException($"{what}: Gradient returned {generated:R}, the objective {primal:R}.");
        Agreement.Check($"{what} value", generated, handWritten);
        Agreement.Check($"{what} dAlphas", gA, hA);
        Agreement.Check($"{what} dMeans", gM, hM);
        Agreement.Check($"{what} dQ", gQ, hQ);
        Agreement.Check($"{what} dL", gL, hL);
        double value = Gmm.ObjectiveTangent(i.Alphas, i.Means, i.Q, i.L, i.X, i.Gamma, i.M, i.D, tAlphas, tMeans, tQ, tL, out double tangent);
        if (value != primal) throw new InvalidOperationException($"{what}: Tangent returned {value:R}, the objective {primal:R}.");
        Agreement.CheckTangent($"{what} tangent", tangent, (hA, tAlphas), (hM, tMeans), (hQ, tQ), (hL, tL));
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Gmm.Objective(input.Alphas, input.Means, input.Q, input.L, input.X, input.Gamma, input.M, input.D);

    [Benchmark]
    public double GeneratedGradient()
        => Gmm.ObjectiveGradient(input.Alphas, input.Means, input.Q, input.L, input.X, input.Gamma, input.M, input.D, dAlphas, dMeans, dQ, dL);

    [Benchmark]
    public double HandWrittenGradient()
        => AdBenchHandWritten.GmmGradient(input.Alphas, input.Means, input.Q, input.L, input.X, input.Gamma, input.M, input.D, dAlphas, dMeans, dQ, dL);

    [Benchmark]
    public double GeneratedTangent()
    {
        Gmm.ObjectiveTangent(input.Alphas, input.Means, input.Q, input.L, input.X, input.Gamma, input.M, input.D, tAlphas, tMeans, tQ, tL, out double tangent);
        return tangent;
    }
}

/// <summary>
/// ADBench's LSTM objective (<see cref="Lstm.Objective"/>), c = 1024 characters of b = 14 bits, l ∈ {2, 4} layers; the
/// gradient is with respect to the main and extra parameters (ADBench's J).
/// </summary>
[MemoryDiagnoser]
public class LstmBenchmark : IGradientBenchmark
{
    public static readonly string[] Sizes = ["l2_c1024", "l4_c1024"];

    public static IEnumerable<string> SelectedSizes() => AdBenchData.Select(Sizes);

    [ParamsSource(nameof(SelectedSizes))]
    public string Size { get; set; } = "l2_c1024";

    private LstmInput input = null!;
    private double[] dMain = [], dExtra = [], tMain = [], tExtra = [];

    public string Source => input.Source;

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Size.Split('_');
        input = AdBenchData.Lstm(int.Parse(parts[0].AsSpan(1)), int.Parse(parts[1].AsSpan(1)));
        dMain = new double[input.MainParams.Length];
        dExtra = new double[input.ExtraParams.Length];
        tMain = Inputs.Uniform(dMain.Length, 20);
        tExtra = Inputs.Uniform(dExtra.Length, 21);
        Verify();
    }

    public void Verify()
    {
        var i = input;
        double[] gMain = new double[dMain.Length], gExtra = new double[dExtra.Length];
        double[] hMain = new double[dMain.Length], hExtra = new double[dExtra.Length];
        double primal = Lstm.Objective(i.MainParams, i.ExtraParams, i.State, i.Sequence);
        double generated = Lstm.ObjectiveGradient(i.MainParams, i.ExtraParams, i.State, i.Sequence, gMain, gExtra);
        double handWritten = AdBenchHandWritten.LstmGradient(i.MainParams, i.ExtraParams, i.State, i.Sequence, hMain, hExtra);
        string what = $"LSTM {Size}";
        if (generated != primal) throw new InvalidOperationException($"{what}: Gradient returned {generated:R}, the objective {primal:R}.");
        Agreement.Check($"{what} value", generated, handWritten);
        Agreement.Check($"{what} dMainParams", gMain, hMain);
        Agreement.Check($"{what} dExtraParams", gExtra, hExtra);
        double value = Lstm.ObjectiveTangent(i.MainParams, i.ExtraParams, i.State, i.Sequence, tMain, tExtra, out double tangent);
        if (value != primal) throw new InvalidOperationException($"{what}: Tangent returned {value:R}, the objective {primal:R}.");
        Agreement.CheckTangent($"{what} tangent", tangent, (hMain, tMain), (hExtra, tExtra));
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Lstm.Objective(input.MainParams, input.ExtraParams, input.State, input.Sequence);

    [Benchmark]
    public double GeneratedGradient() => Lstm.ObjectiveGradient(input.MainParams, input.ExtraParams, input.State, input.Sequence, dMain, dExtra);

    [Benchmark]
    public double HandWrittenGradient() => AdBenchHandWritten.LstmGradient(input.MainParams, input.ExtraParams, input.State, input.Sequence, dMain, dExtra);

    [Benchmark]
    public double GeneratedTangent()
    {
        Lstm.ObjectiveTangent(input.MainParams, input.ExtraParams, input.State, input.Sequence, tMain, tExtra, out double tangent);
        return tangent;
    }
}
