using CsCheck;

namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>
/// Builds one random valid program from a CsCheck <see cref="PCG"/>. Every choice keeps the program inside the
/// supported subset (docs/API.md) and its functions inside their domains: logarithms and square roots of 1 + e²,
/// divisions by 1.5 + e², indices below the one array length.
/// </summary>
internal sealed class ProgramBuilder(PCG pcg, Features features)
{
    private const int MaxExprDepth = 3;
    private static readonly double[] Constants = [0.5, 1.5, 2.0, 0.25, 3.0, -0.75, 0.1, 1.0];

    private readonly List<string> scalarHelpers = [];
    private readonly List<string> arrayHelpers = [];
    private readonly List<string> vectorHelpers = [];
    private int length;
    private int names;

    public FuzzProgram Build()
    {
        length = 1 + Next(4);
        var helpers = new List<Method>();
        if (features.ScalarHelpers && Chance(0.35)) helpers.Add(ScalarHelper("H0"));
        if (features.Arrays && features.ArrayHelpers && Chance(0.25)) helpers.Add(ArrayHelper("S0"));
        if (features.Arrays && features.LocalArrays && features.VectorHelpers && Chance(0.2)) helpers.Add(VectorHelper("V0"));
        return new FuzzProgram(Main(), [.. helpers], length);
    }

    // ---- methods ----

    private Method Main()
    {
        bool vector = features.Arrays && features.VectorOutputs && Chance(0.25);
        int arrayCount = features.Arrays ? Next(3) : 0;
        int scalarCount = (arrayCount == 0 ? 1 : 0) + Next(3);
        var arrays = Enumerable.Range(0, arrayCount).Select(k => new ArrayParameter($"a{k}", Chance(0.5) ? ArrayKind.Array : ArrayKind.Span)).ToArray();
        var scalars = Enumerable.Range(0, scalarCount).Select(k => $"x{k}").ToArray();
        bool hasInt = Chance(0.4);

        var scope = new Scope { CanReturn = !vector };
        scope.Scalars.AddRange(scalars);
        if (features.ParameterReassignment) scope.Assignable.AddRange(scalars);
        scope.ReadArrays.AddRange(arrays.Select(a => a.Name));
        if (hasInt) scope.Ints.Add("n");

        var body = new List<Stmt>();
        if (vector) body.Add(FillOutput(scope));
        if (features.LocalArrays && features.Arrays)
            for (int k = 0, count = Next(3); k < count; k++)
            {
                string name = $"t{k}";
                body.Add(new DeclareArray(name, length, Chance(0.4)));
                scope.ReadArrays.Add(name);
                scope.WriteArrays.Add(name);
            }
        body.AddRange(Block(scope, 0, 2 + Next(5)));
        if (!vector) body.Add(new Return(ResultExpr(scope)));
        return new Method("F", scalars, arrays, hasInt, vector, [.. body]);
    }

    private Method ScalarHelper(string name)
    {
        var scope = new Scope { CanReturn = true };
        scope.Scalars.AddRange(["p", "q"]);
        scope.Assignable.AddRange(["p", "q"]);
        var body = Block(scope, 1, Next(3)).Append(new Return(ResultExpr(scope))).ToArray();
        scalarHelpers.Add(name);
        return new Method(name, ["p", "q"], [], false, false, body);
    }

    // Σ over the span of a random function of its elements: `double s = p; for (...) s += e(v[i], s, p); return e`.
    private Method ArrayHelper(string name)
    {
        var scope = new Scope();
        scope.Scalars.Add("p");
        scope.ReadArrays.Add("v");
        var loopScope = scope.Enter(loop: true);
        loopScope.Counters.Add("i");
        loopScope.Scalars.Add("s");
        var body = new Stmt[]
        {
            new Declare("s", Leaf(scope)),
            new For("i", "v.Length", [new Assign("s", Pick(["+=", "-=", "="]), Expr(loopScope, 1))]),
            new Return(Expr(AfterLoop(scope), 1)),
        };
        arrayHelpers.Add(name);
        return new Method(name, ["p"], [new ArrayParameter("v", ArrayKind.Span)], false, false, body);
    }

    private static Scope AfterLoop(Scope scope)
    {
        var after = scope.Enter();
        after.Scalars.Add("s");
        return after;
    }

    private Method VectorHelper(string name)
    {
        var scope = new Scope();
        scope.Scalars.Add("p");
        scope.Assignable.Add("p");
        scope.ReadArrays.Add("v");
        var body = new List<Stmt> { FillOutput(scope) };
        body.AddRange(Block(scope, 1, Next(2)));
        vectorHelpers.Add(name);
        return new Method(name, ["p"], [new ArrayParameter("v", ArrayKind.Span)], false, true, [.. body]);
    }

