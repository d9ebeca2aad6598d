
namespace DiffGen.Generator.Model;

/// <summary>
/// Identity, not value equality: IR records equal by value can still be different statements (a lowered branch
/// copied into two places), and analyses that annotate statements must tell them apart.
/// </summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T>
    where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
