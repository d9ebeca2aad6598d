using System.Globalization;
using System.Text;
using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// Formulas as an introduction to derivatives writes them: an expression of the parameters, simplified and printed
/// in math notation (<c>6·x + 5</c>, <c>2·(w − 4)</c>). Only <see cref="SymbolicDerivatives"/> uses it, for the
/// documentation of a generated <c>Gradient</c>; no generated code is ever computed from it.
/// </summary>
/// <remarks>
/// A formula is a sum of terms, a term a rational coefficient times factors raised to integer powers, a factor a
/// parameter, a named constant (π, ln(10)), a call, a power with a non-integer exponent, or a sum in parentheses.
/// Building one simplifies it: constants fold, <c>x·1</c>, <c>x·0</c>, <c>x + 0</c> and <c>−(−x)</c> vanish, like
/// terms add their coefficients (<c>3·x + 3·x</c> → <c>6·x</c>, also when the term is a sum:
/// <c>(w − 4) + (w − 4)</c> → <c>2·(w − 4)</c>) and like factors their powers (<c>x·x</c> → <c>x²</c>,
/// <c>x / x</c> → <c>1</c>). A formula that grows past <see cref="MaxNodes"/> throws <see cref="NoFormula"/>.
/// </remarks>
internal abstract class Formula
{
    /// <summary>The most nodes a formula may hold while it is built.</summary>
    public const int MaxNodes = 300;

    protected Formula(string key, int size)
    {
        if (size > MaxNodes) throw new NoFormula();
        Key = key;
        Size = size;
    }

    /// <summary>A canonical spelling of the structure: two formulas with the same key are the same formula.</summary>
    public string Key { get; }

    /// <summary>The number of nodes.</summary>
    public int Size { get; }

    /// <summary>Thrown when a formula cannot be formed or grows too large: the method then gets no formula.</summary>
    internal sealed class NoFormula : System.Exception
    {
    }

    // ---- Constructors that simplify ----------------------------------------------------------------------------

