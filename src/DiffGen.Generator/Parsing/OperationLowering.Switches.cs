using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// <c>switch</c> statements, <c>switch</c> expressions and <c>is</c> patterns, lowered to the IR's branches: an
/// if-else chain of the sections' tests in source order, <c>default</c> last, so every later stage sees only
/// <see cref="IfStmt"/>s. A test is a pattern on the switch's value computed once: constants (<c>==</c>, or
/// <c>v != v</c> for NaN, which a pattern matches), relational patterns, <c>and</c>/<c>or</c>/<c>not</c>, the
/// discard, then the <c>when</c> guard, evaluated only where the pattern matched as C# does.
/// </summary>
internal sealed partial class OperationLowering
{
    /// <summary>The exit labels of the switch statements being lowered: a <c>break</c> to one leaves that switch.</summary>
    private readonly List<ILabelSymbol> switchExits = new();

    /// <summary>The <c>break</c>s that end a switch section: the end of the section's branch, nothing to emit.</summary>
    private readonly HashSet<IOperation> sectionEndBreaks = new(ReferenceComparer<IOperation>.Instance);

    private const string PatternAdvice = "test with constants (case 1, is 0 or 2, is not Color.Red), relational patterns (< 0, >= 1), and, or, not, or with comparisons";

    private bool LeavesSwitch(IBranchOperation branch)
        => branch.BranchKind == BranchKind.Break && switchExits.Any(exit => SymbolEqualityComparer.Default.Equals(exit, branch.Target));

    private void LowerSwitchBreak(IBranchOperation branch)
    {
        if (sectionEndBreaks.Contains(branch)) return;
        // A break before the end of a section would skip the rest of it: a jump the IR's branches cannot express.
        ReportUnsupported(KeywordLocation(branch.Syntax), "A break before the end of a switch section",
            "end the section with it, and put the statements it skips in an else");
    }

    private void LowerSwitch(ISwitchOperation @switch)
    {
        var value = Lower(@switch.Value);
        foreach (var section in @switch.Cases) MarkSectionEnd(section.Body.LastOrDefault(), @switch.ExitLabel);
        var sections = @switch.Cases.Where(c => !c.Clauses.Any(IsDefault)).ToList();
        var @default = @switch.Cases.FirstOrDefault(c => c.Clauses.Any(IsDefault));
        switchExits.Add(@switch.ExitLabel);
        LowerSections(sections, 0, value, @default);
        switchExits.RemoveAt(switchExits.Count - 1);
    }

    private static bool IsDefault(ICaseClauseOperation clause) => clause.CaseKind == CaseKind.Default;

