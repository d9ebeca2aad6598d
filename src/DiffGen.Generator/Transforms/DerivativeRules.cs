using DiffGen.Generator.IR;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// The derivative table: for each primitive operation, which operands a derivative flows through and the linear
/// map of each, <c>seed · ∂f/∂xᵢ</c>. Forward mode applies it to an operand's tangent, reverse mode to the result's
/// adjoint: for scalar operations the two are the same product. The rules of <c>Math</c> functions are the rows of
/// <see cref="MathFunction"/>.
/// </summary>
internal static class DerivativeRules
{
    /// <summary>The operands of a flat value expression, in order.</summary>
    public static IReadOnlyList<Expr> Operands(Expr value) => value switch
    {
        UnaryExpr unary => new[] { unary.Operand },
        BinaryExpr binary => new[] { binary.Left, binary.Right },
        ConvertExpr convert => new[] { convert.Operand },
        ConditionalExpr conditional => new[] { conditional.Condition, conditional.WhenTrue, conditional.WhenFalse },
        MathCallExpr call => ToList(call.Arguments),
        DifferentiableCallExpr call => ToList(call.Arguments, a => a.Value),
        InvokeExpr call => ToList(call.Arguments, a => a.Value),
        ElementExpr element => new[] { element.Array, element.Index },
        LengthExpr length => new Expr[] { length.Array },
        NewArrayExpr array => new[] { array.Length },
        ConstructExpr built => ToList(built.Leaves),
        VarExpr or ConstExpr or OpaqueExpr => new[] { value },
        _ => Array.Empty<Expr>(),
    };

    /// <summary>Whether a derivative flows from operand <paramref name="index"/> of <paramref name="value"/> to its result.</summary>
    public static bool CarriesDerivative(Expr value, int index)
    {
        if (value is ConstructExpr built) return built.Leaves[index].Type.IsDifferentiableValue;
        if (!value.Type.IsDifferentiableValue && !(value is DifferentiableCallExpr { Type.Name: "void" })) return false;
        return value switch
        {
            VarExpr v => v.Type.IsDifferentiableValue,
            ConvertExpr convert => convert.Operand.Type.IsReal,
            UnaryExpr unary => unary.Op is UnaryOp.Negate or UnaryOp.Plus,
            BinaryExpr binary => binary.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder
                && (index == 0 ? binary.Left : binary.Right).Type.IsReal,
            MathCallExpr call => !call.Function.IsFlatIn(index) && call.Arguments[index].Type.IsReal,
            DifferentiableCallExpr call => call.Arguments[index] is { Differentiable: true, IsOutput: false } argument
                && (argument.Value.Type.IsDifferentiableValue || argument.Value.Type.IsRealArray || argument.IsReceiver),
            ElementExpr element => index == 0 && element.Array.Type.IsRealArray,
            _ => false,
        };
    }

    /// <summary>
    /// <c>seed · ∂value/∂operand[index]</c>, where <paramref name="result"/> holds the value already computed
    /// (rules such as exp and sqrt reuse it). The seed is the operand's tangent in forward mode and the result's
    /// adjoint in reverse mode; only a conversion between precisions needs to know which.
    /// </summary>
    public static Expr Scale(Expr value, int index, Expr seed, VarExpr result, DerivativeMode mode)
    {
        switch (value)
        {
            case VarExpr:
                return seed;
            case ConvertExpr convert:
                return Convert(seed, mode == DerivativeMode.Forward ? convert.Type : convert.Operand.Type);
            case ElementExpr element when mode == DerivativeMode.Forward:
                // The tangent of a[i] is the tangent array's element i.
                return new ElementExpr((VarExpr)seed, element.Index, element.Type);
            case UnaryExpr unary:
                return unary.Op == UnaryOp.Negate ? Neg(seed) : seed;
            case BinaryExpr binary:
                return ScaleBinary(binary, index, seed, result);
            case ConstructExpr built when mode == DerivativeMode.Reverse:
                // A built value's leaf i: the seed (a value of the same type) holds its adjoint at the same path.
                return new MemberExpr((VarExpr)seed, built.Layout.Leaves().ElementAt(index).Path, built.Leaves[index].Type);
            case MathCallExpr call:
                return call.Function.Derivative?.Invoke(new MathPartial(call, index, seed, result))
                    ?? throw new InvalidOperationException($"No derivative rule for {call.Function}.");
            default:
                throw new InvalidOperationException($"No derivative rule for {value.GetType().Name}.");
        }
    }

    private static Expr ScaleBinary(BinaryExpr binary, int index, Expr seed, VarExpr result)
    {
        Expr a = binary.Left, b = binary.Right;
        return (binary.Op, index) switch
        {
            (BinaryOp.Add, _) => seed,
            (BinaryOp.Subtract, 0) => seed,
            (BinaryOp.Subtract, 1) => Neg(seed),
            (BinaryOp.Multiply, 0) => Mul(seed, b),
            (BinaryOp.Multiply, 1) => Mul(seed, a),
            (BinaryOp.Divide, 0) => Div(seed, b),
            // d(a/b)/db = -a/b² = -(a/b)/b
            (BinaryOp.Divide, 1) => Neg(Div(Mul(seed, result), b)),
            (BinaryOp.Remainder, 0) => seed,
            // a % b = a - trunc(a/b)·b
            (BinaryOp.Remainder, 1) => Neg(Mul(seed, Math(binary.Type, MathFunction.Truncate, Div(a, b)))),
            _ => throw new InvalidOperationException($"No derivative rule for operator {binary.Op}."),
        };
    }

    private static Expr[] ToList<T>(Model.EquatableArray<T> items, Func<T, Expr?>? select = null) where T : IEquatable<T>
    {
        var list = new List<Expr>(items.Count);
        foreach (var item in items)
        {
            var expr = select is null ? item as Expr : select(item);
            if (expr is not null) list.Add(expr);
        }
        return list.ToArray();
    }
}
