using DiffGen.Generator.IR;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

// Arrays and spans of values of differentiable types (parameters only): ps[i].X reads member X's strided array
// (IR.ValueArrays), ps[i] reads every member, ps.Length is the array's length.
internal sealed partial class OperationLowering
{
    private readonly Dictionary<ISymbol, (VarExpr Array, DifferentiableType Element)> valueArrays = new(SymbolEqualityComparer.Default);

    public void AddValueArrayParameter(IParameterSymbol parameter, VarExpr array, DifferentiableType element)
    {
        valueArrays[parameter] = (array, element);
        variables[parameter] = array;
    }

    /// <summary>The array parameter and index of <c>ps[i]</c> when <c>ps</c> is an array or span of values.</summary>
    private bool IsValueArrayElement(IOperation operation, out VarExpr array, out DifferentiableType element, out IOperation index)
    {
        var (arrayOperation, indexOperation) = operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } e => (e.ArrayReference, e.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } i, Arguments.Length: 1 } indexer => (i, indexer.Arguments[0].Value),
            _ => (null, null),
        };
        array = null!;
        element = null!;
        index = null!;
        if (arrayOperation is IConversionOperation { OperatorMethod: null } conversion) arrayOperation = conversion.Operand;
        if (arrayOperation is not IParameterReferenceOperation { Parameter: var parameter } || !valueArrays.TryGetValue(parameter, out var found)) return false;
        (array, element) = found;
        index = indexOperation!;
        return true;
    }

    /// <summary><c>ps[i]</c> as a value: every member read into a temporary.</summary>
    private AggregateValue ValueArrayElement(VarExpr array, DifferentiableType element, IOperation indexOperation)
    {
        var index = Lower(indexOperation);
        return Build(element, readOnly: true, (path, leafType) => Temp(new ElementExpr(MemberArray(array, path, leafType), index, leafType)));
    }

    private static VarExpr MemberArray(VarExpr array, string path, IrType leafType)
        => new(ValueArrays.MemberName(array.Name, path), array.Type.Shape == ArrayShape.ReadOnlySpan ? IrType.ReadOnlySpanOf(leafType) : IrType.ArrayOf(leafType));

    /// <summary>
    /// <c>ps[i].X</c> (or <c>ps[i].Pos.X</c>) read as a number: only that member's element, or null when the
    /// operation is no such read.
    /// </summary>
    private Expr? TryLowerValueArrayMember(IOperation operation)
    {
        var names = new List<string>();
        var current = operation;
        while (current is IFieldReferenceOperation { Instance: { } fieldOwner } field)
        {
            names.Insert(0, field.Field.Name);
            current = fieldOwner;
        }
        while (current is IPropertyReferenceOperation { Instance: { } propertyOwner, Property.IsIndexer: false } property)
        {
            names.Insert(0, property.Property.Name);
            current = propertyOwner;
        }
        if (names.Count == 0 || !IsValueArrayElement(current, out var array, out var element, out var indexOperation)) return null;
        string path = string.Join(".", names);
        var leaf = element.Leaves().FirstOrDefault(l => l.Path == path);
        if (leaf.Member is null) return null;
        var index = Lower(indexOperation);
        return Temp(new ElementExpr(MemberArray(array, path, leaf.Member.Leaf!), index, leaf.Member.Leaf!));
    }

    /// <summary><c>foreach (var p in ps)</c> over values: a counted loop whose body starts with <c>p = ps[i]</c>.</summary>
    private bool TryLowerValueArrayForEach(IForEachLoopOperation forEach, IOperation collection)
    {
        if (collection is not IParameterReferenceOperation { Parameter: var parameter } || !valueArrays.TryGetValue(parameter, out var found)) return false;
        if (forEach.LoopControlVariable is not IVariableDeclaratorOperation declarator) return false;
        var (array, element) = found;
        var value = DeclareAggregate(declarator.Symbol, declarator.Syntax);
        if (value is null) return true;
        var index = NewTemp(IrType.Int);
        var context = new LoopContext();
        loops.Push(context);
        blocks.Push(new List<Stmt>());
        foreach (var (path, member) in element.Leaves())
        {
            var leaf = value.Leaves().ElementAt(element.Leaves().TakeWhile(l => l.Path != path).Count());
            Emit(new AssignStmt(leaf, Temp(new ElementExpr(MemberArray(array, path, member.Leaf!), index, member.Leaf!))));
        }
        LowerStatement(forEach.Body);
        var rawBody = PopBlock();
        loops.Pop();
        if (context.BreakFlag is not null || context.Returns)
        {
            Unsupported(forEach, "break or return in a foreach over values", "index the values in a for loop");
            return true;
        }
        Emit(new ForStmt(index, Literals.Int(0), new LengthExpr(array), BinaryOp.LessThan, LoopNormalizer.Normalize(rawBody, Array.Empty<Stmt>(), null)));
        return true;
    }
}
