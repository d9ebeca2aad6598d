using System.Numerics;
using System.Runtime.CompilerServices;
using DiffGen.Tensors.Memory;

namespace DiffGen.Tensors;

/// <summary>
/// A differentiable n-dimensional array: row-major, contiguous, <see cref="DType.Float32"/> or
/// <see cref="DType.Float64"/>, on the CPU. Operations are static methods (<c>Tensor.MatMul(a, b)</c>) and operators;
/// each is <c>[Differentiable]</c>, so a method that composes them gets a generated gradient with no tape. Values are
/// immutable to DiffGen: an operation returns a new tensor (or a view sharing storage) and never changes its inputs.
/// Storage is pooled (see docs/API.md, "Tensors: who owns which tensor").
/// </summary>
public sealed partial class Tensor : IScopedDifferentiable<Tensor>, IDisposable
{
    private readonly int[] shape;
    private readonly int offset;
    private TensorStorage? storage;

    private Tensor(TensorStorage storage, int offset, int[] shape, DType dtype)
    {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        DType = dtype;
        Length = Shapes.ShapeChecks.Product(shape);
        TensorScope.Register(this);
    }

    /// <summary>The size of each axis (a copy).</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>The number of axes.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Where the storage lives.</summary>
    public Device Device => Device.Cpu;

    /// <summary>The shape itself, for the kernels (never handed out: callers get <see cref="Shape"/>, a copy).</summary>
    internal int[] Dimensions => shape;

    /// <summary>Its slot in the innermost scope's list (see <see cref="TensorScope"/>), −1 outside every scope.</summary>
    internal int ScopeSlot { get; set; } = -1;

    /// <summary>Kept by the innermost scope (see <see cref="TensorScope.Keep"/>).</summary>
    internal bool Kept { get; set; }

    /// <summary>A new tensor of uninitialized pooled storage.</summary>
    internal static Tensor Empty(DType dtype, params int[] shape)
    {
        Shapes.ShapeChecks.CheckShape(shape, nameof(shape));
        return new Tensor(TensorStorage.Rent(dtype, Shapes.ShapeChecks.Product(shape)), 0, (int[])shape.Clone(), dtype);
    }

    /// <summary>A new tensor of uninitialized pooled storage shaped and typed like <paramref name="like"/>.</summary>
    internal static Tensor EmptyLike(Tensor like) => new(TensorStorage.Rent(like.DType, like.Length), 0, (int[])like.shape.Clone(), like.DType);

    /// <summary>A tensor over the same storage with another shape of the same length (a view: no copy).</summary>
    internal Tensor View(int[] newShape, int newOffset = 0)
    {
        var s = Storage;
        s.AddReference();
        return new Tensor(s, offset + newOffset, newShape, DType);
    }

    private TensorStorage Storage
        => storage is { Data: not null } s ? s
            : throw new ObjectDisposedException(nameof(Tensor), "This tensor's storage went back to the pool: it was an intermediate of a generated derivative, or it was disposed.");

    /// <summary>The elements, as <typeparamref name="T"/> (which must be the tensor's element type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Span<T>() => new((T[])Storage.Data!, offset, Length);

    /// <summary>The backing array and the first element's index, for kernels that pin or split the work.</summary>
    internal (T[] Array, int Offset) Raw<T>() => ((T[])Storage.Data!, offset);

    /// <summary>Gives the storage back to the pool now (once the last view of it is released too).</summary>
    public void Dispose() => Release();

    internal void Release()
    {
        var s = storage;
        storage = null;
        s?.Release();
    }

    // ---- IDifferentiable / IScopedDifferentiable ----

    /// <summary>A zero tensor shaped and typed like <paramref name="like"/>.</summary>
    public static Tensor Zero(Tensor like) => ZerosLike(like);

    /// <summary><c>accumulator += value</c> in place (same shape; a broadcast gradient is summed before it gets here).</summary>
    public static void Accumulate(ref Tensor accumulator, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        accumulator ??= ZerosLike(value);
        Shapes.ShapeChecks.CheckSameShape(accumulator, value, nameof(accumulator), nameof(value));
        if (accumulator.DType == DType.Float32) Kernels.Elementwise.AddInto<float>(value.Span<float>(), accumulator.Span<float>());
        else Kernels.Elementwise.AddInto<double>(value.Span<double>(), accumulator.Span<double>());
    }

    /// <inheritdoc/>
    public static int OpenScope() => TensorScope.Open();

    /// <inheritdoc/>
    public static Tensor? Keep(Tensor? value)
    {
        TensorScope.Keep(value);
        return value;
    }

    /// <inheritdoc/>
    public static void CloseScope(int scope) => TensorScope.Close(scope);

    // ---- Reading ----

    /// <summary>The elements, row-major, as floats (converted from doubles for a <see cref="DType.Float64"/> tensor).</summary>
    public float[] ToArray()
    {
        if (DType == DType.Float32) return Span<float>().ToArray();
        var result = new float[Length];
        var source = Span<double>();
        for (int i = 0; i < result.Length; i++) result[i] = (float)source[i];
        return result;
    }

    /// <summary>The elements, row-major, as doubles.</summary>
    public double[] ToDoubleArray()
    {
        if (DType == DType.Float64) return Span<double>().ToArray();
        var result = new double[Length];
        var source = Span<float>();
        for (int i = 0; i < result.Length; i++) result[i] = source[i];
        return result;
    }

    /// <summary>The value of a one-element tensor (PyTorch's <c>item()</c>); not differentiable: use <c>(float)t</c> in a <c>[Differentiable]</c> method.</summary>
    public float Item() => (float)ItemAsDouble(this, "this");

    /// <summary>The element at the given indices (one per axis), as a double.</summary>
    [IndexerName("Element")]
    public double this[params int[] indices]
    {
        get
        {
            if (indices.Length != Rank) throw new ArgumentException($"{Rank} indices are needed for a tensor of shape {Shapes.ShapeChecks.Text(shape)}; got {indices.Length}.", nameof(indices));
            int flat = 0;
            for (int axis = 0; axis < Rank; axis++)
            {
                if ((uint)indices[axis] >= (uint)shape[axis]) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[axis]} on axis {axis} of a tensor of shape {Shapes.ShapeChecks.Text(shape)}.");
                flat = flat * shape[axis] + indices[axis];
            }
            return DType == DType.Float32 ? Span<float>()[flat] : Span<double>()[flat];
        }
    }

    internal static double ItemAsDouble(Tensor x, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Length != 1) throw new ArgumentException($"Only a one-element tensor converts to a number; '{name}' has shape {Shapes.ShapeChecks.Text(x.shape)}.", name);
        return x.DType == DType.Float32 ? x.Span<float>()[0] : x.Span<double>()[0];
    }

    /// <summary>Shape, type and the first elements, as PyTorch prints them.</summary>
    public override string ToString()
    {
        if (storage?.Data is null) return $"tensor(released, shape={Shapes.ShapeChecks.Text(shape)})";
        var values = ToDoubleArray();
        string shown = string.Join(", ", values.Take(8).Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"tensor([{shown}{(values.Length > 8 ? ", …" : "")}], shape={Shapes.ShapeChecks.Text(shape)}, dtype={DType})";
    }

    /// <summary>The <see cref="DType"/> of an element type.</summary>
    internal static DType DTypeOf<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? DType.Float32 : DType.Float64;
}
