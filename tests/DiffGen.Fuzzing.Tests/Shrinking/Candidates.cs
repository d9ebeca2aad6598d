using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Shrinking;

/// <summary>
/// The programs one step simpler than a given one: a statement removed, a branch or a loop's body kept alone, an
/// expression replaced by one of its operands or a constant, a loop run fewer times, a helper dropped. Many are not
/// valid C# (a removed declaration still read); the evaluator rejects those as not failing the same way.
/// Biggest cuts come first.
/// </summary>
public static class Candidates
{
    public static IEnumerable<FuzzProgram> Of(FuzzProgram p)
    {
        for (int h = 0; h < p.Helpers.Length; h++)
            yield return p with { Helpers = [.. p.Helpers.Take(h), .. p.Helpers.Skip(h + 1)] };
        foreach (var body in Body(p.Main))
            yield return p with { Main = p.Main with { Body = body } };
        for (int h = 0; h < p.Helpers.Length; h++)
            foreach (var body in Body(p.Helpers[h]))
            {
                var helpers = (Method[])p.Helpers.Clone();
                helpers[h] = helpers[h] with { Body = body };
                yield return p with { Helpers = helpers };
            }
    }

    // A vector method's first statement writes every output element; it stays, so the shrunk program still reads
    // outputs only after writing them (the contract), though what it writes may simplify.
    private static IEnumerable<Stmt[]> Body(Method m)
    {
        if (!m.IsVector || m.ReadsOutput) return Block(m.Body);
        var fill = (For)m.Body[0];
        var rest = m.Body[1..];
        return Block(rest).Select(b => (Stmt[])[fill, .. b])
            .Concat(Block(fill.Body).Where(b => b.Length == 1).Select(b => (Stmt[])[fill with { Body = b }, .. rest]));
    }

    private static IEnumerable<Stmt[]> Block(Stmt[] block)
    {
        // Halves, quarters, ... of the block first (delta debugging), then single statements, largest first.
        for (int chunk = block.Length / 2; chunk >= 2; chunk /= 2)
            for (int start = 0; start + chunk <= block.Length; start += chunk)
                yield return [.. block.Take(start), .. block.Skip(start + chunk)];
        foreach (int i in Enumerable.Range(0, block.Length).OrderByDescending(i => AstSize.Of(block[i])))
            yield return [.. block.Take(i), .. block.Skip(i + 1)];
        for (int i = 0; i < block.Length; i++)
            foreach (var inlined in Inline(block[i]))
                yield return [.. block.Take(i), .. inlined, .. block.Skip(i + 1)];
        for (int i = 0; i < block.Length; i++)
            foreach (var s in Statement(block[i]))
                yield return [.. block.Take(i), s, .. block.Skip(i + 1)];
    }

    // A compound statement replaced by the statements inside it.
    private static IEnumerable<Stmt[]> Inline(Stmt s)
    {
        switch (s)
        {
            case If i:
                yield return i.Then;
                if (i.Else is not null) yield return i.Else;
                break;
            case While w: yield return w.Body; break;
            case Switch sw: foreach (var section in sw.Sections) yield return section.Body; break;
            case DeadPass d: yield return [d.Local]; break;
            case Seq q: yield return q.Body; break;
        }
    }

