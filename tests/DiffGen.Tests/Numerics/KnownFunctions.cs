namespace DiffGen.Tests.Numerics;

/// <summary>A smooth test function with its derivative in closed form.</summary>
public sealed record KnownFunction(string Name, Func<double, double> F, Func<double, double> Derivative);

/// <summary>
/// Functions with known derivatives, looked up by name so that xunit theories show readable case names.
/// </summary>
public static class KnownFunctions
{
    public static readonly IReadOnlyDictionary<string, KnownFunction> ByName = new[]
    {
        new KnownFunction("cubic", x => x * x * x - 2 * x * x + 3 * x - 1, x => 3 * x * x - 4 * x + 3),
        new KnownFunction("quintic", x => Math.Pow(x, 5) - 7 * x, x => 5 * Math.Pow(x, 4) - 7),
        new KnownFunction("sin", Math.Sin, Math.Cos),
        new KnownFunction("exp", Math.Exp, Math.Exp),
        new KnownFunction("log", Math.Log, x => 1 / x),
        new KnownFunction("x^x", x => Math.Pow(x, x), x => Math.Pow(x, x) * (Math.Log(x) + 1)),
        new KnownFunction("exp(sin x)", x => Math.Exp(Math.Sin(x)), x => Math.Cos(x) * Math.Exp(Math.Sin(x))),
    }.ToDictionary(f => f.Name);

    /// <summary>(function name, x): points where the derivative is well away from zero, so relative error is meaningful.</summary>
    public static TheoryData<string, double> Cases => new()
    {
        { "cubic", -2.0 }, { "cubic", 0.5 }, { "cubic", 3.0 },
        { "quintic", -1.5 }, { "quintic", 0.3 }, { "quintic", 2.0 },
        { "sin", 0.0 }, { "sin", 1.0 }, { "sin", 2.5 }, { "sin", -4.0 },
        { "exp", -3.0 }, { "exp", 0.0 }, { "exp", 1.0 }, { "exp", 5.0 },
        { "log", 0.1 }, { "log", 1.0 }, { "log", 3.0 }, { "log", 100.0 },
        { "x^x", 0.1 }, { "x^x", 1.0 }, { "x^x", 2.0 }, { "x^x", 3.0 },
        { "exp(sin x)", -1.0 }, { "exp(sin x)", 0.7 },
    };

    public static double RelativeError(double actual, double expected)
        => Math.Abs(actual - expected) / Math.Abs(expected);
}
