using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Reads of an element already read earlier in the same block, with nothing written in between, become copies of the
/// earlier read: <c>a = x[i] * x[i]; b = 1 − x[i]</c> reads <c>x[i]</c> once. Derivatives then gather in one
/// temporary and reach the gradient buffer in one update (and forward mode reads the tangent once).
/// </summary>
internal sealed class ElementReuse
{
    /// <summary>Arrays the method creates: they alias nothing. Parameters and fields may alias each other.</summary>
    private readonly HashSet<string> localArrays;

    private ElementReuse(HashSet<string> localArrays) => this.localArrays = localArrays;

    public static EquatableArray<Stmt> Apply(EquatableArray<Stmt> body)
    {
        var localArrays = new HashSet<string>(
            Walk(body).OfType<AssignStmt>().Where(a => a.Value is NewArrayExpr).Select(a => a.Target.Name), System.StringComparer.Ordinal);
        return new ElementReuse(localArrays).Block(body, new Reads()).ToEquatableArray();
    }

    /// <summary>Elements read so far whose temporaries still hold them, by array and index.</summary>
    private sealed class Reads : Dictionary<(string Array, string Index), VarExpr>
    {
        public Reads() { }

        public Reads(Reads other) : base(other) { }
    }

    private List<Stmt> Block(EquatableArray<Stmt> block, Reads reads)
    {
        var output = new List<Stmt>(block.Count);
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt { Kind: AssignKind.Set, Value: ElementExpr element } assignment when Key(element) is { } key:
                    Invalidate(reads, assignment.Target.Name, store: false);
                    if (reads.TryGetValue(key, out var earlier))
                    {
                        output.Add(assignment with { Value = earlier });
                    }
                    else
                    {
                        output.Add(assignment);
                        bool selfReferencing = assignment.Target.Name == element.Array.Name
                            || (element.Index is VarExpr index && index.Name == assignment.Target.Name);
                        if (!selfReferencing) reads[key] = assignment.Target;
                    }
                    break;
                case IfStmt branch:
                    output.Add(branch with
                    {
                        Then = Block(branch.Then, new Reads(reads)).ToEquatableArray(),
                        Else = Block(branch.Else, new Reads(reads)).ToEquatableArray(),
                    });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                case ForStmt loop:
                    // A pass may follow another that wrote what an earlier read saw: the body starts afresh.
                    output.Add(loop with { Body = Block(loop.Body, new Reads()).ToEquatableArray() });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                case LoopStmt loop:
                    output.Add(loop with { Body = Block(loop.Body, new Reads()).ToEquatableArray() });
                    InvalidateWrites(reads, new[] { statement });
                    break;
                default:
                    output.Add(statement);
                    InvalidateWrites(reads, new[] { statement });
                    break;
            }
        }
        return output;
    }

    private static (string, string)? Key(ElementExpr element) => element.Index switch
    {
        VarExpr variable => (element.Array.Name, "v:" + variable.Name),
        ConstExpr constant => (element.Array.Name, "c:" + constant.Literal),
        _ => null,
    };

    private void InvalidateWrites(Reads reads, IEnumerable<Stmt> statements)
    {
        if (reads.Count == 0) return;
        // A call may write what it reaches through fields: after one, nothing read before is trusted.
        if (Walk(statements).Any(CallsSomething))
        {
            reads.Clear();
            return;
        }
        foreach (var (name, store) in Written(statements)) Invalidate(reads, name, store);
    }

    /// <summary>
    /// Forgets every read that involves <paramref name="name"/>: as the array, the index or the temporary. A store into
    /// an array that is not a local one may write any other such array: their reads go too.
    /// </summary>
    private void Invalidate(Reads reads, string name, bool store)
    {
        bool mayAlias = store && !localArrays.Contains(name);
        var stale = reads.Where(pair => pair.Key.Array == name || pair.Key.Index == "v:" + name || pair.Value.Name == name
            || (mayAlias && !localArrays.Contains(pair.Key.Array)));
        foreach (var key in stale.Select(pair => pair.Key).ToList()) reads.Remove(key);
    }

    /// <summary>Variables the statements assign and arrays they store into (<c>Store</c>), nested statements included.</summary>
    private static IEnumerable<(string Name, bool Store)> Written(IEnumerable<Stmt> statements)
    {
        foreach (var statement in Walk(statements))
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    yield return (assignment.Target.Name, false);
                    break;
                case StoreStmt store:
                    yield return (store.Array.Name, true);
                    break;
                case ForStmt loop:
                    yield return (loop.Counter.Name, false);
                    break;
            }
        }
    }

    private static bool CallsSomething(Stmt statement)
    {
        var value = statement switch
        {
            AssignStmt assignment => assignment.Value,
            StoreStmt store => store.Value,
            ExprStmt expression => expression.Value,
            _ => null,
        };
        return value is DifferentiableCallExpr or InvokeExpr;
    }

    private static IEnumerable<Stmt> Walk(IEnumerable<Stmt> block)
    {
        foreach (var statement in block)
        {
            yield return statement;
            var nested = statement switch
            {
                IfStmt branch => branch.Then.Concat(branch.Else),
                ForStmt loop => loop.Body,
                LoopStmt loop => loop.Body,
                _ => Enumerable.Empty<Stmt>(),
            };
            foreach (var inner in Walk(nested)) yield return inner;
        }
    }
}
