using static DiffGen.Generator.Transforms.ExprBuilder;

namespace DiffGen.Generator.IR;

/// <summary>
/// The math table: one row per <c>Math</c>/<c>MathF</c> function with every fact a stage needs, as Enzyme's
/// <c>InstructionDerivatives.td</c> holds one record per instruction. Parse recognises a call by <see cref="Name"/>
/// and arity (<see cref="Find"/>); <see cref="Transforms.DerivativeRules"/> applies <see cref="Derivative"/>;
/// <see cref="Analysis.LoopVectorizer"/> and the emitter read <see cref="VectorMethod"/>; the emitter spells a call
/// <c>ClassName.Name</c>. Adding a function is adding a row below (a rule too long for one line goes in a method
/// beside the others); <c>MathFunctionTableTests</c> checks every row.
/// </summary>
internal sealed class MathFunction : System.IEquatable<MathFunction>
{
    // Declared before the rows: each row adds itself as it is initialized.
    private static readonly List<MathFunction> rows = new();

    // ---- The table. Rules give seed · ∂f/∂xᵢ for argument d.Index (d.X is the first argument, d.Result f's value). -

    // A rule may name a row declared below it (Sin's names Cos): rules run only once every row is set, which the
    // compiler's flow analysis of the initializers cannot see.
#pragma warning disable CS8604
    public static readonly MathFunction Sin = new("Sin", 1, d => Mul(d.Seed, Math(d.Type, Cos, d.X)));
    public static readonly MathFunction Cos = new("Cos", 1, d => Neg(Mul(d.Seed, Math(d.Type, Sin, d.X))));
    // tan' = 1 + tan²
    public static readonly MathFunction Tan = new("Tan", 1, d => Mul(d.Seed, Add(d.One, Square(d.Result))));
    public static readonly MathFunction Asin = new("Asin", 1, d => Div(d.Seed, Math(d.Type, Sqrt, Sub(d.One, Square(d.X)))));
    public static readonly MathFunction Acos = new("Acos", 1, d => Neg(Div(d.Seed, Math(d.Type, Sqrt, Sub(d.One, Square(d.X))))));
    public static readonly MathFunction Atan = new("Atan", 1, d => Div(d.Seed, Add(d.One, Square(d.X))));
    public static readonly MathFunction Atan2 = new("Atan2", 2, Atan2Derivative);
    public static readonly MathFunction Sinh = new("Sinh", 1, d => Mul(d.Seed, Math(d.Type, Cosh, d.X)));
    public static readonly MathFunction Cosh = new("Cosh", 1, d => Mul(d.Seed, Math(d.Type, Sinh, d.X)));
    public static readonly MathFunction Tanh = new("Tanh", 1, d => Mul(d.Seed, Sub(d.One, Square(d.Result))));
    public static readonly MathFunction Asinh = new("Asinh", 1, d => Div(d.Seed, Math(d.Type, Sqrt, Add(Square(d.X), d.One))));
    public static readonly MathFunction Acosh = new("Acosh", 1, d => Div(d.Seed, Math(d.Type, Sqrt, Sub(Square(d.X), d.One))));
    public static readonly MathFunction Atanh = new("Atanh", 1, d => Div(d.Seed, Sub(d.One, Square(d.X))));
    public static readonly MathFunction Exp = new("Exp", 1, d => Mul(d.Seed, d.Result));
    // Log(a) and Log(a, newBase).
    public static readonly MathFunction Log = new("Log", 1, 2, LogDerivative);
    public static readonly MathFunction Log10 = new("Log10", 1, d => Div(d.Seed, Mul(d.X, Real(d.Type, System.Math.Log(10)))));
    public static readonly MathFunction Log2 = new("Log2", 1, d => Div(d.Seed, Mul(d.X, Real(d.Type, System.Math.Log(2)))));
    // Vector.SquareRoot rounds each lane as Math.Sqrt does (IEEE square root is exact-rounded).
    public static readonly MathFunction Sqrt = new("Sqrt", 1, d => Div(d.Seed, Mul(Real(d.Type, 2), d.Result)), vectorMethod: "SquareRoot");
    public static readonly MathFunction Cbrt = new("Cbrt", 1, d => Div(d.Seed, Mul(Mul(Real(d.Type, 3), d.Result), d.Result)));
    public static readonly MathFunction Pow = new("Pow", 2, PowDerivative);
    public static readonly MathFunction Abs = new("Abs", 1, AbsDerivative, vectorMethod: "Abs");
    public static readonly MathFunction Max = new("Max", 2, d => ExtremumDerivative(d, BinaryOp.GreaterThan));
    public static readonly MathFunction Min = new("Min", 2, d => ExtremumDerivative(d, BinaryOp.LessThan));
    public static readonly MathFunction Clamp = new("Clamp", 3, ClampDerivative);
    public static readonly MathFunction FusedMultiplyAdd = new("FusedMultiplyAdd", 3, d => d.Index switch
    {
        0 => Mul(d.Seed, d.Arg(1)),
        1 => Mul(d.Seed, d.Arg(0)),
        _ => d.Seed,
    });
    // x·2ⁿ for an integer n (flat: no derivative in it); its derivative ScaleB(seed, n) is exact, as the value is.
    public static readonly MathFunction ScaleB = new("ScaleB", 2, d => Math(d.Type, ScaleB, d.Seed, d.Arg(1)), flatArgument: 1);
    // |x| with y's sign: y only picks a sign, so it is flat; in x the slope is ±1, and 0 at x = 0 as for Abs.
    public static readonly MathFunction CopySign = new("CopySign", 2, CopySignDerivative, flatArgument: 1);
    // The next (previous) representable value: x plus a step far below any finite difference, so slope 1, which is
    // what a difference quotient of it measures; taking it as piecewise constant would drop the derivative of x.
    public static readonly MathFunction BitIncrement = new("BitIncrement", 1, d => d.Seed);
    public static readonly MathFunction BitDecrement = new("BitDecrement", 1, d => d.Seed);
    // The argument with the larger (smaller) magnitude: the one the result equals gets the derivative, as for Max.
    public static readonly MathFunction MaxMagnitude = new("MaxMagnitude", 2, MagnitudeDerivative);
    public static readonly MathFunction MinMagnitude = new("MinMagnitude", 2, MagnitudeDerivative);
    // x - y·n with n = round(x/y) to even, piecewise constant: ∂x = 1, ∂y = -n.
    public static readonly MathFunction IEEERemainder = new("IEEERemainder", 2, IeeeRemainderDerivative);
    // Piecewise constant: their derivative is zero wherever it exists. Any overload (Round(x, digits, mode) too).
    public static readonly MathFunction Floor = PiecewiseConstant("Floor");
    public static readonly MathFunction Ceiling = PiecewiseConstant("Ceiling");
    public static readonly MathFunction Round = PiecewiseConstant("Round");
    public static readonly MathFunction Truncate = PiecewiseConstant("Truncate");
#pragma warning restore CS8604

