using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Analysis;

/// <summary>
/// Outputs that reverse mode's adjoint sweep writes again: a call with active outputs runs once more there, seeded
/// (a callee that takes arrays), and writes its outputs with the values they had before it. Such outputs get their
/// final values back at the end of the gradient. A callee that may read its outputs runs again on copies instead
/// (<c>ReverseTransformer.AdjointCallStep</c>). A callee with a Pullback runs nothing again and writes no output.
/// </summary>
internal static class RewrittenOutputs
{
    public static HashSet<string> Find(EquatableArray<Stmt> body, ActivityInfo activity)
    {
        var callsRunAgain = IrWalker.Statements(body).OfType<ExprStmt>().Select(s => s.Value).OfType<DifferentiableCallExpr>()
            .Where(call => call.Outputs().Any(o => activity.IsActive(o.Name)) && !call.CallsPullback && !call.Arguments.Any(a => a.IsOutput && a.MayBeRead));
        var rewritten = new HashSet<string>(callsRunAgain.SelectMany(call => call.Outputs()).Select(o => o.Name), System.StringComparer.Ordinal);
        // An output that one call outside loops and branches writes, and nothing else, gets the same values again.
        rewritten.RemoveWhere(name => IrWalker.Statements(body).Count(s => IrWalker.Writes(s).Contains(name)) == 1
            && body.Any(s => IrWalker.Writes(s).Contains(name)));
        return rewritten;
    }
}
