namespace DiffGen.Generator.Tests;

/// <summary>
/// The <c>{Name}Function</c> struct beside a <c>[Differentiable]</c> scalar function: emitted for float and double
/// overloads as one struct, not where the name is taken, and a call naming it before it exists is bound.
/// </summary>
public class ScalarFunctionTests
{
    private const string Mapper = """
        using DiffGen;
        public static partial class Mapper
        {
            /// <summary>A stand-in for Tensor.Map: a generic operation whose derivatives are written by hand.</summary>
            [Differentiable] public static double Apply<TF>(double x) where TF : struct, IScalarFunction<double> => TF.Value(x);
            public static double ApplyTangent<TF>(double x, double dX, out double tangent) where TF : struct, IScalarFunction<double>
            {
                tangent = TF.Derivative(x) * dX;
                return TF.Value(x);
            }
            public static double ApplyGradient<TF>(double x, out double dX) where TF : struct, IScalarFunction<double>
            {
                dX = TF.Derivative(x);
                return TF.Value(x);
            }
            public static double ApplyGradient<TF>(double x, double seed, out double dX) where TF : struct, IScalarFunction<double>
            {
                dX = seed * TF.Derivative(x);
                return TF.Value(x);
            }
            public static void ApplyPullback<TF>(double x, double result, double seed, out double dX) where TF : struct, IScalarFunction<double>
                => dX = seed * TF.Derivative(x);
        }
        """;

    [Fact]
    public void Float_and_double_overloads_make_one_struct_with_both_interfaces()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class F
            {
                [Differentiable] public static float Swish(float x) => x / (1 + MathF.Exp(-x));
                [Differentiable] public static double Swish(double x) => x / (1 + Math.Exp(-x));
                [Differentiable] public static double Two(double x, double y) => x * y;
            }
            """);
        Assert.Empty(run.OutputErrors);
        var type = run.Output.GetTypeByMetadataName("F+SwishFunction");
        Assert.NotNull(type);
        Assert.True(type!.IsValueType && type.IsReadOnly);
        Assert.Equal(new[] { "DiffGen.IScalarFunction<double>", "DiffGen.IScalarFunction<float>" }, type.Interfaces.Select(i => i.ToDisplayString()).Order());
        // Only functions of one real: no struct for a function of two.
        Assert.Null(run.Output.GetTypeByMetadataName("F+TwoFunction"));
    }

    [Fact]
    public void A_name_that_is_taken_gets_no_struct()
    {
        var run = GeneratorHarness.Run("""
            using DiffGen;
            public static partial class F
            {
                [Differentiable] public static double Cube(double x) => x * x * x;
                public static int CubeFunction => 3;
            }
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrors);
        Assert.DoesNotContain(run.Sources.Values, s => s.Contains("struct CubeFunction", StringComparison.Ordinal));
    }

    [Fact]
    public void A_call_naming_the_struct_before_it_exists_is_differentiated()
    {
        var run = GeneratorHarness.Run(Mapper, """
            using System;
            using DiffGen;
            public static partial class Model
            {
                [Differentiable] public static double Cube(double x) => x * x * x;
                [Differentiable] public static double Loss(double x) => Mapper.Apply<CubeFunction>(x) + Mapper.Apply<Model.CubeFunction>(2 * x);
            }
            """);
        Assert.Empty(run.DG);
        Assert.Empty(run.OutputErrors);
        var loss = run.Sources.Single(s => s.Key.Contains("Loss", StringComparison.Ordinal)).Value;
        Assert.Contains("Mapper.ApplyTangent<global::Model.CubeFunction>", loss, StringComparison.Ordinal);
        Assert.Contains("Mapper.ApplyGradient<global::Model.CubeFunction>", loss, StringComparison.Ordinal);
        // The derivatives run: Loss(x) = x³ + 8x³, so dLoss/dx = 27x².
        var model = GeneratorHarness.Load(run).GetType("Model")!;
        var args = new object?[] { 1.5, null };
        double value = (double)model.GetMethod("LossGradient", [typeof(double), typeof(double).MakeByRefType()])!.Invoke(null, args)!;
        Assert.Equal(9 * 1.5 * 1.5 * 1.5, value, 12);
        Assert.Equal(27 * 1.5 * 1.5, (double)args[1]!, 12);
    }

    [Fact]
    public void A_struct_name_with_no_function_behind_it_stays_the_compilers_error()
    {
        var run = GeneratorHarness.Run(Mapper, """
            using DiffGen;
            public static partial class Model
            {
                [Differentiable] public static double Loss(double x) => Mapper.Apply<MissingFunction>(x);
            }
            """);
        Assert.Empty(run.DG);
        Assert.Contains(run.OutputErrors, d => d.Id == "CS0246");
    }
}
