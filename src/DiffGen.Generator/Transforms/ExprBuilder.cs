using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Smart constructors for derivative code. They drop multiplications by one and double negations, and nothing
/// else: folding <c>0 * x</c> or <c>x + 0</c> would change results for NaN, infinities and signed zeros.
/// </summary>
internal static class ExprBuilder
{
    public static Expr Mul(Expr left, Expr right)
    {
        if (left is ConstExpr { IsOne: true }) return right;
        if (right is ConstExpr { IsOne: true }) return left;
        if (left is ConstExpr { RealValue: -1.0 }) return Neg(right);
        if (right is ConstExpr { RealValue: -1.0 }) return Neg(left);
        if (left is UnaryExpr { Op: UnaryOp.Negate } negatedLeft) return Neg(Mul(negatedLeft.Operand, right));
        return new BinaryExpr(BinaryOp.Multiply, left, right, left.Type);
    }

    public static Expr Div(Expr left, Expr right)
    {
        if (right is ConstExpr { IsOne: true }) return left;
        if (left is UnaryExpr { Op: UnaryOp.Negate } negatedLeft) return Neg(Div(negatedLeft.Operand, right));
        return new BinaryExpr(BinaryOp.Divide, left, right, left.Type);
    }

    public static Expr Add(Expr left, Expr right)
    {
        if (right is UnaryExpr { Op: UnaryOp.Negate } negated) return new BinaryExpr(BinaryOp.Subtract, left, negated.Operand, left.Type);
        return new BinaryExpr(BinaryOp.Add, left, right, left.Type);
    }

    public static Expr Sub(Expr left, Expr right) => new BinaryExpr(BinaryOp.Subtract, left, right, left.Type);

    public static Expr Neg(Expr operand)
    {
        if (operand is UnaryExpr { Op: UnaryOp.Negate } negated) return negated.Operand;
        return new UnaryExpr(UnaryOp.Negate, operand, operand.Type);
    }

    public static Expr Compare(BinaryOp op, Expr left, Expr right) => new BinaryExpr(op, left, right, IrType.Bool);

    public static Expr Or(Expr left, Expr right) => new BinaryExpr(BinaryOp.ConditionalOr, left, right, IrType.Bool);

    public static Expr Not(Expr operand) => new UnaryExpr(UnaryOp.Not, operand, IrType.Bool);

    public static Expr Conditional(Expr condition, Expr whenTrue, Expr whenFalse)
        => new ConditionalExpr(condition, whenTrue, whenFalse, whenTrue.Type);

    public static Expr Convert(Expr operand, IrType type) => operand.Type == type ? operand : new ConvertExpr(operand, type);

    /// <summary>A call of a function of <c>Math</c> (double) or <c>MathF</c> (float), in the precision of <paramref name="type"/>.</summary>
    public static Expr Math(IrType type, MathFunction function, params Expr[] arguments)
        => new MathCallExpr(type.MathClass, function, EquatableArray.Create(arguments), type);

    /// <summary>
    /// A real constant; for an opaque type, zero is its null adjoint, a zero not created yet (<c>default!</c>: generated
    /// code holds null there on purpose, and nullable analysis need not say so).
    /// </summary>
    public static ConstExpr Real(IrType type, double value)
        => type.IsOpaque && value == 0 ? new ConstExpr(type, "default!", 0.0) : Literals.Real(type, value);

    public static Expr Square(Expr value) => new BinaryExpr(BinaryOp.Multiply, value, value, value.Type);

    /// <summary>
    /// An argument's value as a call passes it (<paramref name="value"/> is the argument's value, its tangent or its
    /// adjoint): a copy of a local array passed to a <c>T[]</c> parameter, or the slice of it the argument is; the
    /// slice's bounds go through <paramref name="substitute"/> as the argument's value did.
    /// </summary>
    public static Expr Passed(DifferentiableCallExpr call, CallArgument argument, Expr value, System.Func<Expr, Expr>? substitute = null, bool derivative = false)
    {
        // A derivative goes into the local array's own buffer, never a copy.
        if (argument.CopiedToArray && !derivative)
        {
            return new InvokeExpr(RuntimeNames.Spans + "." + RuntimeNames.ToArray, EquatableArray.Create(new Argument(value)), IrType.ArrayOf(value.Type.Element!));
        }
        if (argument.SliceStart < 0 || argument.CopiedToArray) return value;
        Expr start = call.Arguments[argument.SliceStart].Value, length = call.Arguments[argument.SliceStart + 1].Value;
        if (substitute is not null)
        {
            start = substitute(start);
            length = substitute(length);
        }
        var sliced = value.Type.Shape == ArrayShape.Span ? value.Type : IrType.ReadOnlySpanOf(value.Type.Element!);
        return new InvokeExpr(RuntimeNames.Spans + "." + RuntimeNames.Slice, EquatableArray.Create(new Argument(value), new Argument(start), new Argument(length)), sliced);
    }

    /// <summary>The arguments of the callee's own parameters: no receiver, no slice bounds.</summary>
    public static IEnumerable<CallArgument> OwnArguments(DifferentiableCallExpr call) => call.Arguments.Where(a => !a.IsReceiver && !a.IsSliceBound);
}
