using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>Terse construction of hand-built IR for stage tests.</summary>
internal static class IrBuilder
{
    public static VarExpr D(string name) => new(name, IrType.Double);

    public static ConstExpr C(double value) => Literals.Real(IrType.Double, value);

    public static AssignStmt Set(VarExpr target, Expr value) => new(target, value);

    public static BinaryExpr Mul(Expr a, Expr b) => new(BinaryOp.Multiply, a, b, IrType.Double);

    public static BinaryExpr Add(Expr a, Expr b) => new(BinaryOp.Add, a, b, IrType.Double);

    public static BinaryExpr Greater(Expr a, Expr b) => new(BinaryOp.GreaterThan, a, b, IrType.Bool);

    public static MathCallExpr Math(MathFunction function, params Expr[] arguments)
        => new("global::System.Math", function, EquatableArray.Create(arguments), IrType.Double);

    public static EquatableArray<Stmt> Block(params Stmt[] statements) => EquatableArray.Create(statements);

    public static MethodModel Method(string name, ParameterModel[] parameters, VarExpr[] locals, params Stmt[] body)
        => new(
            Namespace: "Demo",
            ContainingTypes: EquatableArray.Create(new TypeDeclaration("static partial class", "Functions")),
            ContainingTypeFullName: "global::Demo.Functions",
            Name: name,
            Accessibility: "public",
            ReturnType: IrType.Double,
            Parameters: EquatableArray.Create(parameters),
            Locals: EquatableArray.Create(locals),
            Body: Block(body),
            EmitGradient: true,
            EmitTangent: true);

    public static ParameterModel Real(string name) => new(name, IrType.Double, Differentiable: true);

    public static ParameterModel Constant(string name) => new(name, IrType.Double, Differentiable: false);
}
