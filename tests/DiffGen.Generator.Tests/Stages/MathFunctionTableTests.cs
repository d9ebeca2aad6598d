using System;
using System.Linq;
using System.Reflection;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;

namespace DiffGen.Generator.Tests.Stages;

/// <summary>
/// The math table (<c>IR/MathFunction.cs</c>): every row is complete and every stage can use it, so that adding a
/// function is adding a row.
/// </summary>
public class MathFunctionTableTests
{
    private static readonly IrType[] Precisions = { IrType.Double, IrType.Float };

    public static TheoryData<string> Rows()
    {
        var rows = new TheoryData<string>();
        foreach (var row in MathFunction.All) rows.Add(row.Name);
        return rows;
    }

    private static MathFunction Row(string name) => Assert.Single(MathFunction.All, row => row.Name == name);

    /// <summary>The arities a row covers, as far as a test can list them (piecewise-constant rows take any).</summary>
    private static int[] Arities(MathFunction row)
        => Enumerable.Range(row.MinArity, Math.Min(row.MaxArity, 4) - row.MinArity + 1).ToArray();

    [Fact]
    public void Every_row_has_a_name_of_its_own()
    {
        Assert.NotEmpty(MathFunction.All);
        Assert.Equal(MathFunction.All.Count, MathFunction.All.Select(row => row.Name).Distinct().Count());
        Assert.All(MathFunction.All, row => Assert.True(row.MinArity >= 1 && row.MinArity <= row.MaxArity, row.Name));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_row_is_a_method_of_Math_MathF_double_and_float(string name)
    {
        var row = Row(name);
        int arity = row.MinArity;
        // Math must have it; MathF, double and float may lack it or spell it otherwise (Math.Clamp serves floats too,
        // double.Ieee754Remainder is Math.IEEERemainder), but where they have the name it is the same function.
        foreach (var (type, real, required) in new[] { (typeof(Math), typeof(double), true), (typeof(MathF), typeof(float), false), (typeof(double), typeof(double), false), (typeof(float), typeof(float), false) })
        {
            var overloads = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == row.Name && m.GetParameters().Length == arity).ToList();
            if (!required && overloads.Count == 0) continue;
            // A row with a derivative is an overload on reals but for its flat argument; a piecewise-constant one may
            // take anything after x.
            Assert.True(overloads.Any(m => row.IsPiecewiseConstant || m.GetParameters().Select((p, i) => row.IsFlatIn(i) || p.ParameterType == real).All(ok => ok)), $"{type.Name}.{row.Name}/{arity}");
        }
        Assert.Same(row, MathFunction.Find(row.Name, arity, _ => true));
        Assert.Equal(row.IsPiecewiseConstant, MathFunction.Find(row.Name, arity, _ => false) is not null);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_rule_gives_a_derivative_for_every_argument_in_both_precisions(string name)
    {
        var row = Row(name);
        if (row.IsPiecewiseConstant)
        {
            Assert.False(DerivativeRules.CarriesDerivative(Call(row, IrType.Double, 1), 0));
            return;
        }
        foreach (var type in Precisions)
        {
            foreach (int arity in Arities(row))
            {
                var call = Call(row, type, arity);
                for (int index = 0; index < arity; index++)
                {
                    Assert.Equal(!row.IsFlatIn(index), DerivativeRules.CarriesDerivative(call, index));
                    if (row.IsFlatIn(index)) continue;
                    foreach (var mode in new[] { DerivativeMode.Forward, DerivativeMode.Reverse })
                    {
                        var derivative = DerivativeRules.Scale(call, index, new VarExpr("seed", type), new VarExpr("r", type), mode);
                        Assert.Equal(type, derivative.Type);
                        // The functions a rule calls exist in the precision's own class (MathF for float).
                        foreach (var inner in IrWalker.Subexpressions(derivative).OfType<MathCallExpr>())
                        {
                            var mathClass = type.IsFloat ? typeof(MathF) : typeof(Math);
                            Assert.Equal(type.MathClass, inner.ClassName);
                            Assert.Contains(mathClass.GetMethods(), m => m.Name == inner.Function.Name && m.GetParameters().Length == inner.Arguments.Count);
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_vector_method_is_a_lane_by_lane_method_of_Vector(string name)
    {
        var row = Row(name);
        if (row.VectorMethod is null) return;
        Assert.Contains(typeof(System.Numerics.Vector).GetMethods(BindingFlags.Public | BindingFlags.Static),
            m => m.Name == row.VectorMethod && m.IsGenericMethodDefinition && m.GetParameters().Length == row.MinArity
                && m.GetParameters().All(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(System.Numerics.Vector<>)));
        Assert.Equal(row.MinArity, row.MaxArity);
    }

    // A flat argument is an int, as ScaleB's exponent is: the rule must not need it to be real.
    private static MathCallExpr Call(MathFunction row, IrType type, int arity)
        => new(type.MathClass, row, EquatableArray.Create(Enumerable.Range(0, arity).Select(i => (Expr)new VarExpr("a" + i, row.IsFlatIn(i) && !row.IsPiecewiseConstant ? IrType.Int : type)).ToArray()), type);
}
