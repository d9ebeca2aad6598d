using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are stable; docs/diagnostics.md explains each one.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DiffGen";
    /// <summary>The repository, as <c>RepositoryUrl</c> in Directory.Build.props (a test checks they agree).</summary>
    internal const string RepositoryUrl = "https://github.com/diffgen/diffgen";

    /// <summary>Absolute, so that an IDE can open it: each id has an anchor in docs/diagnostics.md.</summary>
    private const string HelpBase = RepositoryUrl + "/blob/main/docs/diagnostics.md#";

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpBase + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("DG0001",
        "Containing type must be partial",
        "'{0}' must be declared partial so that DiffGen can add the derivatives of '{1}' next to it");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error("DG0002",
        "Differentiable method must be static",
        "'{0}' must be static: DiffGen differentiates static methods and instance methods of classes and structs, not of interfaces");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error("DG0003",
        "Unsupported return type",
        "'{0}' returns '{1}': a differentiable method returns double or float, or returns void and writes Span<double> or Span<float> outputs");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error("DG0004",
        "Parameter type cannot be differentiated",
        "Parameter '{0}' has type '{1}', which DiffGen cannot differentiate; use double or float (or an array or ReadOnlySpan of them, or a partial struct, class or record holding them), or mark it [NoDiff] to treat it as a constant");

    public static readonly DiagnosticDescriptor UnsupportedParameterModifier = Error("DG0005",
        "ref, out and in parameters are not supported",
        "Parameter '{0}' is passed by reference ('{1}'); differentiable methods take their parameters by value (return the result instead)");

    public static readonly DiagnosticDescriptor GenericMethod = Error("DG0006",
        "Generic methods are not supported",
        "'{0}' is generic; write it for double or float (the containing type may be generic)");

    public static readonly DiagnosticDescriptor DerivativeNameCollision = Error("DG0007",
        "Generated parameter name collides with a parameter",
        "The derivative parameter '{0}' generated for '{1}' has the name of another parameter; rename one of them");

    public static readonly DiagnosticDescriptor NoBody = Error("DG0008",
        "Method has no body",
        "'{0}' has no body to differentiate; give it one (an abstract or extern method, or a partial method without an implementation, has nothing DiffGen can differentiate)");

    public static readonly DiagnosticDescriptor LocalFunctionMarked = Error("DG0009",
        "Local functions cannot be differentiable",
        "Local function '{0}' cannot be [Differentiable]; make it a static method of a partial type");

    public static readonly DiagnosticDescriptor CallWithoutDerivative = Error("DG0010",
        "Called method has no derivative",
        "'{0}' has no derivative and receives a value that depends on the differentiable parameters; {1}");

    public static readonly DiagnosticDescriptor CapturesActiveValue = Error("DG0011",
        "Lambda or local function captures a differentiable value",
        "This {0} captures '{1}', which carries a derivative, and DiffGen cannot differentiate through a delegate: write its body as a [Differentiable] method and call that instead");

    public static readonly DiagnosticDescriptor TryStatement = Error("DG0012",
        "try/catch/finally is not supported",
        "A differentiable method cannot contain try/catch/finally; move error handling to the caller");

    public static readonly DiagnosticDescriptor GotoStatement = Error("DG0013",
        "goto and labels are not supported",
        "A differentiable method cannot use goto or labels; use if/else and early returns");

    public static readonly DiagnosticDescriptor UnsupportedLoop = Error("DG0014",
        "Unsupported loop",
        "Unsupported loop: {0}");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error("DG0015",
        "Unsupported construct",
        "{0} is not supported in a differentiable method{1}");

    public static readonly DiagnosticDescriptor UnsupportedAssignmentTarget = Error("DG0016",
        "Only locals and parameters can be assigned",
        "Assignment to {0} is not supported in a differentiable method; assign a local variable instead");

    public static readonly DiagnosticDescriptor DerivativeDroppedAtNoDiff = new("DG0017",
        "Derivative dropped at a [NoDiff] parameter",
        "The value passed to '{0}' of '{1}' carries a derivative, but that parameter is [NoDiff]: the derivative through it is dropped, as if the value were a constant",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpBase + "dg0017");

    public static readonly DiagnosticDescriptor OutputOfScalarMethod = Error("DG0018",
        "Span outputs need a void method",
        "Parameter '{0}' is a Span<T>, an output, but '{1}' returns a value; a vector-valued method returns void and writes its outputs (or mark '{0}' [NoDiff])");

    public static readonly DiagnosticDescriptor DerivativeSignatureMismatch = Error("DG0019",
        "Derivative signature does not match",
        "{0}; expected: {1}");

    public static readonly DiagnosticDescriptor OutputReadBeforeWritten = Error("DG0020",
        "Output holding a derivative passed to a method that reads it",
        "'{0}' already holds values that carry a derivative, and '{2}', whose derivative is written by hand, may read its output '{1}' before writing it: that derivative takes the output's initial contents as constants; pass a fresh local array and combine afterwards, or let DiffGen generate the derivative of '{2}'");

    public static readonly DiagnosticDescriptor CalleeDerivativeNotGenerated = Error("DG0021",
        "Callee's derivative could not be generated",
        "'{0}' calls '{1}', whose derivatives could not be generated ({2}); fix that error first: until then '{0}' has no derivatives either");

    public static readonly DiagnosticDescriptor DerivativeCallArity = Error("DG0022",
        "Generated derivative called with the wrong number of arguments",
        "No generated '{0}' takes {1} arguments: it is '{2}', with a derivative parameter for every parameter of '{3}' not marked [NoDiff]; if {4} holds data rather than values to differentiate, mark it [NoDiff] in '{3}'");

    public static readonly DiagnosticDescriptor OpaqueTypeMisdeclared = Error("DG0030",
        "Opaque differentiable type declared wrongly",
        "'{0}' implements DiffGen.IDifferentiable but cannot be differentiated as an opaque type: {1}");

    public static readonly DiagnosticDescriptor NotADifferentiableValue = Error("DG0031",
        "Type cannot be a differentiable value",
        "'{0}' cannot be a differentiable value: {1}");

    public static readonly DiagnosticDescriptor CannotInline = Error("DG0032",
        "Call of a method with differentiable values cannot be differentiated",
        "The call of '{0}' cannot be differentiated: {1}");

    public static readonly DiagnosticDescriptor InternalError = Error("DG9999",
        "Internal generator error",
        "DiffGen failed on '{0}': {1}. This is a bug in DiffGen; please report it with the method's source.");
}
