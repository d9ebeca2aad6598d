using System;
using System.Collections.Generic;
using DiffGen.Generator.IR;
using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// The derivative table: for each primitive operation, which operands a derivative flows through and the linear
/// map of each, <c>seed · ∂f/∂xᵢ</c>. Forward mode applies it to an operand's tangent, reverse mode to the result's
/// adjoint: for scalar operations the two are the same product. Adding a function is adding a row here (and a name
/// in <see cref="TryGetMathFunction"/>).
/// </summary>
internal static class DerivativeRules
{
    private static readonly Dictionary<string, MathFunction> MathFunctionsByName = new(StringComparer.Ordinal)
    {
        ["Sin"] = MathFunction.Sin, ["Cos"] = MathFunction.Cos, ["Tan"] = MathFunction.Tan,
        ["Asin"] = MathFunction.Asin, ["Acos"] = MathFunction.Acos, ["Atan"] = MathFunction.Atan, ["Atan2"] = MathFunction.Atan2,
        ["Sinh"] = MathFunction.Sinh, ["Cosh"] = MathFunction.Cosh, ["Tanh"] = MathFunction.Tanh,
        ["Exp"] = MathFunction.Exp, ["Log"] = MathFunction.Log, ["Log10"] = MathFunction.Log10, ["Log2"] = MathFunction.Log2,
        ["Sqrt"] = MathFunction.Sqrt, ["Cbrt"] = MathFunction.Cbrt, ["Pow"] = MathFunction.Pow,
        ["Abs"] = MathFunction.Abs, ["Max"] = MathFunction.Max, ["Min"] = MathFunction.Min, ["Clamp"] = MathFunction.Clamp,
        ["FusedMultiplyAdd"] = MathFunction.FusedMultiplyAdd,
        ["Floor"] = MathFunction.Floor, ["Ceiling"] = MathFunction.Ceiling, ["Round"] = MathFunction.Round, ["Truncate"] = MathFunction.Truncate,
    };

    /// <summary>Maps a <c>Math</c>/<c>MathF</c> method name and arity to a row of the table.</summary>
    public static bool TryGetMathFunction(string name, int arity, out MathFunction function)
    {
        if (!MathFunctionsByName.TryGetValue(name, out function)) return false;
        if (IsPiecewiseConstant(function)) return true;
        int expected = function switch
        {
            MathFunction.Atan2 or MathFunction.Pow or MathFunction.Max or MathFunction.Min => 2,
            MathFunction.Clamp or MathFunction.FusedMultiplyAdd => 3,
            MathFunction.Log => arity == 2 ? 2 : 1,
            _ => 1,
        };
        return arity == expected;
    }

