namespace DiffGen.Generator;

/// <summary>Names of the pipeline's steps, so that tests can check what was cached.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Optimize = nameof(Optimize);
    public const string Differentiate = nameof(Differentiate);
    public const string Emit = nameof(Emit);
    public const string CalleeFailures = nameof(CalleeFailures);
    public const string CheckCallees = nameof(CheckCallees);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Registrations = nameof(Registrations);
    public const string DerivativeCalls = nameof(DerivativeCalls);
}
