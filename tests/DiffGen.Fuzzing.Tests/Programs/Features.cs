namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>
/// Which constructs the generator may use. All on by default; a construct can be switched off to keep a known bug's
/// shape out of a run, or to find which construct a failure needs.
/// </summary>
public sealed record Features
{
    public bool Loops { get; init; } = true;
    public bool Branches { get; init; } = true;

    /// <summary><c>switch</c> statements on an int modulo a constant: stacked labels, <c>default</c>, in loops.</summary>
    public bool Switches { get; init; } = true;

    /// <summary>Values of a record struct with operators and methods (<see cref="ValueOp"/>), read back as numbers.</summary>
    public bool Values { get; init; } = true;
    public bool ParameterReassignment { get; init; } = true;
    public bool Arrays { get; init; } = true;
    public bool LocalArrays { get; init; } = true;
    public bool VectorOutputs { get; init; } = true;
    public bool ScalarHelpers { get; init; } = true;
    public bool ArrayHelpers { get; init; } = true;
    public bool VectorHelpers { get; init; } = true;
    public bool LibraryCalls { get; init; } = true;

    /// <summary>
    /// Vector helpers that leave output elements unwritten (<c>y[k] = e</c> for one constant k, or under a condition)
    /// or read an output before writing it (<c>y[j] += e</c>, <c>y[j] *= e</c>, <c>y[0] = y[0] * p + e</c>), some
    /// passing their own output on to another helper: their callers' derivatives go through the callers' overload
    /// (<c>dYBefore</c>).
    /// </summary>
    public bool OutputReadingHelpers { get; init; } = true;

    /// <summary>
    /// A caller that writes a local array (or its own output) from its inputs and then passes it to a vector helper
    /// as the output: once, twice, or in a loop, so the array already carries a derivative when the helper runs.
    /// </summary>
    public bool CallsOnFilledOutputs { get; init; } = true;

    /// <summary>
    /// More dead-pass shapes beside <see cref="DivisionByCounter"/>: a fixed element <c>t[0] = e / (k * 0.3)</c>, a
    /// chain <c>v = Math.Log(e * k) + 1</c>, and a call <c>v = R(e * k)</c> of a helper <c>R(p) =&gt; 1 / p</c>; each
    /// infinite only on a pass the next one overwrites.
    /// </summary>
    public bool DeadPassShapes { get; init; } = true;

    /// <summary>
    /// A parameter reassigned from an array element: on a branch that is never taken, as the last statement (after its
    /// last read), or in every pass of a loop (<c>for (...) x = a[i];</c>).
    /// </summary>
    public bool ParameterFromElement { get; init; } = true;

    /// <summary>
    /// A loop assigning <c>v = e / (k * 0.3)</c>: infinite on the first pass and overwritten by the next, to catch
    /// partials formed for dead values. Only this shape divides by zero: an infinite value that is read (x / ∞, a
    /// helper ignoring it) makes both modes' results a matter of convention, not a finding.
    /// </summary>
    public bool DivisionByCounter { get; init; } = true;

    /// <summary><c>Math.Exp</c> of an unbounded argument (may overflow: such points are skipped, not failed).</summary>
    public bool UnboundedExp { get; init; } = true;

    public static readonly Features All = new();

    /// <summary>
    /// <see cref="All"/> less the constructs named in <c>DIFFGEN_FUZZ_WITHOUT</c> (comma-separated property names, e.g.
    /// <c>DIFFGEN_FUZZ_WITHOUT=DivisionByCounter,ParameterReassignment</c>): a large run that looks past a known bug.
    /// </summary>
    public static Features FromEnvironment()
    {
        var features = All;
        foreach (var name in (Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_WITHOUT") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var property = typeof(Features).GetProperty(name) ?? throw new ArgumentException($"DIFFGEN_FUZZ_WITHOUT: no construct named {name}");
            features = features with { };
            property.SetValue(features, false);
        }
        return features;
    }
}
