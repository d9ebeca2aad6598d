namespace DiffGen;

/// <summary>
/// Marks a method for compile-time differentiation. The DiffGen generator emits, next to the method,
/// <c>{Name}Tangent</c> (forward mode) and <c>{Name}Gradient</c> (reverse mode). See docs/API.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
