using System.Globalization;
using System.Text;

namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>
/// Prints a <see cref="FuzzProgram"/> as C#: the class under test and a harness class beside it that takes flat
/// <c>double[]</c> vectors, so the checks reach spans, <c>out</c> parameters and vector outputs through one set of
/// reflection-friendly signatures.
/// </summary>
public static class CSharpPrinter
{
    public const string ClassName = "Subject";
    public const string HarnessName = "Harness";
    public const string ProbeName = "Probe";

    // While the probe class prints: every arithmetic result goes through Probe.N, which notes a non-finite value.
    [ThreadStatic] private static bool probing;

    /// <summary>The source of one program in namespace <paramref name="ns"/> (each program of a batch has its own).</summary>
    public static string Print(FuzzProgram program, string ns, bool withHarness = true)
    {
        var w = new StringBuilder();
        w.Append("using System;\nusing DiffGen;\n\nnamespace ").Append(ns).Append(";\n\n");
        w.Append(ValueType);
        w.Append("public static partial class ").Append(ClassName).Append("\n{\n");
        foreach (var helper in program.Helpers) PrintMethod(w, helper, "    ");
        PrintMethod(w, program.Main, "    ");
        w.Append("}\n");
        if (withHarness)
        {
            PrintProbe(w, program);
            PrintHarness(w, program);
        }
        return w.ToString();
    }

    /// <summary>The class under test alone (what a failure report shows).</summary>
    public static string PrintSubject(FuzzProgram program) => Print(program, "Fuzz", withHarness: false);

    /// <summary>
    /// The program again as plain C# (no [Differentiable]), every arithmetic result passed through <c>N</c>, which
    /// sets <c>Bad</c> on an infinite, NaN or huge (over 1e12) value: an intermediate that overflows (and is read: x *= x
    /// in a loop) makes both modes' derivatives a matter of convention, and a huge one rounds away what it is added to
    /// (<c>y2 - (v + y2)</c> is 0 in the primal and in forward mode, −v to reverse mode, which adds the two paths'
    /// adjoints apart), so such points are not checked. The dead passes' infinite values
    /// (<see cref="Features.DivisionByCounter"/>, <see cref="Features.DeadPassShapes"/>) are never read, must never
    /// poison a derivative, and are not noted.
    /// </summary>
    private static void PrintProbe(StringBuilder w, FuzzProgram program)
    {
        w.Append("\npublic static class ").Append(ProbeName).Append("\n{\n");
        w.Append("    public static bool Bad;\n");
        w.Append("    private static double N(double v) { if (!(Math.Abs(v) <= 1e12)) Bad = true; return v; }\n\n");
        try
        {
            foreach (var m in program.Helpers.Append(program.Main))
            {
                probing = m.Name != "R0";   // 1 / p: infinite only on a dead pass
                PrintMethod(w, m, "    ", attribute: false);
            }
        }
        finally { probing = false; }
        w.Append("}\n");
    }

    private static void PrintMethod(StringBuilder w, Method m, string indent, bool attribute = true)
    {
        if (attribute) w.Append(indent).Append("[Differentiable]\n");
        w.Append(indent).Append("public static ").Append(m.IsVector ? "void " : "double ").Append(m.Name).Append('(')
            .Append(string.Join(", ", Parameters(m))).Append(")\n");
        PrintBlock(w, m.Body, indent);
        w.Append('\n');
    }

    private static IEnumerable<string> Parameters(Method m)
    {
        foreach (var a in m.Arrays) yield return (a.Kind == ArrayKind.Array ? "double[] " : "ReadOnlySpan<double> ") + a.Name;
        foreach (var s in m.Scalars) yield return "double " + s;
        if (m.HasInt) yield return "int n";
        if (m.IsVector) yield return "Span<double> y";
    }

    private static void PrintBlock(StringBuilder w, Stmt[] body, string indent)
    {
        w.Append(indent).Append("{\n");
        foreach (var s in body) PrintStmt(w, s, indent + "    ");
        w.Append(indent).Append("}\n");
    }

