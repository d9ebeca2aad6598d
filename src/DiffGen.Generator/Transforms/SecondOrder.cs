using DiffGen.Generator.Analysis;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Second derivatives by forward over reverse, from the IR in one pass: the reverse transformation's output is
/// flattened and forward-transformed, giving <c>{Name}GradientTangent</c> (gradient and Hessian-vector product);
/// <c>{Name}Hessian</c> calls it once per parameter when every parameter is a scalar. For static scalar methods whose
/// differentiable parameters are scalars or arrays of the return type's precision and whose body calls no other
/// <c>[Differentiable]</c> method (branches and loops are fine: the value stacks get tangent stacks beside them), and
/// only when <see cref="Flattener"/> handles every statement of the gradient; others get none yet.
/// </summary>
internal static class SecondOrder
{
    public static bool Applies(MethodModel method)
        => method.ReturnType.IsReal
           && !method.IsInstance
           && method.Parameters.Any(p => p.Differentiable)
           && method.Parameters.All(p => !p.Differentiable || (p.Type.Kind == ValueKind.Array ? p.Type.Element : p.Type) == method.ReturnType)
           && !IrWalker.Statements(method.Body).SelectMany(IrWalker.ExpressionsOf).Any(value => value is DifferentiableCallExpr);

    /// <summary>
    /// An instance method as far as its second derivatives go: with respect to its parameters, the fields of
    /// <c>this</c> held constant (generated code reads them where they are; no <c>dThis</c>).
    /// </summary>
    public static MethodModel WithThisConstant(MethodModel method) => method with
    {
        ThisType = null,
        Parameters = method.Parameters.Select(p => p.IsField ? p with { Differentiable = false } : p).ToEquatableArray(),
    };

    public static IEnumerable<GeneratedMethod> Transform(MethodModel method, ActivityInfo activity, CancellationToken cancellationToken)
    {
        var gradient = ReverseTransformer.Transform(method, activity, cancellationToken);
        if (!Flattener.Handles(gradient.Body)) yield break;

        // The gradient's out parameters become locals named _grad_{name}, its array buffers parameters grad{Name}
        // whose tangents are hv{Name}: d{Name} now names the direction.
        var differentiable = method.Parameters.Where(p => p.Differentiable).ToList();
        var names = new NameScope(gradient.Locals.Select(l => l.Name)
            .Concat(method.Parameters.SelectMany(p => new[] { p.Name, p.DerivativeName, "grad" + Capitalized(p.Name), "hv" + Capitalized(p.Name) }))
            .Append(MethodModel.TangentParameterName));
        var renames = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var gradientLocals = new List<VarExpr>();
        var scalarOutputs = new List<(VarExpr, string, string)>();
        var buffers = new List<ParameterModel>();
        foreach (var parameter in differentiable)
        {
            string gradientName = "grad" + Capitalized(parameter.Name), productName = "hv" + Capitalized(parameter.Name);
            if (parameter.Type.Kind == ValueKind.Array)
            {
                renames[parameter.DerivativeName] = gradientName;
                buffers.Add(new ParameterModel(gradientName, IrType.SpanOf(parameter.Type.Element!), Differentiable: true, IsOutput: true) { DerivativeNameOverride = productName });
                continue;
            }
            var local = new VarExpr(names.Fresh("_grad_" + parameter.Name), parameter.Type);
            renames[parameter.DerivativeName] = local.Name;
            gradientLocals.Add(local);
            scalarOutputs.Add((local, gradientName, productName));
        }
        var flattener = new Flattener(names, renames);
        var body = flattener.Flatten(gradient.Body);
        var locals = gradient.Locals.Concat(gradientLocals).Concat(flattener.Temporaries).ToEquatableArray();
        var model = method with
        {
            Name = method.Name + MethodModel.GradientSuffix,
            Parameters = method.Parameters.Concat(buffers).ToEquatableArray(),
            Locals = locals,
            Body = body,
        };

        var secondActivity = ActivityAnalysis.Analyse(model.Parameters, model.Body, gradientLocals.Select(l => l.Name));
        string name = method.Name + MethodModel.GradientSuffix + MethodModel.TangentSuffix;
        yield return ForwardTransformer.TransformSecondOrder(model, secondActivity,
            new ForwardTransformer.SecondOrderOutputs(name,
                buffers.Count == 0
                    ? $"Forward over reverse mode of {method.Name}: returns its value, its gradient (grad…) and the Hessian times the direction d… (hv…)."
                    : $"Forward over reverse mode of {method.Name}: returns its value, adds its gradient into grad… and the Hessian times the direction d… into hv….",
                scalarOutputs, gradient.Disposables.ToList()),
            cancellationToken);
        if (buffers.Count == 0) yield return Hessian(method, differentiable, name);
    }

    /// <summary>{Name}Hessian: the gradient and the full matrix, one Hessian-vector product per parameter.</summary>
    private static GeneratedMethod Hessian(MethodModel method, List<ParameterModel> differentiable, string gradientTangent)
    {
        int k = differentiable.Count;
        var type = method.ReturnType;
        var gradientBuffer = new VarExpr("gradient", IrType.SpanOf(type));
        var hessianBuffer = new VarExpr("hessian", IrType.SpanOf(type));
        var names = new NameScope(method.Parameters.Select(p => p.Name).Concat(new[] { "gradient", "hessian" }));
        var result = new VarExpr(names.Fresh("_result"), type);
        var gradientValues = differentiable.Select(p => new VarExpr(names.Fresh("_g_" + p.Name), type)).ToList();
        var column = differentiable.Select(p => new VarExpr(names.Fresh("_h_" + p.Name), type)).ToList();
        var body = new List<Stmt>
        {
            new BufferCheckStmt(gradientBuffer, Literals.Int(k), gradientBuffer.Name),
            new BufferCheckStmt(hessianBuffer, Literals.Int(k * k), hessianBuffer.Name),
        };
        for (int j = 0; j < k; j++)
        {
            // Column j of the Hessian: the Hessian-vector product with the j-th unit vector.
            var arguments = method.Parameters.Where(p => !p.IsField).Select(p => new Argument(new VarExpr(p.Name, p.Type))).ToList();
            for (int i = 0; i < k; i++) arguments.Add(new Argument(Literals.Real(type, i == j ? 1 : 0)));
            arguments.AddRange(gradientValues.Select(Argument.Out));
            arguments.AddRange(column.Select(Argument.Out));
            body.Add(new AssignStmt(result, new InvokeExpr(gradientTangent, arguments.ToEquatableArray(), type)));
            for (int i = 0; i < k; i++) body.Add(new StoreStmt(hessianBuffer, Literals.Int(i * k + j), column[i]));
        }
        for (int i = 0; i < k; i++) body.Add(new StoreStmt(gradientBuffer, Literals.Int(i), gradientValues[i]));
        body.Add(new ReturnStmt(result));

        var parameters = method.Parameters.Where(p => !p.IsField).Select(p => new GeneratedParameter(p.Name, p.Type.Name)).ToList();
        parameters.Add(new GeneratedParameter(gradientBuffer.Name, gradientBuffer.Type.Name));
        parameters.Add(new GeneratedParameter(hessianBuffer.Name, hessianBuffer.Type.Name));
        return new GeneratedMethod(
            method.Name + "Hessian",
            method.Accessibility,
            type,
            parameters.ToEquatableArray(),
            new[] { result }.Concat(gradientValues).Concat(column).ToEquatableArray(),
            body.ToEquatableArray(),
            $"Second derivatives of {method.Name}: returns its value, writes its gradient and its Hessian (row-major, one row and column per differentiable parameter in order).");
    }

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
}
