using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Invalid;

/// <summary>A valid random program with one <see cref="InvalidConstruct"/> put at the start of its method.</summary>
public sealed record InvalidProgram(FuzzProgram Base, InvalidConstruct Construct)
{
    public string Print(string ns)
    {
        var main = Base.Main;
        // A differentiable value: the first scalar parameter, else a local copy of an element (lambdas cannot capture
        // a span).
        string x = main.Scalars.Length > 0 ? main.Scalars[0] : "zx";
        var first = main.Scalars.Length > 0 ? [] : new[] { $"double zx = {main.Arrays[0].Name}[0];" };
        var inserted = first.Concat(Construct.Statements(x)).Select(s => (Stmt)new CSharpPrinter.Raw(s));
        var term = new CSharpPrinter.RawExpr(Construct.ReturnTerm?.Invoke(x) ?? "zu");
        var body = main.Body.Select(s => s is Return r ? new Return(new Binary('+', r.Value, term)) : s);
        var program = Base with { Main = main with { Body = [.. inserted, .. body] } };
        return CSharpPrinter.Print(program, ns, withHarness: false) + "\n" + InvalidConstruct.PlainClass + "\n";
    }

    /// <summary>The base program's features: a scalar method (its result is where the construct's value goes).</summary>
    public static readonly Features BaseFeatures = Features.All with { VectorOutputs = false };
}
