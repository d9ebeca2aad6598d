using System.Text;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using DiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Lowers a method body from <see cref="IOperation"/> to the flat IR: every operation's result goes to a fresh
/// temporary, user variables are only ever assigned a temporary, a variable or a constant, and ternaries and
/// short-circuit operators become <see cref="IfStmt"/>s. Conversions, constants and overloads arrive resolved.
/// Anything it cannot represent becomes a diagnostic at the offending syntax.
/// </summary>
internal sealed partial class OperationLowering
{
    private SemanticModel semanticModel;
    private readonly CancellationToken cancellationToken;
    private readonly NameScope names;
    private List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<ISymbol, VarExpr> variables = new(SymbolEqualityComparer.Default);
    private readonly List<VarExpr> locals = new();
    private readonly Stack<List<Stmt>> blocks = new();
    private readonly Stack<LoopContext> loops = new();
    private readonly IrType returnType;
    private bool snapshotReads;
    /// <summary>A return inside a loop stores its value here, sets <see cref="returnFlag"/> and breaks out.</summary>
    private VarExpr? returnValue;
    private VarExpr? returnFlag;

    /// <summary>What the body of the loop being lowered uses.</summary>
    private sealed class LoopContext
    {
        public VarExpr? BreakFlag;
        public bool Returns;
    }

    public OperationLowering(SemanticModel semanticModel, NameScope names, IrType returnType, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        this.semanticModel = semanticModel;
        this.returnType = returnType;
        this.names = names;
        this.diagnostics = diagnostics;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Calls of methods without a derivative (a real result, or spans they may write), by the statement that makes
    /// them: an error when a varied value reaches one and what it computes matters. The statements are the lowered
    /// body's own, so the check finds them wherever they are; the locations never leave Parse.
    /// </summary>
    public Dictionary<Stmt, (LocationInfo? Location, string Callee, string Advice)> CallsWithoutDerivative { get; } = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>
    /// Calls of <c>[Differentiable]</c> methods, each once as written: a caller of a method whose derivatives could not
    /// be generated is an error too (DG0021), decided once every method is parsed.
    /// </summary>
    public List<CalleeCall> DifferentiableCalls { get; } = new();

    /// <summary>
    /// Arrays passed as outputs of callees that may read them before writing (<see cref="OutputReads"/>), by the
    /// statement that makes the call.
    /// </summary>
    public Dictionary<Stmt, List<(VarExpr Array, LocationInfo? Location, string Callee, string Parameter)>> OutputsReadByCallee { get; } = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>
    /// Arguments passed to a differentiable callee's <c>[NoDiff]</c> real parameter, by the statement of the call:
    /// their derivative through it is dropped.
    /// </summary>
    public Dictionary<Stmt, List<(Expr Argument, LocationInfo? Location, string Callee, string Parameter)>> NoDiffArguments { get; } = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>Lambdas and local functions, with the real variables they capture.</summary>
    public List<(LocationInfo? Location, string Kind, List<string> Captured)> Closures { get; } = new();

    /// <summary>The body has compile errors: the compiler reports them, and nothing is generated.</summary>
    public bool HasInvalidCode { get; private set; }

    public IReadOnlyList<VarExpr> Locals => locals;

    /// <summary>Locals declared inside a loop body: every pass assigns them before reading them.</summary>
    public List<string> LoopLocals { get; } = new();

    public void AddParameter(IParameterSymbol parameter, VarExpr variable) => variables[parameter] = variable;

    /// <summary>A field of <c>this</c> (or of one of its fields), by its path: <c>this.W</c>, <c>this.Layer.W</c>.</summary>
    public void AddField(string path, VarExpr variable) => fields[path] = variable;

    private readonly Dictionary<string, VarExpr> fields = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>this.A.B</c> for a chain of field (or auto-property) reads from <c>this</c> of the method being lowered; null
    /// for anything else, and inside a callee being inlined, whose <c>this</c> is another value.
    /// </summary>
    private string? FieldPath(IOperation? operation) => inlines.Count > 0 ? null : operation switch
    {
        IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this",
        IFieldReferenceOperation { Field.IsStatic: false } field when FieldPath(field.Instance) is { } owner => owner + "." + field.Field.Name,
        IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false } property when FieldPath(property.Instance) is { } owner => owner + "." + property.Property.Name,
        _ => null,
    };

    public EquatableArray<Stmt> LowerBody(IOperation body)
    {
        blocks.Push(new List<Stmt>());
        CopyAssignedValueParameters(body);
        LowerStatement(body);
        return PopBlock().ToEquatableArray();
    }

    // ---- Statements --------------------------------------------------------------------------------------------

