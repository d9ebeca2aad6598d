using System.Globalization;
using System.Text.RegularExpressions;

namespace DiffGen.Generator.Tests;

/// <summary>
/// docs/diagnostics.md shows, for every DG id, code that triggers it, the message, and the fix. These are its examples:
/// each wrong one ("NNw") gives the message the docs quote (positions aside), and each fix ("NNf") compiles clean.
/// </summary>
public class DiagnosticsDocsTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing DiffGen;\n";

    public static TheoryData<string, string> Examples => new()
    {
        { "01w", "public static class Model { [Differentiable] public static double Loss(double w) => w * w; }" },
        { "01f", "public static partial class Model { [Differentiable] public static double Loss(double w) => w * w; }" },
        { "02w", "public partial interface IModel { [Differentiable] double Loss(double w) => w * w; }" },
        { "02f", "public partial class Model { public double Scale; [Differentiable] public double Loss(double w) => Scale * w * w; }" },
        { "03w", "public static partial class M { [Differentiable] public static int Steps(double x) => (int)(x * x); }" },
        { "03f", "public static partial class M { [Differentiable] public static double Steps(double x) => x * x; }" },
        { "04w", "public static partial class M { [Differentiable] public static double Scale(double x, double[][] table) => x * table[0][1]; }" },
        { "04f", "public static partial class M { [Differentiable] public static double Scale(double x, double[] table, int columns) => x * table[0 * columns + 1]; }" },
        { "05w", "public static partial class M { [Differentiable] public static double Square(ref double x) => x * x; }" },
        { "05f", "public static partial class M { [Differentiable] public static double Square(double x) => x * x; }" },
        { "06w", "public static partial class M { [Differentiable] public static double Square<T>(double x) => x * x; }" },
        { "06f", "public static partial class M { [Differentiable] public static double Square(double x) => x * x; }" },
        { "07w", "public static partial class M { [Differentiable] public static double Shift(double x, double dX) => x + dX; }" },
        { "07f", "public static partial class M { [Differentiable] public static double Shift(double x, double offset) => x + offset; }" },
        { "08w", "public abstract partial class Model { [Differentiable] public abstract double Loss(double w); }" },
        { "08f", "public partial class Model { [Differentiable] public virtual double Loss(double w) => w * w; }" },
        { "09w", "public static partial class M { public static double Outer(double x) { return Square(x); [Differentiable] static double Square(double y) => y * y; } }" },
        { "09f", "public static partial class M { public static double Outer(double x) => Square(x); [Differentiable] public static double Square(double y) => y * y; }" },
        { "10w", "public static partial class M { public static double Cube(double v) => v * v * v; [Differentiable] public static double Loss(double x) => Cube(x) + x; }" },
        { "10f", "public static partial class M { [Differentiable] public static double Cube(double v) => v * v * v; [Differentiable] public static double Loss(double x) => Cube(x) + x; }" },
        { "10w2", "public static partial class M { [Differentiable] public static double Length(double x, double y) => double.Hypot(x, y); }" },
        { "10f2", "public static partial class M { [Differentiable] public static double Length(double x, double y) => double.Hypot(x, y); }\npublic static class HypotDerivatives\n{\n    [DerivativeOf(typeof(double), nameof(double.Hypot))]\n    public static double HypotGradient(double x, double y, out double dX, out double dY) { double h = double.Hypot(x, y); dX = x / h; dY = y / h; return h; }\n    [DerivativeOf(typeof(double), nameof(double.Hypot))]\n    public static double HypotTangent(double x, double y, double dX, double dY, out double tangent) { double h = double.Hypot(x, y); tangent = (x * dX + y * dY) / h; return h; }\n}" },
        { "11w", "public static partial class M { [Differentiable] public static double Loss(double x, double w) { Func<double, double> scale = v => v * w; return scale(x); } }" },
        { "11f", "public static partial class M { [Differentiable] public static double Scale(double v, double w) => v * w; [Differentiable] public static double Loss(double x, double w) => Scale(x, w); }" },
        { "12w", "public static partial class M { [Differentiable] public static double SafeLog(double x) { try { return Math.Log(x); } catch (ArithmeticException) { return 0; } } }" },
        { "12f", "public static partial class M { [Differentiable] public static double SafeLog(double x) => x > 0 ? Math.Log(x) : 0; }" },
        { "13w", "public static partial class M { [Differentiable] public static double Abs(double x) { if (x >= 0) goto done; x = -x; done: return x; } }" },
        { "13f", "public static partial class M { [Differentiable] public static double Abs(double x) { if (x < 0) x = -x; return x; } }" },
        { "14w", "public static partial class M { [Differentiable] public static double Sum(double w, [NoDiff] List<double> values) { double s = 0; foreach (var v in values) s += w * v; return s; } }" },
        { "14f", "public static partial class M { [Differentiable] public static double Sum(double w, [NoDiff] double[] values) { double s = 0; foreach (var v in values) s += w * v; return s; } }" },
        { "15w", "public static partial class M { [Differentiable] public static double Root(double x) { if (x < 0) throw new ArgumentException(); return Math.Sqrt(x); } }" },
        { "15f", "public static partial class M { [Differentiable] public static double Root(double x) { if (x < 0) return double.NaN; return Math.Sqrt(x); } }" },
        { "16w", "public static partial class M { public static double Last; [Differentiable] public static double Square(double x) { Last = x; return x * x; } }" },
        { "16f", "public static partial class M { [Differentiable] public static double Square(double x) => x * x; }" },
        { "17w", "public static partial class M { [Differentiable] public static double Scale(double a, [NoDiff] double factor) => a * factor; [Differentiable] public static double Loss(double x) => Scale(2.0, x * x); }" },
        { "17f", "public static partial class M { [Differentiable] public static double Scale(double a, double factor) => a * factor; [Differentiable] public static double Loss(double x) => Scale(2.0, x * x); }" },
        { "18w", "public static partial class M { [Differentiable] public static double Fill(double x, Span<double> y) { y[0] = x; return x; } }" },
        { "18f", "public static partial class M { [Differentiable] public static void Fill(double x, Span<double> y) { y[0] = x; } }" },
        { "19w", "public static partial class M { [Differentiable] public static double Square(double x) => x * x; public static double SquareGradient(double x) => 2 * x; }" },
        { "19f", "public static partial class M { [Differentiable] public static double Square(double x) => x * x; public static double SquareGradient(double x, out double dX) { dX = 2 * x; return x * x; } }" },
        { "20w", "public static partial class M { [Differentiable] public static void AddInto(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] += x[j]; } public static void AddIntoGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY) { for (int j = 0; j < y.Length; j++) { y[j] += x[j]; dX[j] += dY[j]; } } [Differentiable] public static double Loss(double[] x) { var y = new double[x.Length]; y[0] = x[0]; AddInto(x, y); return y[0]; } }" },
        { "20f", "public static partial class M { [Differentiable] public static void AddInto(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) y[j] += x[j]; } public static void AddIntoGradient(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY) { for (int j = 0; j < y.Length; j++) { y[j] += x[j]; dX[j] += dY[j]; } } [Differentiable] public static double Loss(double[] x) { var y = new double[x.Length]; AddInto(x, y); return y[0] + x[0]; } }" },
        { "21w", "public static partial class M { public static double Cube(double v) => v * v * v; [Differentiable] public static double Inner(double v) => Cube(v) + v; [Differentiable] public static double Loss(double x) => Inner(x) * 2; }" },
        { "21f", "public static partial class M { [Differentiable] public static double Cube(double v) => v * v * v; [Differentiable] public static double Inner(double v) => Cube(v) + v; [Differentiable] public static double Loss(double x) => Inner(x) * 2; }" },
        { "22w", "public static partial class M { [Differentiable] public static double Loss(double w, double[] data) => w * data[0]; public static double Train(double w, double[] data) { LossGradient(w, data, out double dW); return dW; } }" },
        { "31w", "public partial class Body { public readonly double Mass; public Body(double mass) { Mass = mass; } }\npublic static partial class M { [Differentiable] public static double Kinetic(Body b, double v) => 0.5 * b.Mass * v * v; }" },
        { "31f", "public partial record Body(double Mass);\npublic static partial class M { [Differentiable] public static double Kinetic(Body b, double v) => 0.5 * b.Mass * v * v; }" },
        { "32w", "public partial record struct V(double X);\npublic static partial class M { [Differentiable] public static V Halve(V v, int n) => n == 0 ? v : Halve(new V(v.X / 2), n - 1); }" },
        { "32f", "public partial record struct V(double X);\npublic static partial class M { [Differentiable] public static V Halve(V v, int n) { for (int i = 0; i < n; i++) v = new V(v.X / 2); return v; } }" },
        { "22f", "public static partial class M { [Differentiable] public static double Loss(double w, [NoDiff] double[] data) => w * data[0]; public static double Train(double w, double[] data) { LossGradient(w, data, out double dW); return dW; } }" },
        { "30w", "public struct Pair : IDifferentiable<Pair> { public double A, B; public static Pair Zero(Pair like) => default; public static void Accumulate(ref Pair x, Pair y) { x.A += y.A; x.B += y.B; } } public static partial class M { [Differentiable] public static double Scale(Pair p, double s) => s; }" },
        { "30f", "public sealed class Pair : IDifferentiable<Pair> { public double A, B; public static Pair Zero(Pair like) => new(); public static void Accumulate(ref Pair x, Pair y) { x.A += y.A; x.B += y.B; } } public static partial class M { [Differentiable] public static double Scale(Pair p, double s) => s; }" },
    };

    private static string Docs()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "DiffGen.sln"))) root = root.Parent ?? throw new InvalidOperationException("DiffGen.sln not found");
        return File.ReadAllText(Path.Combine(root.FullName, "docs", "diagnostics.md"));
    }

    /// <summary>The first message quoted in the id's section: "> DG0004: Parameter 'table' ...".</summary>
    private static string QuotedMessage(string docs, string id)
    {
        int section = docs.IndexOf($"<a id=\"{id.ToLowerInvariant()}\"></a>", StringComparison.Ordinal);
        Assert.True(section >= 0, $"docs/diagnostics.md has no section for {id}");
        var quote = new Regex("^> (DG\\d{4}): (.*)$", RegexOptions.Multiline).Match(docs, section);
        Assert.True(quote.Success && quote.Groups[1].Value == id, $"The section of {id} quotes no message of its own");
        return quote.Groups[2].Value;
    }

    /// <summary>"(DG0010 at Model.cs(4,41))": the file and position of an example depend on how it is compiled.</summary>
    private static string WithoutPositions(string message) => Regex.Replace(message, @" at [\w.]+\.cs\(\d+,\d+\)", " at …");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_of_the_docs_does_what_they_say(string name, string code)
    {
        var run = GeneratorHarness.Run(Usings + code + "\n");
        string number = name.Substring(0, 2);
        if (name.EndsWith("f", StringComparison.Ordinal) || name.EndsWith("f2", StringComparison.Ordinal))
        {
            Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, $"The fix {name} does not compile clean:\n{run.Describe()}");
            return;
        }
        if (name.EndsWith("w2", StringComparison.Ordinal)) return;   // the second example of a section is checked by its own test
        string id = "DG00" + number;
        var diagnostic = run.DG.FirstOrDefault(d => d.Id == id);
        Assert.True(diagnostic is not null, $"The example {name} does not give {id}:\n{run.Describe()}");
        Assert.Equal(WithoutPositions(QuotedMessage(Docs(), id)), WithoutPositions(diagnostic!.GetMessage(CultureInfo.InvariantCulture)));
    }
}
