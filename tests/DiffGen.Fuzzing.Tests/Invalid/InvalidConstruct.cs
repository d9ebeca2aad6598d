namespace DiffGen.Fuzzing.Tests.Invalid;

/// <summary>
/// A construct the generator must refuse with a DG error. Its statements go first in the method's body, where
/// <c>x</c> is a value that carries a derivative (a parameter not yet reassigned, or a local copy of an element), and
/// declare <c>zu</c>, which the method adds to its result, so the construct's value always matters. A construct with
/// a <see cref="ReturnTerm"/> adds that expression to the result instead.
/// </summary>
public sealed record InvalidConstruct(string Name, string ExpectedId, Func<string, string[]> Statements, bool NeedsWritableArray = false,
    Func<string, string>? ReturnTerm = null)
{
    /// <summary>Members of the companion class <c>Plain</c> the constructs call: none of them has a derivative.</summary>
    public const string PlainClass = """
        public static class Plain
        {
            public static double Field;
            public static double Square(double v) => v * v;
            public static double Twice(ReadOnlySpan<double> v) => 2 * v[0];
            public static V2 Mirror(V2 v) => new(v.Y, v.X);
        }
        """;

    public static readonly InvalidConstruct[] All =
    [
        new("call without a derivative, in the result", "DG0010", _ => [], ReturnTerm: x => $"Plain.Square({x})"),
        new("unsupported Math function, in the result", "DG0010", _ => [], ReturnTerm: x => $"Math.ReciprocalEstimate({x})"),
        new("call without a derivative", "DG0010", x => [$"double zu = Plain.Square({x});"]),
        new("call without a derivative, through a local", "DG0010", x => [$"double zz = Plain.Square({x});", "double zu = zz * 2.0;"]),
        new("call without a derivative, in a loop", "DG0010", x => ["double zu = 0;", $"for (int zk = 0; zk < 2; zk++) zu += Plain.Square({x} * zk);"]),
        new("call without a derivative, in a branch", "DG0010", x => ["double zu = 1;", $"if ({x} > 0.5) zu = Plain.Square({x});"]),
        new("call without a derivative, array argument", "DG0010", x => [$"double[] zt = new double[] {{ {x}, 1.0 }};", "double zu = Plain.Twice(zt);"]),
        new("unsupported Math function", "DG0010", x => [$"double zu = Math.ReciprocalEstimate({x});"]),
        new("LINQ", "DG0010", x => [$"double zu = System.Linq.Enumerable.Sum(new[] {{ {x}, 1.0 }});"]),
        new("LINQ with a lambda", "DG0011", x => [$"double[] zt = new double[] {{ 1.0, 2.0 }};", $"double zu = System.Linq.Enumerable.Sum(System.Linq.Enumerable.Select(zt, zv => zv * {x}));"]),
        new("lambda capturing", "DG0011", x => [$"Func<double, double> zf = zv => zv * {x};", "double zu = zf(1.5);"]),
        new("local function capturing", "DG0011", x => [$"double ZL(double zv) => zv * {x};", "double zu = ZL(1.5);"]),
        new("try/finally", "DG0012", x => ["double zu = 0;", $"try {{ zu = {x} * 2.0; }} finally {{ }}"]),
        new("goto", "DG0013", x => [$"double zu = {x};", "goto zdone;", "zdone: zu *= 2.0;"]),
        new("switch expression without a discard arm", "DG0015", x => [$"double zu = ((int)Math.Floor({x})) switch {{ 0 => {x}, 1 => 2.0 * {x} }};"]),
        new("declaration pattern", "DG0015", x => [$"double zu = {x} is double zd && zd > 0.5 ? zd : 1.0;"]),
        new("tuple", "DG0015", x => [$"var zt = ({x}, 2.0);", "double zu = zt.Item1;"]),
        new("throw", "DG0015", x => [$"if ({x} > 1e300) throw new InvalidOperationException();", $"double zu = {x};"]),
        new("instance call", "DG0015", x => [$"double zu = double.Parse({x}.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);"]),
        new("write to a field", "DG0016", x => [$"Plain.Field = {x};", "double zu = 1.0;"]),
        new("write into an input array", "DG0016", _ => ["a0[0] = 1.5 * a0[0];", "double zu = a0[0];"], NeedsWritableArray: true),
        new("method on values without [Differentiable]", "DG0015", x => [$"double zu = Plain.Mirror(new V2({x}, 1.0)).X;"]),
        new("instance method of a value without [Differentiable]", "DG0015", x => [$"double zu = new V2({x}, 1.0).GetHashCode() * {x};"]),
        new("array created in a loop", "DG0015", x => ["double zu = 0;", $"for (int zk = 0; zk < 2; zk++) {{ double[] zt = new double[2]; zt[0] = {x}; zu += zt[0]; }}"]),
    ];
}