    // ---- Rules too long for their row ---------------------------------------------------------------------------

    private static Expr Atan2Derivative(MathPartial d)
    {
        // atan2(y, x): ∂y = x/(x²+y²), ∂x = -y/(x²+y²)
        Expr y = d.Arg(0), x = d.Arg(1);
        var norm = Add(Square(x), Square(y));
        return d.Index == 0 ? Div(Mul(d.Seed, x), norm) : Neg(Div(Mul(d.Seed, y), norm));
    }

    private static Expr LogDerivative(MathPartial d)
    {
        if (d.Call.Arguments.Count == 1) return Div(d.Seed, d.X);
        // log_b(a) = ln a / ln b: ∂a = 1/(a ln b), ∂b = -log_b(a)/(b ln b)
        Expr a = d.X, b = d.Arg(1);
        var lnB = Math(d.Type, Log, b);
        return d.Index == 0 ? Div(d.Seed, Mul(a, lnB)) : Neg(Div(Mul(d.Seed, d.Result), Mul(b, lnB)));
    }

    private static Expr PowDerivative(MathPartial d)
    {
        var t = d.Type;
        Expr a = d.X, b = d.Arg(1);
        if (d.Index == 0)
        {
            // ∂a = b·a^(b-1); a constant exponent folds, a variable one is guarded at b = 0 (0·0^-1 would be NaN).
            if (b is ConstExpr { RealValue: double exponent })
            {
                if (exponent == 2) return Mul(d.Seed, Mul(Real(t, 2), a));
                if (exponent == 1) return d.Seed;
                return Mul(d.Seed, Mul(b, Math(t, Pow, a, Real(t, exponent - 1))));
            }
            return Conditional(Compare(BinaryOp.Equals, b, d.Zero), d.Zero,
                Mul(d.Seed, Mul(b, Math(t, Pow, a, Sub(b, d.One)))));
        }
        // ∂b = a^b·ln a, taken as 0 at a = 0 where a^b is flat in b (for b > 0).
        return Conditional(Compare(BinaryOp.Equals, a, d.Zero), d.Zero, Mul(Mul(d.Seed, d.Result), Math(t, Log, a)));
    }

