using System.Numerics;
using DiffGen.Tensors.Kernels;
using DiffGen.Tensors.Shapes;

namespace DiffGen.Tensors;

/// <summary>The matrix product, of matrices and of batches of them (PyTorch's <c>torch.matmul</c> for ranks 2 and 3).</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product: [m, k]·[k, n] → [m, n]; batched, [b, m, k]·[b, k, n] → [b, m, n]; and a batch with one
    /// matrix on either side ([b, m, k]·[k, n], [m, k]·[b, k, n]) or a batch of one ([1, m, k]·[b, k, n]), which is
    /// broadcast over the other's batch as <c>torch.matmul</c> does.
    /// </summary>
    [Differentiable]
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        var p = MatMulPlan(a, b);
        var result = Empty(a.DType, p.Shape);
        if (IsFloat32(a)) MatMulRun<float>(p, a, b, result, false);
        else MatMulRun<double>(p, a, b, result, false);
        return result;
    }

    /// <summary>Forward mode of <see cref="MatMul"/>: dA·B + A·dB.</summary>
    public static Tensor MatMulTangent(Tensor a, Tensor b, Tensor dA, Tensor dB, out Tensor tangent)
    {
        var p = MatMulPlan(a, b);
        CheckLike(dA, a, nameof(dA));
        CheckLike(dB, b, nameof(dB));
        var result = MatMul(a, b);
        tangent = MatMul(dA, b);
        // A·dB is added into dA·B by the kernel: no temporary.
        if (IsFloat32(a)) MatMulRun<float>(p, a, dB, tangent, true);
        else MatMulRun<double>(p, a, dB, tangent, true);
        return result;
    }

    /// <summary>Reverse mode of <see cref="MatMul"/>: dA += seed·Bᵀ, dB += Aᵀ·seed (summed over a broadcast batch).</summary>
    public static void MatMulPullback(Tensor a, Tensor b, Tensor result, Tensor seed, ref Tensor dA, ref Tensor dB)
    {
        var p = MatMulPlan(a, b);
        CheckLike(seed, result, nameof(seed));
        // A null buffer is a gradient not needed (generated code passes null for a [NoDiff] input): a product saved.
        var ga = NeededBuffer(ref dA!, a, nameof(dA));
        var gb = NeededBuffer(ref dB!, b, nameof(dB));
        if (IsFloat32(a)) MatMulBackward<float>(p, a, b, seed, ga, gb);
        else MatMulBackward<double>(p, a, b, seed, ga, gb);
    }

    /// <summary>The sizes of a matrix product and how far each operand moves from one batch to the next (0 when broadcast).</summary>
    private readonly record struct MatMulSizes(int Batch, int M, int K, int N, int StrideA, int StrideB, int[] Shape);

    private static MatMulSizes MatMulPlan(Tensor a, Tensor b)
    {
        ShapeChecks.CheckSameType(a, b, nameof(a), nameof(b));
        if (a.Rank is not (2 or 3)) throw new ArgumentException($"'a' has shape {ShapeChecks.Text(a.shape)}; MatMul takes matrices (rank 2) and batches of them (rank 3).", nameof(a));
        if (b.Rank is not (2 or 3)) throw new ArgumentException($"'b' has shape {ShapeChecks.Text(b.shape)}; MatMul takes matrices (rank 2) and batches of them (rank 3).", nameof(b));
        int m = a.shape[^2], k = a.shape[^1], n = b.shape[^1];
        if (b.shape[^2] != k) throw new ArgumentException($"'a' of shape {ShapeChecks.Text(a.shape)} and 'b' of shape {ShapeChecks.Text(b.shape)} do not multiply: a has {k} columns, b has {b.shape[^2]} rows.", nameof(b));
        int batchA = a.Rank == 3 ? a.shape[0] : 1, batchB = b.Rank == 3 ? b.shape[0] : 1;
        if (batchA != batchB && batchA != 1 && batchB != 1)
        {
            throw new ArgumentException($"'a' of shape {ShapeChecks.Text(a.shape)} and 'b' of shape {ShapeChecks.Text(b.shape)} have batches of {batchA} and {batchB}; they must be equal or one of them 1.", nameof(b));
        }
        int batch = batchA == 1 ? batchB : batchA;
        var shape = a.Rank == 2 && b.Rank == 2 ? new[] { m, n } : new[] { batch, m, n };
        // A batch times one matrix is one product of the stacked rows (batch·m)×k · k×n: one larger GEMM, which packs B
        // once, instead of one per matrix; its pullback's Aᵀ·seed sums over the batch by the same stacking.
        if (batch > 1 && batchA == batch && batchB == 1) return new MatMulSizes(1, batch * m, k, n, batch * m * k, 0, shape);
        return new MatMulSizes(batch, m, k, n, batchA == batch ? m * k : 0, batchB == batch ? k * n : 0, shape);
    }

    private static void MatMulRun<T>(MatMulSizes p, Tensor a, Tensor b, Tensor c, bool accumulate) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> x = a.Span<T>(), y = b.Span<T>(), z = c.Span<T>();
        int size = p.M * p.N;
        for (int i = 0; i < p.Batch; i++)
        {
            Gemm.Multiply<T>(false, false, p.M, p.N, p.K, x.Slice(i * p.StrideA, p.M * p.K), p.K, y.Slice(i * p.StrideB, p.K * p.N), p.N, z.Slice(i * size, size), p.N, accumulate);
        }
    }

    private static void MatMulBackward<T>(MatMulSizes p, Tensor a, Tensor b, Tensor seed, Tensor? ga, Tensor? gb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> x = a.Span<T>(), y = b.Span<T>(), s = seed.Span<T>(), gx = ga is null ? default : ga.Span<T>(), gy = gb is null ? default : gb.Span<T>();
        int size = p.M * p.N;
        for (int i = 0; i < p.Batch; i++)
        {
            var si = s.Slice(i * size, size);
            // A broadcast operand's stride is 0: every batch adds into the same gradient, which sums it.
            if (ga is not null) Gemm.Multiply<T>(false, true, p.M, p.K, p.N, si, p.N, y.Slice(i * p.StrideB, p.K * p.N), p.N, gx.Slice(i * p.StrideA, p.M * p.K), p.K, true);
            if (gb is not null) Gemm.Multiply<T>(true, false, p.K, p.N, p.M, x.Slice(i * p.StrideA, p.M * p.K), p.K, si, p.N, gy.Slice(i * p.StrideB, p.K * p.N), p.N, true);
        }
    }
}