    public static Formula Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new NoFormula();
        // Constants the rules and the user write, named as a textbook names them.
        if (value == System.Math.PI) return new Named(Pi, value);
        if (value == System.Math.Log(10)) return new Named("Log(10)", value);
        if (value == System.Math.Log(2)) return new Named("Log(2)", value);
        return Term.Constant(Rational.Of(value));
    }

    /// <summary>How π prints: a parameter of that name makes formulas ambiguous.</summary>
    public const string Pi = "π";

    public static Formula Variable(string name) => new Var(name);

    public static Formula Add(Formula a, Formula b)
    {
        var left = Term.Of(a);
        var right = Term.Of(b);
        // Like terms, a parenthesized sum included: (w − 4) + (w − 4) = 2·(w − 4).
        if (left.MonomialKey == right.MonomialKey) return left.WithCoefficient(left.Coefficient + right.Coefficient).Normalize();
        var terms = new List<Term>();
        foreach (var term in TermsOf(a).Concat(TermsOf(b)))
        {
            int like = terms.FindIndex(t => t.MonomialKey == term.MonomialKey);
            if (like < 0) terms.Add(term);
            else terms[like] = terms[like].WithCoefficient(terms[like].Coefficient + term.Coefficient);
        }
        return Sum.Of(terms.Where(t => !t.Coefficient.IsZero).ToList());
    }

    public static Formula Negate(Formula a)
    {
        // −(a − b) = b − a: negation goes into a sum, whose size it does not change.
        if (a is Sum sum) return Sum.Of(sum.Terms.Select(t => t.WithCoefficient(-t.Coefficient)).ToList());
        var term = Term.Of(a);
        return term.WithCoefficient(-term.Coefficient).Normalize();
    }

    public static Formula Subtract(Formula a, Formula b) => Add(a, Negate(b));

    public static Formula Multiply(Formula a, Formula b)
    {
        var left = Term.Of(a);
        var right = Term.Of(b);
        var coefficient = left.Coefficient * right.Coefficient;
        if (coefficient.IsZero) return Term.Constant(Rational.Zero);
        // −1 · (a − b) = b − a.
        if (left.Factors.Count == 0 && coefficient == Rational.MinusOne && b is Sum) return Negate(b);
        if (right.Factors.Count == 0 && coefficient == Rational.MinusOne && a is Sum) return Negate(a);
        var factors = new List<(Formula Base, int Power)>(left.Factors);
        foreach (var (factor, power) in right.Factors)
        {
            int like = factors.FindIndex(f => f.Base.Key == factor.Key);
            if (like < 0) factors.Add((factor, power));
            else factors[like] = (factor, factors[like].Power + power);
        }
        return new Term(coefficient, factors.Where(f => f.Power != 0).ToList()).Normalize();
    }

    public static Formula Divide(Formula a, Formula b) => Multiply(a, Power(b, -1));

    /// <summary><c>a</c> to an integer power.</summary>
    public static Formula Power(Formula a, int power)
    {
        if (power == 0) return Term.Constant(Rational.One);
        var term = Term.Of(a);
        var coefficient = Rational.One;
        for (int i = 0; i < System.Math.Abs(power); i++) coefficient *= term.Coefficient;
        if (power < 0) coefficient = coefficient.Inverse();
        return new Term(coefficient, term.Factors.Select(f => (f.Base, f.Power * power)).ToList()).Normalize();
    }

    /// <summary>A power whose exponent is not a small integer: <c>x^1.5</c>, <c>x^y</c>.</summary>
    public static Formula RealPower(Formula a, Formula exponent) => new Pow(a, exponent);

    public static Formula Call(MathFunction function, IReadOnlyList<Formula> arguments) => new CallOf(function, arguments);

    /// <summary>The value of a constant formula, or null.</summary>
    public double? ConstantValue => this switch
    {
        Term { Factors.Count: 0 } term => term.Coefficient.Value,
        Named named => named.Value,
        _ => null,
    };

    private static IEnumerable<Term> TermsOf(Formula formula) => formula is Sum sum ? sum.Terms : new[] { Term.Of(formula) };

    // ---- Printing ----------------------------------------------------------------------------------------------

    /// <summary>Precedence of a printed formula: what it needs parentheses in.</summary>
    protected enum Level { Sum, Product, Power, Atom }

    protected abstract (string Text, Level Level) Print();

    public override string ToString() => Print().Text;

    protected static string At(Formula formula, Level least)
    {
        var (text, level) = formula.Print();
        return level < least ? "(" + text + ")" : text;
    }

    // ---- The kinds of formula ----------------------------------------------------------------------------------

    private sealed class Var : Formula
    {
        public Var(string name) : base("v:" + name, 1) => Name = name;

        public string Name { get; }

        protected override (string, Level) Print() => (Name.TrimStart('@'), Level.Atom);
    }

    private sealed class Named : Formula
    {
        public Named(string text, double value) : base("c:" + text, 1)
        {
            Text = text;
            Value = value;
        }

        public string Text { get; }

        public double Value { get; }

        protected override (string, Level) Print() => (Text, Level.Atom);
    }

    private sealed class CallOf : Formula
    {
        public CallOf(MathFunction function, IReadOnlyList<Formula> arguments)
            : base("f:" + function.Name + "(" + string.Join(",", arguments.Select(a => a.Key)) + ")", 1 + arguments.Sum(a => a.Size))
        {
            Function = function;
            Arguments = arguments;
        }

        public MathFunction Function { get; }

        public IReadOnlyList<Formula> Arguments { get; }

        protected override (string, Level) Print()
            => Function == MathFunction.Sqrt && Arguments.Count == 1
                ? ("√" + At(Arguments[0], Level.Atom), Level.Power)
                : (Function.Name + "(" + string.Join(", ", Arguments.Select(a => a.ToString())) + ")", Level.Atom);
    }

    private sealed class Pow : Formula
    {
        public Pow(Formula @base, Formula exponent) : base("p:(" + @base.Key + ")^(" + exponent.Key + ")", 1 + @base.Size + exponent.Size)
        {
            Base = @base;
            Exponent = exponent;
        }

        public Formula Base { get; }

        public Formula Exponent { get; }

        protected override (string, Level) Print() => (At(Base, Level.Atom) + "^" + At(Exponent, Level.Atom), Level.Power);
    }

    /// <summary>A coefficient times factors to nonzero integer powers; no factor is a term or a constant.</summary>
    private sealed class Term : Formula
    {
        public Term(Rational coefficient, IReadOnlyList<(Formula Base, int Power)> factors)
            : base(KeyOf(coefficient, factors), 1 + factors.Sum(f => f.Base.Size))
        {
            Coefficient = coefficient;
            Factors = factors;
            MonomialKey = MonomialOf(factors);
        }

        public Rational Coefficient { get; }

        public IReadOnlyList<(Formula Base, int Power)> Factors { get; }

        /// <summary>The key of the factors alone: like terms share it.</summary>
        public string MonomialKey { get; }

        public static Term Constant(Rational value) => new(value, System.Array.Empty<(Formula, int)>());

        public static Term Of(Formula formula) => formula as Term ?? new Term(Rational.One, new[] { (formula, 1) });

        public Term WithCoefficient(Rational coefficient) => new(coefficient, coefficient.IsZero ? System.Array.Empty<(Formula, int)>() : Factors);

        /// <summary>The simplest formula equal to this term: a lone factor stands for itself.</summary>
        public Formula Normalize() => Coefficient == Rational.One && Factors is [(var factor, 1)] ? factor : this;

        private static string MonomialOf(IReadOnlyList<(Formula Base, int Power)> factors)
            => string.Join("·", factors.Select(f => "(" + f.Base.Key + ")^" + f.Power.ToString(CultureInfo.InvariantCulture)).OrderBy(k => k, System.StringComparer.Ordinal));

        private static string KeyOf(Rational coefficient, IReadOnlyList<(Formula Base, int Power)> factors)
            => "t:" + coefficient.Key + "[" + MonomialOf(factors) + "]";

        protected override (string, Level) Print()
        {
            var numerator = new List<string>();
            var denominator = new List<string>();
            var (top, bottom) = coefficientParts();
            // As a textbook orders them: 2·π·x·Sin(x)·(x + 1).
            foreach (var (factor, power) in Factors.OrderBy(f => Rank(f.Base)).ThenBy(f => f.Base.Key, System.StringComparer.Ordinal))
            {
                int magnitude = System.Math.Abs(power);
                string printed = magnitude == 1 ? At(factor, Level.Power) : At(factor, Level.Atom) + Superscript(magnitude);
                (power > 0 ? numerator : denominator).Add(printed);
            }
            if (top != "1" || numerator.Count == 0) numerator.Insert(0, top);
            if (bottom != "1") denominator.Insert(0, bottom);
            string sign = Coefficient.IsNegative ? "−" : "";
            string text = sign + string.Join("·", numerator);
            if (denominator.Count > 0) text += " / " + (denominator.Count > 1 ? "(" + string.Join("·", denominator) + ")" : denominator[0]);
            bool lone = sign.Length == 0 && numerator.Count == 1 && denominator.Count == 0;
            Level level = !lone ? Level.Product : Factors.Count == 0 ? Level.Atom : Level.Power;
            return (text, level);

            (string, string) coefficientParts()
            {
                var magnitude = Coefficient.IsNegative ? -Coefficient : Coefficient;
                return (FormatNumber(magnitude.Numerator), FormatNumber(magnitude.Denominator));
            }
        }
    }

    /// <summary>Two or more terms, a constant term last.</summary>
    private sealed class Sum : Formula
    {
        private Sum(IReadOnlyList<Term> terms)
            : base("s:[" + string.Join("+", terms.Select(t => t.Key).OrderBy(k => k, System.StringComparer.Ordinal)) + "]", 1 + terms.Sum(t => t.Size))
            => Terms = terms;

        public IReadOnlyList<Term> Terms { get; }

        public static Formula Of(List<Term> terms)
        {
            if (terms.Count == 0) return Term.Constant(Rational.Zero);
            if (terms.Count == 1) return terms[0].Normalize();
            // The constant term last, as 6·x + 5 is written.
            return new Sum(terms.Where(t => t.Factors.Count > 0).Concat(terms.Where(t => t.Factors.Count == 0)).ToList());
        }

        protected override (string, Level) Print()
        {
            var builder = new StringBuilder();
            // 1 − x² rather than −x² + 1: a positive term first, when there is one.
            var terms = Terms.ToList();
            int positive = terms.FindIndex(t => !t.Coefficient.IsNegative);
            if (positive > 0)
            {
                var first = terms[positive];
                terms.RemoveAt(positive);
                terms.Insert(0, first);
            }
            foreach (var term in terms)
            {
                if (builder.Length == 0) builder.Append(At(term.Normalize(), Level.Product));
                else if (term.Coefficient.IsNegative) builder.Append(" − ").Append(At(term.WithCoefficient(-term.Coefficient).Normalize(), Level.Product));
                else builder.Append(" + ").Append(At(term.Normalize(), Level.Product));
            }
            return (builder.ToString(), Level.Sum);
        }
    }

    /// <summary>Where a factor stands in a printed term: π, then parameters, powers, calls and sums, each kind in the order of its key (parameters by name).</summary>
    private static int Rank(Formula factor) => factor switch
    {
        Named { Text: Pi } => 0,
        Named => 3,
        Var => 1,
        Pow => 2,
        CallOf => 3,
        _ => 4,
    };

    private static string Superscript(int power)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        return power < 10 ? digits[power].ToString() : "^" + power.ToString(CultureInfo.InvariantCulture);
    }

    private static string FormatNumber(double value)
        => value == System.Math.Floor(value) && System.Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A coefficient: an integer fraction while numerator and denominator stay exact integers in a double, else a
