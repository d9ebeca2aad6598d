using System.ComponentModel;

namespace DiffGen.CompilerServices;

/// <summary>Arrays that generated code builds where the user's call passes <c>params</c> numbers (a tensor's shape).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Arrays
{
    /// <summary>The arguments as an array.</summary>
    public static T[] Of<T>(params T[] items) => items;
}
