using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

namespace DiffGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/DiffGen.Benchmarks -- --smoke</c>: calls every benchmark once and checks
/// that generated and hand-written gradients agree (seconds; for CI). Without <c>--smoke</c>: BenchmarkDotNet, all
/// benchmarks unless a <c>--filter</c> is given. <c>--sizes d2_K5,l4_c1024</c> (either mode) keeps only those GMM and
/// LSTM sizes; every other argument goes to BenchmarkDotNet unchanged. See README.md.
/// </summary>
public static class Program
{
    /// <summary>Every benchmark, one instance per size of the sized ones (GMM, LSTM).</summary>
    private static IGradientBenchmark[] All() =>
    [
        new DotBenchmark(), new LogSumExpBenchmark(), new PerceptronBenchmark(), new RosenbrockBenchmark(), new VectorizedLogSumExpBenchmark(),
        new TinyRosenbrockBenchmark(), new TinyRosenbrockArrayBenchmark(), new TinyHornerBenchmark(),
        new LayerModelBenchmark(), new SpringChainBenchmark(), new DenseReluBenchmark(), new TensorOperationBenchmark(),
        .. GmmBenchmark.SelectedSizes().Select(size => new GmmBenchmark { Size = size }),
        .. LstmBenchmark.SelectedSizes().Select(size => new LstmBenchmark { Size = size }),
        // The smallest product on all cores only: the smoke run stays fast (its check covers every transpose).
        new GemmBenchmark { Size = GemmBenchmark.Sizes[0], Threads = Environment.ProcessorCount },
    ];

    public static int Main(string[] args)
    {
        // --sizes d2_K5,l4_c1024: only these GMM and LSTM sizes (BenchmarkDotNet's --filter sees methods, not parameters).
        int sizes = Array.IndexOf(args, "--sizes");
        if (sizes >= 0)
        {
            if (sizes + 1 >= args.Length) return Usage("--sizes needs a comma-separated list of sizes.");
            var selected = args[sizes + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
            var unknown = selected.Except([.. GmmBenchmark.Sizes, .. LstmBenchmark.Sizes]).ToList();
            if (unknown.Count > 0 || selected.Count == 0)
            {
                return Usage($"Unknown size(s) {string.Join(", ", unknown)}; the sizes are {string.Join(", ", GmmBenchmark.Sizes)} and {string.Join(", ", LstmBenchmark.Sizes)}.");
            }
            AdBenchData.SelectedSizes = selected;
            args = [.. args[..sizes], .. args[(sizes + 2)..]];
        }

        if (args.Contains("--smoke")) return Smoke();

        // Checked here once, before any measurement; each benchmark's [GlobalSetup] checks again in its own process.
        foreach (var benchmark in All()) benchmark.Setup();
        Console.WriteLine($"ADBench inputs: {AdBenchData.Directory ?? $"no data folder; random instances, seed {AdBenchData.RandomSeed}"}");

        // Without a filter BenchmarkDotNet would ask interactively which benchmark to run.
        string[] selecting = ["--filter", "-f", "--list", "--info", "--help", "-h", "--version"];
        if (!args.Any(selecting.Contains)) args = [.. args, "--filter", "*"];

        // The default config already exports CSV, GitHub markdown and HTML; JSON (every measurement, the statistics and
        // the bytes allocated per operation) is what docs/benchmarks.md's generator reads.
        IConfig config = DefaultConfig.Instance.AddExporter(JsonExporter.Full);

        // Few, short iterations (3 warm-up and 10 measured ones of about 200 ms each) keep the full run (72 benchmarks) to
        // about 6 minutes on a shared two-core machine; a --job on the command line replaces this job.
        if (!args.Any(a => a is "--job" or "-j"))
        {
            config = config.AddJob(Job.Default
                .WithWarmupCount(3).WithIterationCount(10).WithIterationTime(TimeInterval.FromMilliseconds(200)));
        }
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static int Smoke()
    {
        var stopwatch = Stopwatch.StartNew();
        int passed = 0;
        foreach (var benchmark in All())
        {
            long start = stopwatch.ElapsedMilliseconds;
            string name = benchmark switch
            {
                GmmBenchmark gmm => $"{nameof(GmmBenchmark)}({gmm.Size})",
                LstmBenchmark lstm => $"{nameof(LstmBenchmark)}({lstm.Size})",
                GemmBenchmark gemm => $"{nameof(GemmBenchmark)}({gemm.Size}, threads={gemm.Threads})",
                _ => benchmark.GetType().Name,
            };
            benchmark.Setup();
            string source = benchmark switch
            {
                GmmBenchmark gmm => $" on {gmm.Source}",
                LstmBenchmark lstm => $" on {lstm.Source}",
                _ => "",
            };
            var methods = benchmark.GetType().GetMethods()
                .Where(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0);
            foreach (var method in methods)
            {
                object? result = method.Invoke(benchmark, null);
                if (result is not double value || !double.IsFinite(value))
                {
                    throw new InvalidOperationException($"{name}.{method.Name} returned {result}.");
                }
                Console.WriteLine($"{name}.{method.Name}: {value:R}");
                passed++;
            }
            benchmark.Verify();
            string agree = benchmark switch
            {
                GemmBenchmark => "the kernel agrees with the naive product",
                TensorOperationBenchmark => "gradients return the primal's values, bias gradients as expected",
                _ => "generated and hand-written gradients agree",
            };
            Console.WriteLine($"{name}: {agree}{source} ({stopwatch.ElapsedMilliseconds - start} ms)");
        }
        Console.WriteLine($"Smoke run: {passed} benchmark methods called, all gradients agree ({stopwatch.ElapsedMilliseconds} ms).");
        return 0;
    }
}
