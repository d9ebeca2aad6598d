using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

// Values of differentiable types (Parsing/DifferentiableTypes.cs), flattened into one variable per leaf member
// (scalar replacement of aggregates): every later stage sees only reals, integers and arrays. Parameters' leaves are
// read where they are (p.X); locals, temporaries and results get variables of their own.
internal sealed partial class OperationLowering
{
    /// <summary>A value of a differentiable type as the lowering holds it: a variable (or a nested value) per member.</summary>
    private sealed class AggregateValue
    {
        public AggregateValue(DifferentiableType type, bool readOnly)
        {
            Type = type;
            ReadOnly = readOnly;
        }

        public DifferentiableType Type { get; }

        /// <summary>Per member: a <see cref="VarExpr"/> or a nested <see cref="AggregateValue"/>.</summary>
        public Dictionary<string, object> Members { get; } = new(StringComparer.Ordinal);

        /// <summary>An input (a parameter, <c>this</c>): a differentiable method does not change it.</summary>
        public bool ReadOnly { get; }

        /// <summary>The leaves, depth first, in <see cref="DifferentiableType.Leaves"/> order.</summary>
        public IEnumerable<VarExpr> Leaves()
        {
            foreach (var member in Type.Members)
            {
                if (Members[member.Name] is AggregateValue nested) foreach (var leaf in nested.Leaves()) yield return leaf;
                else yield return (VarExpr)Members[member.Name];
            }
        }
    }

    private readonly Dictionary<ISymbol, AggregateValue> aggregates = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ITypeSymbol> reportedTypes = new(SymbolEqualityComparer.Default);
    /// <summary>The leaves a method returning a differentiable value assigns before it returns them.</summary>
    private AggregateValue? resultValue;

    /// <summary>A parameter of a differentiable type: its leaves are the parameters <c>p.X</c>, <c>p.Pos.X</c>.</summary>
    public void AddAggregateParameter(IParameterSymbol parameter, DifferentiableType type)
        => aggregates[parameter] = Build(type, readOnly: true, (path, leafType) => new VarExpr(parameter.Name + "." + path, leafType));

