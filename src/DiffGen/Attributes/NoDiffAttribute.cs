namespace DiffGen;

/// <summary>
/// Marks a parameter of a <see cref="DifferentiableAttribute">[Differentiable]</see> method as a constant: no
/// derivative is taken with respect to it and no derivative parameter is emitted for it. On a method, makes every call
/// of it from differentiable code a constant. On a field or an auto-property of a differentiable type, makes that
/// member a constant of its values (a count, an id): it gets no derivative.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Method | AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class NoDiffAttribute : Attribute
{
}
