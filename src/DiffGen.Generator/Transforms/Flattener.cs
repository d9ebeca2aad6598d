using DiffGen.Generator.IR;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Turns transformed IR (derivative formulas nest, accumulations use <c>+=</c>, rules build conditionals) back into
/// the flat form the transformations read, so that one can run over another's output: forward over reverse gives
/// Hessian-vector products. Variables can be renamed on the way.
/// </summary>
internal sealed class Flattener
{
    private readonly NameScope names;
    private readonly IReadOnlyDictionary<string, string> renames;
    private readonly Stack<List<Stmt>> blocks = new();

    public Flattener(NameScope names, IReadOnlyDictionary<string, string> renames)
    {
        this.names = names;
        this.renames = renames;
    }

    public List<VarExpr> Temporaries { get; } = new();

    /// <summary>Whether <paramref name="body"/> only holds what this flattener handles.</summary>
    public static bool Handles(EquatableArray<Stmt> body) => body.All(statement => statement switch
    {
        AssignStmt or ReturnStmt or CommentStmt or StoreStmt or PushStmt or BufferCheckStmt => true,
        IfStmt branch => Handles(branch.Then) && Handles(branch.Else),
        LoopStmt loop => Handles(loop.Body),
        ForStmt counted => Handles(counted.Body),
        RepeatStmt repeat => Handles(repeat.Body),
        _ => false,
    });

    public EquatableArray<Stmt> Flatten(EquatableArray<Stmt> body)
    {
        blocks.Push(new List<Stmt>());
        foreach (var statement in body) Statement(statement);
        return blocks.Pop().ToEquatableArray();
    }

    private void Statement(Stmt statement)
    {
        switch (statement)
        {
            case AssignStmt assignment:
            {
                var target = Rename(assignment.Target);
                Expr value = assignment.Kind switch
                {
                    AssignKind.Add => new BinaryExpr(BinaryOp.Add, target, assignment.Value, target.Type),
                    AssignKind.Subtract => new BinaryExpr(BinaryOp.Subtract, target, assignment.Value, target.Type),
                    _ => assignment.Value,
                };
                var flat = Operation(value);
                // An operation never assigns one of its own operands: the transformations read operands after it.
                if (flat is not (VarExpr or ConstExpr) && DerivativeRules.Operands(flat).Any(o => o is VarExpr v && v.Name == target.Name))
                {
                    flat = Temp(flat);
                }
                Emit(new AssignStmt(target, flat));
                break;
            }
            case IfStmt branch:
            {
                var condition = Atom(branch.Condition);
                Emit(new IfStmt(condition, Block(branch.Then), Block(branch.Else)));
                break;
            }
            case ReturnStmt ret:
                Emit(new ReturnStmt(ret.Value is null ? null : Atom(ret.Value)));
                break;
            case BufferCheckStmt check:
                Emit(check with { Buffer = Rename(check.Buffer), Expected = Index(check.Expected) });
                break;
            case CommentStmt:
                break;
            case StoreStmt store:
            {
                var array = Rename(store.Array);
                var index = Index(store.Index);
                Expr value = store.Kind switch
                {
                    AssignKind.Add => new BinaryExpr(BinaryOp.Add, new ElementExpr(array, index, array.Type.Element!), store.Value, array.Type.Element!),
                    AssignKind.Subtract => new BinaryExpr(BinaryOp.Subtract, new ElementExpr(array, index, array.Type.Element!), store.Value, array.Type.Element!),
                    _ => store.Value,
                };
                Emit(new StoreStmt(array, index, Atom(value)));
                break;
            }
            case PushStmt push:
                Emit(new PushStmt(push.Stack, Atom(push.Value)));
                break;
            case LoopStmt loop:
                Emit(new LoopStmt(Atom(loop.Test), Block(loop.Body), loop.BreakFlag is null ? null : Rename(loop.BreakFlag)));
                break;
            case ForStmt counted:
                Emit(new ForStmt(Rename(counted.Counter), Index(counted.Start), Index(counted.Bound), counted.Comparison, Block(counted.Body)));
                break;
            case RepeatStmt repeat:
                Emit(new RepeatStmt(Rename(repeat.Counter), Atom(repeat.Count), Block(repeat.Body)));
                break;
        }
    }