    // Every output element written first (the contract: read an output only after writing it).
    private Stmt FillOutput(Scope scope)
    {
        var inner = scope.Enter(loop: true);
        inner.Counters.Add("j");
        var fill = new For("j", "y.Length", [new AssignElement("y", new CounterIndex("j"), "=", Expr(inner, 1))]);
        scope.ReadArrays.Add("y");
        scope.WriteArrays.Add("y");
        return fill;
    }

    // ---- statements ----

    private Stmt[] Block(Scope scope, int depth, int count)
    {
        var block = new List<Stmt>();
        for (int k = 0; k < count; k++) block.Add(Statement(scope, depth));
        return [.. block];
    }

    private Stmt Statement(Scope scope, int depth)
    {
        while (true)
        {
            switch (Next(13))
            {
                case 0 or 1:
                {
                    string name = $"v{names++}";
                    var value = Expr(scope, 0);
                    scope.Scalars.Add(name);
                    scope.Assignable.Add(name);
                    return new Declare(name, value);
                }
                case 2 or 3 when scope.Assignable.Count > 0:
                {
                    string target = Pick(scope.Assignable);
                    string op = Pick(["=", "=", "+=", "-=", "*=", "/="]);
                    return new Assign(target, op, op == "/=" ? SafeDenominator(scope, 1) : Expr(scope, 0));
                }
                case 4 or 5 when scope.WriteArrays.Count > 0:
                    return new AssignElement(Pick(scope.WriteArrays), Index(scope), Pick(["=", "=", "+=", "-=", "*="]), Expr(scope, 0));
                case 6 when features.Branches && depth < 3:
                {
                    var condition = Compare(scope, 1);
                    var then = Block(scope.Enter(), depth + 1, 1 + Next(2));
                    if (scope.CanReturn && Chance(0.3)) then = [.. then, new Return(Expr(scope, 1))];
                    return new If(condition, then, Chance(0.5) ? Block(scope.Enter(), depth + 1, 1 + Next(2)) : null);
                }
                case 7 or 8 when features.Loops && depth < 3:
                {
                    string counter = $"i{names++}";
                    var inner = scope.Enter(loop: true);
                    inner.Counters.Add(counter);
                    inner.Ints.Add(counter);
                    return new For(counter, Bound(scope), Block(inner, depth + 1, 1 + Next(3)));
                }
                case 9 when features.Loops && depth < 3:
                {
                    string counter = $"w{names++}";
                    var inner = scope.Enter(loop: true);
                    var body = Block(inner, depth + 1, 1 + Next(2));
                    // The counter is readable only after the body is built: the increment comes last.
                    return new While(counter, 1 + Next(length), body);
                }
                case 10 when features.Loops && depth < 3 && scope.ReadArrays.Count > 0:
                {
                    string variable = $"e{names++}";
                    var inner = scope.Enter(loop: true);
                    inner.Scalars.Add(variable);
                    return new Foreach(variable, Pick(scope.ReadArrays), Block(inner, depth + 1, 1 + Next(2)));
                }
                case 12 when features.DivisionByCounter && features.Loops && depth < 3 && Chance(0.3):
                {
                    // v = e / (k * 0.3) in every pass of a loop that runs at least twice: the first pass's value is
                    // infinite, and dead (the next pass overwrites it before anything reads it); the last is finite.
                    string name = $"v{names++}", counter = $"i{names++}";
                    var inner = scope.Enter(loop: true);
                    inner.Ints.Add(counter);          // not an index: the loop may run past the array length
                    var value = new Binary('/', Expr(inner, 1), new IntTerm(counter, 0.3));
                    scope.Scalars.Add(name);
                    scope.Assignable.Add(name);
                    return new DeadPass(new Declare(name, new Num(0)), new For(counter, (2 + Next(Math.Max(1, length - 1))).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        [new Assign(name, "=", value)]));
                }
                case 11 when vectorHelpers.Count > 0 && scope.WriteArrays.Count > 0:
                {
                    // Inputs are arrays nobody writes, so an input never aliases the output (a local array, or the
                    // method's own output).
                    var inputs = scope.ReadArrays.Where(a => !scope.WriteArrays.Contains(a)).ToList();
                    if (inputs.Count == 0) continue;
                    return new VectorCall(Pick(vectorHelpers), Pick(inputs), Expr(scope, 1), Pick(scope.WriteArrays));
                }
            }
        }
    }

