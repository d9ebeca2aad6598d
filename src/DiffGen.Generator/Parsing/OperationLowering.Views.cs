using DiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Local slices read in place: <c>var row = x.Slice(s, n)</c> (or <c>x.AsSpan(s, n)</c>, <c>x[s..e]</c>) is no
/// variable of the IR, whose arrays never alias one another; <c>row[j]</c> becomes <c>x[s + j]</c> and
/// <c>row.Length</c> becomes <c>n</c>, with <c>s</c> and <c>n</c> kept as they were at the declaration. The element read
/// is then <c>x</c>'s own, so its derivative goes to the same slice of <c>x</c>'s derivative with nothing new in any later
/// stage. A slice passed to a <c>[Differentiable]</c> callee's input is the array itself with its bounds appended to
/// the call (<see cref="WithSliceBounds"/>). Any other use of the slice (writing it, reassigning it) is DG0015.
/// </summary>
internal sealed partial class OperationLowering
{
    /// <summary>A local slice: the array it views, where it starts and how long it is (both atoms fixed at its declaration).</summary>
    private sealed record View(VarExpr Source, Expr Start, Expr Length);

    private readonly Dictionary<ISymbol, View> views = new(SymbolEqualityComparer.Default);

    /// <summary>Declares <paramref name="local"/> as a view when <paramref name="value"/> slices an array; false otherwise.</summary>
    private bool TryDeclareView(ILocalSymbol local, IOperation value)
    {
        if (TypeMapping.TryMap(local.Type) is not { Kind: ValueKind.Array } || ViewOf(value) is not { } view) return false;
        views[local] = view;
        return true;
    }

    /// <summary>The view an expression denotes: a whole array, a view local, or a slice of either; null for anything else.</summary>
    private View? ViewOf(IOperation operation)
    {
        // An array seen as a span (an implicit conversion, user-defined or not) is the same data.
        if (operation is IConversionOperation { Operand: var operand } && TypeMapping.TryMap(operand.Type) is { Kind: ValueKind.Array }) return ViewOf(operand);
        if (operation is ILocalReferenceOperation { Local: var viewed } && views.TryGetValue(viewed, out var known)) return known;
        if (operation is ILocalReferenceOperation or IParameterReferenceOperation)
        {
            // An array's length never changes (arrays are never reassigned): read where it is needed.
            return ArrayVariable(operation) is VarExpr { Type.Kind: ValueKind.Array } array ? new View(array, Literals.Int(0), new LengthExpr(array)) : null;
        }
        if (SliceOf(operation) is not var (sourceOperation, startOperation, lengthOperation, endOperation) || ViewOf(sourceOperation) is not { } source) return null;
        if (startOperation is null && lengthOperation is null && endOperation is null) return source;
        // Start and length as they are now: a later change of s or n does not move the slice.
        var start = startOperation is null ? Literals.Int(0) : Lower(startOperation);
        Expr length = lengthOperation is not null ? Lower(lengthOperation)
            : endOperation is not null ? Temp(new BinaryExpr(BinaryOp.Subtract, Lower(endOperation), start, IrType.Int))
            : Temp(new BinaryExpr(BinaryOp.Subtract, Atom(source.Length), start, IrType.Int));
        return new View(source.Source, Fixed(Offset(source.Start, start)), Fixed(length));
    }

    /// <summary>A whole array's length read into a temporary; an atom as it is.</summary>
    private Expr Atom(Expr length) => length is LengthExpr ? Temp(length) : length;

    /// <summary>An int atom that later assignments cannot change: a constant, or a fresh temporary.</summary>
    private Expr Fixed(Expr value) => value is ConstExpr ? value : Temp(value);

    private Expr Offset(Expr start, Expr index)
    {
        if (start is ConstExpr { Literal: "0" }) return index;
        if (index is ConstExpr { Literal: "0" }) return start;
        return Temp(new BinaryExpr(BinaryOp.Add, start, index, IrType.Int));
    }

