using System.Globalization;
using DiffGen.Fuzzing.Tests.Programs;

namespace DiffGen.Fuzzing.Tests.Checking;

/// <summary>
/// The checks every generated program goes through at a few random points, output by output (a scalar method has
/// one output):
/// <list type="number">
/// <item>the value (or every output) that Gradient and Tangent compute is bit-identical to the method's own;</item>
/// <item>each reverse-mode partial agrees with finite differences (Ridders' method from two step sizes; where the two
/// disagree the function is not smooth there, and where the value at the point differs from its neighbours' the point
/// sits on a branch's jump (an exact tie): either way the coordinate is skipped);</item>
/// <item>forward mode along a random direction gives Σ gradient·direction;</item>
/// <item>no partial is NaN where the value and the finite differences are finite, and forward mode along that
/// coordinate is finite too.</item>
/// </list>
/// Where an intermediate value is infinite, both modes may give NaN or infinities by convention (x/∞, tanh(∞)):
/// a NaN or infinite result is a finding only where the other mode shows that a finite one was to be had, and a point
/// where the method computes an infinite, NaN or huge (over 1e12) intermediate (the harness's probe, <c>Harness.Overflows</c>: x *= x in
/// a loop, read again and overwritten later) is not checked at all. The dead passes' infinite values, which nothing
/// reads, are not counted as such: a NaN they cause is a finding.
/// </summary>
public static class DerivativeChecks
{
    public const int Points = 2;
    public const double NumericalTolerance = 1e-6;
    public const double ModeTolerance = 1e-9;
    private const double Garbage = -1234.5;
    private static int overflowSkips, checkedPoints;

    /// <summary>Points checked, and points skipped for an overflowing or huge intermediate, in this process so far.</summary>
    public static (int Checked, int Skipped) PointCounts => (Volatile.Read(ref checkedPoints), Volatile.Read(ref overflowSkips));