    private static void PrintStmt(StringBuilder w, Stmt s, string indent)
    {
        switch (s)
        {
            case Declare d: w.Append(indent).Append("double ").Append(d.Name).Append(" = ").Append(E(d.Value)).Append(";\n"); break;
            case Assign a: w.Append(indent).Append(a.Name).Append(' ').Append(a.Op).Append(' ').Append(E(a.Value)).Append(";\n"); break;
            case AssignElement a:
                w.Append(indent).Append(a.Array).Append('[').Append(I(a.Index)).Append("] ").Append(a.Op).Append(' ').Append(E(a.Value)).Append(";\n");
                break;
            case If i:
                w.Append(indent).Append("if (").Append(C(i.Condition)).Append(")\n");
                PrintBlock(w, i.Then, indent);
                if (i.Else is not null)
                {
                    w.Append(indent).Append("else\n");
                    PrintBlock(w, i.Else, indent);
                }
                break;
            case For f:
                w.Append(indent).Append("for (int ").Append(f.Counter).Append(" = 0; ").Append(f.Counter).Append(" < ").Append(f.Bound)
                    .Append("; ").Append(f.Counter).Append("++)\n");
                PrintBlock(w, f.Body, indent);
                break;
            case While l:
                w.Append(indent).Append("int ").Append(l.Counter).Append(" = 0;\n");
                w.Append(indent).Append("while (").Append(l.Counter).Append(" < ").Append(l.Count).Append(")\n");
                PrintBlock(w, [.. l.Body, new Raw(l.Counter + "++;")], indent);
                break;
            case Switch sw:
                w.Append(indent).Append("switch (").Append(sw.Int).Append(" % ").Append(sw.Modulo).Append(")\n");
                w.Append(indent).Append("{\n");
                foreach (var section in sw.Sections)
                {
                    if (section.Labels.Length == 0) w.Append(indent).Append("    default:\n");
                    foreach (int label in section.Labels) w.Append(indent).Append("    case ").Append(label).Append(":\n");
                    PrintBlock(w, [.. section.Body, new Raw("break;")], indent + "    ");
                }
                w.Append(indent).Append("}\n");
                break;
            case Foreach f:
                w.Append(indent).Append("foreach (double ").Append(f.Variable).Append(" in ").Append(f.Array).Append(")\n");
                PrintBlock(w, f.Body, indent);
                break;
            case DeclareArray a:
                w.Append(indent).Append(a.Stackalloc ? "Span<double> " : "double[] ").Append(a.Name).Append(" = ")
                    .Append(a.Stackalloc ? "stackalloc" : "new").Append(" double[").Append(a.Length).Append("];\n");
                break;
            case VectorCall v:
                w.Append(indent).Append(v.Helper).Append('(').Append(v.Input).Append(", ").Append(E(v.Scalar)).Append(", ").Append(v.Output).Append(");\n");
                break;
            case DeadPass d:
                PrintStmt(w, d.Local, indent);
                PrintStmt(w, d.Loop, indent);
                break;
            case Seq q:
                foreach (var inner in q.Body) PrintStmt(w, inner, indent);
                break;
            case Return r: w.Append(indent).Append("return ").Append(E(r.Value)).Append(";\n"); break;
            case Raw r: w.Append(indent).Append(r.Text).Append('\n'); break;
            default: throw new InvalidOperationException(s.ToString());
        }
    }

    /// <summary>A line printed as it is (the while loop's increment; the invalid constructs).</summary>
    public sealed record Raw(string Text) : Stmt;

    /// <summary>An expression printed as it is (the invalid constructs).</summary>
    public sealed record RawExpr(string Text) : Expr;

    public static string E(Expr e) => probing && Noted(e) ? $"N({Plain(e)})" : Plain(e);

    // What the probe notes: results of arithmetic and calls, except the dead passes' infinite values.
    private static bool Noted(Expr e) => e switch
    {
        Binary { Op: '/', Right: IntTerm { Scale: 0.3 } } => false,
        Binary { Op: '+', Left: MathCall l } when DeadLog(l) => false,
        MathCall c when DeadLog(c) => false,
        HelperCall { Helper: "R0" } => false,
        Binary or MathCall or HelperCall or LibrarySum or ValueOp => true,
        _ => false,
    };

    private static bool DeadLog(MathCall c) => c is { Function: "Log", Args: [Binary { Op: '*', Right: IntTerm { Scale: 0.5 } }] };

    private static string Plain(Expr e) => e switch
    {
        Num n => Number(n.Value),
        Ref r => r.Name,
        IntTerm t => $"({t.Name} * {Number(t.Scale)})",
        Binary b => $"({E(b.Left)} {b.Op} {E(b.Right)})",
        // `- -x` must not print as `--x`, a decrement.
        Negate n => n.Operand is Negate ? $"-({E(n.Operand)})" : $"-{E(n.Operand)}",
        MathCall c => $"Math.{c.Function}({string.Join(", ", c.Args.Select(E))})",
        Element a => $"{a.Array}[{I(a.Index)}]",
        Ternary t => $"({C(t.Condition)} ? {E(t.WhenTrue)} : {E(t.WhenFalse)})",
        HelperCall h => $"{h.Helper}({string.Join(", ", (h.ArrayArgument is null ? [] : new[] { h.ArrayArgument }).Concat(h.Args.Select(E)))})",
        LibrarySum s => $"Vectorized.Sum({s.Array})",
        ValueOp v => Value(v),
        RawExpr r => r.Text,
        _ => throw new InvalidOperationException(e.ToString()),
    };

    private static string C(Comparison c) => $"{E(c.Left)} {c.Op} {E(c.Right)}";

