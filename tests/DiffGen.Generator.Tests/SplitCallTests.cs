using System.Text.RegularExpressions;

namespace DiffGen.Generator.Tests;

/// <summary>
/// Split reverse mode for calls (issue 11): every generated Gradient comes with <c>{Name}Primal</c> and
/// <c>{Name}Pullback</c>; callers of callees that take arrays, write outputs or have a receiver call those, so the
/// callee's value is computed once. The numbers are checked end to end (<c>SplitCallTests</c> there); here, which
/// forms are emitted and called.
/// </summary>
public class SplitCallTests
{
    private const string Layers = """
        using System;
        using DiffGen;

        public partial struct Layer
        {
            public double[] W;
            [Differentiable]
            public void Forward(ReadOnlySpan<double> x, Span<double> y) { for (int j = 0; j < y.Length; j++) { double s = 0; for (int i = 0; i < x.Length; i++) s += W[j * x.Length + i] * x[i]; y[j] = Math.Tanh(s); } }
        }

        public partial struct Model
        {
            public Layer First, Second;
            [Differentiable]
            public double Loss([NoDiff] double[] x)
            {
                var h = new double[First.W.Length / x.Length];
                First.Forward(x, h);
                var o = new double[1];
                Second.Forward(h, o);
                return Sum(o) + Square(o[0]);
            }

            [Differentiable]
            public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) s += v[i] * v[i]; return s; }

            [Differentiable]
            public static double Square(double a) => a * a;
        }
        """;

    [Fact]
    public void Callers_call_the_primal_in_the_primal_sweep_and_the_pullback_in_the_adjoint_sweep()
    {
        var run = GeneratorHarness.Run(Layers);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        string caller = run.Source("Model.Loss_");
        Assert.Contains("this.First.ForwardPrimal(x, h);", caller, StringComparison.Ordinal);
        Assert.Matches(@"this\.Second\.ForwardPullback\(h, o, ref dThis\.Second, _d_h, (_d_o), \1\);", caller);
        Assert.Matches(@"_t\d+ = global::Model\.SumPrimal\(o\);", caller);
        Assert.Matches(@"global::Model\.SumPullback\(o, _t\d+, _d_t\d+, _d_o\);", caller);
        Assert.DoesNotContain("ForwardGradient(", caller, StringComparison.Ordinal);
        Assert.DoesNotContain("SumGradient(", caller, StringComparison.Ordinal);
        // A scalar callee computes its value and partials in one pass in the primal sweep: nothing to split.
        Assert.Matches(@"= global::Model\.SquareGradient\(_t\d+, out _g\d+\);", caller);
        Assert.DoesNotContain("SquarePullback(", caller, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_primal_push_is_popped_by_its_pullback_in_reverse_order()
    {
        var run = GeneratorHarness.Run(Layers);
        int checkedPairs = 0;
        foreach (var (name, source) in run.Sources.Where(s => s.Key.Contains("Forward_", StringComparison.Ordinal) || s.Key.Contains("Loss_", StringComparison.Ordinal) || s.Key.Contains("Sum_", StringComparison.Ordinal)))
        {
            foreach (Match primal in Regex.Matches(source, @"(?s)(\w+)Primal\(.*?\n    }\n"))
            {
                string method = primal.Groups[1].Value;
                var pullback = Regex.Match(source, @"(?s)" + method + @"Pullback\(.*?\n    }\n");
                Assert.True(pullback.Success, $"{name}: {method}Pullback");
                var pushes = Regex.Matches(primal.Value, @"CallTape<(\w+)>\.(Push|PushSpan|PushStack)\((\w+)").Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
                var pops = Regex.Matches(pullback.Value, @"(\w+) = [^;]*CallTape<(\w+)>\.(Pop|PopLength|PopStack)\(").Select(m => (m.Groups[2].Value, m.Groups[3].Value, m.Groups[1].Value)).ToList();
                pops.Reverse();
                Assert.Equal(pushes.Select(p => p.Item1 + "." + p.Item2.Replace("Push", "")), pops.Select(p => p.Item1 + "." + p.Item2.Replace("Pop", "").Replace("Length", "Span")));
                if (pushes.Count > 0) checkedPairs++;
            }
        }
        Assert.True(checkedPairs >= 2, $"{checkedPairs} primals that keep something");   // Forward, Loss
    }

    [Fact]
    public void A_hand_written_gradient_keeps_the_seeded_gradient_in_the_adjoint_sweep_and_gets_no_split_forms()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class C
            {
                [Differentiable]
                public static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) s += v[i]; return s; }
                public static double SumGradient(ReadOnlySpan<double> v, double seed, Span<double> dV) { for (int i = 0; i < v.Length; i++) dV[i] += seed; return Sum(v); }
                public static double SumGradient(ReadOnlySpan<double> v, Span<double> dV) => SumGradient(v, 1, dV);

                [Differentiable]
                public static double F(double[] v) => Sum(v) * 2;
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        Assert.DoesNotContain("SumPrimal", run.Source("C.Sum_"), StringComparison.Ordinal);
        string caller = run.Source("C.F_");
        Assert.Matches(@"global::C\.SumGradient\(v, _d_t\d+, dV\);", caller);
        Assert.DoesNotContain("SumPrimal(", caller, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hand_written_pullback_gets_the_value_the_caller_computed_with_the_method_itself()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            public static partial class C
            {
                [Differentiable]
                public static void Exp(ReadOnlySpan<double> x, Span<double> y) { for (int i = 0; i < x.Length; i++) y[i] = Math.Exp(x[i]); }
                public static void ExpPullback(ReadOnlySpan<double> x, Span<double> y, Span<double> dX, ReadOnlySpan<double> dY) { for (int i = 0; i < x.Length; i++) dX[i] += y[i] * dY[i]; }

                [Differentiable]
                public static double F(double[] v) { var e = new double[v.Length]; Exp(v, e); return e[0] * e[1]; }
            }
            """);
        Assert.True(run.DG.Count == 0 && run.OutputErrors.Count == 0, run.Describe());
        // The generator's own forms would clash with the hand-written one: it emits none.
        Assert.DoesNotContain("ExpPrimal", run.Source("C.Exp_"), StringComparison.Ordinal);
        Assert.DoesNotContain("void ExpPullback", run.Source("C.Exp_"), StringComparison.Ordinal);
        string caller = run.Source("C.F_");
        Assert.Contains("global::C.Exp(v, e);", caller, StringComparison.Ordinal);
        Assert.Matches(@"global::C\.ExpPullback\(v, e, dV, (_d_e)\);", caller);
        Assert.DoesNotContain("ExpGradient(v", caller, StringComparison.Ordinal);
    }
}
