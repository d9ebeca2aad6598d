using System.Reflection;
using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Checking;

// The three entry points CSharpPrinter prints beside each program, over flat vectors (p: inputs, y: outputs).
public delegate double ValueFn(double[] p, double[] y);
public delegate double GradientFn(double[] p, double[] y, double[] dy, double[] g);
public delegate double TangentFn(double[] p, double[] dp, double[] y, double[] ty);
/// <summary>Whether the method computes an infinite or NaN intermediate at p (CSharpPrinter's probe).</summary>
public delegate bool OverflowsFn(double[] p, double[] y);

public sealed record Harness(ValueFn Value, GradientFn Gradient, TangentFn Tangent, OverflowsFn Overflows)
{
    public static Harness Bind(Assembly assembly, string ns)
    {
        var type = assembly.GetType($"{ns}.{CSharpPrinter.HarnessName}", throwOnError: true)!;
        return new Harness(
            type.GetMethod("Value")!.CreateDelegate<ValueFn>(),
            type.GetMethod("Gradient")!.CreateDelegate<GradientFn>(),
            type.GetMethod("Tangent")!.CreateDelegate<TangentFn>(),
            type.GetMethod("Overflows")!.CreateDelegate<OverflowsFn>());
    }
}
