namespace DiffGen.Generator.Tests;
public class ProbeTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper output;
    public ProbeTests(Xunit.Abstractions.ITestOutputHelper output) => this.output = output;
    private const string Pre = "using System;\nusing System.Linq;\nusing DiffGen;\npublic static partial class C\n{\n";
    public static TheoryData<string, string> Cases => new()
    {
        { "linq", "[Differentiable] public static double F(double x, [NoDiff] double[] v) => v.Select(e => e * x).Sum();" },
        { "linqnocap", "[Differentiable] public static double F(double x, [NoDiff] double[] v) => x * v.Select(e => e * 2).Sum();" },
        { "linqquery", "[Differentiable] public static double F(double x, [NoDiff] double[] v) => (from e in v select e * x).Sum();" },
        { "linqsum", "[Differentiable] public static double F(double[] x) => x.Sum();" },
        { "lambda", "[Differentiable] public static double F(double x) { Func<double, double> f = y => y * x; return f(x); }" },
        { "lambdanocap", "[Differentiable] public static double F(double x) { Func<double, double> f = y => y * 2; return f(x); }" },
        { "localfn", "[Differentiable] public static double F(double x) { return Sq(x); static double Sq(double y) => y * y; }" },
        { "hypot", "[Differentiable] public static double F(double x) => double.Hypot(x, 1);" },
        { "bitinc", "[Differentiable] public static double F(double x) => Math.BitIncrement(x);" },
        { "switch", "[Differentiable] public static double F(double x, int kind)\n    {\n        switch (kind)\n        {\n            case 0: return x;\n            default: return x * x;\n        }\n    }" },
        { "spanNoDiff", "[Differentiable] public static double F(double x, [NoDiff] double[] data) { ReadOnlySpan<double> d = data; return x * d[0]; }" },
        { "spanNoDiff2", "[Differentiable] public static double F(double x, [NoDiff] double[] data) { var d = data.AsSpan(1); return x * d[0]; }" },
        { "spanNoDiff3", "[Differentiable] public static double F(double x, [NoDiff] double[] data) { ReadOnlySpan<double> d = data.AsSpan(1, 2); return x * d[0]; }" },
        { "arrayalias", "[Differentiable] public static double F(double x, [NoDiff] double[] data) { double[] d = data; return x * d[0]; }" },
        { "failedcallee", "public static double Helper(double v) => v * v;\n[Differentiable] public static double G(double v) => Helper(v) * v;\n[Differentiable] public static double F(double x) => G(x) * 2;" },
        { "failedcallee2", "[Differentiable] public static double G(double v) { try { return v; } finally { } }\n[Differentiable] public static double F(double x) => G(x) * 2;" },
        { "mutual", "public static double Helper(double v) => v * v;\n[Differentiable] public static double G(double v, int n) => n > 0 ? H(v, n - 1) : Helper(v);\n[Differentiable] public static double H(double v, int n) => n > 0 ? G(v, n - 1) : v;" },
        { "nodiffForgot", "[Differentiable] public static double Loss(double w, double[] data) => w * data[0];\npublic static double Train(double w, double[] data) { var l = LossGradient(w, data, out var dw); return dw; }" },
        { "nodiffForgot2", "[Differentiable] public static double Loss(double w, double[] data) => w * data[0];\n[Differentiable] public static double F(double w, [NoDiff] double[] data) => Loss(w, data);" },
    };
    [Theory, MemberData(nameof(Cases))]
    public void Probe(string name, string members)
    {
        var run = GeneratorHarness.Run(Pre + members + "\n}\n");
        output.WriteLine(name);
        foreach (var d in run.DG) output.WriteLine($"  {d.Id} [{run.TextAt(d)}] {d.GetMessage()}");
        foreach (var d in run.OutputErrors.Where(d => !d.Id.StartsWith("DG"))) output.WriteLine($"  OUT {d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}");
        foreach (var s in run.Sources.Keys) output.WriteLine("  src " + s);
        Assert.True(false, "probe");
    }
}
