using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Forward mode, IR → IR: every active value gets a tangent computed right after it, so the method returns its
/// value and the directional derivative along the seed tangents in one pass, with no storage beyond locals.
/// </summary>
internal sealed class ForwardTransformer
{
    private readonly MethodModel method;
    private readonly ActivityInfo activity;
    private readonly CancellationToken cancellationToken;
    private readonly NameScope names;
    private readonly Dictionary<string, VarExpr> tangents = new(System.StringComparer.Ordinal);
    private readonly List<VarExpr> locals;
    private readonly VarExpr tangentParameter;
    private readonly ScratchArrays scratch;
    /// <summary>Scratch spans a call needs, rented just before the statement that uses them.</summary>
    private readonly List<Stmt> pendingRents = new();

    /// <summary>
    /// Forward over a gradient (second order): at each return, these variables and their tangents go to the named
    /// out parameters instead of the result's tangent going to <c>tangent</c>.
    /// </summary>
    internal sealed record SecondOrderOutputs(string MethodName, string Summary, IReadOnlyList<(VarExpr Value, string ValueName, string TangentName)> Outputs, IReadOnlyList<VarExpr> Disposables);

    private readonly SecondOrderOutputs? secondOrder;

    private ForwardTransformer(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken, SecondOrderOutputs? secondOrder = null)
    {
        this.secondOrder = secondOrder;
        this.method = method;
        this.activity = activity;
        this.cancellationToken = cancellationToken;
        names = NameScope.For(method);
        locals = new List<VarExpr>(method.Locals);
        tangentParameter = new VarExpr(MethodModel.TangentParameterName, method.ReturnType);
        scratch = new ScratchArrays(names, locals);
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Differentiable) tangents[parameter.Name] = new VarExpr(parameter.DerivativeName, DerivativeSignature.DerivativeType(parameter, DerivativeMode.Forward));
        }
    }

    public static GeneratedMethod Transform(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
        => new ForwardTransformer(method, activity, cancellationToken).Run();

    /// <summary>Forward mode of a flattened gradient: the Hessian-vector product.</summary>
    public static GeneratedMethod TransformSecondOrder(MethodModel gradient, ActivityInfo activity, SecondOrderOutputs outputs, CancellationToken cancellationToken)
        => new ForwardTransformer(gradient, activity, cancellationToken, outputs).Run();

    private GeneratedMethod Run()
    {
        var body = new List<Stmt>(BufferChecks.For(method, tangents));
        body.AddRange(TransformBlock(method.Body));

        var parameters = DerivativeSignature.For(method, DerivativeMode.Forward);
        if (secondOrder is not null)
        {
            foreach (var output in secondOrder.Outputs) parameters.Add(new GeneratedParameter(output.ValueName, output.Value.Type.Name, IsOut: true));
            foreach (var output in secondOrder.Outputs) parameters.Add(new GeneratedParameter(output.TangentName, output.Value.Type.Name, IsOut: true));
        }
        else if (method.ReturnType != IrType.Void)
        {
            parameters.Add(new GeneratedParameter(tangentParameter.Name, method.ReturnType.Name, IsOut: true));
        }

        return new GeneratedMethod(
            secondOrder?.MethodName ?? method.Name + MethodModel.TangentSuffix,
            method.Accessibility,
            method.ReturnType,
            parameters.ToEquatableArray(),
            locals.ToEquatableArray(),
            body.ToEquatableArray(),
            secondOrder?.Summary ?? $"Forward mode of {method.Name}: returns its value and sets <paramref name=\"tangent\"/> to the derivative along the given parameter tangents.",
            scratch.Buffers.Concat(extraDisposables).Concat(secondOrder?.Disposables ?? Enumerable.Empty<VarExpr>()).ToEquatableArray())
        {
            IsInstance = method.IsInstance,
        };
    }

    private EquatableArray<Stmt> TransformBlock(EquatableArray<Stmt> block)
    {
        var output = new List<Stmt>(block.Count * 2);
        foreach (var statement in block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int position = output.Count;
            switch (statement)
            {
                case AssignStmt assignment:
                    TransformAssignment(assignment, output);
                    break;
                case IfStmt branch:
                    output.Add(new IfStmt(branch.Condition, TransformBlock(branch.Then), TransformBlock(branch.Else)));
                    break;
                case LoopStmt loop:
                    output.Add(new LoopStmt(loop.Test, TransformBlock(loop.Body), loop.BreakFlag));
                    break;
                case ForStmt counted:
                    output.Add(counted with { Body = TransformBlock(counted.Body) });
                    break;
                case RepeatStmt repeat:
                    output.Add(repeat with { Body = TransformBlock(repeat.Body) });
                    break;
                case PushStmt push:
                    output.Add(push);
                    if (push.Value is VarExpr pushed && activity.IsActive(pushed.Name))
                    {
                        // A value kept for later keeps its tangent beside it, on a stack of tangents.
                        output.Add(new PushStmt(TangentStack(push.Stack), Tangent(pushed)));
                    }
                    break;
                case StoreStmt store:
                    output.Add(store);
                    if (activity.IsActive(store.Array.Name))
                    {
                        output.Add(new StoreStmt(Tangent(store.Array), store.Index, TangentOfAtom(store.Value, store.Array.Type.Element!), store.Kind));
                    }
                    break;
                case ReturnStmt ret when secondOrder is not null:
                    foreach (var result in secondOrder.Outputs)
                    {
                        output.Add(new AssignStmt(new VarExpr(result.ValueName, result.Value.Type), result.Value));
                        output.Add(new AssignStmt(new VarExpr(result.TangentName, result.Value.Type), TangentOfAtom(result.Value, result.Value.Type)));
                    }
                    output.Add(ret);
                    break;
                case ReturnStmt { Value: ConstructExpr built } ret:
                    // A value of a differentiable type: its tangent is built the same way from the leaves' tangents
                    // (members that carry none keep the value's own: counts, flags, names).
                    output.Add(new AssignStmt(tangentParameter, built with
                    {
                        Leaves = built.Leaves.Select(l => l.Type.IsDifferentiableValue ? TangentOfAtom(l, l.Type) : l).ToEquatableArray(),
                    }));
                    output.Add(ret);
                    break;
                case ReturnStmt ret:
                    if (ret.Value is not null) output.Add(new AssignStmt(tangentParameter, TangentOfAtom(ret.Value, method.ReturnType)));
                    output.Add(ret);
                    break;
                case ExprStmt { Value: DifferentiableCallExpr call }:
                    // F(x, w, y) writing y: FTangent(x, w, y, dX, dW, dY) writes y and its tangent.
                    output.Add(new ExprStmt(TangentCall(call, null)));
                    break;
                default:
                    output.Add(statement);
                    break;
            }
            output.InsertRange(position, pendingRents);
            pendingRents.Clear();
        }
        return output.ToEquatableArray();
    }

    private void TransformAssignment(AssignStmt assignment, List<Stmt> output)
    {
        var target = assignment.Target;
        if (assignment.Value is PopExpr pop)
        {
            output.Add(assignment);
            if (activity.IsActive(target.Name)) output.Add(new AssignStmt(Tangent(target), new PopExpr(TangentStack(pop.Stack), target.Type)));
            return;
        }
        if (assignment.Value is NewArrayExpr array)
        {
            // A local array and its tangent: zeroed pooled buffers.
            output.Add(scratch.Rent(target, array.Length));
            if (activity.IsActive(target.Name)) output.Add(scratch.Rent(Tangent(target), array.Length));
            return;
        }
        if (!activity.IsActive(target.Name))
        {
            output.Add(assignment);
            return;
        }

        if (assignment.Value is DifferentiableCallExpr call)
        {
            // value = FTangent(args..., arg tangents..., out tangent)
            output.Add(new AssignStmt(target, TangentCall(call, Tangent(target))));
            return;
        }

        output.Add(assignment);
        Expr? sum = null;
        var operands = DerivativeRules.Operands(assignment.Value);
        for (int i = 0; i < operands.Count; i++)
        {
            if (operands[i] is not VarExpr operand || !activity.IsActive(operand.Name)) continue;
            if (!DerivativeRules.CarriesDerivative(assignment.Value, i)) continue;
            var term = DerivativeRules.Scale(assignment.Value, i, Tangent(operand), target, DerivativeMode.Forward);
            sum = sum is null ? term : Add(sum, term);
        }
        output.Add(new AssignStmt(Tangent(target), sum ?? ZeroTangent(target, target.Type)));
    }

    /// <summary>The callee's Tangent method, given each differentiable argument's tangent in parameter order.</summary>
    private InvokeExpr TangentCall(DifferentiableCallExpr call, VarExpr? resultTangent)
    {
        var arguments = new List<Argument>();
        foreach (var argument in OwnArguments(call)) arguments.Add(new Argument(Passed(call, argument, argument.Value)));
        foreach (var argument in call.Arguments)
        {
            if (!argument.Differentiable) continue;
            if (argument.IsReceiver)
            {
                arguments.Add(new Argument(Tangent((VarExpr)argument.Value)));
                continue;
            }
            if (argument.Value.Type.Kind != ValueKind.Array)
            {
                arguments.Add(new Argument(TangentOfAtom(argument.Value, argument.Value.Type)));
                continue;
            }
            // An array without a tangent of its own passes zeros (an input) or a buffer whose values are dropped (an output).
            var array = (VarExpr)argument.Value;
            arguments.Add(new Argument(Passed(call, argument, activity.IsActive(array.Name) ? Tangent(array) : ScratchFor(array), derivative: true)));
        }
        if (resultTangent is not null) arguments.Add(Argument.Out(resultTangent));
        return new InvokeExpr(call.TangentMethod, arguments.ToEquatableArray(), call.Type);
    }

    /// <summary>A zeroed pooled span as long as <paramref name="array"/>, rented where it is needed.</summary>
    private Expr ScratchFor(VarExpr array)
    {
        var buffer = new VarExpr(names.Numbered("_zeros"), IrType.SpanOf(array.Type.Element!));
        locals.Add(buffer);
        pendingRents.Add(scratch.Rent(buffer, new LengthExpr(array)));
        return buffer;
    }

    private readonly Dictionary<string, VarExpr> tangentStacks = new(System.StringComparer.Ordinal);
    private readonly List<VarExpr> extraDisposables = new();

    private VarExpr TangentStack(VarExpr stack)
    {
        if (!tangentStacks.TryGetValue(stack.Name, out var tangentStack))
        {
            tangentStack = new VarExpr(names.Fresh("_d" + stack.Name), stack.Type);
            tangentStacks.Add(stack.Name, tangentStack);
            locals.Add(tangentStack);
            extraDisposables.Add(tangentStack);
        }
        return tangentStack;
    }

    private Expr TangentOfAtom(Expr atom, IrType type)
        => atom is VarExpr variable && activity.IsActive(variable.Name) ? Tangent(variable) : ZeroTangent(atom, type);

    /// <summary>A zero tangent: 0 for a real, <c>T.Zero(value)</c> shaped like the value for an opaque type.</summary>
    private static Expr ZeroTangent(Expr value, IrType type) => type.IsOpaque ? new ZeroLikeExpr(value, type) : Real(type, 0);

    private VarExpr Tangent(VarExpr variable)
    {
        if (!tangents.TryGetValue(variable.Name, out var tangent))
        {
            tangent = new VarExpr(names.Fresh("_d_" + variable.Name.TrimStart('_')), variable.Type);
            tangents.Add(variable.Name, tangent);
            locals.Add(tangent);
        }
        return tangent;
    }
}
