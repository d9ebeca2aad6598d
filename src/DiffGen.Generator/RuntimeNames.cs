namespace DiffGen.Generator;

/// <summary>
/// The runtime library's names that generated code calls, spelled once: the types of <c>DiffGen.CompilerServices</c>
/// and their members. The IR holds typed runtime operations; only the emitter (and <see cref="IR.IrType"/>, for the
/// declared locals) turns them into these names.
/// </summary>
internal static class RuntimeNames
{
    public const string Namespace = "global::DiffGen.CompilerServices";

    /// <summary><c>ValueStack&lt;T&gt;</c>: the reverse mode's stack of values kept for the adjoint sweep.</summary>
    public const string ValueStack = Namespace + ".ValueStack";
    public const string Grow = nameof(Grow);
    public const string Reserve = nameof(Reserve);
    public const string PushAll = nameof(PushAll);
    public const string PopAll = nameof(PopAll);
    public const string Return = nameof(Return);

    /// <summary><c>ScratchBuffer&lt;T&gt;</c>: a zeroed pooled span for a local array or a derivative.</summary>
    public const string ScratchBuffer = Namespace + ".ScratchBuffer";
    public const string Rent = nameof(Rent);
    public const string Dispose = nameof(Dispose);

    /// <summary><c>GradientBuffers</c>: the length checks of a generated method's buffers.</summary>
    public const string GradientBuffers = Namespace + ".GradientBuffers";
    public const string CheckLength = nameof(CheckLength);
    public const string CheckCount = nameof(CheckCount);

    /// <summary><c>Spans</c>: a local array copied for a callee's <c>T[]</c> parameter, a slice passed to a callee.</summary>
    public const string Spans = Namespace + ".Spans";
    public const string ToArray = nameof(ToArray);
    public const string Slice = nameof(Slice);

    /// <summary><c>IScopedDifferentiable&lt;T&gt;</c>'s members, called on the pooled opaque type itself.</summary>
    public const string OpenScope = nameof(OpenScope);
    public const string Keep = nameof(Keep);
    public const string CloseScope = nameof(CloseScope);

    /// <summary><c>Arrays.Of&lt;T&gt;(…)</c>: a <c>params</c> array of numbers (a shape) built where a call passes it.</summary>
    public const string ArrayOf = Namespace + ".Arrays.Of";

    /// <summary><c>Adjoints</c>: adjoints of opaque differentiable values, null until something adds into them.</summary>
    public const string Adjoints = Namespace + ".Adjoints";
    public const string AddAdjoint = "Add";
    public const string EnsureAdjoint = "Ensure";

    /// <summary><c>IDifferentiable&lt;T&gt;.Zero(like)</c>, called on the opaque type itself.</summary>
    public const string Zero = nameof(Zero);

    /// <summary><c>CallTape&lt;T&gt;</c>: the thread's tape from a generated <c>{Name}Primal</c> to its <c>{Name}Pullback</c>.</summary>
    public const string CallTape = Namespace + ".CallTape";
    public const string Push = nameof(Push);
    public const string Pop = nameof(Pop);
    public const string PushSpan = nameof(PushSpan);
    public const string PopLength = nameof(PopLength);
    public const string PopSpan = nameof(PopSpan);
    public const string PushStack = nameof(PushStack);
    public const string PopStack = nameof(PopStack);

    /// <summary>A generic runtime type's name for one element type: <c>global::DiffGen.CompilerServices.ValueStack&lt;double&gt;</c>.</summary>
    public static string Of(string type, string element) => type + "<" + element + ">";
}
