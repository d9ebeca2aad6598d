using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DiffGen.Tensors.Kernels;

/// <summary>
/// General matrix product over row-major spans: C = op(A)·op(B) (+ C when accumulating), op(X) = X or Xᵀ.
/// A is m×k after op (stored k×m when transposed), B is k×n after op, C is m×n; lda/ldb/ldc are the row strides of the
/// stored matrices.
/// </summary>
/// <remarks>
/// float and double run a blocked kernel (GotoBLAS/BLIS layout): B is packed in kc×nc blocks that stay in L2, A in
/// micro-panels of MR rows that stay in L1, and a register-tiled micro-kernel (MR rows × two SIMD vectors of columns,
/// fused multiply-add) computes each tile of C. Large products are split over threads by blocks of rows or columns of C.
/// Other element types use a scalar loop.
/// </remarks>
public static unsafe class Gemm
{
    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The most threads one product uses (default <see cref="Environment.ProcessorCount"/>; 1 = single-threaded).
    /// Products smaller than about 2¹⁸ multiply-adds always run on the calling thread.
    /// </summary>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one thread.");
    }

    /// <summary>Set on a thread that is itself one of a kernel's workers (a convolution split over its batch).</summary>
    [ThreadStatic] private static bool onWorker;

    /// <summary>
    /// Products on this thread only until the scope is disposed: a kernel that splits its own work over threads runs
    /// its products inside (threads within threads would only contend), and so does a caller that must not allocate
    /// (handing work to other threads allocates).
    /// </summary>
    internal static WorkerScope OnThisThread()
    {
        var scope = new WorkerScope(onWorker);
        onWorker = true;
        return scope;
    }

    /// <summary>Restores the thread's setting of <see cref="OnThisThread"/>.</summary>
    internal readonly struct WorkerScope(bool previous) : IDisposable
    {
        public void Dispose() => onWorker = previous;
    }

    /// <summary>Whether this thread is inside an <see cref="OnThisThread"/> scope (a kernel's worker, or a caller that must not allocate).</summary>
    internal static bool OnWorker => onWorker;

    /// <summary>The threads a product started on this thread may use.</summary>
    private static int ThreadsHere => onWorker ? 1 : MaxThreads;

    /// <summary>Below this many multiply-adds (m·n·k) a product runs on one thread: the hand-off would cost more.</summary>
    private const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// Forces a code path, for tests: 0 = the widest the hardware accelerates, 512 or 256 = that vector width (only if
    /// accelerated), 1 = the scalar loop.
    /// </summary>
    internal static int ForcedPath { get; set; }

    /// <summary>C (m×n, row stride ldc) = op(A)·op(B), or += when <paramref name="accumulate"/>.</summary>
    /// <exception cref="ArgumentException">A size is negative, a row stride is shorter than its row, or a span is too
    /// short for the sizes and strides; nothing is written then.</exception>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(m, n, k);
        CheckMatrix(a.Length, transposeA ? k : m, transposeA ? m : k, lda, 1, 0, nameof(a), nameof(lda));
        CheckMatrix(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, 1, 0, nameof(b), nameof(ldb));
        CheckMatrix(c.Length, m, n, ldc, 1, 0, nameof(c), nameof(ldc));
        if (m == 0 || n == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            var problem = new Problem<T>(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            Run(problem, ThreadsHere);
        }
    }

    /// <summary>
    /// A batch of contiguous row-major products: for every i &lt; <paramref name="batch"/>, C_i = op(A_i)·op(B_i) (or +=),
    /// where X_i starts at element i·strideX of its span. Row strides are the row lengths (lda = k, or m when A is
    /// transposed; ldb = n, or k; ldc = n). A stride of 0 uses one matrix for the whole batch (A or B, not C).
    /// </summary>
    /// <exception cref="ArgumentException">A size or stride is negative, C's stride is shorter than one C (the products
    /// would overlap), or a span is too short; nothing is written then.</exception>
    public static void MultiplyBatched<T>(bool transposeA, bool transposeB, int batch, int m, int n, int k,
        ReadOnlySpan<T> a, int strideA, ReadOnlySpan<T> b, int strideB, Span<T> c, int strideC, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must not be negative.");
        CheckSizes(m, n, k);
        if (strideA < 0) throw new ArgumentOutOfRangeException(nameof(strideA), strideA, "Strides must not be negative.");
        if (strideB < 0) throw new ArgumentOutOfRangeException(nameof(strideB), strideB, "Strides must not be negative.");
        if (batch > 1 && (long)strideC < (long)m * n)
        {
            throw new ArgumentException($"{nameof(strideC)} = {strideC} is less than one {m}×{n} result ({(long)m * n} elements): the products would overlap.", nameof(strideC));
        }
        int lda = transposeA ? m : k, ldb = transposeB ? k : n, ldc = n;
        CheckMatrix(a.Length, transposeA ? k : m, transposeA ? m : k, lda, batch, strideA, nameof(a), nameof(lda));
        CheckMatrix(b.Length, transposeB ? n : k, transposeB ? k : n, ldb, batch, strideB, nameof(b), nameof(ldb));
        CheckMatrix(c.Length, m, n, ldc, batch, strideC, nameof(c), nameof(ldc));
        if (batch == 0 || m == 0 || n == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            var problem = new Problem<T>(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            int threads = ThreadsHere;
            long work = (long)m * n * Math.Max(k, 1);
            if (threads == 1 || batch == 1 || work >= ParallelThreshold)
            {
                // Each product is big enough to be split itself (or there is one thread): one after the other.
                for (int i = 0; i < batch; i++) Run(problem.Shift((long)i * strideA, (long)i * strideB, (long)i * strideC), threads);
                return;
            }
            // Small products: whole products per thread, in contiguous runs of the batch.
            int tasks = (int)Math.Min(Math.Min(threads, batch), Math.Max(1, work * batch / ParallelThreshold));
            if (tasks <= 1)
            {
                for (int i = 0; i < batch; i++) Run(problem.Shift((long)i * strideA, (long)i * strideB, (long)i * strideC), 1);
                return;
            }
            RunBatchParallel(problem, batch, tasks, strideA, strideB, strideC);
        }
    }

    /// <summary>Whole products per thread, in contiguous runs of the batch (a method of its own: see <see cref="RunParallel"/>).</summary>
    private static void RunBatchParallel<T>(Problem<T> problem, int batch, int tasks, int strideA, int strideB, int strideC)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = tasks }, t =>
        {
            long from = (long)batch * t / tasks, to = (long)batch * (t + 1) / tasks;
            for (long i = from; i < to; i++) Run(problem.Shift(i * strideA, i * strideB, i * strideC), 1);
        });

    private static void CheckSizes(int m, int n, int k)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "Matrix sizes must not be negative.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Matrix sizes must not be negative.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "Matrix sizes must not be negative.");
    }

    /// <summary>Checks that a span holds <paramref name="count"/> stored rows×cols matrices, stride apart.</summary>
    private static void CheckMatrix(int length, int rows, int cols, int ld, int count, int stride, string name, string ldName)
    {
        if (ld < cols)
        {
            throw new ArgumentException($"{ldName} = {ld} is less than the row length {cols} of the stored {rows}×{cols} matrix {name}.", ldName);
        }
        long one = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        long need = count == 0 || one == 0 ? 0 : (long)(count - 1) * stride + one;
        if (length < need)
        {
            string what = count == 1 ? $"a {rows}×{cols} matrix with row stride {ld}" : $"{count} {rows}×{cols} matrices with row stride {ld}, {stride} elements apart";
            throw new ArgumentException($"{name} holds {length} elements; {what} needs {need}.", name);
        }
    }

    /// <summary>One product's operands as pointers, so that it can be handed to other threads.</summary>
    private readonly struct Problem<T>(bool transposeA, bool transposeB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc, bool accumulate) where T : unmanaged
    {
        public readonly bool TransposeA = transposeA, TransposeB = transposeB, Accumulate = accumulate;
        public readonly int M = m, N = n, K = k, Lda = lda, Ldb = ldb, Ldc = ldc;
        public readonly T* A = a, B = b, C = c;

        public Problem<T> Shift(long da, long db, long dc) =>
            new(TransposeA, TransposeB, M, N, K, A + da, Lda, B + db, Ldb, C + dc, Ldc, Accumulate);
    }

    private enum Path { Scalar, V256, V512 }

    private static Path Choose<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) return Path.Scalar;
        return ForcedPath switch
        {
            1 => Path.Scalar,
            256 when Vector256.IsHardwareAccelerated => Path.V256,
            512 when Vector512.IsHardwareAccelerated => Path.V512,
            _ when Vector512.IsHardwareAccelerated => Path.V512,
            _ when Vector256.IsHardwareAccelerated => Path.V256,
            _ => Path.Scalar,
        };
    }

    private static void Run<T>(Problem<T> p, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p.K == 0)
        {
            // An empty sum: C = 0, or unchanged when accumulating.
            if (!p.Accumulate)
                for (int i = 0; i < p.M; i++) new Span<T>(p.C + (long)i * p.Ldc, p.N).Clear();
            return;
        }
        Path path = Choose<T>();
        long work = (long)p.M * p.N * p.K;
        if (threads <= 1 || work < ParallelThreshold)
        {
            Serial(p, path, 0, p.M, 0, p.N);
            return;
        }

        // Split C into one block of whole micro-tiles per thread. Each thread packs its share of the operand that is
        // split and all of the other: split rows (A) when m ≥ n, so that the larger operand is the one shared out —
        // unless the other dimension has too few tiles to go round.
        Shape shape = ShapeOf<T>(path);
        int rowTiles = (p.M + shape.MR - 1) / shape.MR, colTiles = (p.N + shape.NR - 1) / shape.NR;
        bool byRows = p.M >= p.N ? rowTiles >= Math.Min(threads, colTiles) : colTiles < Math.Min(threads, rowTiles);
        int tiles = byRows ? rowTiles : colTiles, unit = byRows ? shape.MR : shape.NR, extent = byRows ? p.M : p.N;
        int tasks = (int)Math.Min(Math.Min(threads, tiles), work / (ParallelThreshold / 2));
        if (tasks <= 1)
        {
            Serial(p, path, 0, p.M, 0, p.N);
            return;
        }
        RunParallel(p, path, tasks, tiles, unit, extent, byRows);
    }

    /// <summary>
    /// The tiles of C shared out over <paramref name="tasks"/> threads. A method of its own: the lambda's closure is
    /// allocated where the variables it captures are declared, and the serial path must not pay for it.
    /// </summary>
    private static void RunParallel<T>(Problem<T> p, Path path, int tasks, int tiles, int unit, int extent, bool byRows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = tasks }, t =>
        {
            int from = Math.Min(extent, (int)((long)tiles * t / tasks) * unit);
            int to = t == tasks - 1 ? extent : Math.Min(extent, (int)((long)tiles * (t + 1) / tasks) * unit);
            if (byRows) Serial(p, path, from, to, 0, p.N);
            else Serial(p, path, 0, p.M, from, to);
        });
    }

    /// <summary>Micro-tile (MR rows × NR columns) and cache blocks (KC deep, NC wide for B's block, MC rows for A's).</summary>
    private readonly record struct Shape(int MR, int NR, int KC, int NC, int MC);

    private static Shape ShapeOf<T>(Path path) where T : unmanaged
    {
        // 8 rows × 2 vectors: 16 accumulators + 2 of B + a broadcast fit AVX-512's 32 registers; 6 × 2 fit AVX2's 16.
        // KC·NC·sizeof(T) = 512 KiB of packed B stays in L2; an A micro-panel (MR·KC) stays in L1.
        int size = sizeof(T);
        return path switch
        {
            Path.V512 => new Shape(8, 2 * 64 / size, 256, 512 * 4 / size, 128),
            Path.V256 => new Shape(6, 2 * 32 / size, 256, 512 * 4 / size, 120),
            _ => new Shape(1, 1, 0, 0, 0),
        };
    }

    // Scratch of each thread: packed A and B blocks and an edge tile, 64-byte aligned, on the pinned object heap so that
    // it needs no fixing and is freed with its thread. Grown on demand, never shrunk: no allocation in steady state.
    [ThreadStatic] private static byte[]? scratch;

    private static byte* Scratch(long bytes)
    {
        if (scratch is null || scratch.Length < bytes + 64) scratch = GC.AllocateUninitializedArray<byte>((int)(bytes + 64), pinned: true);
        byte* p = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scratch));
        return (byte*)(((nint)p + 63) & ~(nint)63);
    }

    /// <summary>The rows [i0, i1) and columns [j0, j1) of C, on the calling thread.</summary>
    private static void Serial<T>(Problem<T> p, Path path, int i0, int i1, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path == Path.Scalar)
        {
            Scalar(p, i0, i1, j0, j1);
            return;
        }
        Shape s = ShapeOf<T>(path);
        // k blocks of equal depth (784 = 4 × 196, not 3 × 256 + 16): a shallow last block would pay C's load and store
        // for little work.
        int kBlocks = (p.K + s.KC - 1) / s.KC;
        s = s with { KC = (p.K + kBlocks - 1) / kBlocks };
        int kcMax = Math.Min(s.KC, p.K);
        int ncMax = Math.Min(s.NC, RoundUp(j1 - j0, s.NR));
        int mcMax = Math.Min(s.MC, RoundUp(i1 - i0, s.MR));
        long bBytes = RoundUp((long)kcMax * ncMax * sizeof(T), 64), aBytes = RoundUp((long)kcMax * mcMax * sizeof(T), 64);
        byte* buffer = Scratch(bBytes + aBytes + s.MR * s.NR * sizeof(T));
        T* bp = (T*)buffer, ap = (T*)(buffer + bBytes), tile = (T*)(buffer + bBytes + aBytes);

        for (int jc = j0; jc < j1; jc += s.NC)
        {
            int nc = Math.Min(s.NC, j1 - jc);
            for (int pc = 0; pc < p.K; pc += s.KC)
            {
                int kc = Math.Min(s.KC, p.K - pc);
                PackB(p, bp, pc, kc, jc, nc, s.NR);
                bool overwrite = !p.Accumulate && pc == 0;
                for (int ic = i0; ic < i1; ic += s.MC)
                {
                    int mc = Math.Min(s.MC, i1 - ic);
                    PackA(p, ap, ic, mc, pc, kc, s.MR);
                    T* c = p.C + (long)ic * p.Ldc + jc;
                    if (path == Path.V512) Macro512(kc, mc, nc, ap, bp, c, p.Ldc, overwrite, tile, s.MR, s.NR);
                    else Macro256(kc, mc, nc, ap, bp, c, p.Ldc, overwrite, tile, s.MR, s.NR);
                }
            }
        }
    }

    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;

    private static long RoundUp(long x, int unit) => (x + unit - 1) / unit * unit;

    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc] into micro-panels of mr rows: panel q holds, for each p, the mr values
    /// op(A)[ic + q·mr + r, pc + p] contiguously (rows past mc are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void PackA<T>(in Problem<T> pr, T* dst, int ic, int mc, int pc, int kc, int mr) where T : unmanaged
    {
        long lda = pr.Lda;
        for (int q = 0; q < mc; q += mr)
        {
            int rows = Math.Min(mr, mc - q);
            T* d = dst + (long)q * kc;
            if (pr.TransposeA)
            {
                // Stored k×m: the mr values of one p are contiguous.
                T* src = pr.A + pc * lda + ic + q;
                for (int p = 0; p < kc; p++, d += mr)
                {
                    T* s = src + p * lda;
                    int r = 0;
                    for (; r < rows; r++) d[r] = s[r];
                    for (; r < mr; r++) d[r] = default;
                }
            }
            else if (typeof(T) == typeof(float) && mr == 8 && rows == 8 && Avx.IsSupported)
            {
                // Stored m×k, 8 float rows: transpose 8×8 blocks in registers instead of 64 strided scalar stores.
                Transpose8((float*)(pr.A + (ic + q) * lda + pc), lda, (float*)d, 8, kc);
            }
            else
            {
                // Stored m×k: read each row along p, write with stride mr (the panel is in L1).
                T* src = pr.A + (ic + q) * lda + pc;
                for (int r = 0; r < rows; r++)
                {
                    T* s = src + r * lda;
                    T* dd = d + r;
                    for (int p = 0; p < kc; p++) dd[p * mr] = s[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) d[p * mr + r] = default;
            }
        }
    }

    /// <summary>
    /// Writes 8 float rows (stride lda) of kc values transposed: d[p·stride + r] = src[r·lda + p], 8×8 blocks at a time.
    /// </summary>
    private static void Transpose8(float* src, long lda, float* d, int stride, int kc)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8, d += 8 * stride)
        {
            float* s = src + p;
            Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + lda),
                r2 = Avx.LoadVector256(s + 2 * lda), r3 = Avx.LoadVector256(s + 3 * lda),
                r4 = Avx.LoadVector256(s + 4 * lda), r5 = Avx.LoadVector256(s + 5 * lda),
                r6 = Avx.LoadVector256(s + 6 * lda), r7 = Avx.LoadVector256(s + 7 * lda);
            // Interleave pairs of rows, then pairs of pairs, then exchange 128-bit halves.
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3),
                t3 = Avx.UnpackHigh(r2, r3), t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5),
                t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44),
                u3 = Avx.Shuffle(t1, t3, 0xEE), u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE),
                u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(d + stride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(d + 2 * stride, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(d + 3 * stride, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(d + 4 * stride, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(d + 5 * stride, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(d + 6 * stride, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(d + 7 * stride, Avx.Permute2x128(u3, u7, 0x31));
        }
        for (; p < kc; p++, d += stride)
            for (int r = 0; r < 8; r++) d[r] = src[r * lda + p];
    }

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc] into micro-panels of nr columns: panel q holds, for each p, the nr values
    /// op(B)[pc + p, jc + q·nr + c] contiguously (columns past nc are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void PackB<T>(in Problem<T> pr, T* dst, int pc, int kc, int jc, int nc, int nr) where T : unmanaged
    {
        long ldb = pr.Ldb;
        for (int q = 0; q < nc; q += nr)
        {
            int cols = Math.Min(nr, nc - q);
            T* d = dst + (long)q * kc;
            if (!pr.TransposeB)
            {
                // Stored k×n: the nr values of one p are contiguous.
                T* src = pr.B + pc * ldb + jc + q;
                if (cols == nr && nr * sizeof(T) == 128 && Vector512.IsHardwareAccelerated)
                {
                    // One panel row is two 64-byte vectors (the destination is aligned).
                    for (int p = 0; p < kc; p++)
                    {
                        byte* s = (byte*)(src + p * ldb), dd = (byte*)(d + p * nr);
                        Vector512.Store(Vector512.Load(s), dd);
                        Vector512.Store(Vector512.Load(s + 64), dd + 64);
                    }
                }
                else if (cols == nr)
                {
                    for (int p = 0; p < kc; p++) Buffer.MemoryCopy(src + p * ldb, d + p * nr, nr * sizeof(T), nr * sizeof(T));
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        T* s = src + p * ldb, dd = d + p * nr;
                        int c = 0;
                        for (; c < cols; c++) dd[c] = s[c];
                        for (; c < nr; c++) dd[c] = default;
                    }
                }
            }
            else if (typeof(T) == typeof(float) && cols == nr && nr % 8 == 0 && Avx.IsSupported)
            {
                // Stored n×k, whole float panel: 8 stored rows (columns of op(B)) at a time, by 8×8 register transposes.
                for (int c = 0; c < nr; c += 8)
                    Transpose8((float*)(pr.B + (jc + q + c) * ldb + pc), ldb, (float*)(d + c), nr, kc);
            }
            else
            {
                // Stored n×k: read each stored row (a column of op(B)) along p, write with stride nr.
                T* src = pr.B + (jc + q) * ldb + pc;
                for (int c = 0; c < cols; c++)
                {
                    T* s = src + c * ldb;
                    T* dd = d + c;
                    for (int p = 0; p < kc; p++) dd[p * nr] = s[p];
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) d[p * nr + c] = default;
            }
        }
    }

    /// <summary>Adds (or stores) an edge tile computed into <paramref name="tile"/> into the rows×cols corner of C.</summary>
    private static void MergeTile<T>(T* tile, int nr, T* c, long ldc, int rows, int cols, bool overwrite) where T : unmanaged
    {
        for (int r = 0; r < rows; r++)
        {
            T* t = tile + r * nr, d = c + r * ldc;
            if (overwrite) for (int j = 0; j < cols; j++) d[j] = t[j];
            else if (typeof(T) == typeof(float)) for (int j = 0; j < cols; j++) ((float*)d)[j] += ((float*)t)[j];
            else if (typeof(T) == typeof(double)) for (int j = 0; j < cols; j++) ((double*)d)[j] += ((double*)t)[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void Macro512<T>(int kc, int mc, int nc, T* ap, T* bp, T* c, long ldc, bool overwrite, T* tile, int mr, int nr)
        where T : unmanaged
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* a = ap + (long)ir * kc;
            T* crow = c + ir * ldc;
            for (int jr = 0; jr < nc; jr += nr)
            {
                int cols = Math.Min(nr, nc - jr);
                T* b = bp + (long)jr * kc;
                if (rows == mr && cols == nr) Kernel512(kc, a, b, crow + jr, ldc, overwrite);
                else
                {
                    Kernel512(kc, a, b, tile, nr, true);
                    MergeTile(tile, nr, crow + jr, ldc, rows, cols, overwrite);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void Macro256<T>(int kc, int mc, int nc, T* ap, T* bp, T* c, long ldc, bool overwrite, T* tile, int mr, int nr)
        where T : unmanaged
    {
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            T* a = ap + (long)ir * kc;
            T* crow = c + ir * ldc;
            for (int jr = 0; jr < nc; jr += nr)
            {
                int cols = Math.Min(nr, nc - jr);
                T* b = bp + (long)jr * kc;
                if (rows == mr && cols == nr) Kernel256(kc, a, b, crow + jr, ldc, overwrite);
                else
                {
                    Kernel256(kc, a, b, tile, nr, true);
                    MergeTile(tile, nr, crow + jr, ldc, rows, cols, overwrite);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(Vector512<T> v, T* c, bool overwrite) where T : unmanaged =>
        (overwrite ? v : v + Vector512.Load(c)).Store(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(Vector256<T> v, T* c, bool overwrite) where T : unmanaged =>
        (overwrite ? v : v + Vector256.Load(c)).Store(c);

    /// <summary>
    /// The 8 × (2 vectors) micro-kernel: C tile (+)= Σ_p a[p·8 + r] · b[p·2W + j] over the packed panels, accumulated in
    /// 16 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void Kernel512<T>(int kc, T* a, T* b, T* c, long ldc, bool overwrite) where T : unmanaged
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<T> b0, b1, x;
        // Two steps of p per iteration: half the loop overhead between the FMAs.
        int p = 0;
        for (; p + 1 < kc; p += 2)
        {
            b0 = Vector512.LoadAligned(b); b1 = Vector512.LoadAligned(b + w);
            x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            b0 = Vector512.LoadAligned(b + 2 * w); b1 = Vector512.LoadAligned(b + 3 * w);
            x = Vector512.Create(a[8]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[9]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[10]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[11]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[12]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[13]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[14]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[15]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            a += 16;
            b += 4 * w;
        }
        if (p < kc)
        {
            b0 = Vector512.LoadAligned(b); b1 = Vector512.LoadAligned(b + w);
            x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
        }
        Put(c00, c, overwrite); Put(c01, c + w, overwrite); c += ldc;
        Put(c10, c, overwrite); Put(c11, c + w, overwrite); c += ldc;
        Put(c20, c, overwrite); Put(c21, c + w, overwrite); c += ldc;
        Put(c30, c, overwrite); Put(c31, c + w, overwrite); c += ldc;
        Put(c40, c, overwrite); Put(c41, c + w, overwrite); c += ldc;
        Put(c50, c, overwrite); Put(c51, c + w, overwrite); c += ldc;
        Put(c60, c, overwrite); Put(c61, c + w, overwrite); c += ldc;
        Put(c70, c, overwrite); Put(c71, c + w, overwrite);
    }

    /// <summary>The 6 × (2 vectors) micro-kernel for 256-bit vectors (12 accumulators of AVX2's 16 registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: optimized from the first call, not after tiering
    private static void Kernel256<T>(int kc, T* a, T* b, T* c, long ldc, bool overwrite) where T : unmanaged
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<T> b0, b1, x;
        // Two steps of p per iteration: half the loop overhead between the FMAs.
        int p = 0;
        for (; p + 1 < kc; p += 2)
        {
            b0 = Vector256.LoadAligned(b); b1 = Vector256.LoadAligned(b + w);
            x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            b0 = Vector256.LoadAligned(b + 2 * w); b1 = Vector256.LoadAligned(b + 3 * w);
            x = Vector256.Create(a[6]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[7]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[8]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[9]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[10]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[11]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            a += 12;
            b += 4 * w;
        }
        if (p < kc)
        {
            b0 = Vector256.LoadAligned(b); b1 = Vector256.LoadAligned(b + w);
            x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
        }
        Put(c00, c, overwrite); Put(c01, c + w, overwrite); c += ldc;
        Put(c10, c, overwrite); Put(c11, c + w, overwrite); c += ldc;
        Put(c20, c, overwrite); Put(c21, c + w, overwrite); c += ldc;
        Put(c30, c, overwrite); Put(c31, c + w, overwrite); c += ldc;
        Put(c40, c, overwrite); Put(c41, c + w, overwrite); c += ldc;
        Put(c50, c, overwrite); Put(c51, c + w, overwrite);
    }

    /// <summary>Scalar path (no SIMD, or another element type): C row i accumulates op(A)[i, q] · op(B)[q, :] over q.</summary>
    private static void Scalar<T>(Problem<T> p, int i0, int i1, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = i0; i < i1; i++)
        {
            T* crow = p.C + (long)i * p.Ldc;
            if (!p.Accumulate) for (int j = j0; j < j1; j++) crow[j] = T.Zero;
            for (int q = 0; q < p.K; q++)
            {
                T x = p.TransposeA ? p.A[(long)q * p.Lda + i] : p.A[(long)i * p.Lda + q];
                if (!p.TransposeB)
                {
                    T* brow = p.B + (long)q * p.Ldb;
                    for (int j = j0; j < j1; j++) crow[j] += x * brow[j];
                }
                else
                {
                    for (int j = j0; j < j1; j++) crow[j] += x * p.B[(long)j * p.Ldb + q];
                }
            }
        }
    }
}
