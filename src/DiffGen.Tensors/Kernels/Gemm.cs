using System.Numerics;

namespace DiffGen.Tensors.Kernels;

/// <summary>
/// General matrix product over row-major spans: C = op(A)·op(B) (+ C when accumulating), op(X) = X or Xᵀ.
/// A is m×k after op (stored k×m when transposed), B is k×n after op, C is m×n; lda/ldb/ldc are the row strides of the
/// stored matrices.
/// </summary>
public static class Gemm
{
    /// <summary>C (m×n, row stride ldc) = op(A)·op(B), or += when <paramref name="accumulate"/>.</summary>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Reference kernel: replaced by the blocked, vectorized, multi-threaded one.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transposeA ? a[p * lda + i] : a[i * lda + p];
                    T y = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    s += x * y;
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
            }
    }
}
