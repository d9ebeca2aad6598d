using DiffGen.Generator.IR;

namespace DiffGen.Generator.Emit;

/// <summary>How values of differentiable types are spelled: built from their leaves, and added into member by member.</summary>
internal static class AggregatePrinting
{
    /// <summary><c>new T(positional...) { Other = ..., Nested = new U { ... } }</c>, leaves in layout order.</summary>
    public static string Construct(AggregateLayout layout, IReadOnlyList<string> leaves)
    {
        int next = 0;
        return Construct(layout, leaves, ref next);
    }

    private static string Construct(AggregateLayout layout, IReadOnlyList<string> leaves, ref int next)
    {
        var positional = new List<string>();
        var named = new List<string>();
        for (int i = 0; i < layout.Members.Count; i++)
        {
            var member = layout.Members[i];
            string value = member.Nested is { } nested ? Construct(nested, leaves, ref next) : leaves[next++];
            if (i < layout.PositionalCount) positional.Add(value);
            else named.Add(member.Name + " = " + value);
        }
        string text = "new " + layout.TypeName + "(" + string.Join(", ", positional) + ")";
        return named.Count == 0 ? text : text + " { " + string.Join(", ", named) + " }";
    }

    /// <summary>
    /// <c>root.A.B += value</c>; from the first init-only member on, the rest is rebuilt with <c>with</c>:
    /// <c>root.A = root.A with { B = root.A.B + value }</c>.
    /// </summary>
    public static string AddInto(string root, IReadOnlyList<string> path, IReadOnlyList<bool> initOnly, string value, bool assign = false)
    {
        int first = Enumerable.Range(0, path.Count).Where(i => initOnly[i]).DefaultIfEmpty(-1).First();
        if (first < 0) return root + "." + string.Join(".", path) + (assign ? " = " : " += ") + value;
        string holder = first == 0 ? root : root + "." + string.Join(".", path.Take(first));
        return holder + " = " + Rebuilt(holder, path, first, value, assign);
    }

    /// <summary><c>holder with { P = ... }</c> for member <paramref name="index"/> of the path and what lies below it.</summary>
    private static string Rebuilt(string holder, IReadOnlyList<string> path, int index, string value, bool assign)
    {
        string member = holder + "." + path[index];
        string inner = index == path.Count - 1 ? (assign ? value : member + " + " + value) : Rebuilt(member, path, index + 1, value, assign);
        return holder + " with { " + path[index] + " = " + inner + " }";
    }
}
