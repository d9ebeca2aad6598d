using System.Numerics;
using System.Numerics.Tensors;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors;

/// <summary>
/// A <c>[Differentiable]</c> scalar function applied to every element: <c>Tensor.Map&lt;SwishFunction&gt;(x)</c>, where
/// <c>SwishFunction</c> is the struct the generator emits beside <c>static float Swish(float x)</c>. Value and derivative
/// are direct (inlinable) calls per element, no delegate; a function of <c>float</c> maps float32 tensors, one of
/// <c>double</c> float64 tensors, and overloads for both (the library's activations) map either.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>f applied to every element.</summary>
    [Differentiable]
    public static Tensor Map<TF>(Tensor x) where TF : struct, IScalarFunction
    {
        var kernels = MapKernels<TF>.For(x, nameof(x));
        var result = EmptyLike(x);
        kernels.Values(x, result);
        return result;
    }

    /// <summary>Forward mode of <see cref="Map{TF}"/>: f′(x) ⊙ dX.</summary>
    public static Tensor MapTangent<TF>(Tensor x, Tensor dX, out Tensor tangent) where TF : struct, IScalarFunction
    {
        var kernels = MapKernels<TF>.For(x, nameof(x));
        CheckLike(dX, x, nameof(dX));
        var result = EmptyLike(x);
        kernels.Values(x, result);
        tangent = EmptyLike(x);
        kernels.Tangents(x, dX, tangent);
        return result;
    }

    /// <summary>Reverse mode of <see cref="Map{TF}"/>: dX += f′(x) ⊙ seed.</summary>
    public static void MapPullback<TF>(Tensor x, Tensor result, Tensor seed, ref Tensor dX) where TF : struct, IScalarFunction
    {
        var kernels = MapKernels<TF>.For(x, nameof(x));
        CheckLike(result, x, nameof(result));
        CheckLike(seed, result, nameof(seed));
        var gx = GradientBuffer(ref dX!, x, nameof(dX));
        kernels.Pullback(x, result, seed, gx);
    }

    /// <summary>
    /// The three loops of one function and element type, instantiated once per function (by reflection, since a
    /// function may implement the interface for float, double or both) and then called as plain delegates per tensor.
    /// </summary>
    private sealed record MapLoops(Action<Tensor, Tensor> Values, Action<Tensor, Tensor, Tensor> Tangents, Action<Tensor, Tensor, Tensor, Tensor> Pullback);

    private static class MapKernels<TF> where TF : struct, IScalarFunction
    {
        private static readonly MapLoops? Float = Create<float>();
        private static readonly MapLoops? Double = Create<double>();

        public static MapLoops For(Tensor x, string name)
        {
            ArgumentNullException.ThrowIfNull(x, name);
            return (IsFloat32(x) ? Float : Double)
                ?? throw new ArgumentException($"'{typeof(TF).Name}' is not a function of {(IsFloat32(x) ? "float" : "double")}, the element type of '{name}' ({x.DType}); declare an overload of it for that type.", name);
        }

        private static MapLoops? Create<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (!typeof(IScalarFunction<T>).IsAssignableFrom(typeof(TF))) return null;
            MethodInfo Loop(string name) => typeof(MapLoopsOf<T>).GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(typeof(TF));
            return new MapLoops(
                Loop(nameof(MapLoopsOf<T>.Values)).CreateDelegate<Action<Tensor, Tensor>>(),
                Loop(nameof(MapLoopsOf<T>.Tangents)).CreateDelegate<Action<Tensor, Tensor, Tensor>>(),
                Loop(nameof(MapLoopsOf<T>.Pullback)).CreateDelegate<Action<Tensor, Tensor, Tensor, Tensor>>());
        }
    }

    private static class MapLoopsOf<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// Elements per thread below which a map stays on one thread: an element-wise pass is memory-bound, and handing
        /// small ranges to other threads costs more than it saves on a shared machine.
        /// </summary>
        private const int PerThread = 1 << 17;

        public static void Values<TF>(Tensor x, Tensor y) where TF : IScalarFunction<T>
            => Split(x.Length, (start, end) =>
            {
                var xs = x.Span<T>();
                var ys = y.Span<T>();
                // The library's activations in vector form, with the scalar definitions' values: a per-element call is
                // a branch the predictor misses half the time on signed data (relu) or a scalar MathF call (tanh, exp).
                // The checks are constants of the JIT's instantiation: other functions do not pay for them.
                if (typeof(TF) == typeof(ScalarFunctions.ReluFunction))
                {
                    ReluValues(xs[start..end], ys[start..end]);
                    return;
                }
                if (typeof(TF) == typeof(ScalarFunctions.TanhFunction))
                {
                    TensorPrimitives.Tanh<T>(xs[start..end], ys[start..end]);
                    return;
                }
                if (typeof(TF) == typeof(ScalarFunctions.SigmoidFunction))
                {
                    // 1 / (1 + exp(−x)), the scalar formula, in four vector passes over a chunk that stays in cache.
                    TensorPrimitives.Sigmoid<T>(xs[start..end], ys[start..end]);
                    return;
                }
                for (int i = start; i < end; i++) ys[i] = TF.Value(xs[i]);
            });

        /// <summary>y = x &gt; 0 ? x : 0 (so NaN → 0 and −0 → 0, as ScalarFunctions.Relu), by a vector select.</summary>
        private static void ReluValues(ReadOnlySpan<T> x, Span<T> y)
        {
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T ys = ref MemoryMarshal.GetReference(y);
            int n = x.Length, i = 0, w = Vector256<T>.Count;
            for (; i <= n - w; i += w)
            {
                var v = Vector256.LoadUnsafe(ref xs, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<T>.Zero), v, Vector256<T>.Zero).StoreUnsafe(ref ys, (nuint)i);
            }
            for (; i < n; i++) Unsafe.Add(ref ys, i) = Unsafe.Add(ref xs, i) > T.Zero ? Unsafe.Add(ref xs, i) : T.Zero;
        }

        public static void Tangents<TF>(Tensor x, Tensor dX, Tensor t) where TF : IScalarFunction<T>
            => Split(x.Length, (start, end) =>
            {
                var xs = x.Span<T>();
                var ds = dX.Span<T>();
                var ts = t.Span<T>();
                for (int i = start; i < end; i++) ts[i] = TF.Derivative(xs[i]) * ds[i];
            });

        public static void Pullback<TF>(Tensor x, Tensor y, Tensor seed, Tensor dX) where TF : IScalarFunction<T>
            => Split(x.Length, (start, end) =>
            {
                var xs = x.Span<T>();
                var ss = seed.Span<T>();
                var gs = dX.Span<T>();
                // The library's activations in vector form: relu's derivative is a select (a branch per element would
                // be missed half the time), tanh's and sigmoid's come from the result (1 − y², y(1 − y)), as PyTorch's.
                if (typeof(TF) == typeof(ScalarFunctions.ReluFunction))
                {
                    ReluChain(xs[start..end], ss[start..end], gs[start..end]);
                    return;
                }
                if (typeof(TF) == typeof(ScalarFunctions.TanhFunction) || typeof(TF) == typeof(ScalarFunctions.SigmoidFunction))
                {
                    ResultChain(typeof(TF) == typeof(ScalarFunctions.TanhFunction), y.Span<T>()[start..end], ss[start..end], gs[start..end]);
                    return;
                }
                for (int i = start; i < end; i++) gs[i] += TF.Derivative(xs[i]) * ss[i];
            });

        /// <summary>g += x &gt; 0 ? s : 0 (relu's derivative is 0 at 0 and at NaN, as ScalarFunctions.Relu's).</summary>
        private static void ReluChain(ReadOnlySpan<T> x, ReadOnlySpan<T> s, Span<T> g)
        {
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T ss = ref MemoryMarshal.GetReference(s);
            ref T gs = ref MemoryMarshal.GetReference(g);
            int n = x.Length, i = 0, w = Vector256<T>.Count;
            for (; i <= n - w; i += w)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256<T>.Zero);
                (Vector256.LoadUnsafe(ref gs, (nuint)i) + Vector256.ConditionalSelect(mask, Vector256.LoadUnsafe(ref ss, (nuint)i), Vector256<T>.Zero)).StoreUnsafe(ref gs, (nuint)i);
            }
            for (; i < n; i++) if (Unsafe.Add(ref xs, i) > T.Zero) Unsafe.Add(ref gs, i) += Unsafe.Add(ref ss, i);
        }

        /// <summary>g += s·(1 − y²) (tanh) or g += s·y·(1 − y) (sigmoid), from the result y.</summary>
        private static void ResultChain(bool tanh, ReadOnlySpan<T> y, ReadOnlySpan<T> s, Span<T> g)
        {
            ref T ys = ref MemoryMarshal.GetReference(y);
            ref T ss = ref MemoryMarshal.GetReference(s);
            ref T gs = ref MemoryMarshal.GetReference(g);
            int n = y.Length, i = 0, w = Vector256<T>.Count;
            var one = Vector256<T>.One;
            for (; i <= n - w; i += w)
            {
                var v = Vector256.LoadUnsafe(ref ys, (nuint)i);
                var slope = tanh ? one - v * v : v * (one - v);
                (Vector256.LoadUnsafe(ref gs, (nuint)i) + Vector256.LoadUnsafe(ref ss, (nuint)i) * slope).StoreUnsafe(ref gs, (nuint)i);
            }
            for (; i < n; i++)
            {
                T v = Unsafe.Add(ref ys, i);
                Unsafe.Add(ref gs, i) += Unsafe.Add(ref ss, i) * (tanh ? T.One - v * v : v * (T.One - v));
            }
        }

        /// <summary>One contiguous range per thread, as many threads as there are cores and PerThread-sized ranges.</summary>
        private static void Split(int length, Action<int, int> body)
        {
            int tasks = Math.Min(Environment.ProcessorCount, length / PerThread);
            if (tasks <= 1)
            {
                body(0, length);
                return;
            }
            Parallel.For(0, tasks, t => body((int)((long)length * t / tasks), (int)((long)length * (t + 1) / tasks)));
        }
    }
}
