using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>
/// An expression of the IR. Lowered user code is flat (every operand is a <see cref="VarExpr"/> or a
/// <see cref="ConstExpr"/>); derivative code built by the transformations may nest.
/// </summary>
internal abstract record Expr(IrType Type);

/// <summary>A literal, already spelled as C#. <paramref name="RealValue"/> lets rules simplify 0 and 1.</summary>
internal sealed record ConstExpr(IrType Type, string Literal, double? RealValue = null) : Expr(Type)
{
    public bool IsZero => RealValue == 0.0;
    public bool IsOne => RealValue == 1.0;
}

internal sealed record VarExpr(string Name, IrType Type) : Expr(Type)
{
    public override string ToString() => Name;
}

internal enum UnaryOp { Negate, Plus, Not, BitwiseNot }

internal sealed record UnaryExpr(UnaryOp Op, Expr Operand, IrType Type) : Expr(Type);

internal enum BinaryOp
{
    Add, Subtract, Multiply, Divide, Remainder,
    And, Or, Xor, LeftShift, RightShift, UnsignedRightShift,
    Equals, NotEquals, LessThan, LessThanOrEqual, GreaterThan, GreaterThanOrEqual,
    ConditionalAnd, ConditionalOr,
}

internal sealed record BinaryExpr(BinaryOp Op, Expr Left, Expr Right, IrType Type) : Expr(Type);

/// <summary>A numeric conversion <c>(Type)Operand</c>.</summary>
internal sealed record ConvertExpr(Expr Operand, IrType Type) : Expr(Type);

/// <summary><c>Condition ? WhenTrue : WhenFalse</c>; only derivative rules build these (user ternaries become ifs).</summary>
internal sealed record ConditionalExpr(Expr Condition, Expr WhenTrue, Expr WhenFalse, IrType Type) : Expr(Type);

/// <summary>A call of a <c>Math</c>/<c>MathF</c> (or <c>double</c>/<c>float</c>) function: a row of the math table, <see cref="MathFunction"/>.</summary>
internal sealed record MathCallExpr(string ClassName, MathFunction Function, EquatableArray<Expr> Arguments, IrType Type) : Expr(Type);

/// <summary>
/// A call of another <c>[Differentiable]</c> method. Forward and reverse mode turn it into a call of the callee's
/// generated (or hand-written) <c>Tangent</c>/<c>Gradient</c> method.
/// </summary>
internal sealed record DifferentiableCallExpr(string ContainingType, string MethodName, EquatableArray<CallArgument> Arguments, IrType Type) : Expr(Type)
{
    /// <summary>
    /// A vector-valued callee whose Gradient is generated: it has the overload that gives back the adjoints of its
    /// outputs' old contents (<c>d{Y}Before</c>), which reverse mode calls instead of clearing those adjoints.
    /// </summary>
    public bool PassesOutputAdjoints { get; init; }

    /// <summary>
    /// The callee's reverse mode is generated in this compilation, with its split forms: reverse mode calls its
    /// <c>{Name}Primal</c> in the primal sweep and its <c>{Name}Pullback</c> in the adjoint sweep, so the callee's
    /// value is computed once (<c>Transforms/ReverseTransformer.Split.cs</c>).
    /// </summary>
    public bool HasPrimalAndPullback { get; init; }

    /// <summary>
    /// The callee's type has a hand-written <c>{Name}Pullback(inputs..., [result, seed], gradients...)</c>: reverse
    /// mode calls the callee itself in the primal sweep and hands its value to the Pullback in the adjoint sweep.
    /// </summary>
    public bool HasHandWrittenPullback { get; init; }

    /// <summary>Whether reverse mode's adjoint sweep calls the callee's Pullback (generated or hand-written).</summary>
    public bool CallsPullback => (HasPrimalAndPullback || HasHandWrittenPullback) && TakesArrays;

    /// <summary>A registered (<c>[DerivativeOf]</c>) reverse-mode derivative to call instead of <c>{Name}Gradient</c>.</summary>
    public string? RegisteredGradient { get; init; }

    /// <summary>A registered forward-mode derivative to call instead of <c>{Name}Tangent</c>.</summary>
    public string? RegisteredTangent { get; init; }

    /// <summary>The instance call's receiver (its path, such as <c>this.Layer</c>), or null for a static call.</summary>
    public CallArgument? Receiver => Arguments.Count > 0 && Arguments[0].IsReceiver ? Arguments[0] : null;

    /// <summary>What is called, before the argument list: <c>global::T.F</c>, or <c>this.Layer.F</c> for an instance call.</summary>
    public string Target(string suffix)
        => (Receiver is { } receiver ? ((VarExpr)receiver.Value).Name + "." + MethodName + suffix : ContainingType + "." + MethodName + suffix) + TypeArguments;

