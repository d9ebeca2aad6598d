using System.Text;
using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Each partial derivative of a straight-line scalar method as a formula of its parameters, for the documentation of
/// its <c>Gradient</c> (<c>∂/∂x = 6·x + 5</c>), so that the IDE's tooltip shows it. The body (as Optimize leaves it)
/// runs through forward mode with a unit seed, symbolically: every tangent is formed by
/// <see cref="DerivativeRules.Scale"/>, the very rules the generated code uses, so the formula cannot disagree with
/// the code; <see cref="Formula"/> simplifies it. A method with branches, loops, arrays, outputs, calls of other
/// methods or conversions gets no formula, nor does one whose formula is longer than <see cref="MaxLength"/>.
/// </summary>
internal static class SymbolicDerivatives
{
    /// <summary>The longest formula printed; a longer one is not shown at all.</summary>
    public const int MaxLength = 80;

    // Names no C# identifier can take: the seed and the result a rule reads.
    private const string SeedName = "\u0001seed";
    private const string ResultName = "\u0001result";

    /// <summary>
    /// The documentation lines (<c>&lt;para&gt;∂/∂x = …&lt;/para&gt;</c>, one per differentiable parameter, each on
    /// a line of its own), or an empty string when the method has no formula.
    /// </summary>
    public static string Describe(MethodModel method)
    {
        IReadOnlyList<(string Parameter, string Formula)>? formulas;
        try
        {
            formulas = Derive(method);
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Documentation only: a shape the rules do not expect costs the formula, never the generated code.
            return "";
        }
        if (formulas is null) return "";
        var builder = new StringBuilder();
        foreach (var (parameter, formula) in formulas)
        {
            builder.Append('\n').Append("<para>∂/∂").Append(Escape(parameter.TrimStart('@'))).Append(" = ").Append(Escape(formula)).Append("</para>");
        }
        return builder.ToString();
    }

