using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// <c>{Name}Jacobian</c> of a vector-valued method: the full matrix, built from the method's own Tangent (one call per
/// input element, when there are fewer inputs than outputs) or Gradient (one call per output element, otherwise), so
/// it costs min(inputs, outputs) derivative passes, as <c>jax.jacfwd</c>/<c>jax.jacrev</c> chosen by shape.
/// </summary>
internal sealed class Jacobians
{
    private readonly MethodModel method;
    private readonly NameScope names;
    private readonly List<VarExpr> locals = new();
    private readonly ScratchArrays scratch;
    private readonly IrType real;
    private readonly List<ParameterModel> inputs;
    private readonly List<ParameterModel> outputs;
    private readonly VarExpr jacobian;
    private readonly VarExpr columns;

    private Jacobians(MethodModel method)
    {
        this.method = method;
        names = new NameScope(method.Parameters.Select(p => p.Name).Append("jacobian"));
        scratch = new ScratchArrays(names, locals);
        inputs = method.Parameters.Where(p => p.Differentiable && !p.IsOutput).ToList();
        outputs = method.Parameters.Where(p => p.IsOutput).ToList();
        real = outputs[0].Type.Element!;
        jacobian = new VarExpr("jacobian", IrType.SpanOf(real));
        columns = Local("_columns", IrType.Int);
    }

    public static bool Applies(MethodModel method)
    {
        if (method.IsInstance || method.ReturnType != IrType.Void || !method.EmitGradient || !method.EmitTangent) return false;
        var outputs = method.Parameters.Where(p => p.IsOutput).ToList();
        if (outputs.Count == 0) return false;
        var real = outputs[0].Type.Element!;
        return method.Parameters.Where(p => p.Differentiable).All(p => (p.Type.Kind == ValueKind.Array ? p.Type.Element : p.Type) == real);
    }

    public static GeneratedMethod Transform(MethodModel method) => new Jacobians(method).Run();

    private GeneratedMethod Run()
    {
        var rows = Local("_rows", IrType.Int);
        var body = new List<Stmt> { new AssignStmt(columns, Literals.Int(0)), new AssignStmt(rows, Literals.Int(0)) };
        foreach (var input in inputs) body.Add(new AssignStmt(columns, Add(columns, Size(input))));
        foreach (var output in outputs) body.Add(new AssignStmt(rows, Add(rows, Size(output))));
        body.Add(new BufferCheckStmt(jacobian, new BinaryExpr(BinaryOp.Multiply, rows, columns, IrType.Int), jacobian.Name));
        body.Add(new IfStmt(new BinaryExpr(BinaryOp.LessThanOrEqual, columns, rows, IrType.Bool), ByColumns(), ByRows()));

        return new GeneratedMethod(
            method.Name + "Jacobian",
            method.Accessibility,
            IrType.Void,
            method.Parameters.Select(p => new GeneratedParameter(p.Name, p.Type.Name)).Append(new GeneratedParameter(jacobian.Name, jacobian.Type.Name)).ToEquatableArray(),
            locals.ToEquatableArray(),
            body.ToEquatableArray(),
            $"The Jacobian of {method.Name}: writes its outputs and the matrix ∂(outputs)/∂(inputs), row-major, one row per output element and one column per input element, each in parameter order.",
            scratch.Buffers.ToEquatableArray());
    }

    /// <summary>Forward mode: one Tangent call per input element, each giving a column.</summary>
    private EquatableArray<Stmt> ByColumns()
    {
        var block = new List<Stmt>();
        var tangents = new Dictionary<string, Expr>();
        foreach (var input in inputs.Where(p => p.Type.Kind == ValueKind.Array)) tangents[input.Name] = Buffer(block, input);
        var outputTangents = outputs.ToDictionary(o => o.Name, o => (VarExpr)Buffer(block, o));
        var column = Local("_column", IrType.Int);
        block.Add(new AssignStmt(column, Literals.Int(0)));
        foreach (var input in inputs)
        {
            if (input.Type.Kind == ValueKind.Array)
            {
                var unit = (VarExpr)tangents[input.Name];
                var element = Local("_e", IrType.Int);
                var pass = new List<Stmt> { new StoreStmt(unit, element, Literals.Real(real, 1)) };
                pass.Add(new ExprStmt(Call(MethodModel.TangentSuffix, p => p.IsOutput ? outputTangents[p.Name] : tangents.TryGetValue(p.Name, out var t) ? t : Literals.Real(real, 0))));
                pass.Add(new StoreStmt(unit, element, Literals.Real(real, 0)));
                pass.AddRange(CopyColumn(column, outputTangents));
                pass.Add(new AssignStmt(column, Add(column, Literals.Int(1))));
                block.Add(new ForStmt(element, Literals.Int(0), new LengthExpr(new VarExpr(input.Name, input.Type)), BinaryOp.LessThan, pass.ToEquatableArray()));
            }
            else
            {
                var current = input;
                block.Add(new ExprStmt(Call(MethodModel.TangentSuffix, p => p.IsOutput ? outputTangents[p.Name]
                    : tangents.TryGetValue(p.Name, out var t) ? t : Literals.Real(real, p.Name == current.Name ? 1 : 0))));
                block.AddRange(CopyColumn(column, outputTangents));
                block.Add(new AssignStmt(column, Add(column, Literals.Int(1))));
            }
        }
        return block.ToEquatableArray();
    }

