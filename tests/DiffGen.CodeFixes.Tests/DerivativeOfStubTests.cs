namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// DG0010 on a static method of another assembly: the fix creates its [DerivativeOf] Gradient and Tangent with the
/// exact signatures the generator expects, in a new static partial class after the calling type. The stubs compile
/// and silence DG0010 without a DG0019; filled in (<see cref="DerivativeOfStubAcceptanceTests"/>), they are what the
/// generator differentiates through.
/// </summary>
public class DerivativeOfStubTests
{
    public const string HypotSource = """
        using System;
        using DiffGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static double Length(double x, double y) => {|DG0010:double.Hypot(x, y)|} * 2;
        }
        """;

    public const string HypotFixed = """
        using System;
        using DiffGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static double Length(double x, double y) => double.Hypot(x, y) * 2;
        }

        internal static partial class DoubleHypotDerivatives
        {
            [DerivativeOf(typeof(double), nameof(double.Hypot))]
            public static double HypotGradient(double x, double y, out double dX, out double dY)
            {
                // TODO: return double.Hypot(x, y), and set dX = ∂/∂x, set dY = ∂/∂y.
                throw new NotImplementedException();
            }

            [DerivativeOf(typeof(double), nameof(double.Hypot))]
            public static double HypotTangent(double x, double y, double dX, double dY, out double tangent)
            {
                // TODO: return double.Hypot(x, y), and set tangent = ∂/∂x·dX + ∂/∂y·dY.
                throw new NotImplementedException();
            }
        }

        """;

    [Fact]
    public Task Registers_both_modes_of_a_method_of_the_runtime()
        => CodeFixTest<DerivativeOfStubCodeFixProvider>.RunAsync(HypotSource, HypotFixed);
}
