using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Rewrites a loop-free body so that every path ends by assigning the result variable, with no return statement
/// left: what follows an <c>if</c> that may return moves into the branches that fall through. Reverse mode needs
/// this shape, since its adjoint sweep must run after the primal sweep on every path.
/// </summary>
internal static class ReturnNormalizer
{
    /// <param name="result">Where returned values go; null for a vector-valued (void) method.</param>
    public static EquatableArray<Stmt> Normalize(EquatableArray<Stmt> body, VarExpr? result)
        => Lower(body.AsImmutableArray(), 0, result).ToEquatableArray();

    private static List<Stmt> Lower(IReadOnlyList<Stmt> statements, int start, VarExpr? result)
    {
        var output = new List<Stmt>();
        for (int i = start; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (statement is ReturnStmt ret)
            {
                if (result is not null && ret.Value is not null) output.Add(new AssignStmt(result, ret.Value));
                return output;
            }
            if (statement is IfStmt branch && ContainsReturn(branch))
            {
                var rest = new List<Stmt>();
                for (int j = i + 1; j < statements.Count; j++) rest.Add(statements[j]);
                output.Add(new IfStmt(
                    branch.Condition,
                    Lower(Continue(branch.Then, rest), 0, result).ToEquatableArray(),
                    Lower(Continue(branch.Else, rest), 0, result).ToEquatableArray()));
                return output;
            }
            output.Add(statement);
        }
        return output;
    }

    private static List<Stmt> Continue(EquatableArray<Stmt> branch, List<Stmt> rest)
    {
        var list = new List<Stmt>(branch);
        if (!AlwaysReturns(branch)) list.AddRange(rest);
        return list;
    }

    private static bool ContainsReturn(Stmt statement) => statement switch
    {
        ReturnStmt => true,
        IfStmt branch => Any(branch.Then) || Any(branch.Else),
        _ => false,
    };

    private static bool Any(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            if (ContainsReturn(statement)) return true;
        }
        return false;
    }

    private static bool AlwaysReturns(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            if (statement is ReturnStmt) return true;
            if (statement is IfStmt branch && AlwaysReturns(branch.Then) && AlwaysReturns(branch.Else)) return true;
        }
        return false;
    }
}
