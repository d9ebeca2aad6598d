namespace DiffGen;

/// <summary>
/// Marks a method for compile-time differentiation. The DiffGen generator emits, next to the method,
/// <c>{Name}Tangent</c> (forward mode) and <c>{Name}Gradient</c> (reverse mode). On an operator or a constructor
/// of a differentiable type, lets differentiable methods use it: it is differentiated where it is used. See docs/API.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
