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
        => Check(what, generated, handWritten, Tolerance);

    /// <summary>The same with another relative tolerance (float32 tensors: their rounding, not 1e-10).</summary>
    public static double Check(string what, ReadOnlySpan<double> generated, ReadOnlySpan<double> handWritten, double tolerance)
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
        if (!(relative <= tolerance))
        {
            throw new InvalidOperationException(
                $"{what}: generated and hand-written gradients differ by {relative:0.0e0} relative (> {tolerance:0e0}); " +
                $"worst at [{worstIndex}]: {generated[worstIndex]:R} vs {handWritten[worstIndex]:R}.");
        }
        return relative;
    }

    public static double Check(string what, double generated, double handWritten) => Check(what, [generated], [handWritten]);

    public static double Check(string what, double generated, double handWritten, double tolerance) => Check(what, [generated], [handWritten], tolerance);

    /// <summary>
    /// A forward-mode tangent against Σ gradient·direction over the parameters: |t − Σ gᵢvᵢ| ≤ 1e-10 · Σ |gᵢvᵢ| (relative to
    /// the sum of magnitudes, as the sum may cancel). Returns the measured relative difference.
    /// </summary>
    public static double CheckTangent(string what, double tangent, params (double[] Gradient, double[] Direction)[] parts)
        => CheckTangent(what, tangent, Tolerance, parts);

    /// <summary>The same with another relative tolerance (a float32 tangent: its rounding, not 1e-10).</summary>
    public static double CheckTangent(string what, double tangent, double tolerance, params (double[] Gradient, double[] Direction)[] parts)
    {
        double expected = 0, scale = 0;
        foreach (var (gradient, direction) in parts)
        {
            if (gradient.Length != direction.Length)
            {
                throw new InvalidOperationException($"{what}: lengths {gradient.Length} and {direction.Length} differ.");
            }
            for (int i = 0; i < gradient.Length; i++)
            {
                expected += gradient[i] * direction[i];
                scale += Math.Abs(gradient[i] * direction[i]);
            }
        }
        double difference = Math.Abs(tangent - expected);
        double relative = scale == 0 ? difference : difference / scale;
        if (!(relative <= tolerance))
        {
            throw new InvalidOperationException(
                $"{what}: the generated tangent {tangent:R} differs from Σ gradient·direction = {expected:R} by {relative:0.0e0} " +
                $"relative to Σ|gradient·direction| = {scale:R} (> {tolerance:0e0}).");
        }
        return relative;
    }
}
