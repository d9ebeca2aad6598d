using System.Collections.Generic;
using System.Linq;

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
            }
        }
    }
}