    /// <summary>A generic callee's type arguments as written after each of its names (<c>&lt;global::A.SwishFunction&gt;</c>), or empty.</summary>
    public string TypeArguments { get; init; } = "";

    /// <summary>The variables the call writes: its output arguments (a method, not a property: models hold no sequences).</summary>
    public IEnumerable<VarExpr> Outputs() => Arguments.Where(a => a.IsOutput).Select(a => a.Value).OfType<VarExpr>();

    /// <summary>
    /// Whether its derivatives go into buffers (an array argument, a receiver's fields): reverse mode then calls its
    /// seeded Gradient in the adjoint sweep rather than taking its partials in the primal sweep.
    /// </summary>
    public bool TakesArrays => Type.IsOpaque || Arguments.Any(a => a.Value.Type.Kind == ValueKind.Array || a.IsReceiver || (a.Differentiable && a.Value.Type.IsOpaque));

    public string GradientMethod => RegisteredGradient ?? Target(MethodModel.GradientSuffix);

    public string PrimalMethod => Target(MethodModel.PrimalSuffix);

    public string PullbackMethod => Target(MethodModel.PullbackSuffix);

    public string TangentMethod => RegisteredTangent ?? Target(MethodModel.TangentSuffix);
}

/// <summary>
/// An argument of a differentiable call: <paramref name="Differentiable"/> when the callee's parameter takes a
/// derivative, <paramref name="IsOutput"/> when it is a <c>Span&lt;T&gt;</c> the callee writes.
/// </summary>
internal sealed record CallArgument(Expr Value, bool Differentiable, bool IsOutput = false)
{
    /// <summary>The receiver of an instance call (<c>this.Layer</c> in <c>Layer.Forward(x)</c>): first, emitted before the dot.</summary>
    public bool IsReceiver { get; init; }

    /// <summary>A struct receiver: its derivative is passed by <c>ref</c> to the callee's Gradient.</summary>
    public bool IsValueType { get; init; }

    /// <summary>
    /// An output the callee may read before writing (<c>Parsing.OutputReads</c>): running the callee again needs the
    /// contents the output had before the call.
    /// </summary>
    public bool MayBeRead { get; init; }

    /// <summary>
    /// A local array (a pooled span) passed to a <c>T[]</c> parameter, which only reads it: every call passes a copy
    /// (<see cref="Transforms.ExprBuilder.Passed"/>), while the derivative code treats it as the span itself.
    /// </summary>
    public bool CopiedToArray { get; init; }

    /// <summary>
    /// A slice of the array <see cref="Value"/> is passed: the call's arguments at this index and the next hold its start
    /// and length (<see cref="IsSliceBound"/>); -1 for a whole array or a scalar.
    /// </summary>
    public int SliceStart { get; init; } = -1;

    /// <summary>The start or the length of a sliced argument: read by the call, passed only inside the slice.</summary>
    public bool IsSliceBound { get; init; }
}

/// <summary>A call the generator passes through unchanged: its result carries no derivative.</summary>
internal sealed record InvokeExpr(string Target, EquatableArray<Argument> Arguments, IrType Type) : Expr(Type);

/// <summary>An argument of an emitted call. An <c>out</c> argument with no variable is a discard (<c>out _</c>).</summary>
internal sealed record Argument(Expr? Value, bool IsOut = false)
{
    /// <summary>Passed by <c>ref</c>: a struct receiver's derivative.</summary>
    public bool IsRef { get; init; }

    public static Argument Out(VarExpr? target) => new(target, IsOut: true);
}

/// <summary>Something read as it is, such as a static field: a constant as far as derivatives go.</summary>
internal sealed record OpaqueExpr(string Text, IrType Type) : Expr(Type);

/// <summary>An element read <c>Array[Index]</c> of an array or span.</summary>
internal sealed record ElementExpr(VarExpr Array, Expr Index, IrType Type) : Expr(Type);

/// <summary><c>Array.Length</c>.</summary>
internal sealed record LengthExpr(VarExpr Array) : Expr(IrType.Int);

/// <summary><c>Stack.Pop()</c> of a value stack of the reverse mode.</summary>
internal sealed record PopExpr(VarExpr Stack, IrType Type) : Expr(Type);

/// <summary>
/// A local array of the user's method (<c>new T[n]</c> or <c>stackalloc</c>), typed as a span: generated code rents
/// it from a pool instead of allocating. Only ever the whole value of an assignment to a local.
/// </summary>
internal sealed record NewArrayExpr(Expr Length, IrType Type) : Expr(Type);

/// <summary><c>Buffer.Rent(Length)</c>: a zeroed span from a pooled scratch buffer, what <see cref="NewArrayExpr"/> becomes.</summary>
internal sealed record RentExpr(VarExpr Buffer, Expr Length, IrType Type) : Expr(Type);