    private void LowerStatement(IOperation operation)
    {
        cancellationToken.ThrowIfCancellationRequested();
        elementReads.Clear();
        switch (operation)
        {
            case IBlockOperation block:
                LowerStatements(block.Operations, 0);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        if (declarator.Symbol.Type.TypeKind == TypeKind.Delegate)
                        {
                            RejectDelegateLocal(declarator, (declarator.Initializer ?? declaration.Initializer)?.Value);
                            continue;
                        }
                        if (TypeMapping.TryMap(declarator.Symbol.Type) is null && (declarator.Initializer ?? declaration.Initializer)?.Value is { } query && IsLinq(query))
                        {
                            // var q = v.Where(...): the query is the construct, reported once; so are its uses.
                            rejectedLocals.Add(declarator.Symbol);
                            ReportLinq(query.Syntax);
                            continue;
                        }
                        if (IsValue(declarator.Symbol.Type))
                        {
                            // A value of a differentiable type: a local per leaf.
                            var target = DeclareAggregate(declarator.Symbol, declarator.Syntax);
                            var valueInitializer = declarator.Initializer ?? declaration.Initializer;
                            if (target is not null && valueInitializer is not null && LowerAggregate(valueInitializer.Value) is { } initial) Copy(initial, target, valueInitializer);
                            continue;
                        }
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null && TryDeclareView(declarator.Symbol, initializer.Value)) continue;
                        var variable = Declare(declarator.Symbol, declarator.Syntax);
                        if (variable is null || initializer is null) continue;
                        if (variable.Type.Kind == ValueKind.Array)
                        {
                            LowerArrayCreation(variable, initializer.Value);
                            continue;
                        }
                        WithSnapshots(initializer.Value, () => Emit(new AssignStmt(variable, Lower(initializer.Value))));
                    }
                }
                break;
            case IExpressionStatementOperation expression:
                WithSnapshots(expression.Operation, () => LowerEffect(expression.Operation));
                break;
            case IReturnOperation { Kind: OperationKind.Return } inlinedReturn when inlines.Count > 0:
                LowerInlinedReturn(inlinedReturn);
                break;
            case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: not null } valueReturn when resultValue is not null:
                WithSnapshots(valueReturn.ReturnedValue, () => LowerAggregateReturn(valueReturn));
                break;
            case IReturnOperation { Kind: OperationKind.Return } ret when ret.ReturnedValue is not null || returnType == IrType.Void:
                if (loops.Count == 0)
                {
                    if (ret.ReturnedValue is null) Emit(new ReturnStmt(null));
                    else WithSnapshots(ret.ReturnedValue, () => Emit(new ReturnStmt(Lower(ret.ReturnedValue))));
                    break;
                }
                // Inside a loop: keep the value, raise the flag, leave the loop; after it the method returns.
                if (returnFlag is null)
                {
                    returnFlag = NewTemp(IrType.Bool);
                    blocks.Last().Insert(0, new AssignStmt(returnFlag, Literals.Bool(false)));
                }
                if (ret.ReturnedValue is not null)
                {
                    returnValue ??= NewTemp(returnType);
                    WithSnapshots(ret.ReturnedValue, () => Emit(new AssignStmt(returnValue!, Lower(ret.ReturnedValue))));
                }
                Emit(new AssignStmt(returnFlag, Literals.Bool(true)));
                loops.Peek().Returns = true;
                EmitBreak();
                break;
            case IBranchOperation branch when LeavesSwitch(branch):
                LowerSwitchBreak(branch);
                break;
            case ISwitchOperation @switch:
                LowerSwitch(@switch);
                break;
            case IBranchOperation { BranchKind: BranchKind.Break } when loops.Count > 0:
                EmitBreak();
                break;
            case IBranchOperation { BranchKind: BranchKind.Continue } when loops.Count > 0:
                Emit(new ContinueStmt());
                break;
            case IConditionalOperation conditional:
            {
                var condition = Lower(conditional.Condition);
                var then = LowerBlock(conditional.WhenTrue);
                var @else = conditional.WhenFalse is null ? EquatableArray<Stmt>.Empty : LowerBlock(conditional.WhenFalse);
                Emit(new IfStmt(condition, then, @else));
                break;
            }
            case IEmptyOperation:
                break;
            case ILoopOperation loop:
                LowerLoop(loop);
                break;
            case ITryOperation:
                Report(DiagnosticDescriptors.TryStatement, KeywordLocation(operation.Syntax));
                break;
            case IBranchOperation { BranchKind: BranchKind.GoTo }:
            case ILabeledOperation:
                Report(DiagnosticDescriptors.GotoStatement, KeywordLocation(operation.Syntax));
                break;
            case ILocalFunctionOperation localFunction:
                RecordClosure(localFunction.Syntax, "local function");
                break;
            case IInvalidOperation:
                HasInvalidCode = true;
                break;
            default:
                Unsupported(operation);
                break;
        }
    }

    private EquatableArray<Stmt> LowerBlock(IOperation operation)
    {
        blocks.Push(new List<Stmt>());
        LowerStatement(operation);
        return PopBlock().ToEquatableArray();
    }

    /// <summary>An expression evaluated for its effect.</summary>
    private void LowerEffect(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                Lower(operation, valueUsed: false);
                break;
            case IInvocationOperation invocation:
                LowerInvocation(invocation);
                break;
            default:
                Unsupported(operation);
                break;
        }
    }

    /// <summary>
    /// C# reads a variable's value before evaluating later operands; when an expression also assigns variables
    /// (<c>x + (x = 2)</c>), reads are copied to temporaries so that order is kept.
    /// </summary>
    private void WithSnapshots(IOperation root, Action lower)
    {
        bool previous = snapshotReads;
        // A member set by an object or with initializer ({ Y = 3 }) is no variable: it needs no snapshot.
        snapshotReads = root.Descendants().Any(d => d is IIncrementOrDecrementOperation
            || d is IAssignmentOperation { Target: not IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } } });
        lower();
        snapshotReads = previous;
    }

    // ---- Loops -------------------------------------------------------------------------------------------------

    private void LowerLoop(ILoopOperation loop)
    {
        switch (loop)
        {
            case IForLoopOperation forLoop when TryLowerCountedLoop(forLoop):
                break;
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before) LowerStatement(before);
                LowerLoopBody(forLoop.Condition, forLoop.Body, testAtEnd: false, tail: () =>
                {
                    foreach (var step in forLoop.AtLoopBottom) LowerStatement(step);
                });
                break;
            case IWhileLoopOperation { ConditionIsUntil: false, Condition: not null } whileLoop:
                LowerLoopBody(whileLoop.Condition, whileLoop.Body, testAtEnd: !whileLoop.ConditionIsTop, tail: null);
                break;
            case IForEachLoopOperation forEach:
                LowerForEach(forEach);
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedLoop, KeywordLocation(loop.Syntax), $"this '{LoopName(loop)}' loop is not supported");
                break;
        }
    }

    /// <summary>
    /// <c>for (int i = a; i &lt; b; i++)</c> (or <c>&lt;=</c>, or downwards with <c>&gt;</c>/<c>&gt;=</c> and <c>i--</c>) whose
    /// body neither changes <c>i</c> nor anything the bounds read, and never breaks or returns: a <see cref="ForStmt"/>.
    /// </summary>
    private bool TryLowerCountedLoop(IForLoopOperation forLoop)
    {
        if (forLoop.Before is not [IVariableDeclarationGroupOperation { Declarations: [{ Declarators: [var declarator] }] }]) return false;
        var counterSymbol = declarator.Symbol;
        if (counterSymbol.Type.SpecialType != SpecialType.System_Int32 || declarator.GetVariableInitializer() is not { } initializer) return false;
        if (forLoop.Condition is not IBinaryOperation { OperatorMethod: null } condition) return false;
        // i + c < b is i < b - c.
        var counterOperand = condition.LeftOperand;
        int offset = 0;
        if (counterOperand is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null, RightOperand.ConstantValue: { HasValue: true, Value: int added } } sum)
        {
            counterOperand = sum.LeftOperand;
            offset = added;
        }
        if (counterOperand is not ILocalReferenceOperation { Local: var left } || !SymbolEqualityComparer.Default.Equals(left, counterSymbol)) return false;
        BinaryOp? comparison = condition.OperatorKind switch
        {
            BinaryOperatorKind.LessThan => BinaryOp.LessThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterThanOrEqual,
            _ => null,
        };
        if (comparison is null || forLoop.AtLoopBottom is not [var bottom]) return false;
        if (bottom is IExpressionStatementOperation statement) bottom = statement.Operation;
        int step = bottom switch
        {
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation { Local: var l } } increment when SymbolEqualityComparer.Default.Equals(l, counterSymbol)
                => increment.Kind == OperationKind.Increment ? 1 : -1,
            ICompoundAssignmentOperation { Target: ILocalReferenceOperation { Local: var l }, Value.ConstantValue: { HasValue: true, Value: 1 } } compound
                when SymbolEqualityComparer.Default.Equals(l, counterSymbol)
                => compound.OperatorKind == BinaryOperatorKind.Add ? 1 : compound.OperatorKind == BinaryOperatorKind.Subtract ? -1 : 0,
            _ => 0,
        };
        if (step == 0 || (step > 0) != (comparison is BinaryOp.LessThan or BinaryOp.LessThanOrEqual)) return false;

        // The body must leave the counter and the bounds alone, and run to its end (continue is fine).
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in forLoop.Body.Descendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation local) written.Add(local.Local);
            if (target is IParameterReferenceOperation parameter) written.Add(parameter.Parameter);
            if (operation is IReturnOperation) return false;
            if (operation is IBranchOperation { BranchKind: BranchKind.Break } branch && SymbolEqualityComparer.Default.Equals(branch.Target, forLoop.ExitLabel)) return false;
        }
        if (written.Contains(counterSymbol)) return false;
        var start = Invariant(initializer.Value, written);
        var bound = Invariant(condition.RightOperand, written);
        if (start is null || bound is null) return false;
        if (offset != 0) bound = new BinaryExpr(BinaryOp.Subtract, bound, Literals.Int(offset), IrType.Int);

        var counter = Declare(counterSymbol, declarator.Syntax);
        if (counter is null) return false;
        var context = new LoopContext();
        loops.Push(context);
        blocks.Push(new List<Stmt>());
        LowerStatement(forLoop.Body);
        var rawBody = PopBlock();
        loops.Pop();
        Emit(new ForStmt(counter, start, bound, comparison.Value, LoopNormalizer.Normalize(rawBody, Array.Empty<Stmt>(), null)));
        return true;
    }

    /// <summary>
    /// An int expression the loop cannot change, kept as an expression so the adjoint sweep can evaluate it again:
    /// constants, variables the body does not write, array lengths, and + - * of those.
    /// </summary>
    private Expr? Invariant(IOperation operation, HashSet<ISymbol> written)
    {
        if (operation.Type?.SpecialType != SpecialType.System_Int32) return null;
        if (operation.ConstantValue is { HasValue: true, Value: int constant }) return Literals.Int(constant);
        switch (operation)
        {
            case IParameterReferenceOperation { Parameter: var parameter } when !written.Contains(parameter) && variables.TryGetValue(parameter, out var p):
                return p;
            case ILocalReferenceOperation { Local: var local } when !written.Contains(local) && variables.TryGetValue(local, out var l):
                return l;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when TypeMapping.TryMap(instance.Type) is { Kind: ValueKind.Array }:
                // A slice's length is fixed where the slice is declared (a temporary the body cannot write, or the
                // viewed array's own length).
                if (instance is ILocalReferenceOperation { Local: var viewLocal } && views.TryGetValue(viewLocal, out var view)) return view.Length;
                return ArrayVariable(instance) is VarExpr array ? new LengthExpr(array) : null;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Parameter: var values } } when valueArrays.TryGetValue(values, out var valueArray):
                return new LengthExpr(valueArray.Array);
            case IBinaryOperation { OperatorMethod: null, IsChecked: false } binary
                when binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply:
            {
                var left = Invariant(binary.LeftOperand, written);
                var right = Invariant(binary.RightOperand, written);
                if (left is null || right is null) return null;
                var op = binary.OperatorKind switch
                {
                    BinaryOperatorKind.Add => BinaryOp.Add,
                    BinaryOperatorKind.Subtract => BinaryOp.Subtract,
                    _ => BinaryOp.Multiply,
                };
                return new BinaryExpr(op, left, right, IrType.Int);
            }
            default:
                return null;
        }
    }

    /// <summary><c>foreach (var v in array)</c> over an array or span becomes a counted loop over its indices.</summary>
    private void LowerForEach(IForEachLoopOperation forEach)
    {
        var collection = forEach.Collection is IConversionOperation { OperatorMethod: null } conversion ? conversion.Operand : forEach.Collection;
        var collectionType = TypeMapping.TryMap(collection.Type);
        if (collection is ILocalReferenceOperation { Local: var rejected } && rejectedLocals.Contains(rejected)) return;   // reported already
        if (TryLowerValueArrayForEach(forEach, collection)) return;
        if (IsLinq(collection))
        {
            ReportLinq(collection.Syntax);
            return;
        }
        if (collectionType is not { Kind: ValueKind.Array } || forEach.LoopControlVariable is not IVariableDeclaratorOperation declarator)
        {
            Report(DiagnosticDescriptors.UnsupportedLoop, LocationInfo.From(collection.Syntax),
                $"foreach over '{collection.Type?.ToDisplayString()}': only arrays and spans can be iterated; index the collection in a for loop instead");
            return;
        }
        if (ArrayVariable(collection) is not VarExpr array) return;
        var element = Declare(declarator.Symbol, declarator.Syntax);
        if (element is null) return;
        var index = NewTemp(IrType.Int);
        var context = new LoopContext();
        loops.Push(context);
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(element, Temp(new ElementExpr(array, index, collectionType.Element!))));
        LowerStatement(forEach.Body);
        var rawBody = PopBlock();
        loops.Pop();
        if (context.BreakFlag is null && !context.Returns)
        {
            Emit(new ForStmt(index, Literals.Int(0), new LengthExpr(array), BinaryOp.LessThan, LoopNormalizer.Normalize(rawBody, Array.Empty<Stmt>(), null)));
            return;
        }

        // With break or return: the general loop, the index stepped in its tail.
        Emit(new AssignStmt(index, Literals.Int(0)));
        var test = NewTemp(IrType.Bool);
        Emit(new AssignStmt(test, Temp(new BinaryExpr(BinaryOp.LessThan, index, Temp(new LengthExpr(array)), IrType.Bool))));
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(index, new BinaryExpr(BinaryOp.Add, index, Literals.Int(1), IrType.Int)));
        Emit(new AssignStmt(test, Temp(new BinaryExpr(BinaryOp.LessThan, index, Temp(new LengthExpr(array)), IrType.Bool))));
        var tail = PopBlock();
        FinishLoop(context, test, rawBody, tail);
    }

    private void LowerLoopBody(IOperation? condition, IOperation body, bool testAtEnd, Action? tail)
    {
        // The test lives in one variable, computed before the loop (unless it is a do loop) and again at the end of
        // every pass that goes on: while (c) { body; step; c = condition; }
        Expr loopTest = Literals.Bool(true);
        VarExpr? testVariable = null;
        if (condition is not null)
        {
            testVariable = NewTemp(IrType.Bool);
            Emit(new AssignStmt(testVariable, testAtEnd ? Literals.Bool(true) : Lower(condition)));
            loopTest = testVariable;
        }

        var context = new LoopContext();
        loops.Push(context);
        blocks.Push(new List<Stmt>());
        LowerStatement(body);
        var rawBody = PopBlock();
        loops.Pop();

        blocks.Push(new List<Stmt>());
        tail?.Invoke();
        if (testVariable is not null) Emit(new AssignStmt(testVariable, Lower(condition!)));
        var tailStatements = PopBlock();

        FinishLoop(context, loopTest, rawBody, tailStatements);
    }

    /// <summary>Emits a general loop and, when its body returns, the return that follows it.</summary>
    private void FinishLoop(LoopContext context, Expr loopTest, List<Stmt> rawBody, List<Stmt> tailStatements)
    {
        if (context.BreakFlag is not null) Emit(new AssignStmt(context.BreakFlag, Literals.Bool(false)));
        Emit(new LoopStmt(loopTest, LoopNormalizer.Normalize(rawBody, tailStatements, context.BreakFlag), context.BreakFlag));

        if (context.Returns)
        {
            // The loop ended by a return: return too (or, in an enclosing loop, leave it as well).
            blocks.Push(new List<Stmt>());
            if (loops.Count > 0)
            {
                loops.Peek().Returns = true;
                EmitBreak();
            }
            else
            {
                Emit(new ReturnStmt(ReturnedAfterLoop));
            }
            var leave = PopBlock().ToEquatableArray();
            Emit(new IfStmt(returnFlag!, leave, EquatableArray<Stmt>.Empty));
        }
    }

    private void EmitBreak()
    {
        var context = loops.Peek();
        context.BreakFlag ??= NewTemp(IrType.Bool);
        Emit(new BreakStmt());
    }

    // ---- Expressions -------------------------------------------------------------------------------------------

    /// <summary>Lowers an expression and returns its value as an atom: a variable or a constant.</summary>
    private Expr Lower(IOperation operation, bool valueUsed = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue.HasValue && operation.Type is not null)
        {
            var type = TypeMapping.TryMap(operation.Type);
            var constant = type is null ? null : TypeMapping.Constant(operation.ConstantValue.Value, type);
            if (constant is not null) return constant;
            return Unsupported(operation);
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return Read(parameter.Parameter, operation);
            case ILocalReferenceOperation local:
                return Read(local.Local, operation);
            case IConversionOperation conversion:
                return LowerConversion(conversion);
            case IBinaryOperation binary:
                return LowerBinary(binary);
            case IUnaryOperation unary:
                return LowerUnary(unary);
            case IConditionalOperation conditional when conditional.Type is not null:
                return LowerTernary(conditional);
            case IIsPatternOperation isPattern:
                return LowerIsPattern(isPattern);
            case ISwitchExpressionOperation switchExpression:
                return LowerSwitchExpression(switchExpression);
            case IInvocationOperation invocation:
                return LowerInvocation(invocation) ?? Placeholder(operation);
            case ISimpleAssignmentOperation assignment:
                return LowerAssignment(assignment);
            case ICompoundAssignmentOperation compound:
                return LowerCompoundAssignment(compound);
            case IIncrementOrDecrementOperation increment:
                return LowerIncrement(increment, valueUsed);
            case IArrayElementReferenceOperation element:
                return LowerElement(element.ArrayReference, element.Indices.Length == 1 ? element.Indices[0] : null, operation);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: not null, Arguments.Length: 1 } indexer
                when TypeMapping.TryMap(indexer.Instance.Type) is { Kind: ValueKind.Array }:
                return LowerElement(indexer.Instance, indexer.Arguments[0].Value, operation);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: not null, Arguments.Length: 1 } indexer
                when IsReadOnlyData(indexer.Instance):
                return LowerDataElement(indexer);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: not null } length
                when TypeMapping.TryMap(length.Instance.Type) is { Kind: ValueKind.Array } || length.Instance.Type?.SpecialType == SpecialType.System_String:
                if (TryViewLength(length.Instance, out var viewLength)) return viewLength;
                return ArrayVariable(length.Instance) is VarExpr lengthOf ? Temp(new LengthExpr(lengthOf)) : Placeholder(operation);
            case IFieldReferenceOperation or IPropertyReferenceOperation when TryLowerValueArrayMember(operation) is { } element:
                return element;
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Parameter: var valuesOf } } when valueArrays.TryGetValue(valuesOf, out var valueArray):
                return Temp(new LengthExpr(valueArray.Array));
            case IFieldReferenceOperation or IPropertyReferenceOperation when TryLowerMemberRead(operation) is { } member:
                return member;
            case IFieldReferenceOperation { Instance: not null } field when FieldPath(field) is { } path:
                return fields.TryGetValue(path, out var fieldVariable) ? fieldVariable : Unsupported(operation, $"Reading the field '{path}'", "pass its value as a parameter");
            case IPropertyReferenceOperation { Instance: not null } property when FieldPath(property) is { } propertyPath && fields.TryGetValue(propertyPath, out var propertyVariable):
                return propertyVariable;
            case IParameterReferenceOperation or ILocalReferenceOperation or IInstanceReferenceOperation or IObjectCreationOperation or IWithOperation when IsValue(operation.Type):
                return Unsupported(operation, $"'{Shorten(operation.Syntax.ToString())}', a value of '{operation.Type!.Name}', as a number", "read one of its members");
            case IFieldReferenceOperation { Instance: null } field:
                return Opaque(field.Field.ContainingType, field.Field.Name, field.Type, operation);
            case IPropertyReferenceOperation { Instance: null, Arguments.Length: 0 } property:
                return Opaque(property.Property.ContainingType, property.Property.Name, property.Type, operation);
            case IFieldReferenceOperation or IPropertyReferenceOperation when operation is IMemberReferenceOperation { Instance: { Type: { } owner } instance }
                && OpaqueTypes.IsOpaque(owner) && operation.Type is { } memberType && TypeMapping.TryMap(memberType) is { Kind: ValueKind.Integer or ValueKind.Boolean } constantType
                && Lower(instance) is VarExpr opaqueValue:
                // A number or flag of an opaque value (a tensor's Length): a constant, read where it is used.
                return Temp(new MemberExpr(opaqueValue, ((IMemberReferenceOperation)operation).Member.Name, constantType));
            case IMemberReferenceOperation { Instance.Type: { } owner } member when OpaqueTypes.IsOpaque(owner):
                return Unsupported(member, $"Reading '{Shorten(member.Syntax.ToString())}' of the opaque differentiable type '{owner.Name}'", OpaqueTypes.Advice);
            case IParenthesizedOperation parenthesized:
                return Lower(parenthesized.Operand);
            case IAnonymousFunctionOperation or IDelegateCreationOperation:
                LowerDelegate(operation);
                return Placeholder(operation);
            case ITranslatedQueryOperation:
                ReportLinq(operation.Syntax);
                return Placeholder(operation);
            case IInvalidOperation invalid when LowerCallOfGeneratedFunction(invalid) is { } mapped:
                return mapped;
            case IInvalidOperation:
                HasInvalidCode = true;
                return Placeholder(operation);
            default:
                return Unsupported(operation);
        }
    }

    private Expr LowerElement(IOperation arrayOperation, IOperation? indexOperation, IOperation operation)
    {
        var arrayType = TypeMapping.TryMap(arrayOperation.Type);
        if (indexOperation is null || arrayType is not { Kind: ValueKind.Array }) return Unsupported(operation);
        if (indexOperation.Type?.SpecialType != SpecialType.System_Int32) return Unsupported(operation, "An index that is not an int", "index with an int (convert it first)");
        if (TryViewElement(arrayOperation, indexOperation, out var viewed)) return Temp(new ElementExpr(viewed.Array, viewed.Index, arrayType.Element!));
        if (ArrayVariable(arrayOperation) is not VarExpr array) return Placeholder(operation);
        var index = Lower(indexOperation);
        string? indexKey = index switch { VarExpr v => "v:" + v.Name, ConstExpr c => "c:" + c.Literal, _ => null };
        if (snapshotReads || indexKey is null) return Temp(new ElementExpr(array, index, arrayType.Element!));
        if (elementReads.TryGetValue((array.Name, indexKey), out var read)) return read.Temp;
        var temp = Temp(new ElementExpr(array, index, arrayType.Element!));
        elementReads[(array.Name, indexKey)] = (temp, blocks.Count);
        return temp;
    }

    /// <summary>
    /// A string, or a <c>[NoDiff]</c> parameter of a type the IR does not know (<c>IReadOnlyList&lt;double&gt;</c>):
    /// data the method only reads, whose elements are constants. Null for anything else.
    /// </summary>
    private bool IsReadOnlyData(IOperation instance)
        => instance.Type?.SpecialType == SpecialType.System_String
           || (instance is IParameterReferenceOperation { Parameter: var parameter } && variables.TryGetValue(parameter, out var variable) && variable.Type.Kind == ValueKind.Other);

    /// <summary><c>s[i]</c> of read-only data: an element read like an array's, which carries no derivative.</summary>
    private Expr LowerDataElement(IPropertyReferenceOperation indexer)
    {
        var elementType = TypeMapping.TryMap(indexer.Type);
        if (elementType is null) return Unsupported(indexer, $"Reading an element of type '{indexer.Type?.ToDisplayString()}'", "read the value outside, and pass it as a parameter");
        var index = indexer.Arguments[0].Value;
        if (index.Type?.SpecialType != SpecialType.System_Int32) return Unsupported(indexer, "An index that is not an int", "index with an int (convert it first)");
        var instance = ArrayVariable(indexer.Instance!);
        var data = instance as VarExpr ?? Temp(instance);
        return Temp(new ElementExpr(data, Lower(index), elementType));
    }

    /// <summary>An array operand as its variable itself: arrays are never reassigned, so no read needs a snapshot.</summary>
    private Expr ArrayVariable(IOperation operation)
    {
        var symbol = operation switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        return symbol is not null && variables.TryGetValue(symbol, out var variable) ? variable : Lower(operation);
    }

    private Expr Read(ISymbol symbol, IOperation operation)
    {
        if (views.ContainsKey(symbol)) return RejectViewUse(symbol, operation);
        if (!variables.TryGetValue(symbol, out var variable))
        {
            variable = Declare(symbol, operation.Syntax);
            if (variable is null) return Placeholder(operation);
        }
        return snapshotReads ? Temp(variable) : variable;
    }

    private Expr LowerConversion(IConversionOperation conversion)
    {
        // An array or span seen as a (read-only) span: the same variable, whichever way it is passed.
        if (TypeMapping.TryMap(conversion.Type) is { Kind: ValueKind.Array } && TypeMapping.TryMap(conversion.Operand.Type) is { Kind: ValueKind.Array })
        {
            return ArrayVariable(conversion.Operand);
        }
        if (conversion.OperatorMethod is not null && OpaqueTypes.IsOpaque(conversion.OperatorMethod.ContainingType))
        {
            return LowerOpaqueOperator(conversion.OperatorMethod, new[] { conversion.Operand }, conversion);
        }
        if (conversion.OperatorMethod is not null) return Unsupported(conversion, "A user-defined conversion", UserDefinedAdvice);
        if (conversion.IsChecked) return Unsupported(conversion, "A checked conversion", "convert unchecked");
        var target = TypeMapping.TryMap(conversion.Type);
        if (target is null) return Unsupported(conversion, $"A conversion to '{conversion.Type?.ToDisplayString()}'", "convert only between double, float, integers and bool");
        var operand = Lower(conversion.Operand);
        if (operand.Type == target) return operand;
        if (operand is ConstExpr constant && constant.RealValue is double value && target.IsReal) return Literals.Real(target, value);
        return Temp(new ConvertExpr(operand, target));
    }

    private Expr LowerBinary(IBinaryOperation binary)
    {
        if (binary.OperatorMethod is not null && (MethodParser.HasAttribute(binary.OperatorMethod, MethodParser.DifferentiableAttributeName) || IsValue(binary.LeftOperand.Type) || IsValue(binary.RightOperand.Type)))
        {
            return InlineOperator(binary.OperatorMethod, new[] { binary.LeftOperand, binary.RightOperand }, binary) as Expr ?? Placeholder(binary);
        }
        if (binary.OperatorMethod is not null && OpaqueTypes.IsOpaque(binary.OperatorMethod.ContainingType))
        {
            return LowerOpaqueOperator(binary.OperatorMethod, new[] { binary.LeftOperand, binary.RightOperand }, binary);
        }
        if (binary.OperatorMethod is not null) return Unsupported(binary, $"The user-defined operator '{binary.OperatorMethod.ToDisplayString()}'", UserDefinedAdvice);
        if (binary.IsLifted) return Unsupported(binary, "An operator on nullable values", "use values that are not nullable");
        if (binary.IsChecked) return Unsupported(binary, "Checked arithmetic", "compute unchecked");
        var type = TypeMapping.TryMap(binary.Type);
        if (type is null) return Unsupported(binary, $"An operation on '{binary.Type?.ToDisplayString()}'");

        if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
        {
            // a && b  →  if (a) r = b; else r = false;     a || b  →  if (a) r = true; else r = b;
            var left = Lower(binary.LeftOperand);
            var result = NewTemp(IrType.Bool);
            blocks.Push(new List<Stmt>());
            Emit(new AssignStmt(result, Lower(binary.RightOperand)));
            var evaluateRight = PopBlock().ToEquatableArray();
            var shortCircuit = EquatableArray.Create<Stmt>(new AssignStmt(result, Literals.Bool(binary.OperatorKind == BinaryOperatorKind.ConditionalOr)));
            Emit(binary.OperatorKind == BinaryOperatorKind.ConditionalAnd
                ? new IfStmt(left, evaluateRight, shortCircuit)
                : new IfStmt(left, shortCircuit, evaluateRight));
            return result;
        }

        var op = MapOperator(binary.OperatorKind);
        if (op is null) return Unsupported(binary, $"The operator '{binary.OperatorKind}'");
        var leftValue = Lower(binary.LeftOperand);
        var rightValue = Lower(binary.RightOperand);
        return Temp(new BinaryExpr(op.Value, leftValue, rightValue, type));
    }

    /// <summary>The IR's operator for a C# binary operator (conditional ones are lowered to branches instead).</summary>
    private static BinaryOp? MapOperator(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOp.Add,
        BinaryOperatorKind.Subtract => BinaryOp.Subtract,
        BinaryOperatorKind.Multiply => BinaryOp.Multiply,
        BinaryOperatorKind.Divide => BinaryOp.Divide,
        BinaryOperatorKind.Remainder => BinaryOp.Remainder,
        BinaryOperatorKind.And => BinaryOp.And,
        BinaryOperatorKind.Or => BinaryOp.Or,
        BinaryOperatorKind.ExclusiveOr => BinaryOp.Xor,
        BinaryOperatorKind.LeftShift => BinaryOp.LeftShift,
        BinaryOperatorKind.RightShift => BinaryOp.RightShift,
        BinaryOperatorKind.UnsignedRightShift => BinaryOp.UnsignedRightShift,
        BinaryOperatorKind.Equals => BinaryOp.Equals,
        BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
        BinaryOperatorKind.LessThan => BinaryOp.LessThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterThanOrEqual,
        _ => null,
    };

    /// <summary>The .NET names of operators (<c>op_Addition</c> → <c>Add</c>), as BigInteger and Vector name theirs.</summary>
    private static string? OperatorMethodName(IMethodSymbol op) => op.Name switch
    {
        "op_Addition" => "Add",
        "op_Subtraction" => "Subtract",
        "op_Multiply" => "Multiply",
        "op_Division" => "Divide",
        "op_UnaryNegation" => "Negate",
        "op_Explicit" or "op_Implicit" => op.ReturnType.SpecialType switch
        {
            SpecialType.System_Single => "ToSingle",
            SpecialType.System_Double => "ToDouble",
            _ => null,
        },
        _ => null,
    };

    /// <summary>
    /// An operator or a conversion of an opaque type (defined in any assembly, so its body is never read): differentiated
    /// as the type's <c>[Differentiable]</c> static method of the operator's .NET name with the same parameters
    /// (<c>a + b</c> as <c>T.Add(a, b)</c>, <c>(float)t</c> as <c>T.ToSingle(t)</c>), whose derivatives the type provides.
    /// </summary>
    private Expr LowerOpaqueOperator(IMethodSymbol op, IOperation[] operands, IOperation site)
    {
        string? name = OperatorMethodName(op);
        var method = name is null ? null : op.ContainingType.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m =>
            m.IsStatic && m.Parameters.Length == op.Parameters.Length
            && m.Parameters.Select(p => p.Type).SequenceEqual(op.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default)
            && SymbolEqualityComparer.Default.Equals(m.ReturnType, op.ReturnType) && MethodParser.IsDifferentiableCallee(m));
        if (method is null)
        {
            string signature = "(" + string.Join(", ", op.Parameters.Select(p => p.Type.Name)) + ")";
            return Unsupported(site, $"The operator '{op.ToDisplayString()}' of the opaque differentiable type '{op.ContainingType.Name}'",
                name is null
                    ? "call a [Differentiable] static method of the type instead"
                    : $"an operator of an opaque type is differentiated as its [Differentiable] static method '{name}{signature}', which '{op.ContainingType.Name}' does not declare");
        }
        return LowerCall(method, site, null, operands.Select((o, i) => new CallSite(method.Parameters[i], o, ArgumentKind.Explicit, o.Syntax, o)).ToList())
            ?? Placeholder(site);
    }

    private Expr LowerUnary(IUnaryOperation unary)
    {
        if (unary.OperatorMethod is not null && (MethodParser.HasAttribute(unary.OperatorMethod, MethodParser.DifferentiableAttributeName) || IsValue(unary.Operand.Type)))
        {
            return InlineOperator(unary.OperatorMethod, new[] { unary.Operand }, unary) as Expr ?? Placeholder(unary);
        }
        if (unary.OperatorMethod is not null && OpaqueTypes.IsOpaque(unary.OperatorMethod.ContainingType))
        {
            return LowerOpaqueOperator(unary.OperatorMethod, new[] { unary.Operand }, unary);
        }
        if (unary.OperatorMethod is not null) return Unsupported(unary, $"The user-defined operator '{unary.OperatorMethod.ToDisplayString()}'", UserDefinedAdvice);
        if (unary.IsLifted) return Unsupported(unary, "An operator on nullable values", "use values that are not nullable");
        if (unary.IsChecked) return Unsupported(unary, "Checked arithmetic", "compute unchecked");
        var type = TypeMapping.TryMap(unary.Type);
        UnaryOp? op = unary.OperatorKind switch
        {
            UnaryOperatorKind.Minus => UnaryOp.Negate,
            UnaryOperatorKind.Plus => UnaryOp.Plus,
            UnaryOperatorKind.Not => UnaryOp.Not,
            UnaryOperatorKind.BitwiseNegation => UnaryOp.BitwiseNot,
            _ => null,
        };
        if (type is null || op is null) return Unsupported(unary);
        var operand = Lower(unary.Operand);
        if (op == UnaryOp.Plus) return operand;
        return Temp(new UnaryExpr(op.Value, operand, type));
    }

    private Expr LowerTernary(IConditionalOperation conditional)
    {
        var type = TypeMapping.TryMap(conditional.Type);
        if (type is null || conditional.WhenFalse is null) return Unsupported(conditional);
        var condition = Lower(conditional.Condition);
        var result = NewTemp(type);
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(result, Lower(conditional.WhenTrue)));
        var then = PopBlock().ToEquatableArray();
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(result, Lower(conditional.WhenFalse)));
        var @else = PopBlock().ToEquatableArray();
        Emit(new IfStmt(condition, then, @else));
        return result;
    }

    private Expr? LowerInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (SliceOf(invocation) is not null)
        {
            return Unsupported(invocation, $"A slice that is neither a local nor an input of a [Differentiable] method ('{Shorten(invocation.Syntax.ToString())}')",
                "declare it as a local (var row = x.Slice(s, n)) and read row[j] and row.Length, pass it to a [Differentiable] method's ReadOnlySpan<T> parameter, or pass the whole array and the offset and index v[offset + j]");
        }
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            // Its declaration is reported already (DG0011 or DG0015).
            return Placeholder(invocation);
        }
        if (IsLinq(method))
        {
            // The outermost call of a chain, once: its receiver, lambdas and conversions are not lowered. A query
            // held in a local is reported where the local is declared.
            if (!(LinqSource(invocation) is ILocalReferenceOperation { Local: var source } && rejectedLocals.Contains(source))) ReportLinq(invocation.Syntax);
            return Placeholder(invocation);
        }
        if (NeedsInlining(method, invocation.Instance))
        {
            return InlineCall(invocation) switch
            {
                Expr value => value,
                AggregateValue => Unsupported(invocation, $"'{Shorten(invocation.Syntax.ToString())}', a value of '{method.ReturnType.Name}', as a number", "read one of its members"),
                _ => method.ReturnsVoid ? null : Placeholder(invocation),
            };
        }
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            // A delegate local is reported where it is declared; a delegate parameter here.
            if (invocation.Instance is not ILocalReferenceOperation { Local: var local } || !rejectedLocals.Contains(local))
            {
                ReportUnsupported(LocationInfo.From(invocation.Syntax), $"A call of the delegate '{Shorten(invocation.Instance?.Syntax.ToString() ?? method.ContainingType.Name)}'", DelegateAdvice);
            }
            return Placeholder(invocation);
        }
        VarExpr? receiver = null;
        if (invocation.Instance?.Type is { } instanceType && OpaqueTypes.IsOpaque(instanceType))
        {
            Unsupported(invocation, $"A call of the instance method '{method.Name}' on the opaque differentiable type '{instanceType.Name}'", OpaqueTypes.Advice);
            return null;
        }
        if (invocation.Instance is not null)
        {
            // An instance call on this or on one of its differentiable fields (a layer of a model).
            if (FieldPath(invocation.Instance) is not { } path || !fields.TryGetValue(path, out receiver) || !MethodParser.IsDifferentiableCallee(method))
            {
                Unsupported(invocation, $"A call of the instance method '{method.ToDisplayString()}'",
                    "call a static method, or a [Differentiable] instance method of this or of one of its fields");
                return null;
            }
        }

        return LowerCall(method, invocation, receiver, invocation.Arguments.Select(a => new CallSite(a.Parameter, a.Value, a.ArgumentKind, a.Syntax, a)).ToList());
    }

    /// <summary>An argument of a call, whether written as one (an invocation's) or implied (an operator's operands).</summary>
    private sealed record CallSite(IParameterSymbol? Parameter, IOperation Value, ArgumentKind Kind, SyntaxNode Syntax, IOperation Operation);

    /// <summary>
    /// A call of <paramref name="method"/> (static, or on <paramref name="receiver"/>, a field of this) at
    /// <paramref name="site"/>: a derivative call, a constant call, a math function or a call without derivative.
    /// </summary>
    private Expr? LowerCall(IMethodSymbol method, IOperation site, VarExpr? receiver, IReadOnlyList<CallSite> callArgumentsWritten, string? typeArguments = null)
    {
        var arguments = new Expr[method.Parameters.Length];
        var slices = new Dictionary<int, (Expr Start, Expr Length)>();
        foreach (var argument in callArgumentsWritten)
        {
            if (argument.Kind == ArgumentKind.ParamArray && argument.Parameter is { RefKind: RefKind.None } paramArray
                && TypeMapping.TryMap(paramArray.Type) is { Kind: ValueKind.Array } paramType && !paramType.IsRealArray
                && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                // params int[] (a shape): the elements as written, passed as one array built where the call is.
                var elements = initializer.ElementValues.Select(e => new Argument(Lower(e))).ToEquatableArray();
                arguments[paramArray.Ordinal] = Temp(new InvokeExpr(RuntimeNames.ArrayOf + "<" + paramType.Element!.Name + ">", elements, paramType));
                continue;
            }
            if (argument.Parameter is null || argument.Parameter.RefKind != RefKind.None || argument.Kind == ArgumentKind.ParamArray)
            {
                Unsupported(argument.Operation, "A ref, out, in or params argument", "pass values, and take results as return values");
                return null;
            }
            if (TypeMapping.TryMap(argument.Parameter.Type) is { Kind: ValueKind.Array } && MethodParser.IsDifferentiableCallee(method)
                && !MethodParser.IsOutputParameter(argument.Parameter) && IsSlice(argument.Value) && ViewOf(argument.Value) is { } slice)
            {
                // A slice a [Differentiable] callee reads: the array itself, with its bounds (CallArgument.SliceStart).
                arguments[argument.Parameter.Ordinal] = slice.Source;
                slices[argument.Parameter.Ordinal] = (Atom(slice.Start), Atom(slice.Length));
                continue;
            }
            arguments[argument.Parameter.Ordinal] = TypeMapping.TryMap(argument.Parameter.Type) is { Kind: ValueKind.Array }
                ? ArrayVariable(argument.Value)
                : Lower(argument.Value);
        }
        if (arguments.Any(a => a is null)) return Unsupported(site);
        var copiedToArray = new HashSet<int>();
        for (int i = 0; i < arguments.Length; i++)
        {
            // Local arrays are pooled spans in generated code: they cannot become a T[] argument. A [Differentiable]
            // callee only reads its T[] parameters, so it gets a copy (its derivative still goes to the span's); unless
            // the same span is also an output of the call, whose writes the copy would not show.
            if (TypeMapping.TryMap(method.Parameters[i].Type) is { Shape: ArrayShape.Array } && arguments[i].Type.Shape == ArrayShape.Span)
            {
                if (MethodParser.IsDifferentiableCallee(method) && arguments[i] is VarExpr span
                    && !Enumerable.Range(0, arguments.Length).Any(j => j != i && MethodParser.IsOutputParameter(method.Parameters[j]) && arguments[j] is VarExpr other && other.Name == span.Name))
                {
                    copiedToArray.Add(i);
                    continue;
                }
                ReportUnsupported(LocationInfo.From(callArgumentsWritten.First(a => a.Parameter?.Ordinal == i).Syntax),
                    $"Passing a local array or a span to the array parameter '{method.Parameters[i].Name}' of '{method.Name}'", "declare that parameter ReadOnlySpan<T>");
                return Placeholder(site);
            }
        }

        var returnType = method.ReturnsVoid ? IrType.Void : TypeMapping.TryMap(method.ReturnType);
        if (returnType is null)
        {
            Unsupported(site, $"A call returning '{method.ReturnType.ToDisplayString()}'", "call methods that return double, float, integers, bool or void");
            return null;
        }

        if (MethodParser.IsDifferentiableCallee(method))
        {
            var callArguments = new CallArgument[arguments.Length];
            var readOutputs = new List<(VarExpr, LocationInfo?, string, string)>();
            for (int i = 0; i < arguments.Length; i++)
            {
                var parameter = method.Parameters[i];
                bool output = MethodParser.IsOutputParameter(parameter);
                if (output && !IsWritable(arguments[i]))
                {
                    Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(callArgumentsWritten.First(a => a.Parameter?.Ordinal == i).Syntax),
                        $"'{parameter.Name}' of '{method.Name}' with a parameter's array (a differentiable method does not change its inputs; pass a local array)");
                }
                bool mayBeRead = output && OutputReads.MayRead(parameter.OriginalDefinition, semanticModel.Compilation, cancellationToken);
                callArguments[i] = new CallArgument(arguments[i], output || MethodParser.IsDifferentiableParameter(parameter), output) { MayBeRead = mayBeRead, CopiedToArray = copiedToArray.Contains(i) };
                if (mayBeRead && arguments[i] is VarExpr array)
                {
                    readOutputs.Add((array, Here(callArgumentsWritten.First(a => a.Parameter?.Ordinal == i).Syntax), method.ToDisplayString(), parameter.Name));
                }
            }
            var noDiffArguments = new List<(Expr, LocationInfo?, string, string)>();
            for (int i = 0; i < arguments.Length; i++)
            {
                if (!callArguments[i].Differentiable && arguments[i].Type.IsDifferentiableValue)
                {
                    noDiffArguments.Add((arguments[i], Here(callArgumentsWritten.First(a => a.Parameter?.Ordinal == i).Syntax), method.ToDisplayString(), method.Parameters[i].Name));
                }
            }
            if (receiver is not null) callArguments = new[] { new CallArgument(receiver, Differentiable: true) { IsReceiver = true, IsValueType = site is IInvocationOperation { Instance.Type: { IsValueType: true } or { IsRecord: true } } } }.Concat(callArguments).ToArray();
            callArguments = WithSliceBounds(callArguments, slices, receiver is null ? 0 : 1);
            var call = new DifferentiableCallExpr(method.ContainingType.ToDisplayString(TypeMapping.FullyQualified), method.Name, callArguments.ToEquatableArray(), method.ReturnsVoid ? IrType.Void : returnType)
            {
                // Its Gradient is generated in this compilation (none written by hand, none compiled elsewhere): it
                // has the callers' overload that gives back the adjoints of the outputs' old contents.
                // A hand-written Pullback takes the outputs' old contents as constants, as a hand-written Gradient does.
                PassesOutputAdjoints = callArguments.Any(a => a.IsOutput) && method.ContainingType.GetMembers(method.Name + MethodModel.GradientSuffix).IsEmpty
                    && !MethodParser.HasHandWrittenPullback(method),
                HasPrimalAndPullback = MethodParser.HasPrimalAndPullback(method, method.ContainingType.GetMembers(method.Name + MethodModel.GradientSuffix).IsEmpty)
                    || MethodParser.HasGeneratedSplitForms(method, semanticModel.Compilation),
                HasHandWrittenPullback = MethodParser.HasHandWrittenPullback(method),
                TypeArguments = typeArguments ?? (method.IsGenericMethod ? "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(TypeMapping.FullyQualified))) + ">" : ""),
            };
            var callResult = method.ReturnsVoid ? null : NewTemp(returnType);
            Stmt statement = callResult is null ? new ExprStmt(call) : new AssignStmt(callResult, call);
            if (noDiffArguments.Count > 0) NoDiffArguments[statement] = noDiffArguments;
            if (method.OriginalDefinition.GetDocumentationCommentId() is { } calleeKey)
            {
                DifferentiableCalls.Add(new CalleeCall(calleeKey, method.ToDisplayString(), LocationInfo.From(site.Syntax)));
            }
            if (readOutputs.Count > 0) OutputsReadByCallee[statement] = readOutputs;

            Emit(statement);
            return callResult;
        }

        if (MethodParser.IsConstantCall(method))
        {
            // StopGradient and [NoDiff] methods: their results are constants, whatever their arguments.
            return Temp(new InvokeExpr(Target(method), arguments.Select(a => new Argument(a)).ToEquatableArray(), returnType));
        }

        if (returnType.IsDifferentiableValue && Registrations.Find(semanticModel.Compilation, method, cancellationToken) is { } registration)
        {
            var registered = new CallArgument[arguments.Length];
            for (int i = 0; i < arguments.Length; i++) registered[i] = new CallArgument(arguments[i], MethodParser.IsDifferentiableParameter(method.Parameters[i]));
            return Temp(new DifferentiableCallExpr(method.ContainingType.ToDisplayString(TypeMapping.FullyQualified), method.Name, registered.ToEquatableArray(), returnType)
            {
                RegisteredGradient = registration.Gradient,
                RegisteredTangent = registration.Tangent,
            });
        }

        if (TryMathFunction(method, out var className, out var function) && returnType.IsReal)
        {
            return Temp(new MathCallExpr(className, function, arguments.ToEquatableArray(), returnType));
        }

        var invoke = new InvokeExpr(Target(method), arguments.Select(a => new Argument(a)).ToEquatableArray(), returnType);
        var result = method.ReturnsVoid ? null : NewTemp(returnType);
        Stmt invocationStatement = result is null ? new ExprStmt(invoke) : new AssignStmt(result, invoke);
        if (returnType.IsDifferentiableValue || arguments.Any(a => a.Type is { IsRealArray: true, Shape: ArrayShape.Span } or { IsOpaque: true }))
        {
            CallsWithoutDerivative[invocationStatement] = (Here(site.Syntax), method.ToDisplayString(), WithoutDerivativeAdvice(method));
        }
        Emit(invocationStatement);
        return result;
    }

    /// <summary>A static method as generated code calls it: fully qualified, with its type arguments.</summary>
    private static string Target(IMethodSymbol method)
    {
        string target = method.ContainingType.ToDisplayString(TypeMapping.FullyQualified) + "." + CSharpEmitterIdentifier(method.Name);
        if (method.IsGenericMethod)
        {
            target += "<" + string.Join(", ", method.TypeArguments.Select(t => t.ToDisplayString(TypeMapping.FullyQualified))) + ">";
        }
        return target;
    }

    /// <summary>A method of <c>Math</c>, <c>MathF</c>, <c>double</c> or <c>float</c> that has a row in the math table.</summary>
    private static bool TryMathFunction(IMethodSymbol method, out string className, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MathFunction? function)
    {
        var type = method.ContainingType;
        className = "";
        function = null;
        bool isMath = type.ContainingNamespace?.ToDisplayString() == "System" && (type.Name == "Math" || type.Name == "MathF");
        bool isReal = type.SpecialType is SpecialType.System_Double or SpecialType.System_Single;
        if (!isMath && !isReal) return false;
        function = MathFunction.Find(method.Name, method.Parameters.Length, i => TypeMapping.IsReal(method.Parameters[i].Type));
        if (function is null) return false;
        className = type.ToDisplayString(TypeMapping.FullyQualified);
        return true;
    }

    private Expr LowerAssignment(ISimpleAssignmentOperation assignment)
    {
        if (IsValue(assignment.Target.Type)) return LowerAggregateAssignment(assignment);
        if (IsElement(assignment.Target))
        {
            var (array, index) = ElementTarget(assignment.Target);
            var stored = Lower(assignment.Value);
            if (array is not null) Emit(new StoreStmt(array, index!, stored));
            return stored;
        }
        var target = AssignmentTarget(assignment.Target);
        var value = Lower(assignment.Value);
        if (target is null) return value;
        Emit(new AssignStmt(target, value));
        return target;
    }

    private Expr LowerCompoundAssignment(ICompoundAssignmentOperation compound)
    {
        if (compound.OperatorMethod is not null && OpaqueTypes.IsOpaque(compound.OperatorMethod.ContainingType))
        {
            // t += u  is  t = Tensor.Add(t, u): a new value, as every operation on opaque values returns.
            var assigned = AssignmentTarget(compound.Target);
            if (assigned is null) return Placeholder(compound);
            var updated = LowerOpaqueOperator(compound.OperatorMethod, new[] { compound.Target, compound.Value }, compound);
            Emit(new AssignStmt(assigned, updated));
            return assigned;
        }
        if (compound.OperatorMethod is not null) return Unsupported(compound, $"The user-defined operator '{compound.OperatorMethod.ToDisplayString()}'", UserDefinedAdvice);
        if (compound.IsLifted || compound.IsChecked) return Unsupported(compound);
        if (IsElement(compound.Target)) return LowerElementUpdate(compound.Target, compound, compound.OperatorKind, compound.Value);
        var target = AssignmentTarget(compound.Target);
        if (target is null) return Placeholder(compound);
        var op = MapOperator(compound.OperatorKind);
        if (op is null) return Unsupported(compound);

        if (target.Type.Kind == ValueKind.Integer && compound.InConversion.IsIdentity && compound.OutConversion.IsIdentity
            && op is BinaryOp.Add or BinaryOp.Subtract && !snapshotReads && compound.Value.ConstantValue.HasValue && Lower(compound.Value) is ConstExpr step)
        {
            // i += c in place: reverse mode undoes it by subtraction instead of saving i.
            Emit(new AssignStmt(target, new BinaryExpr(op.Value, target, step, target.Type)));
            return target;
        }

        // x op= y  is  x = (T)((U)x op y), where U is the operator's type.
        Expr left = snapshotReads ? Temp(target) : target;
        var operatorType = compound.InConversion.IsIdentity ? target.Type : TypeMapping.TryMap(compound.Value.Type);
        if (operatorType is null) return Unsupported(compound);
        if (!compound.InConversion.IsIdentity) left = Temp(new ConvertExpr(left, operatorType));
        var right = Lower(compound.Value);
        Expr result = Temp(new BinaryExpr(op.Value, left, right, operatorType));
        if (!compound.OutConversion.IsIdentity || result.Type != target.Type) result = Temp(new ConvertExpr(result, target.Type));
        Emit(new AssignStmt(target, result));
        return target;
    }

    private Expr LowerIncrement(IIncrementOrDecrementOperation increment, bool valueUsed)
    {
        if (increment.OperatorMethod is not null || increment.IsLifted || increment.IsChecked) return Unsupported(increment);
        if (IsElement(increment.Target))
        {
            var kind = increment.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract;
            return LowerElementUpdate(increment.Target, increment, kind, null);
        }
        var target = AssignmentTarget(increment.Target);
        if (target is null) return Placeholder(increment);
        bool postfix = increment.IsPostfix;
        VarExpr? old = postfix && valueUsed ? Temp(target) : null;
        var one = TypeMapping.Constant(1, target.Type);
        if (one is null) return Unsupported(increment);
        var op = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
        if (target.Type.Kind == ValueKind.Integer)
        {
            // i = i + 1 in place: reverse mode undoes it by subtraction instead of saving i.
            Emit(new AssignStmt(target, new BinaryExpr(op, target, one, target.Type)));
            return old ?? target;
        }
        Expr updated = Temp(new BinaryExpr(op, target, one, target.Type));
        Emit(new AssignStmt(target, updated));
        return old ?? target;
    }

    // ---- Local arrays ------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>var p = new T[n]</c>, <c>new T[] { ... }</c> or <c>stackalloc T[n]</c>: a local array, created once, outside loops.
    /// </summary>
    private void LowerArrayCreation(VarExpr variable, IOperation value)
    {
        var creation = value is IConversionOperation { OperatorMethod: null } conversion ? conversion.Operand : value;
        var syntax = creation.Syntax;
        IOperation? length = null;
        IArrayInitializerOperation? initializer = null;
        if (creation is IArrayCreationOperation { DimensionSizes.Length: 1 } array)
        {
            length = array.DimensionSizes[0];
            initializer = array.Initializer;
        }
        else if (syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers: [{ Sizes: [var size] }] } } stackAlloc
                 && size is not OmittedArraySizeExpressionSyntax)
        {
            length = semanticModel.GetOperation(size, cancellationToken);
            if (stackAlloc.Initializer is not null) length = null;
        }
        if (length is null)
        {
            if (ViewedVariable(creation) is { } viewed)
            {
                string kind = viewed switch
                {
                    IParameterSymbol parameter when MethodParser.HasAttribute(parameter, MethodParser.NoDiffAttributeName) => "the [NoDiff] parameter",
                    IParameterSymbol => "the parameter",
                    _ => "the local",
                };
                ReportUnsupported(LocationInfo.From(value.Syntax), $"A local span or array over {kind} '{viewed.Name}' ('{Shorten(value.Syntax.ToString())}')",
                    $"a local array is a new one (new T[n], new T[] {{ ... }} or stackalloc T[n]): read '{viewed.Name}' directly ({viewed.Name}[i], {viewed.Name}[offset + i]) instead, or copy what you need into a new T[n]");
                return;
            }
            ReportUnsupported(LocationInfo.From(value.Syntax), $"A local array that is not created with new T[n], new T[] {{ ... }} or stackalloc T[n] ('{Shorten(value.Syntax.ToString())}')",
                "create it with new T[n] and fill it, or take it as a parameter");
            return;
        }
        if (loops.Count > 0)
        {
            ReportUnsupported(LocationInfo.From(syntax), "An array created inside a loop", "create it once, before the loop, and overwrite it in each pass");
            return;
        }
        Emit(new AssignStmt(variable, new NewArrayExpr(Lower(length), variable.Type)));
        if (initializer is null) return;
        for (int i = 0; i < initializer.ElementValues.Length; i++)
        {
            Emit(new StoreStmt(variable, Literals.Int(i), Lower(initializer.ElementValues[i])));
        }
    }

    private static bool IsElement(IOperation target)
        => target is IArrayElementReferenceOperation
           || target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: not null } indexer && TypeMapping.TryMap(indexer.Instance.Type) is { Kind: ValueKind.Array };

    /// <summary>The array and index of an element being written: only local arrays (and outputs) can be written.</summary>
    private (VarExpr? Array, Expr? Index) ElementTarget(IOperation target)
    {
        var (arrayOperation, indexOperation) = target switch
        {
            IArrayElementReferenceOperation element when element.Indices.Length == 1 => (element.ArrayReference, element.Indices[0]),
            IPropertyReferenceOperation { Instance: { } instance, Arguments.Length: 1 } indexer => (instance, indexer.Arguments[0].Value),
            _ => (null, null),
        };
        if (arrayOperation is null || indexOperation is null)
        {
            Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), "an element of a multi-dimensional array");
            return (null, null);
        }
        if (arrayOperation is ILocalReferenceOperation { Local: var viewLocal } && views.ContainsKey(viewLocal))
        {
            RejectViewUse(viewLocal, arrayOperation);
            return (null, null);
        }
        if (arrayOperation is IParameterReferenceOperation parameter && !MethodParser.IsOutputParameter(parameter.Parameter))
        {
            Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax),
                $"an element of the parameter '{parameter.Parameter.Name}' (a differentiable method does not change its inputs; copy it into a local array)");
            return (null, null);
        }
        if (arrayOperation is not (ILocalReferenceOperation or IParameterReferenceOperation) || ArrayVariable(arrayOperation) is not VarExpr array)
        {
            Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), $"'{Shorten(target.Syntax.ToString())}'");
            return (null, null);
        }
        return (array, Lower(indexOperation));
    }

    /// <summary><c>p[i] op= v</c> and <c>p[i]++</c>: read the element, compute, store it back.</summary>
    private Expr LowerElementUpdate(IOperation target, IOperation operation, BinaryOperatorKind kind, IOperation? value)
    {
        var (array, index) = ElementTarget(target);
        if (array is null) return Placeholder(operation);
        var element = array.Type.Element!;
        var current = Temp(new ElementExpr(array, index!, element));
        var op = MapOperator(kind);
        if (op is not (BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide)) op = null;
        if (op is null) return Unsupported(operation);
        Expr operand = value is null ? TypeMapping.Constant(1, element)! : Lower(value);
        if (operand.Type != element) operand = Temp(new ConvertExpr(operand, element));
        var updated = Temp(new BinaryExpr(op.Value, current, operand, element));
        Emit(new StoreStmt(array, index!, updated));
        return updated;
    }

    /// <summary>Local arrays and this method's own outputs can be written; its input arrays cannot.</summary>
    private bool IsWritable(Expr array)
        => array is VarExpr { Type.Shape: ArrayShape.Span } variable
           && variables.Any(pair => pair.Value.Name == variable.Name && (pair.Key is ILocalSymbol || pair.Key is IParameterSymbol p && MethodParser.IsOutputParameter(p)));

    private VarExpr? AssignmentTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when TypeMapping.TryMap(local.Local.Type) is { Kind: ValueKind.Array }:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax),
                    $"the array variable '{local.Local.Name}' (a local array is created once, where it is declared)");
                return null;
            case ILocalReferenceOperation local:
                return variables.TryGetValue(local.Local, out var variable) ? variable : Declare(local.Local, target.Syntax);
            case IParameterReferenceOperation parameter when variables.TryGetValue(parameter.Parameter, out var parameterVariable):
                return parameterVariable;
            case IMemberReferenceOperation { Instance: { } instance } member
                when member is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }
                     && (IsValue(instance.Type) || (inlines.Count > 0 && instance is IInstanceReferenceOperation)):
                return MemberTarget(member);
            case IFieldReferenceOperation field:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), $"the field '{field.Field.Name}'");
                return null;
            case IPropertyReferenceOperation property:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), $"the property '{property.Property.Name}'");
                return null;
            case IArrayElementReferenceOperation:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), "an array element");
                return null;
            default:
                Report(DiagnosticDescriptors.UnsupportedAssignmentTarget, LocationInfo.From(target.Syntax), $"'{Shorten(target.Syntax.ToString())}'");
                return null;
        }
    }

    private Expr Opaque(INamedTypeSymbol containingType, string name, ITypeSymbol? type, IOperation operation)
    {
        var mapped = TypeMapping.TryMap(type);
        if (mapped is null) return Unsupported(operation, $"Reading '{containingType.Name}.{name}' of type '{type?.ToDisplayString()}'", "read the value it holds outside, and pass that as a parameter");
        return Temp(new OpaqueExpr(containingType.ToDisplayString(TypeMapping.FullyQualified) + "." + CSharpEmitterIdentifier(name), mapped));
    }

    private void RecordClosure(SyntaxNode syntax, string kind)
    {
        var captured = new List<string>();
        try
        {
            DataFlowAnalysis? flow = syntax switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax expression => semanticModel.AnalyzeDataFlow(expression),
                Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax statement => semanticModel.AnalyzeDataFlow(statement),
                _ => null,
            };
            if (flow is not null && flow.Succeeded)
            {
                foreach (var symbol in flow.CapturedInside)
                {
                    var type = symbol switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };
                    if (TypeMapping.IsReal(type) && variables.TryGetValue(symbol, out var variable)) captured.Add(variable.Name);
                }
            }
        }
        catch (ArgumentException)
        {
            // Data flow analysis rejects some regions; the closure is reported as unsupported all the same.
        }
        var location = syntax is Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax localFunction ? localFunction.Identifier.GetLocation() : syntax.GetLocation();
        Closures.Add((inlineSite ?? LocationInfo.From(location), kind, captured));
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private VarExpr? Declare(ISymbol symbol, SyntaxNode syntax)
    {
        var type = symbol switch { ILocalSymbol local => local.Type, IParameterSymbol parameter => parameter.Type, _ => null };
        if (symbol is ILocalSymbol { IsRef: true })
        {
            ReportUnsupported(LocationInfo.From(syntax), "A ref local", "use a plain local and assign it back where it changes");
            return null;
        }
        if (rejectedLocals.Contains(symbol)) return null;   // reported where it is declared
        var mapped = TypeMapping.TryMap(type);
        if (mapped is null)
        {
            ReportUnsupported(LocationInfo.From(syntax), $"A variable of type '{type?.ToDisplayString()}'",
                "locals of a differentiable method are double, float, integers, bool, or arrays and spans of them");
            return null;
        }
        // A local array lives in a pooled buffer in generated code: a span of its length.
        if (symbol is ILocalSymbol && mapped.Kind == ValueKind.Array) mapped = IrType.SpanOf(mapped.Element!);
        var variable = new VarExpr(names.Fresh(symbol.Name), mapped);
        variables[symbol] = variable;
        locals.Add(variable);
        if (loops.Count > 0 && symbol is ILocalSymbol) LoopLocals.Add(variable.Name);
        return variable;
    }

    /// <summary>Every temporary: each is assigned before it is read, in the statement lowered from one expression.</summary>
    public List<string> Temporaries { get; } = new();

    private VarExpr NewTemp(IrType type)
    {
        var temp = new VarExpr(names.Numbered("_t"), type);
        Temporaries.Add(temp.Name);
        locals.Add(temp);
        return temp;
    }

    private VarExpr Temp(Expr value)
    {
        var temp = NewTemp(value.Type);
        Emit(new AssignStmt(temp, value));
        return temp;
    }

    private void Emit(Stmt statement) => blocks.Peek().Add(statement);

    /// <summary>
    /// Elements already read in the statement being lowered, by array and index: <c>x[i] * x[i]</c> reads once, so its
    /// derivative adds into the gradient once. An entry lives as long as the block that read it.
    /// </summary>
    private readonly Dictionary<(string Array, string Index), (VarExpr Temp, int Depth)> elementReads = new();

    private List<Stmt> PopBlock()
    {
        var block = blocks.Pop();
        foreach (var key in elementReads.Where(pair => pair.Value.Depth > blocks.Count).Select(pair => pair.Key).ToList()) elementReads.Remove(key);
        return block;
    }

    private Expr Unsupported(IOperation operation, string? what = null, string? advice = null)
    {
        ReportUnsupported(LocationInfo.From(operation.Syntax), what ?? Describe(operation.Syntax), advice ?? (what is null ? Advice(operation.Syntax) : null));
        return Placeholder(operation);
    }

    /// <summary>DG0015: what is not supported, and, where there is one, what to write instead.</summary>
    private void ReportUnsupported(LocationInfo? location, string what, string? advice = null)
        => Report(DiagnosticDescriptors.UnsupportedConstruct, location, what, UnsupportedAdvice(advice));

    /// <summary>The second argument of DG0015's message: empty, or "; " and what to write instead.</summary>
    public static string UnsupportedAdvice(string? advice) => string.IsNullOrEmpty(advice) ? "" : "; " + advice;

    /// <summary>What to write instead of a construct <see cref="Describe"/> names, where one thing fits.</summary>
    private static string? Advice(SyntaxNode syntax) => syntax.Kind() switch
    {
        SyntaxKind.ThrowStatement or SyntaxKind.ThrowExpression => "check the input in the caller before calling, or return a value such as double.NaN",
        SyntaxKind.InterpolatedStringExpression => "a string carries no derivative: build it outside the differentiable method",
        SyntaxKind.TupleExpression or SyntaxKind.SimpleAssignmentExpression => "assign each value to a local of its own",
        _ => null,
    };

    private const string UserDefinedAdvice = "write the arithmetic on double or float, or move it into a [Differentiable] static method and call that";

    private const string DelegateAdvice = "DiffGen cannot differentiate through a delegate: call a [Differentiable] method directly instead";

    /// <summary>Methods of System.Linq: a query runs delegates over enumerators, neither of which DiffGen can follow.</summary>
    private static bool IsLinq(IMethodSymbol method)
        => method.ContainingNamespace?.ToDisplayString() is "System.Linq";

    /// <summary>A query expression, or a call of a LINQ method (after conversions).</summary>
    private static bool IsLinq(IOperation operation) => operation switch
    {
        IConversionOperation conversion => IsLinq(conversion.Operand),
        ITranslatedQueryOperation => true,
        IInvocationOperation invocation => IsLinq(invocation.TargetMethod),
        _ => false,
    };

    /// <summary>What a chain of LINQ calls starts from: <c>q</c> in <c>q.Where(…).Sum()</c>.</summary>
    private static IOperation? LinqSource(IOperation? operation) => operation switch
    {
        IConversionOperation conversion => LinqSource(conversion.Operand),
        IInvocationOperation { Instance: null, Arguments.Length: > 0 } invocation when IsLinq(invocation.TargetMethod) => LinqSource(invocation.Arguments[0].Value),
        _ => operation,
    };

    private void ReportLinq(SyntaxNode syntax)
        => ReportUnsupported(LocationInfo.From(syntax), $"A LINQ query ('{Shorten(syntax.ToString())}')",
            "DiffGen cannot differentiate through its lambdas and enumerators: write a for loop over the array instead");

    /// <summary>
    /// A local of a delegate type, reported once where it is declared: its lambda as a closure (DG0011 when it captures
    /// a value that carries a derivative, DG0015 otherwise), anything else as a delegate. Its uses stay quiet.
    /// </summary>
    private void RejectDelegateLocal(IVariableDeclaratorOperation declarator, IOperation? value)
    {
        rejectedLocals.Add(declarator.Symbol);
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        if (value is IAnonymousFunctionOperation or IDelegateCreationOperation) LowerDelegate(value);
        else ReportUnsupported(LocationInfo.From(declarator.Syntax), $"A delegate variable ('{Shorten(declarator.Syntax.ToString())}')", DelegateAdvice);
    }

    /// <summary>A lambda is a closure (DG0011 or DG0015); a method group converted to a delegate is DG0015.</summary>
    private void LowerDelegate(IOperation operation)
    {
        if (operation is IDelegateCreationOperation { Target: IMethodReferenceOperation reference })
        {
            ReportUnsupported(LocationInfo.From(operation.Syntax), $"A delegate of '{reference.Method.Name}'", $"call '{reference.Method.Name}' directly (a [Differentiable] method) instead");
            return;
        }
        RecordClosure(operation.Syntax, "lambda");
    }

    private readonly HashSet<ISymbol> rejectedLocals = new(SymbolEqualityComparer.Default);

    /// <summary>The parameter or local whose data a span or array expression views: <c>data</c>, <c>data.AsSpan(1)</c>, <c>data[1..]</c>.</summary>
    private static ISymbol? ViewedVariable(IOperation operation) => operation switch
    {
        IConversionOperation conversion => ViewedVariable(conversion.Operand),
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IInvocationOperation { Instance: { } instance } => ViewedVariable(instance),
        IInvocationOperation { Instance: null, TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension => ViewedVariable(extension.Arguments[0].Value),
        IImplicitIndexerReferenceOperation indexer => ViewedVariable(indexer.Instance),
        IPropertyReferenceOperation { Instance: { } instance } => ViewedVariable(instance),
        _ => null,
    };

    /// <summary>DG0010's advice: what the user can do about this callee.</summary>
    private static string WithoutDerivativeAdvice(IMethodSymbol method)
    {
        if (MethodParser.HasAttribute(method, MethodParser.DifferentiableAttributeName))
        {
            return "it is [Differentiable], but its declaration has an error of its own (reported there) that stops its derivatives; fix that first";
        }
        if (method.Locations.Any(l => l.IsInSource))
        {
            return "mark it [Differentiable], register its Gradient and Tangent with [DerivativeOf], or wrap the argument in DiffMath.StopGradient";
        }
        string type = method.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return $"a library method cannot be marked [Differentiable]: register its derivatives with [DerivativeOf(typeof({type}), nameof({type}.{method.Name}))] "
               + $"on static methods named {method.Name}Gradient and {method.Name}Tangent, or wrap the argument in DiffMath.StopGradient if its derivative does not matter";
    }

    /// <summary>A stand-in value after an error, so lowering goes on and reports every problem at once.</summary>
    private static Expr Placeholder(IOperation operation)
        => new ConstExpr(TypeMapping.TryMap(operation.Type) ?? IrType.Double, "default");

    private void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => diagnostics.Add(DiagnosticInfo.Create(descriptor, location, arguments));

    private static LocationInfo? KeywordLocation(SyntaxNode syntax) => LocationInfo.From(syntax.GetFirstToken().GetLocation());

    private static string LoopName(ILoopOperation loop) => loop.LoopKind switch
    {
        LoopKind.For => "for",
        LoopKind.ForEach => "foreach",
        LoopKind.While => loop.Syntax.IsKind(SyntaxKind.DoStatement) ? "do" : "while",
        _ => loop.Syntax.GetFirstToken().Text,
    };

    /// <summary>"SwitchStatement" → "A switch statement".</summary>
    private static string Describe(SyntaxNode syntax)
    {
        var kind = syntax.Kind().ToString();
        var words = new StringBuilder();
        for (int i = 0; i < kind.Length; i++)
        {
            if (i > 0 && char.IsUpper(kind[i])) words.Append(' ');
            words.Append(char.ToLowerInvariant(kind[i]));
        }
        string text = words.ToString();
        string article = "aeiou".IndexOf(text[0]) >= 0 ? "An " : "A ";
        return article + text + " ('" + Shorten(syntax.ToString()) + "')";
    }

    /// <summary>
    /// Source text as a message quotes it: every run of whitespace (newlines and indentation included) one space, and
    /// at most <paramref name="limit"/> characters, cut at a space where one is near, then "...".
    /// </summary>
    public static string Shorten(string text, int limit = 40)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (char c in text.Trim())
        {
            if (!char.IsWhiteSpace(c)) collapsed.Append(c);
            else if (collapsed.Length > 0 && collapsed[collapsed.Length - 1] != ' ') collapsed.Append(' ');
        }
        if (collapsed.Length <= limit) return collapsed.ToString();
        string cut = collapsed.ToString(0, limit - 3);
        int space = cut.LastIndexOf(' ');
        if (space >= limit / 2) cut = cut.Substring(0, space);
        return cut.TrimEnd() + " ...";
    }

    private static string CSharpEmitterIdentifier(string name) => DiffGen.Generator.Emit.CSharpEmitter.Identifier(name);
}
