using DiffGen.Tensors.Memory;

namespace DiffGen.Tensors.Tests.Memory;

public static partial class PooledLosses
{
    /// <summary>A training-style loss: several intermediates and their adjoints, all created inside the gradient.</summary>
    [Differentiable]
    public static double Loss(Tensor w, Tensor b, [NoDiff] Tensor x, [NoDiff] Tensor y)
    {
        var h = x * w + b;
        var e = h * h - y;
        return (double)Tensor.Mean(e * e);
    }

    /// <summary>Tensors carried through a loop: the reverse mode keeps every step's value until its adjoint sweep.</summary>
    [Differentiable]
    public static double Iterated(Tensor w, [NoDiff] Tensor x, int steps)
    {
        var h = x;
        for (int t = 0; t < steps; t++) h = Tensor.Tanh(Tensor.MatMul(h, w));
        return (double)Tensor.Sum(h);
    }

    /// <summary>Returns a tensor: the result survives the gradient's scope, the intermediates do not.</summary>
    [Differentiable]
    public static Tensor Scaled(Tensor a, Tensor b) => (a + b) * a - b;
}

/// <summary>
/// Generated gradients give every tensor they create back to the pool before they return, except what they hand
/// out: the pool allocates nothing new in steady state, and the kept tensors stay readable.
/// </summary>
[Collection(nameof(PoolingTests))]
public class PoolingTests
{
    [Fact]
    public void A_gradient_allocates_no_new_storage_in_steady_state()
    {
        var w = Tensor.RandomUniform(new[] { 256, 256 }, -1, 1, 1);
        var b = Tensor.RandomUniform(new[] { 256 }, -1, 1, 2);
        var x = Tensor.RandomUniform(new[] { 256, 256 }, -1, 1, 3);
        var y = Tensor.RandomUniform(new[] { 256, 256 }, -1, 1, 4);
        var dW = Tensor.ZerosLike(w);
        var dB = Tensor.ZerosLike(b);
        for (int i = 0; i < 3; i++) PooledLosses.LossGradient(w, b, x, y, ref dW, ref dB);
        long arraysBefore = TensorPool<float>.Created;
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) PooledLosses.LossGradient(w, b, x, y, ref dW, ref dB);
        long bytesPerCall = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / 10;
        Assert.Equal(arraysBefore, TensorPool<float>.Created);
        // A 256×256 float tensor is 256 KiB: the per-call allocations are the small tensor objects only.
        Assert.True(bytesPerCall < 16 * 1024, $"{bytesPerCall} bytes allocated per gradient call");
    }

    [Fact]
    public void A_loop_over_tensors_allocates_no_new_storage_in_steady_state()
    {
        var w = Tensor.RandomUniform(new[] { 64, 64 }, -0.2f, 0.2f, 7);
        var x = Tensor.RandomUniform(new[] { 32, 64 }, -1, 1, 8);
        var dW = Tensor.ZerosLike(w);
        for (int i = 0; i < 3; i++) PooledLosses.IteratedGradient(w, x, 12, ref dW);
        long arraysBefore = TensorPool<float>.Created;
        for (int i = 0; i < 10; i++) PooledLosses.IteratedGradient(w, x, 12, ref dW);
        Assert.Equal(arraysBefore, TensorPool<float>.Created);
    }

    [Fact]
    public void What_a_gradient_hands_out_survives_and_its_intermediates_go_back()
    {
        var a = Tensor.RandomUniform(new[] { 64 }, -1, 1, 5, DType.Float64);
        var b = Tensor.RandomUniform(new[] { 64 }, -1, 1, 6, DType.Float64);
        Tensor dA = null!, dB = null!;
        var seed = Tensor.OnesLike(a);
        var result = PooledLosses.ScaledGradient(a, b, seed, ref dA, ref dB);
        Assert.Equal(PooledLosses.Scaled(a, b).ToDoubleArray(), result.ToDoubleArray());
        // Created inside the gradient (they were null) and handed out: readable.
        Assert.Equal(64, dA.ToDoubleArray().Length);
        Assert.Equal(64, dB.ToDoubleArray().Length);
        var ad = a.ToDoubleArray();
        var bd = b.ToDoubleArray();
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(2 * ad[i] + bd[i], dA.ToDoubleArray()[i], 12);
            Assert.Equal(ad[i] - 1, dB.ToDoubleArray()[i], 12);
        }
        var tangentResult = PooledLosses.ScaledTangent(a, b, seed, Tensor.ZerosLike(b), out var tangent);
        Assert.Equal(result.ToDoubleArray(), tangentResult.ToDoubleArray());
        Assert.Equal(dA.ToDoubleArray(), tangent.ToDoubleArray());
    }

    [Fact]
    public void A_scope_releases_what_it_does_not_keep()
    {
        int scope = Tensor.OpenScope();
        var kept = Tensor.Ones(3);
        var dropped = Tensor.Ones(3);
        var view = kept.View(new[] { 1, 3 });
        Tensor.Keep(kept);
        Tensor.CloseScope(scope);
        Assert.Equal(new float[] { 1, 1, 1 }, kept.ToArray());
        Assert.Throws<ObjectDisposedException>(() => dropped.ToArray());
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
        // The storage the view shared stays with the kept tensor.
        Assert.Equal(new float[] { 1, 1, 1 }, kept.ToArray());
    }
}

/// <summary>
/// The pool is shared by every thread: these tests count the arrays it allocates, so they run alone, after the tests
/// that run in parallel (another test's tensors of the same length would take the arrays a gradient gave back).
/// </summary>
[CollectionDefinition(nameof(PoolingTests), DisableParallelization = true)]
public sealed class PoolingTestsCollection
{
}
