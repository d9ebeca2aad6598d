using System.Numerics;
using System.Runtime.Intrinsics;

namespace DiffGen.Tensors.Kernels;

/// <summary>An element-wise binary operation, on scalars and on vectors (the JIT specializes the kernels per struct).</summary>
internal interface IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Apply(T a, T b);
    static abstract Vector256<T> Apply(Vector256<T> a, Vector256<T> b);
}

internal readonly struct AddOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a + b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a + b;
}

internal readonly struct SubtractOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a - b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a - b;
}

internal readonly struct MultiplyOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a * b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a * b;
}

internal readonly struct DivideOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => a / b;
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a / b;
}

internal readonly struct MaximumOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Max(a, b);
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
}

internal readonly struct MinimumOperation<T> : IBinaryOperation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T a, T b) => T.Min(a, b);
    public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);
}