    /// <summary>
    /// The record struct every program may use: operators, an instance method, a static method with a branch and an
    /// early return, and one with a loop carrying a value. Callers inline them all.
    /// </summary>
    private const string ValueType = """
        public partial record struct V2(double X, double Y)
        {
            [Differentiable] public static V2 operator +(V2 a, V2 b) => new(a.X + b.X, a.Y + b.Y);
            [Differentiable] public static V2 operator *(double k, V2 a) => new(k * a.X, k * a.Y);
            [Differentiable] public double Dot(V2 o) => X * o.X + Y * o.Y;
            [Differentiable] public static V2 Turn(V2 p, double k)
            {
                if (k > 0) return new V2(p.X - 0.5 * k * p.Y, p.Y + 0.5 * k * p.X);
                var q = p;
                q.X *= 0.5;
                return q with { Y = q.Y - k };
            }
            [Differentiable] public static V2 Spin(V2 p, double k)
            {
                var q = p;
                for (int i = 0; i < 3; i++) q = 0.5 * q + new V2(0.25 * k * q.Y, -0.25 * k * q.X);
                return q;
            }
        }


        """;

    private static string Value(ValueOp v)
    {
        string a = E(v.Args[0]), b = E(v.Args[1]), c = E(v.Args[2]);
        return v.Kind switch
        {
            0 => $"(new V2({a}, {b}) + new V2({c}, {a})).X",
            1 => $"new V2({a}, {b}).Dot(new V2({c}, 0.5))",
            2 => $"V2.Turn(new V2({a}, {b}), {c}).Y",
            3 => $"(new V2({a}, {b}) with {{ Y = {c} }}).Dot(new V2({b}, 1.5))",
            4 => $"V2.Spin(new V2({a}, {b}), {c}).X",
            _ => $"({a} > {b} ? new V2({a}, {c}) : {c} * new V2({b}, 0.25)).Y",
        };
    }

    private static string I(Index i) => i switch
    {
        ConstIndex c => c.Value.ToString(CultureInfo.InvariantCulture),
        CounterIndex c => c.Counter,
        WrappedIndex w => $"({string.Join(" + ", w.Counters)} + {w.Offset}) % {w.Length}",
        _ => throw new InvalidOperationException(i.ToString()),
    };

    public static string Number(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        if (!s.Contains('.') && !s.Contains('E')) s += ".0";
        return v < 0 ? $"({s})" : s;
    }

    // ---- the harness: flat vectors in, the method's own signatures out ----

    // Layout of the flat input vector p: each array's elements in parameter order, then the scalars.
    private static void PrintHarness(StringBuilder w, FuzzProgram program)
    {
        var m = program.Main;
        int length = program.Length;
        string Arg(string v, int k, bool asSpan) => asSpan ? $"new ReadOnlySpan<double>({v}, {k * length}, {length})" : $"{v}.AsSpan({k * length}, {length}).ToArray()";
        var inputs = m.Arrays.Select((a, k) => Arg("p", k, a.Kind == ArrayKind.Span))
            .Concat(m.Scalars.Select((_, k) => $"p[{m.Arrays.Length * length + k}]"))
            .Concat(m.HasInt ? [length.ToString(CultureInfo.InvariantCulture)] : [])
            .Concat(m.IsVector ? ["y"] : []).ToList();
        var gradients = m.Arrays.Select((_, k) => $"g.AsSpan({k * length}, {length})")
            .Concat(m.Scalars.Select((_, k) => $"out g[{m.Arrays.Length * length + k}]"))
            .Concat(m.IsVector ? ["dy"] : []).ToList();
        var tangents = m.Arrays.Select((_, k) => $"new ReadOnlySpan<double>(dp, {k * length}, {length})")
            .Concat(m.Scalars.Select((_, k) => $"dp[{m.Arrays.Length * length + k}]"))
            .Concat([m.IsVector ? "ty" : "out ty[0]"]).ToList();
        string call = $"{ClassName}.{m.Name}";

        w.Append("\npublic static class ").Append(HarnessName).Append("\n{\n");
        w.Append("    public static double Value(double[] p, double[] y)\n    {\n        ")
            .Append(m.IsVector ? "" : "return ").Append(call).Append('(').Append(string.Join(", ", inputs)).Append(");\n")
            .Append(m.IsVector ? "        return 0;\n" : "").Append("    }\n");
        w.Append("    public static double Gradient(double[] p, double[] y, double[] dy, double[] g)\n    {\n        ")
            .Append(m.IsVector ? "" : "return ").Append(call).Append("Gradient(").Append(string.Join(", ", inputs.Concat(gradients))).Append(");\n")
            .Append(m.IsVector ? "        return 0;\n" : "").Append("    }\n");
        w.Append("    public static double Tangent(double[] p, double[] dp, double[] y, double[] ty)\n    {\n        ")
            .Append(m.IsVector ? "" : "return ").Append(call).Append("Tangent(").Append(string.Join(", ", inputs.Concat(tangents))).Append(");\n")
            .Append(m.IsVector ? "        return 0;\n" : "").Append("    }\n");
        w.Append("    public static bool Overflows(double[] p, double[] y)\n    {\n        ").Append(ProbeName).Append(".Bad = false;\n        ")
            .Append(ProbeName).Append('.').Append(m.Name).Append('(').Append(string.Join(", ", inputs)).Append(");\n        return ")
            .Append(ProbeName).Append(".Bad;\n    }\n");
        w.Append("}\n");
    }
}