    private IEnumerable<Stmt> CopyColumn(VarExpr column, Dictionary<string, VarExpr> outputTangents)
    {
        var row = Local("_row", IrType.Int);
        yield return new AssignStmt(row, Literals.Int(0));
        foreach (var output in outputs)
        {
            var element = Local("_r", IrType.Int);
            var index = Add(new BinaryExpr(BinaryOp.Multiply, Add(row, element), columns, IrType.Int), column);
            yield return new ForStmt(element, Literals.Int(0), new LengthExpr(new VarExpr(output.Name, output.Type)), BinaryOp.LessThan,
                EquatableArray.Create<Stmt>(new StoreStmt(jacobian, index, new ElementExpr(outputTangents[output.Name], element, real))));
            yield return new AssignStmt(row, Add(row, Size(output)));
        }
    }

    /// <summary>Reverse mode: one Gradient call per output element, each giving a row.</summary>
    private EquatableArray<Stmt> ByRows()
    {
        var block = new List<Stmt>();
        var gradients = new Dictionary<string, Expr>();
        foreach (var input in inputs)
        {
            gradients[input.Name] = input.Type.Kind == ValueKind.Array ? Buffer(block, input) : Local("_g_" + input.Name, real);
        }
        var seeds = outputs.ToDictionary(o => o.Name, o => (VarExpr)Buffer(block, o));
        var row = Local("_row", IrType.Int);
        block.Add(new AssignStmt(row, Literals.Int(0)));
        foreach (var output in outputs)
        {
            var element = Local("_r", IrType.Int);
            var pass = new List<Stmt> { new StoreStmt(seeds[output.Name], element, Literals.Real(real, 1)) };
            foreach (var input in inputs.Where(p => p.Type.Kind == ValueKind.Array))
            {
                pass.Add(new ClearStmt((VarExpr)gradients[input.Name]));
            }
            var arguments = method.Parameters.Select(p => new Argument(new VarExpr(p.Name, p.Type))).ToList();
            foreach (var parameter in method.Parameters.Where(p => p.Differentiable))
            {
                if (parameter.IsOutput) arguments.Add(new Argument(seeds[parameter.Name]));
                else if (parameter.Type.Kind == ValueKind.Array) arguments.Add(new Argument(gradients[parameter.Name]));
                else arguments.Add(Argument.Out((VarExpr)gradients[parameter.Name]));
            }
            pass.Add(new ExprStmt(new InvokeExpr(method.Name + MethodModel.GradientSuffix, arguments.ToEquatableArray(), IrType.Void)));
            pass.Add(new StoreStmt(seeds[output.Name], element, Literals.Real(real, 0)));

            var column = Local("_column", IrType.Int);
            pass.Add(new AssignStmt(column, Literals.Int(0)));
            var rowStart = new BinaryExpr(BinaryOp.Multiply, Add(row, element), columns, IrType.Int);
            foreach (var input in inputs)
            {
                if (input.Type.Kind == ValueKind.Array)
                {
                    var e = Local("_e", IrType.Int);
                    pass.Add(new ForStmt(e, Literals.Int(0), new LengthExpr(new VarExpr(input.Name, input.Type)), BinaryOp.LessThan,
                        EquatableArray.Create<Stmt>(new StoreStmt(jacobian, Add(Add(rowStart, column), e), new ElementExpr((VarExpr)gradients[input.Name], e, real)))));
                }
                else
                {
                    pass.Add(new StoreStmt(jacobian, Add(rowStart, column), gradients[input.Name]));
                }
                pass.Add(new AssignStmt(column, Add(column, Size(input))));
            }
            block.Add(new ForStmt(element, Literals.Int(0), new LengthExpr(new VarExpr(output.Name, output.Type)), BinaryOp.LessThan, pass.ToEquatableArray()));
            block.Add(new AssignStmt(row, Add(row, Size(output))));
        }
        return block.ToEquatableArray();
    }

    private InvokeExpr Call(string suffix, System.Func<ParameterModel, Expr> derivative)
    {
        var arguments = method.Parameters.Select(p => new Argument(new VarExpr(p.Name, p.Type))).ToList();
        arguments.AddRange(method.Parameters.Where(p => p.Differentiable).Select(p => new Argument(derivative(p))));
        return new InvokeExpr(method.Name + suffix, arguments.ToEquatableArray(), IrType.Void);
    }

    /// <summary>A zeroed pooled span as long as the parameter, rented at the start of the block.</summary>
    private Expr Buffer(List<Stmt> block, ParameterModel parameter)
    {
        var buffer = Local("_" + parameter.Name + "_buffer", IrType.SpanOf(real));
        block.Add(scratch.Rent(buffer, new LengthExpr(new VarExpr(parameter.Name, parameter.Type))));
        return buffer;
    }

    private static Expr Size(ParameterModel parameter)
        => parameter.Type.Kind == ValueKind.Array ? new LengthExpr(new VarExpr(parameter.Name, parameter.Type)) : Literals.Int(1);

    private static Expr Add(Expr left, Expr right) => new BinaryExpr(BinaryOp.Add, left, right, IrType.Int);

    private VarExpr Local(string name, IrType type)
    {
        var local = new VarExpr(names.Fresh(name), type);
        locals.Add(local);
        return local;
    }
}
