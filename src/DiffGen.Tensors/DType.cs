namespace DiffGen.Tensors;

/// <summary>A tensor's element type (PyTorch's <c>torch.float32</c> and <c>torch.float64</c>).</summary>
public enum DType
{
    /// <summary>32-bit floats: what every operation supports and models train in.</summary>
    Float32,

    /// <summary>64-bit floats, on the CPU: for tight gradient checks.</summary>
    Float64,
}

/// <summary>Where a tensor's storage lives. Only the CPU today; the GPU backends come behind the same type.</summary>
public enum Device
{
    /// <summary>Managed memory, operated on by the CPU kernels.</summary>
    Cpu,
}