    /// <summary>Each differentiable parameter's name and its partial derivative printed, or null: no formula.</summary>
    public static IReadOnlyList<(string Parameter, string Formula)>? Derive(MethodModel method)
    {
        if (!Applies(method)) return null;
        var result = new List<(string, string)>();
        foreach (var parameter in method.Parameters.Where(p => p.Differentiable))
        {
            string? formula;
            try
            {
                formula = Derivative(method, parameter.Name).ToString();
            }
            catch (Formula.NoFormula)
            {
                return null;
            }
            if (formula.Length > MaxLength) return null;
            result.Add((parameter.Name, formula));
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>A static method of real parameters returning a real, whose body is assignments then one return.</summary>
    private static bool Applies(MethodModel method)
    {
        if (method.IsInstance || !method.ReturnType.IsReal) return false;
        if (method.Parameters.Any(p => !p.Type.IsReal || p.IsOutput || p.IsField || p.Name == Formula.Pi)) return false;
        var body = method.Body;
        if (body.Count == 0 || body[body.Count - 1] is not ReturnStmt { Value: not null }) return false;
        for (int i = 0; i < body.Count - 1; i++)
        {
            if (body[i] is not AssignStmt { Kind: AssignKind.Set } assign || !assign.Target.Type.IsReal) return false;
        }
        return true;
    }

    /// <summary>Forward mode over the body with the tangent of <paramref name="parameter"/> 1 and the others 0.</summary>
    private static Formula Derivative(MethodModel method, string parameter)
    {
        var parameters = new HashSet<string>(method.Parameters.Select(p => p.Name), System.StringComparer.Ordinal);
        var values = new Dictionary<string, Formula>(System.StringComparer.Ordinal);
        var tangents = new Dictionary<string, Formula>(System.StringComparer.Ordinal);
        var zero = Formula.Number(0);

        Formula Value(string name)
            => values.TryGetValue(name, out var value) ? value
                : parameters.Contains(name) ? Formula.Variable(name)
                : throw new Formula.NoFormula();

        Formula Tangent(Expr operand) => operand switch
        {
            ConstExpr => zero,
            VarExpr v when tangents.TryGetValue(v.Name, out var tangent) => tangent,
            VarExpr v when parameters.Contains(v.Name) => Formula.Number(v.Name == parameter ? 1 : 0),
            _ => throw new Formula.NoFormula(),
        };

        foreach (var statement in method.Body)
        {
            var (target, expression) = statement switch
            {
                AssignStmt assign => (assign.Target.Name, assign.Value),
                ReturnStmt @return => ((string?)null, @return.Value!),
                _ => throw new Formula.NoFormula(),
            };
            var value = ToFormula(expression, Value);
            var tangent = zero;
            var operands = DerivativeRules.Operands(expression);
            for (int i = 0; i < operands.Count; i++)
            {
                if (!DerivativeRules.CarriesDerivative(expression, i)) continue;
                if (operands[i] is not (VarExpr or ConstExpr)) throw new Formula.NoFormula();
                var seed = Tangent(operands[i]);
                if (seed.ConstantValue == 0) continue;
                var type = expression.Type;
                var partial = DerivativeRules.Scale(expression, i, new VarExpr(SeedName, type), new VarExpr(ResultName, type), DerivativeMode.Forward);
                tangent = Formula.Add(tangent, ToFormula(partial, name => name == SeedName ? seed : name == ResultName ? value : Value(name)));
            }
            if (target is null) return tangent;
            values[target] = value;
            tangents[target] = tangent;
        }
        throw new Formula.NoFormula();
    }

    /// <summary>An expression of real arithmetic and math functions as a formula; variables are looked up.</summary>
    private static Formula ToFormula(Expr expression, System.Func<string, Formula> lookup)
    {
        Formula Of(Expr e) => ToFormula(e, lookup);
        switch (expression)
        {
            case ConstExpr { RealValue: double value } constant when constant.Type.IsReal:
                // A float literal as written (0.1f is 0.1, not the double 0.10000000149011612).
                return Formula.Number(constant.Type.IsFloat
                    ? double.Parse(((float)value).ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)
                    : value);
            case VarExpr variable when variable.Type.IsReal:
                return lookup(variable.Name);
            case UnaryExpr { Op: UnaryOp.Negate } negate:
                return Formula.Negate(Of(negate.Operand));
            case UnaryExpr { Op: UnaryOp.Plus } plus:
                return Of(plus.Operand);
            case BinaryExpr binary when binary.Type.IsReal && binary.Left.Type == binary.Type && binary.Right.Type == binary.Type:
                return binary.Op switch
                {
                    BinaryOp.Add => Formula.Add(Of(binary.Left), Of(binary.Right)),
                    BinaryOp.Subtract => Formula.Subtract(Of(binary.Left), Of(binary.Right)),
                    BinaryOp.Multiply => Formula.Multiply(Of(binary.Left), Of(binary.Right)),
                    BinaryOp.Divide => Formula.Divide(Of(binary.Left), Of(binary.Right)),
                    _ => throw new Formula.NoFormula(),
                };
            case MathCallExpr call when call.Arguments.All(a => a.Type == call.Type):
            {
                var arguments = call.Arguments.Select(Of).ToList();
                if (call.Function == MathFunction.Pow && arguments[1].ConstantValue is double exponent)
                {
                    return exponent == System.Math.Floor(exponent) && System.Math.Abs(exponent) <= 16
                        ? Formula.Power(arguments[0], (int)exponent)
                        : Formula.RealPower(arguments[0], arguments[1]);
                }
                return call.Function == MathFunction.Pow ? Formula.RealPower(arguments[0], arguments[1]) : Formula.Call(call.Function, arguments);
            }
            case ConditionalExpr conditional when Decide(conditional.Condition, lookup) is bool condition:
                // A rule's guard on constants (Pow(2.5, y) at base 0): only the side taken is the formula.
                return Of(condition ? conditional.WhenTrue : conditional.WhenFalse);
            default:
                throw new Formula.NoFormula();
        }
    }

    /// <summary>A comparison of two constants, decided; null for anything else.</summary>
    private static bool? Decide(Expr condition, System.Func<string, Formula> lookup)
    {
        if (condition is not BinaryExpr binary || !binary.Left.Type.IsReal || !binary.Right.Type.IsReal) return null;
        if (ToFormula(binary.Left, lookup).ConstantValue is not double left || ToFormula(binary.Right, lookup).ConstantValue is not double right) return null;
        return binary.Op switch
        {
            BinaryOp.Equals => left == right,
            BinaryOp.NotEquals => left != right,
            BinaryOp.LessThan => left < right,
            BinaryOp.LessThanOrEqual => left <= right,
            BinaryOp.GreaterThan => left > right,
            BinaryOp.GreaterThanOrEqual => left >= right,
            _ => null,
        };
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