    public static Finding? Run(Harness h, FuzzProgram program, string seed)
    {
        var random = new Random(StableHash(seed));
        for (int point = 0; point < Points; point++)
        {
            var p = Enumerable.Range(0, program.InputCount).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 3)).ToArray();
            var direction = Enumerable.Range(0, program.InputCount).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            try
            {
                if (AtPoint(h, program, p, direction) is { } finding) return finding with { Inputs = p };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return new Finding(Finding.DerivativeThrew, e.GetType().Name + ": " + e.Message, p);
            }
        }
        return null;
    }

    private static Finding? AtPoint(Harness h, FuzzProgram program, double[] p, double[] direction)
    {
        int m = program.OutputCount;
        bool vector = program.Main.IsVector;
        var y = Filled(m);
        double value = h.Value((double[])p.Clone(), y);
        var values = vector ? y : [value];
        if (values.Any(v => !double.IsFinite(v))) return null;   // outside where the program is defined: not a finding
        // An intermediate overflowed (and was read): both modes' results are a matter of convention there.
        if (h.Overflows((double[])p.Clone(), Filled(m)))
        {
            Interlocked.Increment(ref overflowSkips);
            return null;
        }
        Interlocked.Increment(ref checkedPoints);

        // Reverse mode, one output seed at a time: the rows of the Jacobian.
        var rows = new double[m][];
        for (int j = 0; j < m; j++)
        {
            var seed = new double[vector ? m : 0];
            if (vector) seed[j] = 1;
            var g = new double[p.Length];
            var yg = Filled(m);
            double vg = h.Gradient((double[])p.Clone(), yg, seed, g);
            if (!vector && !SameBits(vg, value))
                return new(Finding.ValueNotBitIdentical, $"Gradient returned {R(vg)}, the method {R(value)}");
            for (int k = 0; vector && k < m; k++)
                if (!SameBits(yg[k], y[k]))
                    return new(Finding.ValueNotBitIdentical, $"Gradient wrote y[{k}] = {R(yg[k])}, the method {R(y[k])}");
            rows[j] = g;

            for (int i = 0; i < p.Length; i++)
                if (Numerical(h, program, p, i, j, g[i]) is { } finding) return finding;
        }

        // Forward mode along one direction against the rows.
        var yt = Filled(m);
        var ty = Filled(m);
        double vt = h.Tangent((double[])p.Clone(), direction, yt, ty);
        if (!vector && !SameBits(vt, value))
            return new(Finding.ValueNotBitIdentical, $"Tangent returned {R(vt)}, the method {R(value)}");
        for (int j = 0; j < m; j++)
        {
            if (vector && !SameBits(yt[j], y[j]))
                return new(Finding.ValueNotBitIdentical, $"Tangent wrote y[{j}] = {R(yt[j])}, the method {R(y[j])}");
            double sum = 0, scale = 0;
            for (int i = 0; i < p.Length; i++)
            {
                sum += rows[j][i] * direction[i];
                scale += Math.Abs(rows[j][i] * direction[i]);
            }
            if (!double.IsFinite(sum) || !double.IsFinite(ty[j])) continue;   // see the class comment
            if (!(Math.Abs(ty[j] - sum) <= ModeTolerance * Math.Max(1, scale)))
                return new(Finding.ForwardVsReverse, $"output {j}: Tangent along [{string.Join(", ", direction.Select(R))}] = {R(ty[j])}, Σ gradient·direction = {R(sum)}");
        }
        return null;
    }

    // Partial i of output j against Ridders' differences from steps 0.1 and 0.01.
    private static Finding? Numerical(Harness h, FuzzProgram program, double[] p, int i, int j, double partial)
    {
        double F(double x)
        {
            var q = (double[])p.Clone();
            q[i] = x;
            var y = Filled(program.OutputCount);
            double v = h.Value(q, y);
            return program.Main.IsVector ? y[j] : v;
        }

        double coarse = NumericalDiff.Derivative(F, p[i], out double coarseError, 0.1);
        double fine = NumericalDiff.Derivative(F, p[i], out double fineError, 0.01);
        if (!double.IsFinite(coarse) || !double.IsFinite(fine)) return null;
        double scale = Math.Max(1, Math.Max(Math.Abs(coarse), Math.Abs(fine)));
        // Not smooth here (a kink, a branch's jump) or too noisy to judge.
        if (Math.Abs(coarse - fine) > NumericalTolerance * scale + 10 * (coarseError + fineError) || fineError > 1e-4 * scale) return null;
        // The point itself on a branch's jump (a comparison that ties exactly there: the value at the point is the other
        // side's): differences on both sides agree with each other, not with the derivative at the point.
        double here = F(p[i]), around = (F(p[i] + 1e-4) + F(p[i] - 1e-4)) / 2;
        if (!(Math.Abs(here - around) <= 1e-3 * Math.Max(1, Math.Abs(here)))) return null;

        string label = $"∂{(program.Main.IsVector ? $"y[{j}]" : "F")}/∂{InputName(program, i)}";
        if (double.IsNaN(partial))
        {
            // Forward mode forms no partial for a value nothing reads: finite there, NaN here is reverse mode's fault.
            double t = UnitTangent(h, program, p, i, j);
            return double.IsFinite(t) ? new(Finding.NaNGradient, $"{label}: Gradient gives NaN, Tangent {R(t)}, finite differences {R(fine)}") : null;
        }
        if (Math.Abs(partial - fine) <= NumericalTolerance * Math.Max(scale, Math.Abs(partial)) + 100 * fineError) return null;
        // Before calling it a finding: smooth at the steps' scale is not smooth at the point (a term oscillating far
        // faster, or a curvature so large that steps of 0.01 do not see the slope at the point): differences from a step
        // of 1e-6 must agree.
        double finer = NumericalDiff.Derivative(F, p[i], out double finerError, 1e-6);
        if (Math.Abs(finer - fine) > NumericalTolerance * scale + 10 * (fineError + finerError)) return null;
        // Forward mode along the coordinate tells a reverse-mode bug (forward right) from a shared derivative rule, or
        // from finite differences of a function that rounding flattens (x − (x − a) with |x| ≫ |a| is 0, not a).
        double tangent = UnitTangent(h, program, p, i, j);
        bool modesAgree = Math.Abs(tangent - partial) <= ModeTolerance * Math.Max(1, Math.Abs(partial));
        return new(modesAgree ? Finding.BothModesVsFiniteDifferences : Finding.ReverseVsFiniteDifferences,
            $"{label}: Gradient gives {R(partial)}, Tangent {R(tangent)}, finite differences {R(fine)} (± {R(fineError)})");
    }

    // ∂(output j)/∂(input i) by forward mode.
    private static double UnitTangent(Harness h, FuzzProgram program, double[] p, int i, int j)
    {
        var unit = new double[p.Length];
        unit[i] = 1;
        var ty = Filled(program.OutputCount);
        h.Tangent((double[])p.Clone(), unit, Filled(program.OutputCount), ty);
        return ty[j];
    }

    /// <summary>The parameter a flat input index stands for (arrays first, then scalars, as the harness lays them out).</summary>
    public static string InputName(FuzzProgram program, int i)
    {
        int arrays = program.Main.Arrays.Length * program.Length;
        return i < arrays ? $"{program.Main.Arrays[i / program.Length].Name}[{i % program.Length}]" : program.Main.Scalars[i - arrays];
    }

    private static double[] Filled(int n) => Enumerable.Repeat(Garbage, n).ToArray();

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || double.IsNaN(a) && double.IsNaN(b);

    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // string.GetHashCode differs from process to process; the inputs must not.
    private static int StableHash(string s)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in s) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
