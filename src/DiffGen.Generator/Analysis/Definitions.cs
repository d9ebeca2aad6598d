using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>How many definitions each variable has; a variable never defined has none.</summary>
internal sealed class DefinitionCounts
{
    private readonly Dictionary<string, int> counts;

    private DefinitionCounts(Dictionary<string, int> counts) => this.counts = counts;

    public int this[string name] => counts.TryGetValue(name, out int count) ? count : 0;

    /// <summary>
    /// How many times each variable can be assigned along one path, a parameter's value on entry counting as one:
    /// branches count as their larger side, loops as more than once. A variable with more than one may hold another
    /// value by the time the adjoint sweep reads it.
    /// </summary>
    public static DefinitionCounts AlongPath(EquatableArray<Stmt> body, IEnumerable<string> parameters)
    {
        var counts = CountAlongPath(body);
        foreach (var name in parameters) counts[name] = Get(counts, name) + 1;
        return new DefinitionCounts(counts);
    }

    /// <summary>
    /// How many assignments define each variable, a parameter's value on entry counting as one: a variable with a
    /// single definition holds that definition's value wherever it is read, which is what recomputing it assumes.
    /// </summary>
    public static DefinitionCounts Assignments(IEnumerable<AssignStmt> statements, IEnumerable<string> parameters)
    {
        var counts = statements.GroupBy(a => a.Target.Name).ToDictionary(g => g.Key, g => g.Count(), System.StringComparer.Ordinal);
        foreach (var name in parameters) counts[name] = Get(counts, name) + 1;
        return new DefinitionCounts(counts);
    }

    private static Dictionary<string, int> CountAlongPath(EquatableArray<Stmt> block)
    {
        var counts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    counts[assignment.Target.Name] = Get(counts, assignment.Target.Name) + 1;
                    break;
                case IfStmt branch:
                {
                    var then = CountAlongPath(branch.Then);
                    var @else = CountAlongPath(branch.Else);
                    foreach (var pair in then) counts[pair.Key] = Get(counts, pair.Key) + System.Math.Max(pair.Value, Get(@else, pair.Key));
                    foreach (var pair in @else)
                    {
                        if (!then.ContainsKey(pair.Key)) counts[pair.Key] = Get(counts, pair.Key) + pair.Value;
                    }
                    break;
                }
                case LoopStmt or ForStmt:
                    // A loop assigns its counter and everything in its body any number of times.
                    foreach (var name in IrWalker.Assigned(new[] { statement })) counts[name] = Get(counts, name) + 2;
                    break;
            }
        }
        return counts;
    }

    private static int Get(Dictionary<string, int> counts, string name) => counts.TryGetValue(name, out int count) ? count : 0;
}
