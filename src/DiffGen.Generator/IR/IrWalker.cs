using DiffGen.Generator.Model;

namespace DiffGen.Generator.IR;

/// <summary>Walks of the IR that the analyses and passes share.</summary>
internal static class IrWalker
{
    /// <summary>Every statement of a block, nested ones included (branches, loop bodies), in order.</summary>
    public static IEnumerable<Stmt> Statements(IEnumerable<Stmt> block)
    {
        foreach (var statement in block)
        {
            yield return statement;
            var nested = statement switch
            {
                IfStmt branch => branch.Then.Concat(branch.Else),
                ForStmt loop => loop.Body,
                LoopStmt loop => loop.Body,
                RepeatStmt repeat => repeat.Body,
                _ => Enumerable.Empty<Stmt>(),
            };
            foreach (var inner in Statements(nested)) yield return inner;
        }
    }

    /// <summary>Every block: <paramref name="body"/> itself, then each branch and loop body in it, in order.</summary>
    public static IEnumerable<EquatableArray<Stmt>> Blocks(EquatableArray<Stmt> body)
    {
        yield return body;
        foreach (var statement in Statements(body))
        {
            switch (statement)
            {
                case IfStmt branch: yield return branch.Then; yield return branch.Else; break;
                case ForStmt loop: yield return loop.Body; break;
                case LoopStmt loop: yield return loop.Body; break;
                case RepeatStmt repeat: yield return repeat.Body; break;
            }
        }
    }

    /// <summary>The body of a counted or a <c>while</c> loop; null for any other statement.</summary>
    public static EquatableArray<Stmt>? LoopBody(Stmt statement) => statement switch
    {
        ForStmt counted => counted.Body,
        LoopStmt loop => loop.Body,
        _ => null,
    };

    /// <summary>
    /// The variables a block assigns, nested statements included, once per assignment: the targets of assignments and
    /// the counters of loops (not arrays, whose elements are stored: see <see cref="Writes"/>).
    /// </summary>
    public static IEnumerable<string> Assigned(IEnumerable<Stmt> block)
    {
        foreach (var statement in Statements(block))
        {
            switch (statement)
            {
                case AssignStmt assignment: yield return assignment.Target.Name; break;
                case ForStmt loop: yield return loop.Counter.Name; break;
                case RepeatStmt repeat: yield return repeat.Counter.Name; break;
            }
        }
    }

    /// <summary>
    /// The variables a statement itself writes (not its nested statements): an assignment's target, the array a store
    /// writes into, and the outputs of a call it makes.
    /// </summary>
    public static IEnumerable<string> Writes(Stmt statement)
    {
        if (statement is AssignStmt assignment) yield return assignment.Target.Name;
        if (statement is StoreStmt store) yield return store.Array.Name;
        if (statement is TakeStmt take) yield return take.Target.Name;
        foreach (var call in ExpressionsOf(statement).SelectMany(Subexpressions).OfType<DifferentiableCallExpr>())
        {
            foreach (var output in call.Outputs()) yield return output.Name;
        }
        foreach (var sub in ExpressionsOf(statement).SelectMany(Subexpressions))
        {
            if (sub is AdjointAddExpr add) yield return add.Adjoint.Name;
            if (sub is AdjointEnsureExpr ensure) yield return ensure.Adjoint.Name;
        }
    }