    private string Bound(Scope scope) => Next(4) switch
    {
        0 when scope.Ints.Contains("n") => "n",
        1 when scope.ReadArrays.Count > 0 => Pick(scope.ReadArrays) + ".Length",
        _ => (1 + Next(length)).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // ---- expressions ----

    // The returned value: the locals the body computed, so that they reach the result.
    private Expr ResultExpr(Scope scope)
    {
        Expr e = Expr(scope, 1);
        foreach (var name in scope.Scalars.Where(s => s.StartsWith('v')).TakeLast(3))
            if (Chance(0.7)) e = new Binary(Chance(0.5) ? '+' : '*', e, new Ref(name));
        return e;
    }

    private Expr Expr(Scope scope, int depth)
    {
        if (depth >= MaxExprDepth || Chance(0.25)) return Leaf(scope);
        int d = depth + 1;
        switch (Next(16))
        {
            case 0 or 1 or 2: return new Binary(Pick(['+', '-', '*']), Expr(scope, d), Expr(scope, d));
            case 3: return new Binary('/', Expr(scope, d), SafeDenominator(scope, d));
            case 4: return new Negate(Expr(scope, d));
            case 5 or 6 or 7: return Math1(scope, d);
            case 8: return new MathCall(Pick(["Max", "Min"]), [Expr(scope, d), Expr(scope, d)]);
            case 9: return new MathCall("Pow", Chance(0.5)
                ? [OnePlusSquare(scope, d), new Num(Pick([0.5, 1.5, -0.5, 2.0]))]
                : [Expr(scope, d), new Num(Pick([2.0, 3.0]))]);
            case 10 when features.Branches: return new Ternary(Compare(scope, d), Expr(scope, d), Expr(scope, d));
            case 11 when scalarHelpers.Count > 0: return new HelperCall(Pick(scalarHelpers), null, [Expr(scope, d), Expr(scope, d)]);
            case 12 when arrayHelpers.Count > 0 && scope.ReadArrays.Count > 0:
                return new HelperCall(Pick(arrayHelpers), Pick(scope.ReadArrays), [Expr(scope, d)]);
            case 13 when features.LibraryCalls && scope.ReadArrays.Count > 0: return new LibrarySum(Pick(scope.ReadArrays));
            default: return Leaf(scope);
        }
    }

    private Expr Math1(Scope scope, int d)
    {
        var e = Expr(scope, d);
        return Next(9) switch
        {
            0 => new MathCall("Sin", [e]),
            1 => new MathCall("Cos", [e]),
            2 => new MathCall("Tanh", [e]),
            3 => new MathCall("Atan", [e]),
            4 => new MathCall("Abs", [e]),
            5 => new MathCall("Exp", [features.UnboundedExp && Chance(0.3) ? e : new MathCall(Pick(["Sin", "Tanh"]), [e])]),
            6 => new MathCall("Log", [OnePlusSquare(e)]),
            7 => new MathCall("Sqrt", [OnePlusSquare(e)]),
            _ => new MathCall("Atan2", [e, OnePlusSquare(scope, d)]),
        };
    }

    private Expr OnePlusSquare(Scope scope, int d) => OnePlusSquare(Expr(scope, d));

    private static Expr OnePlusSquare(Expr e) => new Binary('+', new Num(1.0), new Binary('*', e, e));

    private Expr SafeDenominator(Scope scope, int d)
    {
        if (Chance(0.3)) return new Num(Pick([2.0, -1.5, 0.5]));
        var e = Expr(scope, d);
        return new Binary('+', new Num(1.5), new Binary('*', e, e));
    }

    private Comparison Compare(Scope scope, int d) => new(Pick(["<", ">", "<=", ">="]), Expr(scope, d), Expr(scope, d));

    private Expr Leaf(Scope scope)
    {
        while (true)
            switch (Next(6))
            {
                case 0: return new Num(Pick(Constants));
                case 1 or 2 when scope.Scalars.Count > 0: return new Ref(Pick(scope.Scalars));
                case 3 or 4 when scope.ReadArrays.Count > 0: return new Element(Pick(scope.ReadArrays), Index(scope));
                case 5 when scope.Ints.Count > 0: return new IntTerm(Pick(scope.Ints), Pick([0.5, 0.25, -0.3]));
                case 1 or 2 or 3 or 4 or 5 when scope.Scalars.Count == 0 && scope.ReadArrays.Count == 0: return new Num(Pick(Constants));
            }
    }

    private Index Index(Scope scope)
    {
        if (scope.Counters.Count == 0 || Chance(0.3)) return new ConstIndex(Next(length));
        if (scope.Counters.Count >= 2 && Chance(0.3))
            return new WrappedIndex([.. scope.Counters.TakeLast(2)], Next(length), length);
        return Chance(0.7) ? new CounterIndex(Pick(scope.Counters)) : new WrappedIndex([Pick(scope.Counters)], 1 + Next(length), length);
    }

    // ---- randomness ----

    private int Next(int n) => (int)pcg.Next((uint)n);
    private bool Chance(double p) => pcg.Next(1000) < p * 1000;
    private T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