    /// <summary>Integer expressions (indices, bounds) stay nested: they carry no derivative; only names change.</summary>
    private Expr Index(Expr expr) => expr switch
    {
        VarExpr variable => Rename(variable),
        BinaryExpr binary => binary with { Left = Index(binary.Left), Right = Index(binary.Right) },
        UnaryExpr unary => unary with { Operand = Index(unary.Operand) },
        ConvertExpr convert => convert with { Operand = Index(convert.Operand) },
        LengthExpr length => new LengthExpr(Rename(length.Array)),
        ElementExpr element => element with { Array = Rename(element.Array), Index = Index(element.Index) },
        _ => expr,
    };

    private EquatableArray<Stmt> Block(EquatableArray<Stmt> block)
    {
        blocks.Push(new List<Stmt>());
        foreach (var statement in block) Statement(statement);
        return blocks.Pop().ToEquatableArray();
    }

    /// <summary>An expression as one operation over atoms (emitting temporaries for its nested parts).</summary>
    private Expr Operation(Expr expr) => expr switch
    {
        VarExpr variable => Rename(variable),
        ConstExpr or OpaqueExpr => expr,
        BinaryExpr binary => binary with { Left = Atom(binary.Left), Right = Atom(binary.Right) },
        UnaryExpr unary => unary with { Operand = Atom(unary.Operand) },
        ConvertExpr convert => convert with { Operand = Atom(convert.Operand) },
        MathCallExpr call => call with { Arguments = call.Arguments.Select(Atom).ToEquatableArray() },
        InvokeExpr call => call with { Arguments = call.Arguments.Select(a => a.Value is null || a.IsOut ? a : a with { Value = Atom(a.Value) }).ToEquatableArray() },
        ConditionalExpr conditional => Conditional(conditional),
        ElementExpr element => element with { Array = Rename(element.Array), Index = Index(element.Index) },
        LengthExpr length => new LengthExpr(Rename(length.Array)),
        PopExpr => expr,
        // A pooled array becomes an allocation again for the next transformation, which pools it its own way.
        RentExpr rent => new NewArrayExpr(Index(rent.Length), rent.Type),
        _ => throw new System.InvalidOperationException("Cannot flatten " + expr.GetType().Name),
    };

    /// <summary>c ? a : b as a branch, so only the taken side is evaluated, as in C#.</summary>
    private VarExpr Conditional(ConditionalExpr conditional)
    {
        var condition = Atom(conditional.Condition);
        var result = NewTemp(conditional.Type);
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(result, Operation(conditional.WhenTrue)));
        var then = blocks.Pop().ToEquatableArray();
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(result, Operation(conditional.WhenFalse)));
        var @else = blocks.Pop().ToEquatableArray();
        Emit(new IfStmt(condition, then, @else));
        return result;
    }

    private Expr Atom(Expr expr)
    {
        var operation = Operation(expr);
        return operation is VarExpr or ConstExpr or OpaqueExpr ? operation : Temp(operation);
    }

    private VarExpr Temp(Expr value)
    {
        var temp = NewTemp(value.Type);
        Emit(new AssignStmt(temp, value));
        return temp;
    }

    private VarExpr NewTemp(IrType type)
    {
        var temp = new VarExpr(names.Numbered("_h"), type);
        Temporaries.Add(temp);
        return temp;
    }

    private VarExpr Rename(VarExpr variable) => renames.TryGetValue(variable.Name, out var name) ? variable with { Name = name } : variable;

    private void Emit(Stmt statement) => blocks.Peek().Add(statement);
}
