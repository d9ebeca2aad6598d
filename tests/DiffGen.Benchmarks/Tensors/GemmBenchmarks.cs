using BenchmarkDotNet.Attributes;
using DiffGen.Tensors.Kernels;

namespace DiffGen.Benchmarks;

/// <summary>
/// The tensor library's float32 matrix product <see cref="Gemm.Multiply{T}"/>, C (m×n) = A (m×k) · B (k×n), on the
/// sizes build/peers/torch_tensor_bench.py gives <c>torch.mm</c>: a batch of 64 Fashion-MNIST images times a 784×256
/// weight, and square 256, 512 and 1024; on one thread and on all cores (<see cref="Gemm.MaxThreads"/>).
/// </summary>
public class GemmBenchmark : IGradientBenchmark
{
    /// <summary>m×k×n, as the PyTorch peer's keys write them.</summary>
    public static readonly string[] Sizes = ["64x784x256", "256x256x256", "512x512x512", "1024x1024x1024"];

    /// <summary>1 and all cores (only 1 on a one-core machine).</summary>
    public static IEnumerable<int> ThreadCounts() => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    [ParamsSource(nameof(SizeValues))]
    public string Size { get; set; } = Sizes[0];

    public static IEnumerable<string> SizeValues() => Sizes;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; } = 1;

    private int m, k, n;
    private float[] a = [], b = [], c = [];

    [GlobalSetup]
    public void Setup()
    {
        int[] mkn = [.. Size.Split('x').Select(int.Parse)];
        (m, k, n) = (mkn[0], mkn[1], mkn[2]);
        a = Floats(m * k, 31);
        b = Floats(k * n, 32);
        c = new float[m * n];
        Gemm.MaxThreads = Threads;
        Verify();
    }

    /// <summary>
    /// Checks the kernel against a naive double-precision product: in full on a small odd size (all four transposes),
    /// and on 64 sampled entries of this size's product.
    /// </summary>
    public void Verify()
    {
        const int sm = 37, sk = 53, sn = 45;
        float[] sa = Floats(sm * sk, 33), sb = Floats(sk * sn, 34);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var sc = new float[sm * sn];
                Gemm.Multiply<float>(ta, tb, sm, sn, sk, sa, ta ? sm : sk, sb, tb ? sk : sn, sc, sn, false);
                for (int i = 0; i < sm; i++)
                    for (int j = 0; j < sn; j++)
                    {
                        double expected = 0, scale = 0;
                        for (int p = 0; p < sk; p++)
                        {
                            double x = ta ? sa[p * sm + i] : sa[i * sk + p], y = tb ? sb[j * sk + p] : sb[p * sn + j];
                            expected += x * y;
                            scale += Math.Abs(x * y);
                        }
                        Near($"Gemm {sm}x{sk}x{sn} ta={ta} tb={tb} C[{i},{j}]", sc[i * sn + j], expected, scale, sk);
                    }
            }

        var random = new Random(35);
        Gemm.Multiply<float>(false, false, m, n, k, a, k, b, n, c, n, false);
        for (int s = 0; s < 64; s++)
        {
            int i = random.Next(m), j = random.Next(n);
            double expected = 0, scale = 0;
            for (int p = 0; p < k; p++)
            {
                double term = (double)a[i * k + p] * b[p * n + j];
                expected += term;
                scale += Math.Abs(term);
            }
            Near($"Gemm {Size} C[{i},{j}]", c[i * n + j], expected, scale, k);
        }
    }

    /// <summary>C = A·B; returns one entry so that the call is not optimized away.</summary>
    [Benchmark]
    public double Multiply()
    {
        Gemm.Multiply<float>(false, false, m, n, k, a, k, b, n, c, n, false);
        return c[c.Length - 1];
    }

    /// <summary>float accumulation over k terms: within about k·2⁻²⁴ of Σ|terms| (with a margin).</summary>
    private static void Near(string what, float got, double expected, double scale, int k)
    {
        if (!(Math.Abs(got - expected) <= 1e-6 * (k + 4) * Math.Max(scale, 1e-30)))
        {
            throw new InvalidOperationException($"{what} = {got:R}, naive product {expected:R}.");
        }
    }

    private static float[] Floats(int length, int seed) => [.. Inputs.Uniform(length, seed).Select(x => (float)x)];
}