    private static Expr AbsDerivative(MathPartial d)
        => Conditional(Compare(BinaryOp.GreaterThan, d.X, d.Zero), d.Seed,
            Conditional(Compare(BinaryOp.LessThan, d.X, d.Zero), Neg(d.Seed), d.Zero));

    private static Expr ExtremumDerivative(MathPartial d, BinaryOp wins)
    {
        // The larger (smaller) operand gets the whole derivative; a tie splits it evenly, as in JAX.
        Expr self = d.Arg(d.Index), other = d.Arg(1 - d.Index);
        return Conditional(Compare(wins, self, other), d.Seed,
            Conditional(Compare(BinaryOp.Equals, self, other), Mul(d.Seed, Real(d.Type, 0.5)), d.Zero));
    }

    private static Expr CopySignDerivative(MathPartial d)
        => Conditional(Compare(BinaryOp.Equals, d.X, d.Zero), d.Zero,
            Conditional(Compare(BinaryOp.Equals, d.Result, d.X), d.Seed, Neg(d.Seed)));

    private static Expr MagnitudeDerivative(MathPartial d)
    {
        // The result is one of the arguments; equal arguments split the derivative evenly, as Max and Min do.
        Expr self = d.Arg(d.Index), other = d.Arg(1 - d.Index);
        return Conditional(Compare(BinaryOp.Equals, self, d.Result),
            Conditional(Compare(BinaryOp.Equals, other, d.Result), Mul(d.Seed, Real(d.Type, 0.5)), d.Seed), d.Zero);
    }

    private static Expr IeeeRemainderDerivative(MathPartial d)
    {
        if (d.Index == 0) return d.Seed;
        // n = (x - r)/y is an integer up to rounding; Round gives it back exactly.
        Expr x = d.X, y = d.Arg(1);
        return Neg(Mul(d.Seed, Math(d.Type, Round, Div(Sub(x, d.Result), y))));
    }

    private static Expr ClampDerivative(MathPartial d)
    {
        // Clamp(x, lo, hi) is lo below lo, hi above hi, x in between (bounds included).
        Expr x = d.Arg(0), lo = d.Arg(1), hi = d.Arg(2);
        var below = Compare(BinaryOp.LessThan, x, lo);
        var above = Compare(BinaryOp.GreaterThan, x, hi);
        return d.Index switch
        {
            0 => Conditional(Or(below, above), d.Zero, d.Seed),
            1 => Conditional(below, d.Seed, d.Zero),
            _ => Conditional(below, d.Zero, Conditional(above, d.Seed, d.Zero)),
        };
    }

    // ---- A row --------------------------------------------------------------------------------------------------

    private MathFunction(string name, int minArity, int maxArity, System.Func<MathPartial, Expr>? derivative, string? vectorMethod, int? flatArgument)
    {
        Name = name;
        MinArity = minArity;
        MaxArity = maxArity;
        Derivative = derivative;
        VectorMethod = vectorMethod;
        FlatArgument = flatArgument;
        rows.Add(this);
    }

