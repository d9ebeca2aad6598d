using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Removes <c>break</c> and <c>continue</c> from a loop body: what follows a branch that jumps moves into the
/// branches that fall through, <c>continue</c> runs the loop's tail (a <c>for</c> loop's step), and <c>break</c>
/// sets the loop's flag instead of running it. Every pass through the normalized body is then a whole pass, which is
/// what reverse mode replays.
/// </summary>
internal static class LoopNormalizer
{
    public static EquatableArray<Stmt> Normalize(IReadOnlyList<Stmt> body, IReadOnlyList<Stmt> tail, VarExpr? breakFlag)
        => Lower(body, 0, tail, breakFlag).ToEquatableArray();

    private static List<Stmt> Lower(IReadOnlyList<Stmt> statements, int start, IReadOnlyList<Stmt> tail, VarExpr? breakFlag)
    {
        var output = new List<Stmt>();
        for (int i = start; i < statements.Count; i++)
        {
            switch (statements[i])
            {
                case BreakStmt:
                    output.Add(new AssignStmt(breakFlag!, Literals.Bool(true)));
                    return output;
                case ContinueStmt:
                    output.AddRange(tail);
                    return output;
                case IfStmt branch when Jumps(branch):
                {
                    var then = new List<Stmt>(branch.Then);
                    var @else = new List<Stmt>(branch.Else);
                    for (int j = i + 1; j < statements.Count; j++)
                    {
                        then.Add(statements[j]);
                        @else.Add(statements[j]);
                    }
                    output.Add(new IfStmt(branch.Condition,
                        Lower(then, 0, tail, breakFlag).ToEquatableArray(),
                        Lower(@else, 0, tail, breakFlag).ToEquatableArray()));
                    return output;
                }
                default:
                    output.Add(statements[i]);
                    break;
            }
        }
        output.AddRange(tail);
        return output;
    }

    /// <summary>Whether a statement holds a break or continue of this loop (nested loops are normalized already).</summary>
    private static bool Jumps(Stmt statement) => statement switch
    {
        BreakStmt or ContinueStmt => true,
        IfStmt branch => Any(branch.Then) || Any(branch.Else),
        _ => false,
    };

    private static bool Any(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            if (Jumps(statement)) return true;
        }
        return false;
    }
}
