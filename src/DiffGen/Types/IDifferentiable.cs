namespace DiffGen;

/// <summary>
/// A type that declares its own tangent algebra (an opaque differentiable type, such as a tensor): DiffGen never
/// looks inside it. Its values flow through <c>[Differentiable]</c> methods as parameters, locals, results and
/// through loops and branches; its tangents and gradients are values of the same type; and every operation on it is a
/// <c>[Differentiable]</c> method whose derivatives are written by hand (or registered with <see cref="DerivativeOfAttribute"/>),
/// or composed of such calls. The implementing type must be a class that implements this interface for itself.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IDifferentiable<TSelf> where TSelf : IDifferentiable<TSelf>
{
    /// <summary>A zero tangent shaped like <paramref name="like"/> (same length, same shape), a fresh value.</summary>
    static abstract TSelf Zero(TSelf like);

    /// <summary>
    /// <c>accumulator += value</c>, in place where the type allows (a class over pooled storage adds into its own
    /// storage and allocates nothing). <paramref name="value"/> is shaped like <paramref name="accumulator"/> and is
    /// left unchanged.
    /// </summary>
    static abstract void Accumulate(ref TSelf accumulator, TSelf value);
}
