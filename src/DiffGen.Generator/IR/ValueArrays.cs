namespace DiffGen.Generator.IR;

/// <summary>
/// An array (or span) of values of a differentiable type is seen as one strided array per leaf member: the variable
/// <c>ps[#].X</c> of type <c>double[]</c> is member X of every element, read as <c>ps[i].X</c>, its length
/// <c>ps.Length</c>, and its derivative <c>dPs[#].X</c> (<c>dPs[i].X += ...</c>). Every stage treats it as an array
/// of reals; only the emitter spells it, and the loop vectorizer leaves it alone (its elements are not contiguous).
/// </summary>
internal static class ValueArrays
{
    public const string Element = "[#]";

    public static string MemberName(string array, string path) => array + Element + "." + path;

    public static bool IsMember(VarExpr array) => array.Name.Contains(Element);

    /// <summary><c>ps[#].X</c> at index <paramref name="index"/>: <c>ps[index].X</c>.</summary>
    public static string At(string name, string index) => name.Replace(Element, "[" + index + "]");

    /// <summary>The array the member belongs to (<c>ps</c> of <c>ps[#].X</c>), whose length it has.</summary>
    public static string Owner(string name) => name.Substring(0, name.IndexOf(Element, System.StringComparison.Ordinal));
}
