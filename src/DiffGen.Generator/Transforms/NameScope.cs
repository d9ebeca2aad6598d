using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>Hands out identifiers that collide with nothing the method already uses.</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> taken = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, int> counters = new(System.StringComparer.Ordinal);

    public NameScope(IEnumerable<string> names)
    {
        foreach (var name in names) taken.Add(Bare(name));
    }

    /// <summary>Every name a lowered method uses: parameters, their derivative parameters, locals and temporaries.</summary>
    public static NameScope For(MethodModel method)
    {
        var names = new List<string> { MethodModel.TangentParameterName };
        foreach (var parameter in method.Parameters)
        {
            names.Add(parameter.Name);
            names.Add(parameter.DerivativeName);
        }
        foreach (var local in method.Locals) names.Add(local.Name);
        return new NameScope(names);
    }

    /// <summary><paramref name="preferred"/> if it is free, else the first free <c>preferred_1</c>, <c>preferred_2</c>, ...</summary>
    public string Fresh(string preferred)
    {
        preferred = Bare(preferred);
        if (taken.Add(preferred)) return preferred;
        counters.TryGetValue(preferred, out int next);
        string candidate;
        do
        {
            next++;
            candidate = preferred + "_" + next;
        }
        while (!taken.Add(candidate));
        counters[preferred] = next;
        return candidate;
    }

    /// <summary>A numbered name: <c>_t0</c>, <c>_t1</c>, ...</summary>
    public string Numbered(string prefix)
    {
        counters.TryGetValue("#" + prefix, out int next);
        string candidate;
        do
        {
            candidate = prefix + next;
            next++;
        }
        while (!taken.Add(candidate));
        counters["#" + prefix] = next;
        return candidate;
    }

    /// <summary>Without a keyword escape, and with the dots of field paths (<c>this.W</c>) turned into underscores.</summary>
    public static string Bare(string name) => (name.StartsWith("@", System.StringComparison.Ordinal) ? name.Substring(1) : name).Replace('.', '_');
}
