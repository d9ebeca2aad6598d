namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>The number of nodes of a program: CsCheck's size of a sample, and the shrinker's measure of progress.</summary>
public static class AstSize
{
    public static int Of(FuzzProgram p) => Of(p.Main) + p.Helpers.Sum(Of) + p.Main.Scalars.Length + p.Main.Arrays.Length;

    public static int Of(Method m) => 1 + Of(m.Body);

    public static int Of(Stmt[] block) => block.Sum(Of);

    public static int Of(Stmt s) => s switch
    {
        Declare d => 1 + Of(d.Value),
        Assign a => 1 + Of(a.Value),
        AssignElement a => 1 + Of(a.Value),
        If i => 1 + Of(i.Condition) + Of(i.Then) + (i.Else is null ? 0 : Of(i.Else)),
        For f => 1 + Of(f.Body),
        While w => 1 + Of(w.Body),
        Foreach f => 1 + Of(f.Body),
        Switch w => 1 + w.Sections.Sum(section => Of(section.Body)),
        VectorCall v => 1 + Of(v.Scalar),
        Return r => 1 + Of(r.Value),
        DeadPass d => Of(d.Local) + Of(d.Loop),
        Seq q => Of(q.Body),
        _ => 1,
    };

    public static int Of(Comparison c) => 1 + Of(c.Left) + Of(c.Right);

    public static int Of(Expr e) => e switch
    {
        Binary b => 1 + Of(b.Left) + Of(b.Right),
        Negate n => 1 + Of(n.Operand),
        MathCall c => 1 + c.Args.Sum(Of),
        Ternary t => 1 + Of(t.Condition) + Of(t.WhenTrue) + Of(t.WhenFalse),
        HelperCall h => 1 + h.Args.Sum(Of),
        ValueOp v => 1 + v.Args.Sum(Of),
        _ => 1,
    };
}
