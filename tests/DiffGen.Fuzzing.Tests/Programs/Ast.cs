namespace DiffGen.Fuzzing.Tests.Programs;

// A small AST of the [Differentiable] subset the fuzzer generates. Records, so the shrinker can rebuild a program
// with one piece removed, and a failure can be printed back to C# as a small method.

public abstract record Expr;

public sealed record Num(double Value) : Expr;

/// <summary>A double local or parameter.</summary>
public sealed record Ref(string Name) : Expr;

/// <summary>An int (loop counter or int parameter) used as a number: <c>name * Scale</c>.</summary>
public sealed record IntTerm(string Name, double Scale) : Expr;

public sealed record Binary(char Op, Expr Left, Expr Right) : Expr;

public sealed record Negate(Expr Operand) : Expr;

/// <summary><c>Math.{Function}(args)</c>.</summary>
public sealed record MathCall(string Function, Expr[] Args) : Expr;

/// <summary><c>array[index]</c>.</summary>
public sealed record Element(string Array, Index Index) : Expr;

public sealed record Ternary(Comparison Condition, Expr WhenTrue, Expr WhenFalse) : Expr;

/// <summary>A call to a generated scalar helper <c>H(a, b)</c>, or an array-taking one <c>S(array, a)</c>.</summary>
public sealed record HelperCall(string Helper, string? ArrayArgument, Expr[] Args) : Expr;

/// <summary>
/// Values of a differentiable record struct <c>V2(X, Y)</c> built from <paramref name="Args"/>, combined by one of its
/// operators or <c>[Differentiable]</c> methods (shape <paramref name="Kind"/>, see <c>CSharpPrinter.Value</c>), and a
/// member read back: the lowering's flattening and inlining under every other construct.
/// </summary>
public sealed record ValueOp(int Kind, Expr[] Args) : Expr
{
    public const int Kinds = 6;
}

/// <summary><c>Vectorized.Sum(array)</c>, a library method with hand-written derivatives.</summary>
public sealed record LibrarySum(string Array) : Expr;

public sealed record Comparison(string Op, Expr Left, Expr Right);

/// <summary>An array index that is always in range: a constant below the length, a counter whose bound is at most the
/// length, or a sum of counters modulo the length.</summary>
public abstract record Index;

public sealed record ConstIndex(int Value) : Index;

public sealed record CounterIndex(string Counter) : Index;

public sealed record WrappedIndex(string[] Counters, int Offset, int Length) : Index;

public abstract record Stmt;

public sealed record Declare(string Name, Expr Value) : Stmt;

/// <summary><c>name op value</c>, op one of = += -= *= /=.</summary>
public sealed record Assign(string Name, string Op, Expr Value) : Stmt;

public sealed record AssignElement(string Array, Index Index, string Op, Expr Value) : Stmt;

public sealed record If(Comparison Condition, Stmt[] Then, Stmt[]? Else) : Stmt;

/// <summary><c>for (int c = 0; c &lt; bound; c++)</c>; the bound is printed as given (a constant, <c>n</c>, <c>a.Length</c>).</summary>
public sealed record For(string Counter, string Bound, Stmt[] Body) : Stmt;

/// <summary><c>int c = 0; while (c &lt; count) { body; c++; }</c>.</summary>
public sealed record While(string Counter, int Count, Stmt[] Body) : Stmt;

public sealed record Foreach(string Variable, string Array, Stmt[] Body) : Stmt;

/// <summary><c>double[] name = new double[length];</c> or <c>Span&lt;double&gt; name = stackalloc double[length];</c>.</summary>
public sealed record DeclareArray(string Name, int Length, bool Stackalloc) : Stmt;

/// <summary><c>V(input, scalar, output);</c>: a call to a generated vector-valued helper writing a local array.</summary>
public sealed record VectorCall(string Helper, string Input, Expr Scalar, string Output) : Stmt;

/// <summary>
/// <c>switch (Int % Modulo)</c> with one section per entry: its labels (none: <c>default</c>), its body in a block
/// that ends with <c>break</c>.
/// </summary>
public sealed record Switch(string Int, int Modulo, SwitchSection[] Sections) : Stmt;

public sealed record SwitchSection(int[] Labels, Stmt[] Body);

public sealed record Return(Expr Value) : Stmt;

/// <summary>A local and the loop that assigns it (printed one after the other; one unit, so the local is always declared).</summary>
public sealed record DeadPass(Declare Local, For Loop) : Stmt;

/// <summary>Statements printed one after the other (one unit for the generator: a fill and the call that follows).</summary>
public sealed record Seq(Stmt[] Body) : Stmt;

public enum ArrayKind { Array, Span }

public sealed record ArrayParameter(string Name, ArrayKind Kind);

/// <summary>
/// One [Differentiable] method. Parameters are printed in a fixed order: arrays, scalars, the int <c>n</c> (when
/// <see cref="HasInt"/>), then the output span <c>y</c> (when <see cref="IsVector"/>, which makes the method void).
/// </summary>
/// <see cref="ReadsOutput"/>: a vector method that may leave output elements alone or read them before writing them
/// (its body does not start with a loop writing every element).
public sealed record Method(string Name, string[] Scalars, ArrayParameter[] Arrays, bool HasInt, bool IsVector, Stmt[] Body, bool ReadsOutput = false);

/// <summary>
/// One generated class: the method under test (<see cref="Main"/>) and the helpers it may call. Every array (inputs,
/// locals, the output) has <see cref="Length"/> elements and <c>n</c> is <see cref="Length"/> too, which keeps every
/// index the generator prints in range.
/// </summary>
public sealed record FuzzProgram(Method Main, Method[] Helpers, int Length)
{
    public int InputCount => Main.Scalars.Length + Main.Arrays.Length * Length;
    public int OutputCount => Main.IsVector ? Length : 1;
}