/// double over 1.
/// </summary>
internal readonly struct Rational : System.IEquatable<Rational>
{
    private const double Exact = 9007199254740992; // 2^53

    private Rational(double numerator, double denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public double Numerator { get; }

    public double Denominator { get; }

    public static Rational Zero => new(0, 1);

    public static Rational One => new(1, 1);

    public static Rational MinusOne => new(-1, 1);

    public double Value => Numerator / Denominator;

    public bool IsZero => Numerator == 0;

    public bool IsNegative => Numerator < 0;

    public string Key => Numerator.ToString("R", CultureInfo.InvariantCulture) + "/" + Denominator.ToString("R", CultureInfo.InvariantCulture);

    public static Rational Of(double value) => Make(value, 1);

    private static bool IsInteger(double value) => value == System.Math.Floor(value) && System.Math.Abs(value) < Exact;

    private static Rational Make(double numerator, double denominator)
    {
        if (double.IsNaN(numerator) || double.IsInfinity(numerator) || double.IsNaN(denominator) || double.IsInfinity(denominator) || denominator == 0)
        {
            throw new Formula.NoFormula();
        }
        if (denominator < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }
        if (numerator == 0) return new Rational(0, 1);
        if (!IsInteger(numerator) || !IsInteger(denominator)) return new Rational(numerator / denominator, 1);
        double a = System.Math.Abs(numerator), b = denominator;
        while (b != 0) (a, b) = (b, a % b);
        return new Rational(numerator / a, denominator / a);
    }

    public static Rational operator +(Rational a, Rational b)
        => a.Denominator == b.Denominator
            ? Make(a.Numerator + b.Numerator, a.Denominator)
            : Make(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator *(Rational a, Rational b) => Make(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public Rational Inverse() => Make(Denominator, Numerator);

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public bool Equals(Rational other) => Numerator.Equals(other.Numerator) && Denominator.Equals(other.Denominator);

    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    public override int GetHashCode() => Numerator.GetHashCode() * 31 + Denominator.GetHashCode();
}