    /// <summary>
    /// A parameter of a differentiable type that the body assigns (<c>p = p with { ... }</c>, <c>p.X += 1</c> on a
    /// struct) is copied into locals on entry, as a reassigned scalar parameter keeps its own variable.
    /// </summary>
    private void CopyAssignedValueParameters(IOperation body)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            while (target is IMemberReferenceOperation { Instance: { } instance }) target = instance;
            if (target is not IParameterReferenceOperation { Parameter: var parameter } || !aggregates.TryGetValue(parameter, out var value) || !value.ReadOnly) continue;
            var copy = Build(value.Type, readOnly: false, (path, leafType) => NewLocal(parameter.Name + "_" + path.Replace('.', '_'), leafType));
            foreach (var (from, to) in value.Leaves().Zip(copy.Leaves(), (f, t) => (f, t)))
            {
                // Arrays are shared, never copied.
                if (from.Type.Kind == ValueKind.Array) ReplaceLeaf(copy, to, from);
                else Emit(new AssignStmt(to, from));
            }
            aggregates[parameter] = copy;
        }
    }

    private static void ReplaceLeaf(AggregateValue value, VarExpr old, VarExpr replacement)
    {
        foreach (var key in value.Members.Keys.ToList())
        {
            if (value.Members[key] is AggregateValue nested) ReplaceLeaf(nested, old, replacement);
            else if (((VarExpr)value.Members[key]).Name == old.Name) value.Members[key] = replacement;
        }
    }

    /// <summary>The method returns a value of <paramref name="type"/>: each return assigns these leaves, then returns them built.</summary>
    public void ReturnsAggregate(DifferentiableType type)
        => resultValue = Build(type, readOnly: false, (path, leafType) => NewLocal("_result_" + path.Replace('.', '_'), leafType));

    private static AggregateValue Build(DifferentiableType type, bool readOnly, Func<string, IrType, VarExpr> leaf, string prefix = "")
    {
        var value = new AggregateValue(type, readOnly);
        foreach (var member in type.Members)
        {
            value.Members[member.Name] = member.Nested is { } nested
                ? Build(nested, readOnly, leaf, prefix + member.Name + ".")
                : leaf(prefix + member.Name, member.Leaf!);
        }
        return value;
    }

    private VarExpr NewLocal(string name, IrType type)
    {
        var variable = new VarExpr(names.Fresh(name), type);
        locals.Add(variable);
        if (loops.Count > 0) LoopLocals.Add(variable.Name);
        return variable;
    }

    /// <summary>A value with a fresh temporary per leaf.</summary>
    private AggregateValue Temporary(DifferentiableType type) => Build(type, readOnly: false, (_, leafType) => NewTemp(leafType));

    /// <summary>The differentiable type of <paramref name="type"/>; one that cannot be used is reported once (DG0030).</summary>
    private DifferentiableType? ValueType(ITypeSymbol? type, SyntaxNode site)
    {
        var valueType = DifferentiableTypes.TryGet(type, out string? error);
        if (valueType is null) return null;
        if (error is null) return valueType;
        if (reportedTypes.Add(type!)) Report(DiagnosticDescriptors.NotADifferentiableValue, LocationInfo.From(site), type!.ToDisplayString(), error);
        else HasInvalidValue = true;
        return null;
    }

    /// <summary>A value that could not be lowered was reported already; nothing is generated.</summary>
    public bool HasInvalidValue { get; private set; }

    private static bool IsValue(ITypeSymbol? type) => DifferentiableTypes.Is(type);

    /// <summary>Lowers an expression whose type is a differentiable type to its value, or null after a diagnostic.</summary>
    private AggregateValue? LowerAggregate(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return LowerAggregate(parenthesized.Operand);
            case IConversionOperation { OperatorMethod: null } conversion
                when conversion.Operand.Type is null || SymbolEqualityComparer.Default.Equals(conversion.Operand.Type, conversion.Type):
                // Identity, a target-typed new(...) or a default literal.
                return LowerAggregate(conversion.Operand);
            case IParameterReferenceOperation parameter when aggregates.TryGetValue(parameter.Parameter, out var parameterValue):
                return parameterValue;
            case ILocalReferenceOperation local when aggregates.TryGetValue(local.Local, out var localValue):
                return localValue;
            case IInstanceReferenceOperation:
                return inlines.Count > 0 ? inlines.Peek().This ?? InvalidValue(operation, "'this' in a static method") : TopLevelThis(operation);
            case IFieldReferenceOperation { Instance: not null, Field.IsStatic: false } field:
                return Member(field.Instance!, field.Field.Name, operation) as AggregateValue;
            case IPropertyReferenceOperation { Instance: not null, Property.IsIndexer: false } property:
                return Member(property.Instance!, property.Property.Name, operation) as AggregateValue;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } when IsValueArrayElement(operation, out var array, out var element, out var index):
                return ValueArrayElement(array, element, index);
            case IObjectCreationOperation creation:
                return LowerCreation(creation);
            case IWithOperation with:
                return LowerWith(with);
            case IDefaultValueOperation or IConversionOperation { Operand: IDefaultValueOperation } when ValueType(operation.Type, operation.Syntax) is { } defaultType:
                if (!defaultType.IsValueType) return InvalidValue(operation, $"default of the class '{defaultType.Symbol.Name}' (null)", "build a value with new");
                return Zero(defaultType);
            case IInvocationOperation invocation:
                return InlineCall(invocation) as AggregateValue ?? NotLowered(operation);
            case IBinaryOperation { OperatorMethod: { } binaryOperator } binary:
                return InlineOperator(binaryOperator, new[] { binary.LeftOperand, binary.RightOperand }, operation) as AggregateValue ?? NotLowered(operation);
            case IUnaryOperation { OperatorMethod: { } unaryOperator } unary:
                return InlineOperator(unaryOperator, new[] { unary.Operand }, operation) as AggregateValue ?? NotLowered(operation);
            case IConditionalOperation { WhenFalse: not null } conditional when ValueType(conditional.Type, conditional.Syntax) is { } conditionalType:
            {
                var condition = Lower(conditional.Condition);
                var result = Temporary(conditionalType);
                blocks.Push(new List<Stmt>());
                if (LowerAggregate(conditional.WhenTrue) is { } whenTrue) Copy(whenTrue, result, conditional.WhenTrue);
                var then = PopBlock().ToEquatableArray();
                blocks.Push(new List<Stmt>());
                if (LowerAggregate(conditional.WhenFalse) is { } whenFalse) Copy(whenFalse, result, conditional.WhenFalse);
                var @else = PopBlock().ToEquatableArray();
                Emit(new IfStmt(condition, then, @else));
                return result;
            }
            case IInvalidOperation:
                HasInvalidCode = true;
                return null;
            default:
                if (ValueType(operation.Type, operation.Syntax) is null) return null;
                Unsupported(operation, $"'{Shorten(operation.Syntax.ToString())}' as a value of '{operation.Type?.Name}'",
                    "build values with new, with, default, or [Differentiable] methods and operators, and read them from parameters and locals");
                return null;
        }
    }

    /// <summary>A call or operator that gave no value: reported already, or a void call used as a value.</summary>
    private AggregateValue? NotLowered(IOperation operation)
    {
        HasInvalidValue = true;
        _ = operation;
        return null;
    }

    private AggregateValue? InvalidValue(IOperation operation, string what, string? advice = null)
    {
        Unsupported(operation, what, advice);
        return null;
    }

    /// <summary><c>this</c> of the method being lowered, as a value: its fields, read where they are.</summary>
    private AggregateValue? TopLevelThis(IOperation operation)
    {
        var type = ValueType(operation.Type, operation.Syntax);
        if (type is null) return InvalidValue(operation, $"'this' of '{operation.Type?.Name}' as a value", "read its fields");
        if (!type.Leaves().All(l => fields.ContainsKey("this." + l.Path)))
        {
            return InvalidValue(operation, $"'this' of '{type.Symbol.Name}' as a value", "read its fields one by one");
        }
        return Build(type, readOnly: true, (path, _) => fields["this." + path]);
    }

    /// <summary>A member of a value: its leaf variable or its nested value.</summary>
    private object? Member(IOperation instance, string name, IOperation operation)
    {
        var owner = LowerAggregate(instance);
        if (owner is null) return null;
        if (owner.Members.TryGetValue(name, out var member)) return member;
        Unsupported(operation, $"Reading '{name}' of '{owner.Type.Symbol.Name}', which is not a field or an auto-property",
            "read the fields it is computed from, or make it a [Differentiable] method");
        return null;
    }

    /// <summary>
    /// <c>value.Member</c> read as a number: the leaf's variable, or null when the instance is not a value of a
    /// differentiable type (then the caller's other rules apply).
    /// </summary>
    private Expr? TryLowerMemberRead(IOperation operation)
    {
        var (instance, name) = operation switch
        {
            IFieldReferenceOperation { Instance: { } i, Field.IsStatic: false } field => (i, field.Field.Name),
            IPropertyReferenceOperation { Instance: { } i, Property.IsIndexer: false } property => (i, property.Property.Name),
            _ => (null, ""),
        };
        if (instance is null) return null;
        bool thisOfInlined = inlines.Count > 0 && instance is IInstanceReferenceOperation;
        if (!thisOfInlined && (!IsValue(instance.Type) || (inlines.Count == 0 && FieldPath(operation) is { } path && fields.ContainsKey(path)))) return null;
        var member = Member(instance!, name, operation);
        if (member is VarExpr leaf) return snapshotReads ? Temp(leaf) : leaf;
        if (member is not null) return Unsupported(operation, $"'{Shorten(operation.Syntax.ToString())}', a value of '{((AggregateValue)member).Type.Symbol.Name}', as a number");
        return Placeholder(operation);
    }

    /// <summary>An assignment whose target is a value of a differentiable type: every leaf is assigned.</summary>
    private Expr LowerAggregateAssignment(ISimpleAssignmentOperation assignment)
    {
        var value = LowerAggregate(assignment.Value);
        var target = AggregateTarget(assignment.Target);
        if (value is not null && target is not null) Copy(value, target, assignment);
        return Placeholder(assignment);
    }

    /// <summary>A variable or member of a differentiable type that is being assigned.</summary>
    private AggregateValue? AggregateTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                return aggregates.TryGetValue(local.Local, out var value) ? value : DeclareAggregate(local.Local, target.Syntax);
            case IParameterReferenceOperation parameter when aggregates.TryGetValue(parameter.Parameter, out var copied) && !copied.ReadOnly:
                // Copied into locals on entry (CopyAssignedValueParameters), or a callee's parameter being inlined.
                return copied;
            case IFieldReferenceOperation or IPropertyReferenceOperation:
            {
                var instance = ((IMemberReferenceOperation)target).Instance;
                if (instance is null || !CheckWritable(instance, target)) return null;
                return Member(instance, ((IMemberReferenceOperation)target).Member.Name, target) as AggregateValue;
            }
            default:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax),
                    $"'{Shorten(target.Syntax.ToString())}' (a differentiable method does not change its inputs; copy the value into a local first: var q = p;)");
                return null;
        }
    }

    /// <summary>The leaf variable a member assignment (<c>v.X = e</c>, <c>v.X += e</c>) writes, or null after a diagnostic.</summary>
    private VarExpr? MemberTarget(IMemberReferenceOperation target)
    {
        if (target.Instance is null || !CheckWritable(target.Instance, target)) return null;
        var member = Member(target.Instance, target.Member.Name, target);
        if (member is VarExpr leaf)
        {
            if (leaf.Type.Kind == ValueKind.Array) return ReportAssignment(target, $"the array member '{target.Member.Name}' (assign its elements instead)");
            return leaf;
        }
        return member is null ? null : ReportAssignment(target, $"'{Shorten(target.Syntax.ToString())}' as a number");
    }

    private VarExpr? ReportAssignment(IOperation target, string what)
    {
        Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), what);
        return null;
    }

    /// <summary>
    /// Members of struct locals (and of the value an inlined constructor or struct method works on) can be written;
    /// inputs cannot, and neither can a class's values, which other variables may share.
    /// </summary>
    private bool CheckWritable(IOperation instance, IOperation target)
    {
        var root = instance;
        while (root is IFieldReferenceOperation { Instance: { } i }) root = i;
        while (root is IPropertyReferenceOperation { Instance: { } i, Property.IsIndexer: false }) root = i;
        var value = LowerAggregate(root);
        if (value is null) return false;
        if (value.ReadOnly)
        {
            ReportAssignment(target, $"'{Shorten(target.Syntax.ToString())}' (a differentiable method does not change its inputs; copy the value into a local first: var q = p;)");
            return false;
        }
        bool constructing = inlines.Count > 0 && inlines.Peek().Constructs && root is IInstanceReferenceOperation;
        if (!constructing && !value.Type.IsValueType)
        {
            ReportAssignment(target, $"'{Shorten(target.Syntax.ToString())}' (the class '{value.Type.Symbol.Name}' is shared by reference: build a new value with new, or with a record's with expression)");
            return false;
        }
        return true;
    }

    private AggregateValue? DeclareAggregate(ILocalSymbol symbol, SyntaxNode syntax)
    {
        var type = ValueType(symbol.Type, syntax);
        if (type is null) return null;
        var value = Build(type, readOnly: false, (path, leafType) => NewLocal(symbol.Name + "_" + path.Replace('.', '_'), leafType));
        aggregates[symbol] = value;
        return value;
    }

    /// <summary>Assigns every leaf of <paramref name="target"/> from <paramref name="source"/>; arrays are shared, never copied.</summary>
    private void Copy(AggregateValue source, AggregateValue target, IOperation site)
    {
        foreach (var member in target.Type.Members)
        {
            var from = source.Members[member.Name];
            var to = target.Members[member.Name];
            if (from is AggregateValue nestedFrom) Copy(nestedFrom, (AggregateValue)to, site);
            else if (((VarExpr)to).Type.Kind == ValueKind.Array)
            {
                if (((VarExpr)from).Name != ((VarExpr)to).Name)
                {
                    Unsupported(site, $"Copying '{target.Type.Symbol.Name}', which holds the array '{member.Name}'",
                        "a value that holds an array can be read and passed, not copied or built; take it as a parameter");
                    return;
                }
            }
            else Emit(new AssignStmt((VarExpr)to, (VarExpr)from));
        }
    }

    /// <summary>A value whose leaves are all zero (<c>default</c>, and where construction starts).</summary>
    private AggregateValue Zero(DifferentiableType type, ISet<string>? except = null)
    {
        var value = Temporary(type);
        var skipped = new HashSet<VarExpr>(except is null ? Enumerable.Empty<VarExpr>()
            : type.Members.Where(m => except.Contains(m.Name)).SelectMany(m => value.Members[m.Name] is AggregateValue nested ? nested.Leaves() : new[] { (VarExpr)value.Members[m.Name] }));
        foreach (var leaf in value.Leaves())
        {
            if (skipped.Contains(leaf)) continue;
            Emit(new AssignStmt(leaf, leaf.Type.Kind == ValueKind.Array ? new ConstExpr(leaf.Type, "default") : ZeroOf(leaf.Type)));
        }
        return value;
    }

    private static Expr ZeroOf(IrType type)
        => type.IsReal ? Literals.Real(type, 0)
            : type == IrType.Bool ? Literals.Bool(false)
            : type.Kind == ValueKind.Integer ? TypeMapping.Constant(0, type)!
            : new ConstExpr(type, "default");

    /// <summary><c>new T(...)</c> with an optional initializer: a positional record's parameters are its first members; other constructors are inlined.</summary>
    private AggregateValue? LowerCreation(IObjectCreationOperation creation)
    {
        var type = ValueType(creation.Type, creation.Syntax);
        if (type is null) return null;
        if (type.Leaves().Any(l => l.Member.Leaf is { Kind: ValueKind.Array }))
        {
            return InvalidValue(creation, $"Building a '{type.Symbol.Name}', which holds an array", "a value that holds an array can be read and passed, not built; take it as a parameter");
        }
        if (MemberWithInitializer(type) is { } initialized)
        {
            return InvalidValue(creation, $"Building a '{type.Symbol.Name}', whose member '{initialized}' has an initializer", "set the member in the constructor or in an object initializer instead");
        }
        var constructor = creation.Constructor;
        // Members the constructor's arguments or the initializer set need no zero first.
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (constructor is not null && type.PositionalCount > 0 && IsPrimaryConstructor(constructor)) set.UnionWith(type.Members.Take(type.PositionalCount).Select(m => m.Name));
        if (creation.Initializer is { } assigned && (constructor is null || constructor.IsImplicitlyDeclared || IsPrimaryConstructor(constructor)))
        {
            set.UnionWith(assigned.Initializers.OfType<ISimpleAssignmentOperation>().Select(a => a.Target).OfType<IMemberReferenceOperation>().Select(m => m.Member.Name));
        }
        var value = Zero(type, set);
        if (constructor is null || (constructor.IsImplicitlyDeclared && constructor.Parameters.Length == 0))
        {
            // The parameterless constructor: every member zero.
        }
        else if (type.PositionalCount > 0 && IsPrimaryConstructor(constructor) && constructor.Parameters.Length == type.PositionalCount)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is null) return InvalidValue(creation, "This constructor call");
                AssignMember(value, type.Members[argument.Parameter.Ordinal], argument.Value);
            }
        }
        else
        {
            if (!MethodParser.HasAttribute(constructor, MethodParser.DifferentiableAttributeName))
            {
                return InvalidValue(creation, $"The constructor '{constructor.ToDisplayString()}', which is not [Differentiable]",
                    "mark the constructor [Differentiable] (it is differentiated where it is called), or build the value with an object initializer");
            }
            if (Inline(constructor, value, ArgumentsOf(creation.Arguments), creation, constructs: true) is null && HasInvalidValue) return null;
        }
        if (creation.Initializer is { } initializer) ApplyInitializer(value, initializer);
        return value;
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor)
        => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    /// <summary>A member declared with an initializer (<c>double M = 1;</c>), which building a value would skip.</summary>
    private static string? MemberWithInitializer(DifferentiableType type)
    {
        foreach (var member in type.Members)
        {
            foreach (var reference in member.Symbol.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                if (syntax is VariableDeclaratorSyntax { Initializer: not null } or PropertyDeclarationSyntax { Initializer: not null }) return member.Name;
            }
            if (member.Nested is { } nested && MemberWithInitializer(nested) is { } inner) return member.Name + "." + inner;
        }
        return null;
    }

    /// <summary><c>source with { X = ... }</c>: a copy, then the initializer.</summary>
    private AggregateValue? LowerWith(IWithOperation with)
    {
        var source = LowerAggregate(with.Operand);
        if (source is null) return null;
        var value = Temporary(source.Type);
        Copy(source, value, with);
        ApplyInitializer(value, with.Initializer);
        return value;
    }

    private void ApplyInitializer(AggregateValue value, IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var operation in initializer.Initializers)
        {
            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation, Member: var symbol } } assignment
                && value.Type.Member(symbol.Name) is { } member)
            {
                AssignMember(value, member, assignment.Value);
            }
            else
            {
                Unsupported(operation, $"The initializer '{Shorten(operation.Syntax.ToString())}'", "assign each member a value: { X = x, Y = y }");
            }
        }
    }

    private void AssignMember(AggregateValue value, DifferentiableMember member, IOperation operation)
    {
        if (value.Members[member.Name] is AggregateValue nested)
        {
            if (LowerAggregate(operation) is { } source) Copy(source, nested, operation);
            return;
        }
        var leaf = (VarExpr)value.Members[member.Name];
        var lowered = Lower(operation);
        Emit(new AssignStmt(leaf, lowered.Type == leaf.Type ? lowered : Temp(new ConvertExpr(lowered, leaf.Type))));
    }

    /// <summary>
    /// A return from a method that returns a value of a differentiable type: its leaves go to the result's, which
    /// the return builds (at the end of a loop that returns, after it).
    /// </summary>
    private void LowerAggregateReturn(IReturnOperation ret)
    {
        if (LowerAggregate(ret.ReturnedValue!) is { } value) Copy(value, resultValue!, ret);
        if (loops.Count == 0)
        {
            Emit(new ReturnStmt(ResultConstruction()));
            return;
        }
        if (returnFlag is null)
        {
            returnFlag = NewTemp(IrType.Bool);
            blocks.Last().Insert(0, new AssignStmt(returnFlag, Literals.Bool(false)));
        }
        Emit(new AssignStmt(returnFlag, Literals.Bool(true)));
        loops.Peek().Returns = true;
        EmitBreak();
    }

    private ConstructExpr ResultConstruction()
        => new(resultValue!.Type.Layout(), resultValue.Leaves().Cast<Expr>().ToEquatableArray(), resultValue.Type.IrType);

    /// <summary>What a return after a loop that returned gives back.</summary>
    private Expr? ReturnedAfterLoop => resultValue is not null ? ResultConstruction() : returnValue;
}
