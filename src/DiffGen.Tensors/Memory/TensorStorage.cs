namespace DiffGen.Tensors.Memory;

/// <summary>
/// A pooled array shared by a tensor and its views, counted: it goes back to the pool when the last tensor on it is
/// released.
/// </summary>
internal sealed class TensorStorage
{
    private int references = 1;

    public TensorStorage(Array data) => Data = data;

    /// <summary>A <c>float[]</c> or <c>double[]</c>; null once returned to the pool.</summary>
    public Array? Data { get; private set; }

    public static TensorStorage Rent(DType dtype, int length)
        => new(dtype == DType.Float32 ? TensorPool<float>.Rent(length) : TensorPool<double>.Rent(length));

    public void AddReference() => Interlocked.Increment(ref references);

    public void Release()
    {
        if (Interlocked.Decrement(ref references) != 0) return;
        switch (Data)
        {
            case float[] floats: TensorPool<float>.Return(floats); break;
            case double[] doubles: TensorPool<double>.Return(doubles); break;
        }
        Data = null;
    }
}
