using System.Collections.Generic;
using System.Threading;
using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Reverse mode, IR → IR, as two sweeps. The primal sweep runs the method's own statements, keeping what the
/// adjoint sweep will need: a value about to be overwritten, the branch taken when its condition may change, and
/// the partial derivatives of calls. The adjoint sweep then walks the statements backwards, mirroring each branch,
/// and accumulates into each operand's adjoint <c>seed · ∂f/∂x</c> from <see cref="DerivativeRules"/>.
/// Adjoints known to be zero stay symbolic: their first write is an assignment and reading one emits nothing.
/// </summary>
internal sealed class ReverseTransformer
{
    private readonly MethodModel method;
    private readonly ActivityInfo activity;
    private readonly CancellationToken cancellationToken;
    private readonly NameScope names;
    private readonly List<VarExpr> locals;
    private readonly Dictionary<string, VarExpr> adjoints = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> parameterNames = new(System.StringComparer.Ordinal);
    private readonly VarExpr result;
    private Dictionary<string, int> definitions = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> readVariables = new(System.StringComparer.Ordinal);
    /// <summary>Variables that may hold a value at this point of the primal sweep: only those need saving.</summary>
    private HashSet<string> mayBeDefined = new(System.StringComparer.Ordinal);

    private ReverseTransformer(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
    {
        this.method = method;
        this.activity = activity;
        this.cancellationToken = cancellationToken;
        names = NameScope.For(method);
        locals = new List<VarExpr>(method.Locals);
        result = new VarExpr(names.Fresh("_result"), method.ReturnType);
        locals.Add(result);
        foreach (var parameter in method.Parameters)
        {
            parameterNames.Add(parameter.Name);
            if (parameter.Differentiable) adjoints[parameter.Name] = new VarExpr(parameter.DerivativeName, parameter.Type);
        }
    }

    public static GeneratedMethod Transform(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ReverseTransformer(method, activity, cancellationToken).Run();

    private GeneratedMethod Run()
    {
        var body = ReturnNormalizer.Normalize(method.Body, result);
        definitions = CountDefinitions(body);
        foreach (var name in parameterNames) definitions[name] = Get(definitions, name) + 1;
        CollectReads(body);
        mayBeDefined = new HashSet<string>(parameterNames, System.StringComparer.Ordinal);

        var statements = new List<Stmt>();
        var parameters = new List<GeneratedParameter>();
        foreach (var parameter in method.Parameters) parameters.Add(new GeneratedParameter(parameter.Name, parameter.Type.Name));
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable) continue;
            parameters.Add(new GeneratedParameter(parameter.DerivativeName, parameter.Type.Name, IsOut: true));
            // Gradients accumulate into these from the adjoint sweep.
            statements.Add(new AssignStmt(adjoints[parameter.Name], Real(parameter.Type, 0)));
        }

        statements.Add(new CommentStmt("Primal sweep"));
        var steps = PrimalSweep(body, statements);
        var adjointSweep = AdjointSweep(steps, new HashSet<string>(System.StringComparer.Ordinal));
        if (adjointSweep.Count > 0)
        {
            statements.Add(new CommentStmt("Adjoint sweep"));
            statements.AddRange(adjointSweep);
        }
        statements.Add(new ReturnStmt(result));

        return new GeneratedMethod(
            DerivativeMode.Reverse,
            method.Name + MethodModel.GradientSuffix,
            method.Accessibility,
            method.ReturnType,
            parameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            statements.ToEquatableArray(),
            $"Reverse mode of {method.Name}: returns its value and its partial derivatives with respect to each differentiable parameter.");
    }

    // ---- Primal sweep ------------------------------------------------------------------------------------------

    /// <summary>What the adjoint sweep needs to know about one executed statement.</summary>
    private abstract class Step { }

    private sealed class AssignStep : Step
    {
        public AssignStep(AssignStmt statement, VarExpr? saved, VarExpr?[]? partials)
        {
            Statement = statement;
            Saved = saved;
            Partials = partials;
        }

        public AssignStmt Statement { get; }
        /// <summary>The variable's value before this assignment, when an earlier statement's derivative reads it.</summary>
        public VarExpr? Saved { get; }
        /// <summary>For a call: the callee's partial derivatives, per argument, computed in the primal sweep.</summary>
        public VarExpr?[]? Partials { get; }
    }

    private sealed class IfStep : Step
    {
        public IfStep(Expr condition, List<Step> then, List<Step> @else)
        {
            Condition = condition;
            Then = then;
            Else = @else;
        }