    /// <summary>
    /// <c>x.Slice(s)</c>, <c>x.Slice(s, n)</c>, <c>x.AsSpan()</c>, <c>x.AsSpan(s)</c>, <c>x.AsSpan(s, n)</c> and
    /// <c>x[s..e]</c> (indices from the start only), after conversions: what is sliced, the start, the length or the end.
    /// </summary>
    private static (IOperation Source, IOperation? Start, IOperation? Length, IOperation? End)? SliceOf(IOperation operation)
    {
        switch (operation)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
                return SliceOf(conversion.Operand);
            case IConversionOperation { OperatorMethod.Name: "op_Implicit", Operand: var operand } when TypeMapping.TryMap(operand.Type) is { Kind: ValueKind.Array }:
                return SliceOf(operand);
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice when TypeMapping.TryMap(instance.Type) is { Kind: ValueKind.Array } && AllInts(slice.Arguments):
                return (instance, slice.Arguments.ElementAtOrDefault(0)?.Value, slice.Arguments.ElementAtOrDefault(1)?.Value, null);
            case IInvocationOperation { TargetMethod.Name: "AsSpan", Instance: null, TargetMethod.ContainingType.Name: "MemoryExtensions", Arguments: [var array, ..] rest } asSpan
                when TypeMapping.TryMap(array.Value.Type) is { Kind: ValueKind.Array } && AllInts(rest.Skip(1)):
                return (array.Value, asSpan.Arguments.ElementAtOrDefault(1)?.Value, asSpan.Arguments.ElementAtOrDefault(2)?.Value, null);
            case IImplicitIndexerReferenceOperation { Instance: var instance, Argument: IRangeOperation range } when TypeMapping.TryMap(instance.Type) is { Kind: ValueKind.Array } && FromStart(range.LeftOperand) && FromStart(range.RightOperand):
                return (instance, IndexValue(range.LeftOperand), null, IndexValue(range.RightOperand));
            case IArrayElementReferenceOperation { Indices: [IRangeOperation arrayRange] } subArray when FromStart(arrayRange.LeftOperand) && FromStart(arrayRange.RightOperand):
                // x[a..b] of an array is a copy; the method only reads it, and a view reads the same values.
                return (subArray.ArrayReference, IndexValue(arrayRange.LeftOperand), null, IndexValue(arrayRange.RightOperand));
            default:
                return null;
        }
    }

    private static bool AllInts(IEnumerable<IArgumentOperation> arguments) => arguments.All(a => a.Value.Type?.SpecialType == SpecialType.System_Int32);

    /// <summary>An end of a range that counts from the start (<c>2</c>, not <c>^2</c>), or an omitted one.</summary>
    private static bool FromStart(IOperation? index)
        => index is null || IndexValue(index)?.Type?.SpecialType == SpecialType.System_Int32 && index is not IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };

    /// <summary>The int of a range end (an int converted to <c>Index</c>).</summary>
    private static IOperation? IndexValue(IOperation? index) => index is IConversionOperation { Operand: var value } ? value : index;

    /// <summary><c>row[j]</c> of a view: <c>x[start + j]</c>.</summary>
    private bool TryViewElement(IOperation arrayOperation, IOperation indexOperation, out (VarExpr Array, Expr Index) element)
    {
        element = default;
        if (arrayOperation is not ILocalReferenceOperation { Local: var local } || !views.TryGetValue(local, out var view)) return false;
        element = (view.Source, Offset(view.Start, Lower(indexOperation)));
        return true;
    }

    private bool TryViewLength(IOperation instance, out Expr length)
    {
        length = Literals.Int(0);
        if (instance is not ILocalReferenceOperation { Local: var local } || !views.TryGetValue(local, out var view)) return false;
        length = Atom(view.Length);
        return true;
    }

    /// <summary>A use of a view other than <c>row[j]</c> and <c>row.Length</c>.</summary>
    private Expr RejectViewUse(ISymbol symbol, IOperation operation)
        => Unsupported(operation, $"Using the slice '{symbol.Name}' other than as {symbol.Name}[j] or {symbol.Name}.Length ('{Shorten(operation.Parent?.Syntax.ToString() ?? operation.Syntax.ToString())}')",
            $"a slice is read in place, never copied: read {symbol.Name}[j] and {symbol.Name}.Length, or pass it to a [Differentiable] method's ReadOnlySpan<T> parameter");

    /// <summary>A slice expression, or a slice local: what a callee may be passed as a view.</summary>
    private bool IsSlice(IOperation operation)
        => SliceOf(operation) is not null
           || (operation is IConversionOperation { Operand: var operand } ? operand : operation) is ILocalReferenceOperation { Local: var local } && views.ContainsKey(local);

    /// <summary>
    /// The sliced arguments' bounds, appended after the callee's own arguments as int arguments that carry no derivative
    /// (so every analysis sees them read by the call, and the adjoint sweep keeps them), each slice pointing at its start.
    /// </summary>
    private static CallArgument[] WithSliceBounds(CallArgument[] arguments, Dictionary<int, (Expr Start, Expr Length)> slices, int offset)
    {
        if (slices.Count == 0) return arguments;
        var all = arguments.ToList();
        foreach (var pair in slices.OrderBy(p => p.Key))
        {
            all[pair.Key + offset] = all[pair.Key + offset] with { SliceStart = all.Count };
            all.Add(new CallArgument(pair.Value.Start, Differentiable: false) { IsSliceBound = true });
            all.Add(new CallArgument(pair.Value.Length, Differentiable: false) { IsSliceBound = true });
        }
        return all.ToArray();
    }
}
