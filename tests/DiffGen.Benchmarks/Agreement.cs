namespace DiffGen.Benchmarks;

/// <summary>Checks, outside any measurement, that two gradients agree; throws if they do not.</summary>
public static class Agreement
{
    /// <summary>Relative tolerance between the generated and the hand-written gradient.</summary>
    public const double Tolerance = 1e-10;

    /// <summary>
    /// Requires ‖g − h‖∞ ≤ 1e-10 · ‖h‖∞ (relative in the max norm, so that a component that is a rounding-level
    /// difference of larger terms, as log-sum-exp's max-shift term 1 − Σ softmax is, cannot fail on its own).
    /// Returns the measured ‖g − h‖∞ / ‖h‖∞.
    /// </summary>
    public static double Check(string what, ReadOnlySpan<double> generated, ReadOnlySpan<double> handWritten)
    {
        if (generated.Length != handWritten.Length)
        {
            throw new InvalidOperationException($"{what}: lengths {generated.Length} and {handWritten.Length} differ.");
        }
        double scale = 0, worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < generated.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(handWritten[i]));
            double difference = Math.Abs(generated[i] - handWritten[i]);
            if (!(difference <= worst)) { worst = difference; worstIndex = i; }
        }
        double relative = scale == 0 ? worst : worst / scale;
        if (!(relative <= Tolerance))
        {
            throw new InvalidOperationException(
                $"{what}: generated and hand-written gradients differ by {relative:0.0e0} relative (> {Tolerance:0e0}); " +
                $"worst at [{worstIndex}]: {generated[worstIndex]:R} vs {handWritten[worstIndex]:R}.");
        }
        return relative;
    }

    public static double Check(string what, double generated, double handWritten) => Check(what, [generated], [handWritten]);
}