        public Expr Condition { get; }
        public List<Step> Then { get; }
        public List<Step> Else { get; }
    }

    private List<Step> PrimalSweep(EquatableArray<Stmt> block, List<Stmt> output)
    {
        var steps = new List<Step>();
        foreach (var statement in block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (statement)
            {
                case AssignStmt assignment:
                    steps.Add(PrimalAssignment(assignment, output));
                    break;
                case IfStmt branch:
                {
                    var condition = branch.Condition;
                    if (condition is VarExpr variable && Get(definitions, variable.Name) > 1)
                    {
                        // The condition's variable changes later: record the branch taken.
                        var record = NewLocal(names.Numbered("_b"), IrType.Bool);
                        output.Add(new AssignStmt(record, condition));
                        condition = record;
                    }
                    var thenOutput = new List<Stmt>();
                    var elseOutput = new List<Stmt>();
                    var before = mayBeDefined;
                    mayBeDefined = new HashSet<string>(before, System.StringComparer.Ordinal);
                    var thenSteps = PrimalSweep(branch.Then, thenOutput);
                    var afterThen = mayBeDefined;
                    mayBeDefined = new HashSet<string>(before, System.StringComparer.Ordinal);
                    var elseSteps = PrimalSweep(branch.Else, elseOutput);
                    mayBeDefined.UnionWith(afterThen);
                    output.Add(new IfStmt(condition, thenOutput.ToEquatableArray(), elseOutput.ToEquatableArray()));
                    steps.Add(new IfStep(condition, thenSteps, elseSteps));
                    break;
                }
                default:
                    output.Add(statement);
                    break;
            }
        }
        return steps;
    }

    private AssignStep PrimalAssignment(AssignStmt assignment, List<Stmt> output)
    {
        var target = assignment.Target;
        VarExpr? saved = null;
        // A first definition has no earlier value to save.
        bool overwrites = !mayBeDefined.Add(target.Name);
        if (overwrites && target.Name != result.Name && Get(definitions, target.Name) > 1 && readVariables.Contains(target.Name))
        {
            saved = NewLocal(names.Numbered("_s"), target.Type);
            output.Add(new AssignStmt(saved, target));
        }

        if (assignment.Value is DifferentiableCallExpr call && activity.IsActive(target.Name))
        {
            // value = FGradient(args..., out ∂F/∂arg...): the partials scale the seed in the adjoint sweep.
            var partials = new VarExpr?[call.Arguments.Count];
            var arguments = new List<Argument>();
            foreach (var argument in call.Arguments) arguments.Add(new Argument(argument.Value));
            for (int i = 0; i < call.Arguments.Count; i++)
            {
                var argument = call.Arguments[i];
                if (!argument.Differentiable) continue;
                if (argument.Value is VarExpr variable && activity.IsActive(variable.Name))
                {
                    partials[i] = NewLocal(names.Numbered("_g"), argument.Value.Type);
                }
                arguments.Add(Argument.Out(partials[i]));
            }
            var invoke = new InvokeExpr(call.ContainingType + "." + call.MethodName + MethodModel.GradientSuffix, arguments.ToEquatableArray(), call.Type);
            output.Add(new AssignStmt(target, invoke));
            return new AssignStep(assignment, saved, partials);
        }

        output.Add(assignment);
        return new AssignStep(assignment, saved, null);
    }

    // ---- Adjoint sweep -----------------------------------------------------------------------------------------