    /// <summary>Floor, Ceiling, Round and Truncate: zero derivative wherever one exists.</summary>
    public static bool IsPiecewiseConstant(MathFunction function)
        => function is MathFunction.Floor or MathFunction.Ceiling or MathFunction.Round or MathFunction.Truncate;

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
        VarExpr or ConstExpr or OpaqueExpr => new[] { value },
        _ => Array.Empty<Expr>(),
    };

    /// <summary>Whether a derivative flows from operand <paramref name="index"/> of <paramref name="value"/> to its result.</summary>
    public static bool CarriesDerivative(Expr value, int index)
    {
        if (!value.Type.IsReal && !(value is DifferentiableCallExpr { Type.Name: "void" })) return false;
        return value switch
        {
            VarExpr v => v.Type.IsReal,
            ConvertExpr convert => convert.Operand.Type.IsReal,
            UnaryExpr unary => unary.Op is UnaryOp.Negate or UnaryOp.Plus,
            BinaryExpr binary => binary.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder
                && (index == 0 ? binary.Left : binary.Right).Type.IsReal,
            MathCallExpr call => !IsPiecewiseConstant(call.Function) && call.Arguments[index].Type.IsReal,
            DifferentiableCallExpr call => call.Arguments[index] is { Differentiable: true, IsOutput: false } argument
                && (argument.Value.Type.IsReal || argument.Value.Type.IsRealArray || argument.IsReceiver),
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
            case MathCallExpr call:
                return ScaleMath(call, index, seed, result);
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

    private static Expr ScaleMath(MathCallExpr call, int index, Expr seed, VarExpr r)
    {
        var t = call.Type;
        Expr a = call.Arguments[0];
        Expr One() => Real(t, 1);
        Expr Zero() => Real(t, 0);
        switch (call.Function)
        {
            case MathFunction.Sin: return Mul(seed, Math(t, MathFunction.Cos, a));
            case MathFunction.Cos: return Neg(Mul(seed, Math(t, MathFunction.Sin, a)));
            // tan' = 1 + tan²
            case MathFunction.Tan: return Mul(seed, Add(One(), Square(r)));
            case MathFunction.Asin: return Div(seed, Math(t, MathFunction.Sqrt, Sub(One(), Square(a))));
            case MathFunction.Acos: return Neg(Div(seed, Math(t, MathFunction.Sqrt, Sub(One(), Square(a)))));
            case MathFunction.Atan: return Div(seed, Add(One(), Square(a)));
            case MathFunction.Atan2:
            {
                // atan2(y, x): ∂y = x/(x²+y²), ∂x = -y/(x²+y²)
                Expr y = call.Arguments[0], x = call.Arguments[1];
                var norm = Add(Square(x), Square(y));
                return index == 0 ? Div(Mul(seed, x), norm) : Neg(Div(Mul(seed, y), norm));
            }
            case MathFunction.Sinh: return Mul(seed, Math(t, MathFunction.Cosh, a));
            case MathFunction.Cosh: return Mul(seed, Math(t, MathFunction.Sinh, a));
            case MathFunction.Tanh: return Mul(seed, Sub(One(), Square(r)));
            case MathFunction.Exp: return Mul(seed, r);
            case MathFunction.Log when call.Arguments.Count == 2:
            {
                // log_b(a) = ln a / ln b: ∂a = 1/(a ln b), ∂b = -log_b(a)/(b ln b)
                Expr b = call.Arguments[1];
                var lnB = Math(t, MathFunction.Log, b);
                return index == 0 ? Div(seed, Mul(a, lnB)) : Neg(Div(Mul(seed, r), Mul(b, lnB)));
            }
            case MathFunction.Log: return Div(seed, a);
            case MathFunction.Log10: return Div(seed, Mul(a, Real(t, System.Math.Log(10))));
            case MathFunction.Log2: return Div(seed, Mul(a, Real(t, System.Math.Log(2))));
            case MathFunction.Sqrt: return Div(seed, Mul(Real(t, 2), r));
            case MathFunction.Cbrt: return Div(seed, Mul(Mul(Real(t, 3), r), r));
            case MathFunction.Pow:
            {
                Expr b = call.Arguments[1];
                if (index == 0)
                {
                    // ∂a = b·a^(b-1); a constant exponent folds, a variable one is guarded at b = 0 (0·0^-1 would be NaN).
                    if (b is ConstExpr { RealValue: double exponent })
                    {
                        if (exponent == 2) return Mul(seed, Mul(Real(t, 2), a));
                        if (exponent == 1) return seed;
                        return Mul(seed, Mul(b, Math(t, MathFunction.Pow, a, Real(t, exponent - 1))));
                    }
                    return Conditional(Compare(BinaryOp.Equals, b, Zero()), Zero(),
                        Mul(seed, Mul(b, Math(t, MathFunction.Pow, a, Sub(b, One())))));
                }
                // ∂b = a^b·ln a, taken as 0 at a = 0 where a^b is flat in b (for b > 0).
                return Conditional(Compare(BinaryOp.Equals, a, Zero()), Zero(), Mul(Mul(seed, r), Math(t, MathFunction.Log, a)));
            }
            case MathFunction.Abs:
                return Conditional(Compare(BinaryOp.GreaterThan, a, Zero()), seed,
                    Conditional(Compare(BinaryOp.LessThan, a, Zero()), Neg(seed), Zero()));
            case MathFunction.Max:
            case MathFunction.Min:
            {
                // The larger (smaller) operand gets the whole derivative; a tie splits it evenly, as in JAX.
                Expr self = call.Arguments[index], other = call.Arguments[1 - index];
                var wins = call.Function == MathFunction.Max ? BinaryOp.GreaterThan : BinaryOp.LessThan;
                return Conditional(Compare(wins, self, other), seed,
                    Conditional(Compare(BinaryOp.Equals, self, other), Mul(seed, Real(t, 0.5)), Zero()));
            }
            case MathFunction.Clamp:
            {
                // Clamp(x, lo, hi) is lo below lo, hi above hi, x in between (bounds included).
                Expr x = call.Arguments[0], lo = call.Arguments[1], hi = call.Arguments[2];
                var below = Compare(BinaryOp.LessThan, x, lo);
                var above = Compare(BinaryOp.GreaterThan, x, hi);
                return index switch
                {
                    0 => Conditional(Or(below, above), Zero(), seed),
                    1 => Conditional(below, seed, Zero()),
                    _ => Conditional(below, Zero(), Conditional(above, seed, Zero())),
                };
            }
            case MathFunction.FusedMultiplyAdd:
                return index switch
                {
                    0 => Mul(seed, call.Arguments[1]),
                    1 => Mul(seed, call.Arguments[0]),
                    _ => seed,
                };
            default:
                throw new InvalidOperationException($"No derivative rule for {call.Function}.");
        }
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
