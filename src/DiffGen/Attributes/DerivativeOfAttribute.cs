namespace DiffGen;

/// <summary>
/// Registers the marked method as the derivative of a method you do not own: a static method named
/// <c>{Target}Gradient</c> or <c>{Target}Tangent</c> with the signature the generator would emit for the target.
/// <c>[Differentiable]</c> methods that call the target then differentiate through it. See docs/API.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <param name="type">The type that declares the target method.</param>
    /// <param name="methodName">The target method's name (use <c>nameof</c>).</param>
    public DerivativeOfAttribute(Type type, string methodName)
    {
        Type = type;
        MethodName = methodName;
    }

    /// <summary>The type that declares the target method.</summary>
    public Type Type { get; }

    /// <summary>The target method's name.</summary>
    public string MethodName { get; }
}
