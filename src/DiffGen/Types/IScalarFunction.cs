namespace DiffGen;

/// <summary>
/// A differentiable scalar function as a type: the generator emits one, <c>{Name}Function</c>, beside every
/// <c>[Differentiable]</c> static method that takes one real and returns one of the same type, so that a kernel can
/// apply it and its derivative to every element of an array (a tensor's <c>Map</c>) with no delegate call per element.
/// </summary>
public interface IScalarFunction
{
}

/// <summary>A differentiable scalar function of <typeparamref name="T"/> (see <see cref="IScalarFunction"/>).</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public interface IScalarFunction<T> : IScalarFunction
{
    /// <summary>f(x).</summary>
    static abstract T Value(T x);

    /// <summary>f′(x), from the function's generated derivative.</summary>
    static abstract T Derivative(T x);
}
