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
    private bool usesReciprocal;
    private int names;

    public FuzzProgram Build()
    {
        length = 1 + Next(4);
        var helpers = new List<Method>();
        if (features.ScalarHelpers && Chance(0.35)) helpers.Add(ScalarHelper("H0"));
        if (features.Arrays && features.ArrayHelpers && Chance(0.25)) helpers.Add(ArrayHelper("S0"));
        if (features.Arrays && features.LocalArrays && features.VectorHelpers)
        {
            bool reading = features.OutputReadingHelpers;
            if (Chance(reading ? 0.3 : 0.2)) helpers.Add(reading && Chance(0.6) ? ReadingVectorHelper("V0") : VectorHelper("V0"));
            // A second helper that passes its own output on to the first.
            if (reading && vectorHelpers.Count > 0 && Chance(0.35)) helpers.Add(ReadingVectorHelper("V1"));
        }
        var main = Main();
        if (usesReciprocal) helpers.Add(Reciprocal());
        return new FuzzProgram(main, [.. helpers], length);
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
        var last = scope;
        if (features.ParameterFromElement && scope.ReadArrays.Count > 0 && Parameters(scope).Count > 0 && Chance(0.2))
        {
            // A parameter reassigned after its last read: the result is built from a scope without it.
            string x = Pick(Parameters(scope));
            body.Add(new Assign(x, "=", new Element(Pick(scope.ReadArrays), Index(scope))));
            last = scope.Enter();
            last.Scalars.Remove(x);
            if (last.Scalars.Count == 0 && last.ReadArrays.Count == 0) last = scope;
        }
        if (!vector) body.Add(new Return(ResultExpr(last)));
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

    // A vector helper that may leave output elements alone or read them before writing them (item 1 of the
    // callers'-overload work): one of the shapes below, then a few random statements that may read and write y too.
    private Method ReadingVectorHelper(string name)
    {
        var scope = new Scope();
        scope.Scalars.Add("p");
        scope.Assignable.Add("p");
        scope.ReadArrays.AddRange(["v", "y"]);
        scope.WriteArrays.Add("y");
        var body = new List<Stmt>();
        var previous = vectorHelpers.ToList();
        if (previous.Count > 0 && Chance(0.6))
        {
            // Passes its own output on to another helper, before or after touching it itself.
            var call = new VectorCall(Pick(previous), "v", Expr(scope, 1), "y");
            if (Chance(0.5)) body.Add(call);
            body.Add(OutputShape(scope));
            if (body[0] is not VectorCall) body.Add(call);
        }
        else body.Add(OutputShape(scope));
        if (Chance(0.4)) body.Add(OutputShape(scope));
        body.AddRange(Block(scope, 1, Next(2)));
        vectorHelpers.Add(name);
        return new Method(name, ["p"], [new ArrayParameter("v", ArrayKind.Span)], false, true, [.. body], ReadsOutput: true);
    }

    private Stmt OutputShape(Scope scope)
    {
        var inner = scope.Enter(loop: true);
        string j = $"j{names++}";
        inner.Counters.Add(j);
        inner.Ints.Add(j);
        var jj = new CounterIndex(j);
        var k = new ConstIndex(Next(length));
        switch (Next(7))
        {
            case 0: return new AssignElement("y", k, "=", Expr(scope, 1));                                   // one element only
            case 1: return new If(Compare(scope, 1), [new AssignElement("y", k, "=", Expr(scope, 1))], null);     // under a condition
            case 2: return new For(j, "y.Length", [new If(Compare(inner, 1), [new AssignElement("y", jj, "=", Expr(inner, 1))], null)]);
            case 3: return new For(j, "y.Length", [new AssignElement("y", jj, "+=", Expr(inner, 1))]);
            case 4: return new For(j, "y.Length", [new AssignElement("y", jj, "*=", Expr(inner, 1))]);
            case 5:                                                                                               // y[0] = y[0] * p + e
                return new AssignElement("y", k, "=", new Binary('+', new Binary('*', new Element("y", k), new Ref("p")), Expr(scope, 1)));
            default: return new AssignElement("y", k, Pick(["+=", "-=", "*="]), Expr(scope, 1));
        }
    }

    // R(p) => 1 / p: infinite at 0, called only where a later pass overwrites that value.
    private static Method Reciprocal() => new("R0", ["p"], [], false, false, [new Return(new Binary('/', new Num(1.0), new Ref("p")))]);

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
            switch (Next(16))
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
                case 6 when features.Switches && depth < 3 && scope.Ints.Count > 0 && Chance(0.3):
                    return SwitchOn(scope, depth);
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
                case 12 when features.DeadPassShapes && features.Loops && depth < 3 && Chance(0.5):
                    if (DeadPassShape(scope) is { } shape) return shape;
                    continue;
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
                case 13 when features.CallsOnFilledOutputs && vectorHelpers.Count > 0 && scope.WriteArrays.Count > 0:
                    if (CallOnFilledOutput(scope, depth) is { } call) return call;
                    continue;
                case 14 or 15 when features.ParameterFromElement && scope.ReadArrays.Count > 0 && Parameters(scope).Count > 0:
                    return ParameterFromElement(scope, depth);
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

    // switch (k % m): sections of one or two labels below m, maybe a default; a value none covers runs nothing.
    private Switch SwitchOn(Scope scope, int depth)
    {
        int modulo = 2 + Next(3);
        var labels = Enumerable.Range(0, modulo).OrderBy(_ => Next(100)).ToList();
        var sections = new List<SwitchSection>();
        while (labels.Count > 0 && (sections.Count == 0 || Chance(0.6)))
        {
            int take = labels.Count > 1 && Chance(0.3) ? 2 : 1;
            sections.Add(new SwitchSection([.. labels.Take(take)], Block(scope.Enter(), depth + 1, 1 + Next(2))));
            labels.RemoveRange(0, take);
        }
        if (Chance(0.5)) sections.Insert(Next(sections.Count + 1), new SwitchSection([], Block(scope.Enter(), depth + 1, 1 + Next(2))));
        return new Switch(Pick(scope.Ints), modulo, [.. sections]);
    }

    private static List<string> Parameters(Scope scope) => scope.Assignable.Where(s => s.StartsWith('x') || s is "p" or "q").ToList();

    // The other dead-pass shapes: a loop running at least twice whose first pass computes an infinite value (with an
    // infinite partial) that the next pass overwrites before anything reads it.
    private Stmt? DeadPassShape(Scope scope)
    {
        string counter = $"i{names++}";
        var inner = scope.Enter(loop: true);
        inner.Ints.Add(counter);
        string bound = (2 + Next(Math.Max(1, length - 1))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var arrays = scope.WriteArrays.Where(a => a != "y" || Chance(0.3)).ToList();
        switch (Next(3))
        {
            case 0 when arrays.Count > 0:
            {
                // t[0] = e / (k * 0.3): a fixed element of a local array; e does not read t, so the infinite value is
                // never read.
                string array = Pick(arrays);
                var reads = inner.Enter();
                reads.ReadArrays.Remove(array);
                return new For(counter, bound, [new AssignElement(array, new ConstIndex(0), "=", new Binary('/', Expr(reads, 1), new IntTerm(counter, 0.3)))]);
            }
            case 1:
            {
                // v = Math.Log(e * k) + 1, e = 1 + e'² > 0: −∞ on the first pass.
                string name = $"v{names++}";
                var value = new Binary('+', new MathCall("Log", [new Binary('*', OnePlusSquare(inner, 1), new IntTerm(counter, 0.5))]), new Num(1.0));
                scope.Scalars.Add(name);
                scope.Assignable.Add(name);
                return new DeadPass(new Declare(name, new Num(0)), new For(counter, bound, [new Assign(name, "=", value)]));
            }
            case 2 when features.ScalarHelpers:
            {
                // v = R0(e * k), R0(p) = 1 / p, e = 1.5 + e'² (or a constant) away from zero.
                string name = $"v{names++}";
                usesReciprocal = true;
                var value = new HelperCall("R0", null, [new Binary('*', SafeDenominator(inner, 1), new IntTerm(counter, 0.3))]);
                scope.Scalars.Add(name);
                scope.Assignable.Add(name);
                return new DeadPass(new Declare(name, new Num(0)), new For(counter, bound, [new Assign(name, "=", value)]));
            }
            default: return null;
        }
    }

    // An array written from the inputs (every element, or one), then passed as the output of a vector helper: once,
    // twice, or in every pass of a loop.
    private Stmt? CallOnFilledOutput(Scope scope, int depth)
    {
        var inputs = scope.ReadArrays.Where(a => !scope.WriteArrays.Contains(a)).ToList();
        if (inputs.Count == 0) return null;
        string output = Pick(scope.WriteArrays);
        var body = new List<Stmt>();
        if (Chance(0.75))
        {
            string j = $"i{names++}";
            var inner = scope.Enter(loop: true);
            inner.Counters.Add(j);
            inner.Ints.Add(j);
            body.Add(new For(j, output + ".Length", [new AssignElement(output, new CounterIndex(j), Pick(["=", "=", "+="]), Expr(inner, 1))]));
        }
        else body.Add(new AssignElement(output, new ConstIndex(Next(length)), "=", Expr(scope, 1)));
        VectorCall Call(Scope s) => new(Pick(vectorHelpers), Pick(inputs), Expr(s, 1), output);
        switch (Next(3))
        {
            case 0: body.Add(Call(scope)); break;
            case 1: body.Add(Call(scope)); body.Add(Call(scope)); break;
            default:
            {
                string i = $"i{names++}";
                var inner = scope.Enter(loop: true);
                inner.Counters.Add(i);
                inner.Ints.Add(i);
                Stmt[] loop = Chance(0.5) || depth >= 2 ? [Call(inner)] : [Call(inner), Statement(inner, depth + 1)];
                body.Add(new For(i, Bound(scope), loop));
                break;
            }
        }
        return new Seq([.. body]);
    }

    // x = a[i] for a parameter x: on a branch never taken, or in every pass of a loop. (As the last statement of a
    // method, after its last read: see Main.)
    private Stmt ParameterFromElement(Scope scope, int depth)
    {
        string x = Pick(Parameters(scope));
        string array = Pick(scope.ReadArrays);
        if (Chance(0.5))
        {
            // x * x < -1: never true.
            var never = new Comparison("<", new Binary('*', new Ref(x), new Ref(x)), new Num(-1.0));
            var condition = Chance(0.7) ? never : Compare(scope, 1);
            return new If(condition, [new Assign(x, "=", new Element(array, Index(scope)))], null);
        }
        string counter = $"i{names++}";
        var inner = scope.Enter(loop: true);
        inner.Counters.Add(counter);
        inner.Ints.Add(counter);
        Stmt[] body = Chance(0.5) || depth >= 2
            ? [new Assign(x, "=", new Element(array, new CounterIndex(counter)))]
            : [Statement(inner, depth + 1), new Assign(x, "=", new Element(array, new CounterIndex(counter)))];
        return new For(counter, Bound(scope), body);
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
            case 14 when features.Values: return new ValueOp(Next(ValueOp.Kinds), [Expr(scope, d), Expr(scope, d), Expr(scope, d)]);
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