    /// <summary>The breaks a section ends with: its last statement, through blocks and both arms of a last if-else.</summary>
    private void MarkSectionEnd(IOperation? last, ILabelSymbol exit)
    {
        switch (last)
        {
            case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, exit):
                sectionEndBreaks.Add(branch);
                break;
            case IBlockOperation block:
                MarkSectionEnd(block.Operations.LastOrDefault(), exit);
                break;
            case IConditionalOperation { WhenFalse: not null } conditional:
                MarkSectionEnd(conditional.WhenTrue, exit);
                MarkSectionEnd(conditional.WhenFalse, exit);
                break;
        }
    }

    /// <summary><c>if (test₀) section₀ else if (test₁) section₁ … else default</c>, from section <paramref name="index"/> on.</summary>
    private void LowerSections(List<ISwitchCaseOperation> sections, int index, Expr value, ISwitchCaseOperation? @default)
    {
        if (index == sections.Count)
        {
            if (@default is not null) LowerSectionBody(@default);
            return;
        }
        var section = sections[index];
        var test = SectionTest(section, value);
        blocks.Push(new List<Stmt>());
        LowerSectionBody(section);
        var then = PopBlock().ToEquatableArray();
        blocks.Push(new List<Stmt>());
        LowerSections(sections, index + 1, value, @default);
        var @else = PopBlock().ToEquatableArray();
        Emit(new IfStmt(test, then, @else));
    }

    private void LowerSectionBody(ISwitchCaseOperation section)
    {
        foreach (var statement in section.Body) LowerStatement(statement);
    }

    /// <summary>Whether any of a section's labels matches: each label tried only when the ones before it did not.</summary>
    private Expr SectionTest(ISwitchCaseOperation section, Expr value)
    {
        if (section.Clauses.Length == 1) return ClauseTest(section.Clauses[0], value);
        var matched = NewTemp(IrType.Bool);
        Emit(new AssignStmt(matched, ClauseTest(section.Clauses[0], value)));
        foreach (var clause in section.Clauses.Skip(1))
        {
            blocks.Push(new List<Stmt>());
            Emit(new AssignStmt(matched, ClauseTest(clause, value)));
            Emit(new IfStmt(matched, EquatableArray<Stmt>.Empty, PopBlock().ToEquatableArray()));
        }
        return matched;
    }

    private Expr ClauseTest(ICaseClauseOperation clause, Expr value) => clause switch
    {
        ISingleValueCaseClauseOperation single => EqualsConstant(value, Lower(single.Value)),
        IPatternCaseClauseOperation pattern => Guarded(PatternTest(pattern.Pattern, value), pattern.Guard),
        _ => Unsupported(clause, "A case label of this kind", PatternAdvice),
    };

    /// <summary>The pattern's test, then the guard where it matched: <c>t = pattern; if (t) t = guard;</c></summary>
    private Expr Guarded(Expr test, IOperation? guard)
    {
        if (guard is null) return test;
        var matched = NewTemp(IrType.Bool);
        Emit(new AssignStmt(matched, test));
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(matched, Lower(guard)));
        Emit(new IfStmt(matched, PopBlock().ToEquatableArray(), EquatableArray<Stmt>.Empty));
        return matched;
    }

    /// <summary><paramref name="value"/> tested against a pattern, as a bool atom.</summary>
    private Expr PatternTest(IPatternOperation pattern, Expr value)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return EqualsConstant(value, Lower(constant.Value));
            case IRelationalPatternOperation relational when MapOperator(relational.OperatorKind) is { } op:
                return Temp(new BinaryExpr(op, value, Lower(relational.Value), IrType.Bool));
            case INegatedPatternOperation negated:
                return Temp(new UnaryExpr(UnaryOp.Not, PatternTest(negated.Pattern, value), IrType.Bool));
            case IBinaryPatternOperation binary:
            {
                // Both sides are tests of constants without effects: & and | need no short circuit.
                var left = PatternTest(binary.LeftPattern, value);
                var right = PatternTest(binary.RightPattern, value);
                var op = binary.OperatorKind == BinaryOperatorKind.And ? BinaryOp.And : BinaryOp.Or;
                return Temp(new BinaryExpr(op, left, right, IrType.Bool));
            }
            case IDiscardPatternOperation:
                return Literals.Bool(true);
            default:
                ReportUnsupported(LocationInfo.From(pattern.Syntax), $"The pattern '{Shorten(pattern.Syntax.ToString())}'", PatternAdvice);
                return Literals.Bool(false);
        }
    }

    /// <summary><c>value == constant</c>; a NaN constant matches NaN (<c>x is double.NaN</c>), which <c>==</c> does not.</summary>
    private Expr EqualsConstant(Expr value, Expr constant)
    {
        if (constant is ConstExpr { RealValue: double real } && double.IsNaN(real) && value.Type.IsReal)
        {
            return Temp(new BinaryExpr(BinaryOp.NotEquals, value, value, IrType.Bool));
        }
        return Temp(new BinaryExpr(BinaryOp.Equals, value, constant, IrType.Bool));
    }

    private Expr LowerIsPattern(IIsPatternOperation isPattern)
    {
        var value = Lower(isPattern.Value);
        return PatternTest(isPattern.Pattern, value);
    }

    private Expr LowerSwitchExpression(ISwitchExpressionOperation @switch)
    {
        var type = TypeMapping.TryMap(@switch.Type);
        if (type is null) return Unsupported(@switch, $"A switch expression of type '{@switch.Type?.ToDisplayString()}'", "switch on values of double, float, integers, bool, enums or strings");
        if (@switch.Arms.LastOrDefault() is not { Pattern: IDiscardPatternOperation, Guard: null })
        {
            // Without it, no arm matching throws: a throw the derivatives cannot follow.
            return Unsupported(@switch, $"A switch expression without a last '_ =>' arm ('{Shorten(@switch.Syntax.ToString())}')",
                "end it with '_ => …' (a value such as double.NaN where no other arm can match)");
        }
        var value = Lower(@switch.Value);
        var result = NewTemp(type);
        LowerArms(@switch.Arms, 0, value, result);
        return result;
    }

    /// <summary><c>if (arm₀ matches) r = value₀ else …</c>; the last arm, a discard, is the final else.</summary>
    private void LowerArms(IReadOnlyList<ISwitchExpressionArmOperation> arms, int index, Expr value, VarExpr result)
    {
        var arm = arms[index];
        if (index == arms.Count - 1)
        {
            Emit(new AssignStmt(result, Lower(arm.Value)));
            return;
        }
        var test = Guarded(PatternTest(arm.Pattern, value), arm.Guard);
        blocks.Push(new List<Stmt>());
        Emit(new AssignStmt(result, Lower(arm.Value)));
        var then = PopBlock().ToEquatableArray();
        blocks.Push(new List<Stmt>());
        LowerArms(arms, index + 1, value, result);
        var @else = PopBlock().ToEquatableArray();
        Emit(new IfStmt(test, then, @else));
    }
}