    /// <summary>
    /// An expression and everything in it. An element read yields its index but not its array's variable (callers that
    /// care look at the <see cref="ElementExpr"/>); an array length yields nothing more.
    /// </summary>
    public static IEnumerable<Expr> Subexpressions(Expr expression)
    {
        var pending = new Stack<Expr>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            switch (current)
            {
                case UnaryExpr unary: pending.Push(unary.Operand); break;
                case BinaryExpr binary: pending.Push(binary.Left); pending.Push(binary.Right); break;
                case ConvertExpr convert: pending.Push(convert.Operand); break;
                case ConditionalExpr conditional: pending.Push(conditional.Condition); pending.Push(conditional.WhenTrue); pending.Push(conditional.WhenFalse); break;
                case MathCallExpr call: foreach (var argument in call.Arguments) pending.Push(argument); break;
                case DifferentiableCallExpr call: foreach (var argument in call.Arguments) pending.Push(argument.Value); break;
                case InvokeExpr call: foreach (var argument in call.Arguments) if (argument.Value is { } value) pending.Push(value); break;
                case ElementExpr element: pending.Push(element.Index); break;
                case NewArrayExpr array: pending.Push(array.Length); break;
                case RentExpr rent: pending.Push(rent.Length); break;
                case ConstructExpr built: foreach (var leaf in built.Leaves) pending.Push(leaf); break;
                case MemberExpr member: pending.Push(member.Instance); break;
                case AdjointAddExpr add: pending.Push(add.Adjoint); pending.Push(add.Value); break;
                case AdjointEnsureExpr ensure: pending.Push(ensure.Adjoint); pending.Push(ensure.Like); break;
                case ZeroLikeExpr zero: pending.Push(zero.Like); break;
            }
        }
    }

    /// <summary>
    /// The variables an expression reads, once per occurrence: an element read reads its array; an array's length
    /// does not count (lengths never change, so no analysis needs them).
    /// </summary>
    public static IEnumerable<string> Variables(Expr expression)
    {
        foreach (var sub in Subexpressions(expression))
        {
            if (sub is VarExpr variable) yield return variable.Name;
            else if (sub is ElementExpr element) yield return element.Array.Name;
        }
    }

    /// <summary>The expressions a statement evaluates itself, not those of its nested statements.</summary>
    public static IEnumerable<Expr> ExpressionsOf(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assignment: yield return assignment.Value; break;
            case StoreStmt store: yield return store.Index; yield return store.Value; break;
            case IfStmt branch: yield return branch.Condition; break;
            case ReturnStmt { Value: { } value }: yield return value; break;
            case ExprStmt expression: yield return expression.Value; break;
            case ForStmt loop: yield return loop.Start; yield return loop.Bound; break;
            case LoopStmt loop:
                yield return loop.Test;
                if (loop.BreakFlag is { } flag) yield return flag;
                break;
            case RepeatStmt repeat: yield return repeat.Count; break;
            case PushStmt push: yield return push.Value; break;
            // A buffer's own length is no read (lengths never change); what it is checked against may be.
            case BufferCheckStmt check: yield return check.Expected; break;
            case PushAllStmt save: yield return save.Array; break;
            case PopAllStmt restore: yield return restore.Array; break;
            case CopyStmt copy: yield return copy.Source; yield return copy.Destination; break;
            case ClearStmt clear: yield return clear.Array; break;
            case KeepStmt keep: yield return keep.Value; break;
        }
    }

    /// <summary>
    /// Every variable a block names anywhere, nested statements included, once per occurrence: what it reads, what it
    /// assigns or stores into, loop counters and break flags, value stacks, scratch buffers, arrays whose length it takes.
    /// A local that is not among them need not be declared.
    /// </summary>
    public static IEnumerable<string> Mentions(IEnumerable<Stmt> block)
    {
        foreach (var statement in Statements(block))
        {
            VarExpr? named = statement switch
            {
                AssignStmt assignment => assignment.Target,
                StoreStmt store => store.Array,
                ForStmt loop => loop.Counter,
                RepeatStmt repeat => repeat.Counter,
                PushStmt push => push.Stack,
                BufferCheckStmt check => check.Buffer,
                PushAllStmt save => save.Stack,
                PopAllStmt restore => restore.Stack,
                TakeStmt take => take.Target,
                _ => null,
            };
            if (named is not null) yield return named.Name;
            if (statement is TakeStmt { Buffer: { } buffer }) yield return buffer.Name;
            foreach (var sub in ExpressionsOf(statement).SelectMany(Subexpressions))
            {
                var variable = sub switch
                {
                    VarExpr v => v,
                    ElementExpr element => element.Array,
                    LengthExpr length => length.Array,
                    PopExpr pop => pop.Stack,
                    RentExpr rent => rent.Buffer,
                    _ => null,
                };
                if (variable is not null) yield return variable.Name;
            }
        }
    }

    /// <summary>
    /// The variables a statement itself reads (not its nested statements), once per occurrence: those of its
    /// expressions, and the target of an update (<c>s += e</c>, <c>a[i] += e</c>).
    /// </summary>
    public static IEnumerable<string> Reads(Stmt statement)
    {
        foreach (var expression in ExpressionsOf(statement))
        {
            foreach (var name in Variables(expression)) yield return name;
        }
        if (statement is AssignStmt { Kind: not AssignKind.Set } update) yield return update.Target.Name;
        if (statement is StoreStmt { Kind: not AssignKind.Set } accumulation) yield return accumulation.Array.Name;
    }
}
