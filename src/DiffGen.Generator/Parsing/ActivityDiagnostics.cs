using DiffGen.Generator.Analysis;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// The diagnostics that depend on what carries a derivative (DG0010, DG0011, DG0017), decided on the lowered body as
/// the user wrote it, before any clean-up: every statement is there, every temporary has its own name. Calls are
/// found by their statement, wherever it is (branches, loop bodies, a statement a loop's normalization copied into
/// two branches), and their locations come from the lowering's side tables, which never leave Parse.
/// </summary>
internal static class ActivityDiagnostics
{
    public static IEnumerable<DiagnosticInfo> Decide(IReadOnlyList<ParameterModel> parameters, EquatableArray<Stmt> body, OperationLowering lowering)
    {
        var diagnostics = new List<DiagnosticInfo>();

        // A call without derivative is wrong where it would be active if it had one: a varied value reaches it and
        // what it computes reaches a result, through locals, arrays, loops, branches or other such calls.
        var calls = new HashSet<InvokeExpr>(lowering.CallsWithoutDerivative.Keys.Select(CallOf).OfType<InvokeExpr>(), ReferenceComparer<InvokeExpr>.Instance);
        var activity = ActivityAnalysis.Analyse(parameters, body);
        var wouldBe = calls.Count == 0 ? activity : ActivityAnalysis.Analyse(parameters, body, callsWithoutDerivative: calls);

        foreach (var statement in IrWalker.Statements(body))
        {
            if (lowering.CallsWithoutDerivative.TryGetValue(statement, out var call)
                && CallOf(statement) is InvokeExpr invoke
                && Computed(statement).Any(wouldBe.IsActive)
                && invoke.Arguments.Any(a => a.Value is VarExpr v && wouldBe.Varied.Contains(v.Name)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CallWithoutDerivative, call.Location, call.Callee, call.Advice));
            }
            if (lowering.NoDiffArguments.TryGetValue(statement, out var arguments) && Computed(statement).Any(activity.Useful.Contains))
            {
                foreach (var (argument, location, callee, parameter) in arguments)
                {
                    if (argument is VarExpr variable && activity.Varied.Contains(variable.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DerivativeDroppedAtNoDiff, location, parameter, callee));
                    }
                }
            }
        }

        // A callee with a hand-written derivative that may read an output before writing it takes its initial contents
        // as constants: exact for an array that holds no derivative yet, wrong for one written with varied values
        // before the call. (A generated derivative gives those contents' adjoints back: PassesOutputAdjoints.)
        foreach (var pair in lowering.OutputsReadByCallee)
        {
            if (CallOf(pair.Key) is DifferentiableCallExpr { PassesOutputAdjoints: true }) continue;
            foreach (var (array, location, callee, parameter) in pair.Value)
            {
                if (activity.Varied.Contains(array.Name) && MayBeWrittenBefore(body, pair.Key, array.Name, activity.Varied))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputReadBeforeWritten, location, array.Name, parameter, callee));
                }
            }
        }

        foreach (var (closureLocation, kind, captured) in lowering.Closures)
        {
            var varied = captured.FirstOrDefault(activity.Varied.Contains);
            diagnostics.Add(varied is not null
                ? DiagnosticInfo.Create(DiagnosticDescriptors.CapturesActiveValue, closureLocation, kind, varied)
                : DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedConstruct, closureLocation, kind == "lambda" ? "A lambda" : "A local function",
                    OperationLowering.UnsupportedAdvice(kind == "lambda"
                        ? "DiffGen cannot differentiate through a delegate: write its body as a [Differentiable] method and call that instead"
                        : "make it a [Differentiable] static method of the type and call that instead")));
        }
        // A statement copied into two branches, or a loop's condition lowered twice, is one call in the source.
        return diagnostics.Distinct();
    }

    /// <summary>
    /// Whether a statement that writes a varied value into <paramref name="array"/> may run before
    /// <paramref name="call"/>: one that comes earlier in the method, or any statement of a loop around the call (an
    /// earlier pass).
    /// </summary>
    private static bool MayBeWrittenBefore(EquatableArray<Stmt> body, Stmt call, string array, ISet<string> varied)
    {
        bool Writes(Stmt statement) => statement switch
        {
            StoreStmt store => store.Array.Name == array && store.Value is VarExpr value && varied.Contains(value.Name),
            ExprStmt { Value: DifferentiableCallExpr written } => written.Arguments.Any(a => a.IsOutput && a.Value is VarExpr v && v.Name == array)
                && written.Arguments.Any(a => !a.IsOutput && a.Value is VarExpr v && varied.Contains(v.Name)),
            ExprStmt { Value: InvokeExpr written } => written.Arguments.Any(a => a.Value is VarExpr v && v.Name == array),
            _ => false,
        };

        foreach (var statement in IrWalker.Statements(body))
        {
            if (ReferenceEquals(statement, call)) break;
            bool loopAroundCall = statement is ForStmt or LoopStmt or RepeatStmt
                && IrWalker.Statements(new[] { statement }).Any(s => ReferenceEquals(s, call));
            var candidates = loopAroundCall ? IrWalker.Statements(new[] { statement }) : new[] { statement };
            if (candidates.Any(Writes)) return true;
        }
        return false;
    }

    private static Expr? CallOf(Stmt statement) => statement switch
    {
        AssignStmt { Value: InvokeExpr or DifferentiableCallExpr } assignment => assignment.Value,
        ExprStmt { Value: InvokeExpr or DifferentiableCallExpr } expression => expression.Value,
        _ => null,
    };

    /// <summary>What a call's statement computes: its result, or the spans a void call writes.</summary>
    private static IEnumerable<string> Computed(Stmt statement) => statement switch
    {
        AssignStmt assignment => new[] { assignment.Target.Name },
        ExprStmt { Value: InvokeExpr call } => call.Arguments.Select(a => a.Value).OfType<VarExpr>()
            .Where(v => v.Type is { IsRealArray: true, Shape: ArrayShape.Span }).Select(v => v.Name),
        ExprStmt { Value: DifferentiableCallExpr call } => call.Arguments.Where(a => a.IsOutput).Select(a => a.Value).OfType<VarExpr>().Select(v => v.Name),
        _ => Enumerable.Empty<string>(),
    };
}