    /// <param name="nonZero">Adjoints that may be nonzero at this point of the sweep; updated as it goes.</param>
    private List<Stmt> AdjointSweep(List<Step> steps, HashSet<string> nonZero)
    {
        var output = new List<Stmt>();
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (steps[i])
            {
                case AssignStep step:
                    AdjointAssignment(step, nonZero, output);
                    break;
                case IfStep branch:
                {
                    var thenZero = new HashSet<string>(nonZero, System.StringComparer.Ordinal);
                    var elseZero = new HashSet<string>(nonZero, System.StringComparer.Ordinal);
                    var thenOutput = AdjointSweep(branch.Then, thenZero);
                    var elseOutput = AdjointSweep(branch.Else, elseZero);
                    nonZero.UnionWith(thenZero);
                    nonZero.UnionWith(elseZero);
                    if (thenOutput.Count > 0)
                        output.Add(new IfStmt(branch.Condition, thenOutput.ToEquatableArray(), elseOutput.ToEquatableArray()));
                    else if (elseOutput.Count > 0)
                        output.Add(new IfStmt(Not(branch.Condition), elseOutput.ToEquatableArray(), EquatableArray<Stmt>.Empty));
                    break;
                }
            }
        }
        return output;
    }

    private void AdjointAssignment(AssignStep step, HashSet<string> nonZero, List<Stmt> output)
    {
        var target = step.Statement.Target;
        var value = step.Statement.Value;
        bool selfCopy = value is VarExpr source && source.Name == target.Name;

        Expr? seed = null;
        if (target.Name == result.Name) seed = Real(target.Type, 1);
        else if (activity.IsActive(target.Name) && nonZero.Contains(Adjoint(target).Name)) seed = Adjoint(target);

        if (seed is not null && !selfCopy)
        {
            if (step.Partials is not null)
            {
                var call = (DifferentiableCallExpr)value;
                for (int i = 0; i < step.Partials.Length; i++)
                {
                    if (step.Partials[i] is { } partial) Accumulate((VarExpr)call.Arguments[i].Value, Mul(seed, partial), nonZero, output);
                }
            }
            else
            {
                var operands = DerivativeRules.Operands(value);
                for (int i = 0; i < operands.Count; i++)
                {
                    if (operands[i] is not VarExpr operand || !activity.IsActive(operand.Name)) continue;
                    if (!DerivativeRules.CarriesDerivative(value, i)) continue;
                    Accumulate(operand, DerivativeRules.Scale(value, i, seed, target, DerivativeMode.Reverse), nonZero, output);
                }
            }

            // The value before this assignment is another value: its adjoint starts from zero.
            if (seed is VarExpr adjoint && (Get(definitions, target.Name) > 1 || parameterNames.Contains(target.Name)))
            {
                output.Add(new AssignStmt(adjoint, Real(target.Type, 0)));
                nonZero.Remove(adjoint.Name);
            }
        }

        if (step.Saved is not null) output.Add(new AssignStmt(target, step.Saved));
    }

    private void Accumulate(VarExpr operand, Expr contribution, HashSet<string> nonZero, List<Stmt> output)
    {
        var adjoint = Adjoint(operand);
        // A call's partial may mix precisions (a double result, a float argument): the adjoint keeps the operand's.
        contribution = Convert(contribution, adjoint.Type);
        if (nonZero.Add(adjoint.Name))
        {
            output.Add(new AssignStmt(adjoint, contribution));
        }
        else if (contribution is UnaryExpr { Op: UnaryOp.Negate } negated)
        {
            output.Add(new AssignStmt(adjoint, negated.Operand, AssignKind.Subtract));
        }
        else
        {
            output.Add(new AssignStmt(adjoint, contribution, AssignKind.Add));
        }
    }

    private VarExpr Adjoint(VarExpr variable)
    {
        if (!adjoints.TryGetValue(variable.Name, out var adjoint))
        {
            adjoint = NewLocal(names.Fresh("_d_" + variable.Name.TrimStart('_')), variable.Type);
            adjoints.Add(variable.Name, adjoint);
        }
        return adjoint;
    }

    private VarExpr NewLocal(string name, IrType type)
    {
        var variable = new VarExpr(name, type);
        locals.Add(variable);
        return variable;
    }

    // ---- Analyses of the normalized body -----------------------------------------------------------------------

    /// <summary>How many times each variable can be assigned along one path (branches count as their larger side).</summary>
    private static Dictionary<string, int> CountDefinitions(EquatableArray<Stmt> block)
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
                    var then = CountDefinitions(branch.Then);
                    var @else = CountDefinitions(branch.Else);
                    foreach (var pair in then) counts[pair.Key] = Get(counts, pair.Key) + System.Math.Max(pair.Value, Get(@else, pair.Key));
                    foreach (var pair in @else)
                    {
                        if (!then.ContainsKey(pair.Key)) counts[pair.Key] = Get(counts, pair.Key) + pair.Value;
                    }
                    break;
                }
            }
        }
        return counts;
    }

    private void CollectReads(EquatableArray<Stmt> block)
    {
        foreach (var statement in block)
        {
            switch (statement)
            {
                case AssignStmt assignment:
                    foreach (var operand in DerivativeRules.Operands(assignment.Value))
                    {
                        if (operand is VarExpr variable) readVariables.Add(variable.Name);
                    }
                    break;
                case IfStmt branch:
                    if (branch.Condition is VarExpr condition) readVariables.Add(condition.Name);
                    CollectReads(branch.Then);
                    CollectReads(branch.Else);
                    break;
            }
        }
    }

    private static int Get(Dictionary<string, int> counts, string name) => counts.TryGetValue(name, out int count) ? count : 0;
}
