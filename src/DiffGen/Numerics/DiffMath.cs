namespace DiffGen;

/// <summary>Functions with a special meaning to the generator.</summary>
public static class DiffMath
{
    /// <summary>
    /// Returns <paramref name="x"/>, which <c>[Differentiable]</c> code then treats as a constant: no derivative flows
    /// through it (as <c>jax.lax.stop_gradient</c> or PyTorch's <c>detach</c>).
    /// </summary>
    public static double StopGradient(double x) => x;

    /// <inheritdoc cref="StopGradient(double)"/>
    public static float StopGradient(float x) => x;
}