    private MathFunction(string name, int arity, System.Func<MathPartial, Expr> derivative, string? vectorMethod = null, int? flatArgument = null)
        : this(name, arity, arity, derivative, vectorMethod, flatArgument)
    {
    }

    private MathFunction(string name, int minArity, int maxArity, System.Func<MathPartial, Expr> derivative)
        : this(name, minArity, maxArity, derivative, null, null)
    {
    }

    private static MathFunction PiecewiseConstant(string name) => new(name, 1, int.MaxValue, null, null, null);

    /// <summary>The method's name, the same in <c>Math</c>, <c>MathF</c>, <c>double</c> and <c>float</c>: a call is spelled <c>ClassName.Name(…)</c>.</summary>
    public string Name { get; }

    /// <summary>The fewest arguments an overload this row covers takes.</summary>
    public int MinArity { get; }

    /// <summary>The most arguments an overload this row covers takes.</summary>
    public int MaxArity { get; }

    /// <summary>
    /// <c>seed · ∂f/∂xᵢ</c> for one real argument, given the call's value (rules such as exp and sqrt reuse it);
    /// null for a piecewise-constant function (<see cref="IsPiecewiseConstant"/>).
    /// </summary>
    public System.Func<MathPartial, Expr>? Derivative { get; }

    /// <summary>
    /// The <c>System.Numerics.Vector</c> method that computes this function lane by lane bit for bit as the scalar
    /// call does (<c>SquareRoot</c>, <c>Abs</c>), or null: then a loop calling it stays scalar. <c>Vector.Exp</c> and
    /// the like do not round as <c>Math.Exp</c> does, so they are not listed.
    /// </summary>
    public string? VectorMethod { get; }

    /// <summary>
    /// The argument the function is flat in (ScaleB's exponent, CopySign's sign source), or null: it carries no
    /// derivative, and it may be of any type (ScaleB's is an <c>int</c>).
    /// </summary>
    public int? FlatArgument { get; }

    /// <summary>Whether argument <paramref name="index"/> carries a derivative into the result.</summary>
    public bool IsFlatIn(int index) => IsPiecewiseConstant || index == FlatArgument;

    /// <summary>Floor, Ceiling, Round and Truncate: zero derivative wherever one exists, whatever the arguments' types.</summary>
    public bool IsPiecewiseConstant => Derivative is null;

    /// <summary>Every row, in the table's order.</summary>
    public static IReadOnlyList<MathFunction> All => rows;

    /// <summary>
    /// The row for a <c>Math</c>/<c>MathF</c>/<c>double</c>/<c>float</c> method of this name and arity, or null. A
    /// function with a derivative covers only its overloads on reals (but for the argument it is flat in).
    /// </summary>
    public static MathFunction? Find(string name, int arity, System.Func<int, bool> isRealArgument)
    {
        foreach (var row in rows)
        {
            if (row.Name == name && arity >= row.MinArity && arity <= row.MaxArity)
            {
                bool accepted = true;
                for (int i = 0; i < arity; i++) accepted &= row.IsFlatIn(i) || isRealArgument(i);
                return accepted ? row : null;
            }
        }
        return null;
    }

    // Rows are singletons: a row equals only itself, which keeps MathCallExpr a value for the incremental pipeline.
    public bool Equals(MathFunction? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => System.StringComparer.Ordinal.GetHashCode(Name);

    public override string ToString() => Name;
}

/// <summary>One partial derivative a row's rule forms: <c>Seed · ∂Call/∂Call.Arguments[Index]</c>.</summary>
/// <param name="Result">The variable holding the call's value, already computed.</param>
internal readonly record struct MathPartial(MathCallExpr Call, int Index, Expr Seed, VarExpr Result)
{
    public IrType Type => Call.Type;

    /// <summary>The first argument.</summary>
    public Expr X => Call.Arguments[0];

    public Expr Arg(int index) => Call.Arguments[index];

    public Expr One => Real(Type, 1);

    public Expr Zero => Real(Type, 0);
}
