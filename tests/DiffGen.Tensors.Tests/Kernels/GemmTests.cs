using DiffGen.Tensors.Kernels;

namespace DiffGen.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="Gemm"/> against a naive double-precision product: every transpose combination, overwrite and accumulate,
/// odd and degenerate sizes, padded row strides, float and double, each code path, one thread and many, batches.
/// </summary>
/// <remarks>
/// One class (xunit runs a class's tests one after another): the tests set <see cref="Gemm.MaxThreads"/> and the
/// internal path switch, which are process-wide; so no other class runs alongside (a convolution test that compares
/// two results bit for bit would see the path change between them).
/// </remarks>
[Collection(nameof(GemmTests))]
public sealed class GemmTests : IDisposable
{
    public void Dispose()
    {
        Gemm.MaxThreads = Environment.ProcessorCount;
        Gemm.ForcedPath = 0;
    }

    /// <summary>m, n, k: odd sizes around the micro-tile (8 or 6 rows × 32/16/8 columns) and the 256-deep k block.</summary>
    public static TheoryData<int, int, int> Sizes() => new()
    {
        { 1, 1, 1 }, { 1, 17, 3 }, { 3, 1, 7 }, { 7, 3, 1 }, { 17, 63, 65 }, { 63, 65, 17 }, { 65, 129, 7 },
        { 9, 33, 257 }, { 129, 17, 300 }, { 64, 256, 784 }, { 130, 520, 33 }, { 33, 1, 129 }, { 1, 129, 513 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Double_AllTransposes_MatchReference(int m, int n, int k)
    {
        foreach (int path in Paths())
            foreach (int threads in new[] { 1, 4 })
                CheckAll<double>(m, n, k, path, threads, padding: 0, tolerance: 1e-12);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Float_AllTransposes_MatchReference(int m, int n, int k)
    {
        // float accumulation: a relative error per term of about 2⁻²⁴, growing at worst like k (and like √k in
        // practice), measured against the sum of |terms| (not the result, which can cancel).
        foreach (int path in Paths())
            foreach (int threads in new[] { 1, 4 })
                CheckAll<float>(m, n, k, path, threads, padding: 0, tolerance: 1e-6 * (k + 4));
    }

    [Theory]
    [InlineData(17, 63, 65)]
    [InlineData(65, 33, 260)]
    [InlineData(1, 40, 9)]
    public void PaddedLeadingDimensions_MatchReference(int m, int n, int k)
    {
        foreach (int path in Paths())
            foreach (int threads in new[] { 1, 3 })
            {
                CheckAll<double>(m, n, k, path, threads, padding: 5, tolerance: 1e-12);
                CheckAll<float>(m, n, k, path, threads, padding: 3, tolerance: 1e-6 * (k + 4));
            }
    }

    [Fact]
    public void LargeProduct_MultiThreaded_MatchesSingleThreaded()
    {
        // Big enough to be split over threads (m·n·k ≥ 2¹⁸) by rows (tall) and by columns (wide).
        foreach (var (m, n, k) in new[] { (300, 70, 200), (40, 300, 150) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    var (a, b, _) = Operands<float>(m, n, k, ta, tb, 0, seed: m + n);
                    Gemm.MaxThreads = 1;
                    var one = new float[m * n];
                    Gemm.Multiply<float>(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, one, n, false);
                    Gemm.MaxThreads = 8;
                    var many = new float[m * n];
                    Gemm.Multiply<float>(ta, tb, m, n, k, a, ta ? m : k, b, tb ? k : n, many, n, false);
                    // Each element is computed by one thread with the same blocking: bit-identical.
                    Assert.Equal(one, many);
                    Check(m, n, k, ta, tb, a, ta ? m : k, b, tb ? k : n, null, many, n, false, 1e-6 * (k + 4), "many threads");
                }
    }

    [Fact]
    public void ZeroSizes()
    {
        var c = new double[] { 5, 5, 5, 5 };
        // k = 0: an empty sum, so C = 0 (or unchanged when accumulating).
        Gemm.Multiply<double>(false, false, 2, 2, 0, [], 0, [], 2, c, 2, accumulate: true);
        Assert.Equal([5, 5, 5, 5], c);
        Gemm.Multiply<double>(false, false, 2, 2, 0, [], 0, [], 2, c, 2, accumulate: false);
        Assert.Equal([0, 0, 0, 0], c);
        Gemm.Multiply<double>(false, false, 0, 0, 3, [], 3, [], 0, [], 0, accumulate: false);
    }

    [Fact]
    public void OverwriteIgnoresNaNsInC()
    {
        var (a, b, _) = Operands<double>(9, 35, 5, false, false, 0, seed: 3);
        var c = Enumerable.Repeat(double.NaN, 9 * 35).ToArray();
        Gemm.Multiply<double>(false, false, 9, 35, 5, a, 5, b, 35, c, 35, accumulate: false);
        Assert.All(c, x => Assert.True(double.IsFinite(x)));
    }

    [Fact]
    public void OtherElementType_UsesScalarPath()
    {
        Half[] a = [(Half)1, (Half)2, (Half)3, (Half)4], b = [(Half)5, (Half)6, (Half)7, (Half)8];
        var c = new Half[4];
        Gemm.Multiply<Half>(false, true, 2, 2, 2, a, 2, b, 2, c, 2, false);
        Assert.Equal([(Half)17, (Half)23, (Half)39, (Half)53], c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Batched_MatchesReference(bool ta, bool tb)
    {
        foreach (var (batch, m, n, k) in new[] { (5, 7, 9, 11), (3, 40, 70, 100), (1, 3, 3, 3) })
            foreach (bool broadcastB in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                    foreach (int threads in new[] { 1, 4 })
                    {
                        Gemm.MaxThreads = threads;
                        int sa = m * k + 2, sb = broadcastB ? 0 : k * n + 1, sc = m * n + 3;
                        double[] a = Random(sa * (batch - 1) + m * k, 11), b = Random(broadcastB ? k * n : sb * (batch - 1) + k * n, 12);
                        double[] c = Random(sc * (batch - 1) + m * n, 13), before = (double[])c.Clone();
                        Gemm.MultiplyBatched<double>(ta, tb, batch, m, n, k, a, sa, b, sb, c, sc, accumulate);
                        for (int i = 0; i < batch; i++)
                        {
                            Check(m, n, k, ta, tb, a.AsSpan(i * sa), ta ? m : k, b.AsSpan(i * sb), tb ? k : n,
                                before.AsSpan(i * sc), c.AsSpan(i * sc), n, accumulate, 1e-12, $"batch {i}/{batch}");
                        }
                        // The gaps between results are untouched.
                        for (int i = 0; i + 1 < batch; i++)
                            for (int g = m * n; g < sc; g++) Assert.Equal(before[i * sc + g], c[i * sc + g]);
                    }
    }

    [Fact]
    public void BatchedSmallProducts_ManyThreads_MatchReference()
    {
        // Many small products: split over threads by whole products.
        const int batch = 64, m = 16, n = 24, k = 32;
        Gemm.MaxThreads = 4;
        float[] a = RandomF(batch * m * k, 21), b = RandomF(k * n, 22), c = new float[batch * m * n];
        Gemm.MultiplyBatched<float>(false, false, batch, m, n, k, a, m * k, b, 0, c, m * n, false);
        for (int i = 0; i < batch; i++)
        {
            Check(m, n, k, false, false, a.AsSpan(i * m * k), k, b, n, null, c.AsSpan(i * m * n), n, false, 1e-6 * (k + 4), $"batch {i}");
        }
    }

    [Fact]
    public void BadArguments_Throw_WithoutWriting()
    {
        var a = new double[12];
        var b = new double[12];
        var c = Enumerable.Repeat(7.0, 16).ToArray();

        void Throws(string parameter, Action call)
        {
            var e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Equal(parameter, e.ParamName);
            Assert.All(c, x => Assert.Equal(7.0, x));
        }

        // 3×4 · 4×3 = 3×3 fits.
        Gemm.Multiply<double>(false, false, 3, 3, 4, a, 4, b, 3, new double[9], 3, false);
        Throws("m", () => Gemm.Multiply<double>(false, false, -1, 3, 4, a, 4, b, 3, c, 3, false));
        Throws("n", () => Gemm.Multiply<double>(false, false, 3, -1, 4, a, 4, b, 3, c, 3, false));
        Throws("k", () => Gemm.Multiply<double>(false, false, 3, 3, -4, a, 4, b, 3, c, 3, false));
        Throws("lda", () => Gemm.Multiply<double>(false, false, 3, 3, 4, a, 3, b, 3, c, 3, false));
        Throws("lda", () => Gemm.Multiply<double>(true, false, 4, 3, 3, a, 3, b, 3, c, 4, false));
        Throws("ldb", () => Gemm.Multiply<double>(false, true, 3, 3, 4, a, 4, b, 3, c, 3, false));
        Throws("ldc", () => Gemm.Multiply<double>(false, false, 3, 3, 4, a, 4, b, 3, c, 2, false));
        Throws("a", () => Gemm.Multiply<double>(false, false, 3, 3, 4, a, 5, b, 3, c, 3, false));
        Throws("b", () => Gemm.Multiply<double>(false, false, 3, 4, 4, a, 4, b, 4, c, 4, false));
        Throws("c", () => Gemm.Multiply<double>(false, false, 3, 3, 4, a, 4, b, 3, c, 7, false));
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(false, false, 3, 3, 4, a, 4, b, 3, c, 7, false));
        Assert.Contains("16", e.Message);
        Assert.Contains("17", e.Message);

        Throws("batch", () => Gemm.MultiplyBatched<double>(false, false, -1, 2, 2, 2, a, 4, b, 4, c, 4, false));
        Throws("strideA", () => Gemm.MultiplyBatched<double>(false, false, 2, 2, 2, 2, a, -4, b, 4, c, 4, false));
        Throws("strideB", () => Gemm.MultiplyBatched<double>(false, false, 2, 2, 2, 2, a, 4, b, -1, c, 4, false));
        Throws("strideC", () => Gemm.MultiplyBatched<double>(false, false, 2, 2, 2, 2, a, 4, b, 4, c, 3, false));
        Throws("a", () => Gemm.MultiplyBatched<double>(false, false, 3, 2, 2, 2, a, 5, b, 4, c, 4, false));
        Throws("b", () => Gemm.MultiplyBatched<double>(false, false, 4, 2, 2, 2, a, 2, b, 4, c, 4, false));
        Throws("c", () => Gemm.MultiplyBatched<double>(false, false, 5, 2, 2, 2, a, 2, b, 0, c, 4, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
    }

    /// <summary>The code paths this machine can run: auto, 256-bit when accelerated, scalar.</summary>
    private static int[] Paths() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? [0, 256, 1]
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? [0, 1] : [0];

    private static void CheckAll<T>(int m, int n, int k, int path, int threads, int padding, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Gemm.ForcedPath = path;
        Gemm.MaxThreads = threads;
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                {
                    var (a, b, c) = Operands<T>(m, n, k, ta, tb, padding, seed: m * 31 + n * 7 + k);
                    int lda = (ta ? m : k) + padding, ldb = (tb ? k : n) + padding, ldc = n + padding;
                    var before = (T[])c.Clone();
                    Gemm.Multiply<T>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
                    string what = $"{typeof(T).Name} m={m} n={n} k={k} ta={ta} tb={tb} acc={accumulate} path={path} threads={threads} pad={padding}";
                    Check<T>(m, n, k, ta, tb, a, lda, b, ldb, before, c, ldc, accumulate, tolerance, what);
                    // The padding of C's rows is untouched.
                    for (int i = 0; i < m; i++)
                        for (int j = n; j < ldc && i * ldc + j < c.Length; j++) Assert.Equal(before[i * ldc + j], c[i * ldc + j]);
                }
    }

    private static (T[] A, T[] B, T[] C) Operands<T>(int m, int n, int k, bool ta, bool tb, int padding, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        T[] Make(int rows, int cols, int s) =>
            [.. Random(Math.Max(0, (rows - 1) * (cols + padding) + cols), s).Select(T.CreateChecked)];
        return (Make(aRows, aCols, seed), Make(bRows, bCols, seed + 1), Make(m, n, seed + 2));
    }

    private static double[] Random(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() * 2 - 1)];
    }

    private static float[] RandomF(int length, int seed) => [.. Random(length, seed).Select(x => (float)x)];

    /// <summary>
    /// Compares C with the double-precision reference; the error is measured relative to Σ|terms| (+ |C before|), the
    /// scale on which rounding errors accumulate.
    /// </summary>
    private static void Check<T>(int m, int n, int k, bool ta, bool tb, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        ReadOnlySpan<T> before, ReadOnlySpan<T> c, int ldc, bool accumulate, double tolerance, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, scale = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateChecked(ta ? a[p * lda + i] : a[i * lda + p]);
                    double y = double.CreateChecked(tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += x * y;
                    scale += Math.Abs(x * y);
                }
                if (accumulate)
                {
                    double c0 = double.CreateChecked(before[i * ldc + j]);
                    sum += c0;
                    scale += Math.Abs(c0);
                }
                double got = double.CreateChecked(c[i * ldc + j]);
                double error = Math.Abs(got - sum);
                if (!(error <= tolerance * Math.Max(scale, 1e-300)))
                {
                    Assert.Fail($"{what}: C[{i},{j}] = {got:R}, expected {sum:R} (error {error:E2}, scale {scale:E2}, tolerance {tolerance:E2})");
                }
            }
    }
}

/// <summary>Runs <see cref="GemmTests"/> while no other test runs: they change process-wide settings of the product.</summary>
[CollectionDefinition(nameof(GemmTests), DisableParallelization = true)]
public sealed class GemmTestsCollection;