    private static IEnumerable<Stmt> Statement(Stmt s)
    {
        switch (s)
        {
            case Declare d: foreach (var e in Expr(d.Value)) yield return d with { Value = e }; break;
            case Assign a:
                if (a.Op != "=") yield return a with { Op = "=" };
                foreach (var e in Expr(a.Value)) yield return a with { Value = e };
                break;
            case AssignElement a:
                if (a.Op != "=") yield return a with { Op = "=" };
                if (a.Index is not ConstIndex { Value: 0 }) yield return a with { Index = new ConstIndex(0) };
                foreach (var e in Expr(a.Value)) yield return a with { Value = e };
                break;
            case If i:
                if (i.Else is not null) yield return i with { Else = null };
                foreach (var b in Block(i.Then)) yield return i with { Then = b };
                if (i.Else is not null) foreach (var b in Block(i.Else)) yield return i with { Else = b };
                foreach (var e in Expr(i.Condition.Left)) yield return i with { Condition = i.Condition with { Left = e } };
                foreach (var e in Expr(i.Condition.Right)) yield return i with { Condition = i.Condition with { Right = e } };
                break;
            case For f:
                if (int.TryParse(f.Bound, out int bound) ? bound > 1 : true)
                    foreach (int smaller in new[] { 1, 2 }.Where(b => !int.TryParse(f.Bound, out int c) || b < c))
                        yield return f with { Bound = smaller.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                foreach (var b in Block(f.Body)) yield return f with { Body = b };
                break;
            case While w:
                if (w.Count > 1) yield return w with { Count = 1 };
                foreach (var b in Block(w.Body)) yield return w with { Body = b };
                break;
            case Foreach f: foreach (var b in Block(f.Body)) yield return f with { Body = b }; break;
            case Switch sw:
                if (sw.Sections.Length > 1) yield return sw with { Sections = sw.Sections[1..] };
                for (int k = 0; k < sw.Sections.Length; k++)
                    foreach (var b in Block(sw.Sections[k].Body))
                        yield return sw with { Sections = [.. sw.Sections.Take(k), sw.Sections[k] with { Body = b }, .. sw.Sections.Skip(k + 1)] };
                break;
            case VectorCall v: foreach (var e in Expr(v.Scalar)) yield return v with { Scalar = e }; break;
            case Return r: foreach (var e in Expr(r.Value)) yield return r with { Value = e }; break;
            case Seq q:
                foreach (var b in Block(q.Body)) yield return q with { Body = b };
                break;
            case DeadPass d:
                foreach (var f in Statement(d.Loop).OfType<For>().Where(f => f.Body.Length == 1 && f.Bound != "1"))
                    yield return d with { Loop = f };
                break;
        }
    }

    private static IEnumerable<Expr> Expr(Expr e)
    {
        foreach (var child in Children(e)) yield return child;
        if (e is not Num) yield return new Num(1.0);
        switch (e)
        {
            case Binary b:
                foreach (var x in Expr(b.Left)) yield return b with { Left = x };
                foreach (var x in Expr(b.Right)) yield return b with { Right = x };
                break;
            case Negate n: foreach (var x in Expr(n.Operand)) yield return n with { Operand = x }; break;
            case MathCall c:
                for (int k = 0; k < c.Args.Length; k++)
                    foreach (var x in Expr(c.Args[k])) yield return c with { Args = Replace(c.Args, k, x) };
                break;
            case HelperCall c:
                for (int k = 0; k < c.Args.Length; k++)
                    foreach (var x in Expr(c.Args[k])) yield return c with { Args = Replace(c.Args, k, x) };
                break;
            case ValueOp v:
                for (int k = 0; k < v.Args.Length; k++)
                    foreach (var x in Expr(v.Args[k])) yield return v with { Args = Replace(v.Args, k, x) };
                break;
            case Ternary t:
                foreach (var x in Expr(t.WhenTrue)) yield return t with { WhenTrue = x };
                foreach (var x in Expr(t.WhenFalse)) yield return t with { WhenFalse = x };
                foreach (var x in Expr(t.Condition.Left)) yield return t with { Condition = t.Condition with { Left = x } };
                foreach (var x in Expr(t.Condition.Right)) yield return t with { Condition = t.Condition with { Right = x } };
                break;
            case Element a when a.Index is not ConstIndex { Value: 0 }:
                yield return a with { Index = new ConstIndex(0) };
                break;
        }
    }

    // Operands that are themselves doubles (a ternary's condition operands are too).
    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        Binary b => [b.Left, b.Right],
        Negate n => [n.Operand],
        MathCall c => c.Args,
        HelperCall c => c.Args,
        ValueOp v => v.Args,
        Ternary t => [t.WhenTrue, t.WhenFalse],
        _ => [],
    };

    private static Expr[] Replace(Expr[] args, int k, Expr x)
    {
        var copy = (Expr[])args.Clone();
        copy[k] = x;
        return copy;
    }
}
