using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Tests;

/// <summary>
/// The formulas in a straight-line method's <c>Gradient</c> documentation (<c>∂/∂x = 6·x + 5</c>): what they print,
/// when there are none, that the documentation stays valid XML, and that every formula the end-to-end corpus gets
/// evaluates to what the generated gradient computes.
/// </summary>
public class FormulaTests
{
    private static readonly Regex FormulaLine = new(@"/// <para>∂/∂(?<parameter>\w+) = (?<formula>.*)</para>$", RegexOptions.Multiline);

    /// <summary>The generated file of <c>C.F</c>, a method of these parameters and body; no diagnostic, no warning.</summary>
    private static string Generate(string body, string parameters, string returnType = "double")
    {
        var run = GeneratorHarness.Run($$"""
            using System;
            using DiffGen;

            public static partial class C
            {
                [Differentiable]
                public static {{returnType}} F({{parameters}}) {{body}}
            }
            """);
        Assert.True(run.DG.Count == 0, GeneratorHarness.Describe(run.DG));
        Assert.True(run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        return run.Source("C.F_");
    }

    /// <summary>The formulas of <c>C.F</c>'s <c>Gradient</c>, by parameter.</summary>
    private static Dictionary<string, string> Formulas(string body, string parameters = "double x", string returnType = "double")
        => FormulasIn(Generate(body, parameters, returnType), "FGradient");

    /// <summary>The formula lines of the documentation right above <paramref name="method"/>'s declaration.</summary>
    private static Dictionary<string, string> FormulasIn(string source, string method)
    {
        int declaration = source.IndexOf(" " + method + "(", StringComparison.Ordinal);
        Assert.True(declaration >= 0, $"{method} is not in:\n{source}");
        int start = source.LastIndexOf("/// <summary>", declaration, StringComparison.Ordinal);
        var documentation = source.Substring(start, declaration - start);
        return FormulaLine.Matches(documentation).ToDictionary(m => m.Groups["parameter"].Value, m => m.Groups["formula"].Value.TrimEnd('\r'));
    }

    [Fact]
    public void TheIssuesExamples()
    {
        Assert.Equal("6·x + 5", Formulas("=> 3 * x * x + 5 * x;")["x"]);
        Assert.Equal("2·(w − 4)", Formulas("=> (w - 4) * (w - 4);", "double w")["w"]);
    }

    [Theory]
    [InlineData("=> Math.Sin(x);", "Cos(x)")]
    [InlineData("=> Math.Sin(x) * x;", "x·Cos(x) + Sin(x)")]
    [InlineData("=> Math.Exp(2 * x);", "2·Exp(2·x)")]
    [InlineData("=> Math.Log(x);", "1 / x")]
    [InlineData("=> Math.Log(x * x + 1);", "2·x / (x² + 1)")]
    [InlineData("=> 1 / x;", "−1 / x²")]
    [InlineData("=> x / 3 - 1;", "1 / 3")]
    [InlineData("=> Math.Pow(x, 3);", "3·x²")]
    [InlineData("=> Math.Pow(x, 2.5);", "2.5·x^1.5")]
    [InlineData("=> Math.Sqrt(x);", "1 / (2·√x)")]
    [InlineData("=> x * x * x * x;", "4·x³")]
    [InlineData("=> Math.Log10(x);", "1 / (x·Log(10))")]
    [InlineData("=> -(-x);", "1")]
    [InlineData("=> Math.PI * x * x;", "2·π·x")]
    [InlineData("{ double y = x * x; double z = y * y; return z + y; }", "4·x³ + 2·x")]
    public void OneParameter(string body, string expected) => Assert.Equal(expected, Formulas(body)["x"]);

    [Fact]
    public void SeveralParameters()
    {
        var formulas = Formulas("=> x * y / (x + y);", "double x, double y");
        Assert.Equal(2, formulas.Count);
        Assert.Equal("y / (x + y) − x·y / (x + y)²", formulas["x"]);
        Assert.Equal("x / (x + y) − x·y / (x + y)²", formulas["y"]);
        // A [NoDiff] parameter is a constant of the formula and gets none of its own.
        var scaled = Formulas("=> k * x * x;", "double x, [NoDiff] double k");
        Assert.Equal(new[] { "x" }, scaled.Keys);
        Assert.Equal("2·k·x", scaled["x"]);
    }

    [Fact]
    public void FloatLiteralsAsWritten()
        => Assert.Equal("0.1·Cos(x)", Formulas("=> 0.1f * MathF.Sin(x);", "float x", "float")["x"]);

    [Fact]
    public void NoFormulaPastTheSizeLimit()
    {
        // Each formula alone is short; the product rule makes this one too long to read.
        var formulas = Formulas("=> Math.Sin(x) * Math.Cos(x) * Math.Exp(x) * Math.Tanh(x) * Math.Atan(x) * Math.Sqrt(x);");
        Assert.Empty(formulas);
        Assert.NotEmpty(Formulas("=> Math.Sin(x) * Math.Cos(x);"));
    }

    [Theory]
    [InlineData("{ if (x > 0) return x * x; return -x; }", "double x")]
    [InlineData("=> x > 0 ? x : 2 * x;", "double x")]
    [InlineData("{ double s = 0; for (int i = 0; i < 3; i++) s += x; return s; }", "double x")]
    [InlineData("=> Math.Abs(x);", "double x")]
    [InlineData("=> x * n;", "double x, int n")]
    [InlineData("=> x[0] * x[1];", "double[] x")]
    [InlineData("=> Math.Pow(x, y);", "double x, double y")]
    [InlineData("=> G(x) * 2; [Differentiable] public static double G(double x) => x * x;", "double x")]
    public void NoFormulaForAMethodThatIsNotStraightLine(string body, string parameters)
        => Assert.DoesNotContain("<para>∂/∂", Generate(body, parameters), StringComparison.Ordinal);

    [Fact]
    public void DocumentationStaysValidXml()
    {
        // A consumer that builds its documentation file has the compiler check every doc comment, generated ones too.
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var compilation = CSharpCompilation.Create(
            "Documented",
            new[] { CSharpSyntaxTree.ParseText(CorpusSource(), parseOptions, "Corpus.cs") },
            GeneratorHarness.References,
            GeneratorHarness.CompilationOptions);
        var driver = CSharpGeneratorDriver.Create(new[] { new DiffGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var generated = output.SyntaxTrees.Where(t => t.FilePath != "Corpus.cs").ToList();
        Assert.Contains(generated, t => t.ToString().Contains("<para>∂/∂", StringComparison.Ordinal));
        var documentation = output.GetDiagnostics()
            .Where(d => d.Location.SourceTree is { } tree && generated.Contains(tree) && d.Id.StartsWith("CS15", StringComparison.Ordinal) && d.Id != "CS1591")
            .ToList();
        Assert.True(documentation.Count == 0, GeneratorHarness.Describe(documentation));
    }

    // ---- Never wrong: every formula of the end-to-end corpus against the generated gradient ------------------------

    private static readonly string[] CorpusFiles = { "Arithmetic.cs", "MathFunctions.cs", "Bodies.cs", "ConstantParameters.cs" };

    private static string CorpusSource()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DiffGen.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        var corpus = Path.Combine(directory!.FullName, "tests", "DiffGen.EndToEnd.Tests", "Corpus");
        var bodies = CorpusFiles.Select(f => File.ReadAllText(Path.Combine(corpus, f)).Replace("namespace DiffGen.EndToEnd.Tests.Corpus;", ""));
        return "using System;\nusing DiffGen;\nnamespace Corpus {\n" + string.Join("\n", bodies) + "\n}\n";
    }

    [Fact]
    public void EveryCorpusFormulaEvaluatesToTheGeneratedGradient()
    {
        var run = GeneratorHarness.Run(CorpusSource());
        Assert.True(run.OutputErrors.Count == 0, run.Describe());
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, GeneratorHarness.Describe(emit.Diagnostics));
        stream.Position = 0;
        var assembly = new AssemblyLoadContext("DiffGen.Generator.Tests.Formulas", isCollectible: true).LoadFromStream(stream);
        var random = new Random(20261129);
        int checkedFormulas = 0;
        foreach (var (hintName, source) in run.Sources)
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var gradient in type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name.EndsWith("Gradient", StringComparison.Ordinal)))
                {
                    string name = gradient.Name.Substring(0, gradient.Name.Length - "Gradient".Length);
                    if (!hintName.StartsWith("Corpus." + type.Name + "." + name + "_", StringComparison.Ordinal)) continue;
                    var parameters = gradient.GetParameters();
                    if (parameters.Any(p => p.ParameterType.IsByRef ? p.ParameterType.GetElementType() != typeof(double) : p.ParameterType != typeof(double))) continue;
                    var formulas = FormulasIn(source, gradient.Name);
                    if (formulas.Count == 0) continue;
                    var inputs = parameters.Where(p => !p.IsOut).ToList();
                    for (int trial = 0; trial < 20; trial++)
                    {
                        // Points where every corpus method is defined: positive, away from 0, 1 and each other.
                        var values = inputs.Select(_ => 0.15 + 0.7 * random.NextDouble()).ToArray();
                        var arguments = new object?[parameters.Length];
                        for (int i = 0; i < inputs.Count; i++) arguments[i] = values[i];
                        gradient.Invoke(null, arguments);
                        var variables = inputs.Select((p, i) => (p.Name!, values[i])).ToDictionary(v => v.Item1, v => v.Item2);
                        foreach (var output in parameters.Where(p => p.IsOut))
                        {
                            // dX is the derivative of x: find the parameter whose formula it is.
                            var parameter = formulas.Keys.Single(k => DerivativeName(k) == output.Name);
                            double expected = (double)arguments[output.Position]!;
                            double actual = FormulaEvaluator.Evaluate(formulas[parameter], variables);
                            Assert.True(
                                Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(actual), Math.Abs(expected))),
                                $"{type.Name}.{name}: ∂/∂{parameter} = {formulas[parameter]} is {actual} at ({string.Join(", ", values)}); the gradient says {expected}");
                        }
                    }
                    checkedFormulas += formulas.Count;
                }
            }
        }
        Assert.True(checkedFormulas >= 40, $"Only {checkedFormulas} formulas were checked");
    }

    private static string DerivativeName(string parameter) => "d" + char.ToUpperInvariant(parameter[0]) + parameter.Substring(1);
}

/// <summary>
/// Reads a formula back as the tooltip prints it (<c>2·x / (x² + 1)</c>, <c>√x</c>, <c>x^1.5</c>, <c>Sin(x)</c>,
/// <c>π</c>, <c>Log(10)</c>) and evaluates it, so that what is checked is what the user reads.
/// </summary>
internal sealed class FormulaEvaluator
{
    private readonly string text;
    private readonly IReadOnlyDictionary<string, double> variables;
    private int position;

    private FormulaEvaluator(string text, IReadOnlyDictionary<string, double> variables)
    {
        this.text = text;
        this.variables = variables;
    }

    public static double Evaluate(string text, IReadOnlyDictionary<string, double> variables)
    {
        var evaluator = new FormulaEvaluator(text, variables);
        double value = evaluator.Sum();
        evaluator.SkipSpaces();
        Assert.True(evaluator.position == text.Length, $"Unread text at {evaluator.position} in '{text}'");
        return value;
    }

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] == ' ') position++;
    }

    private bool Take(char c)
    {
        SkipSpaces();
        if (position < text.Length && text[position] == c)
        {
            position++;
            return true;
        }
        return false;
    }

    private double Sum()
    {
        double value = Product();
        while (true)
        {
            if (Take('+')) value += Product();
            else if (Take('−')) value -= Product();
            else return value;
        }
    }

    private double Product()
    {
        double value = Unary();
        while (true)
        {
            if (Take('·')) value *= Unary();
            else if (Take('/')) value /= Unary();
            else return value;
        }
    }

    private double Unary() => Take('−') ? -Unary() : Power();

    private double Power()
    {
        double value = Primary();
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        if (position < text.Length && superscripts.IndexOf(text[position]) >= 0) return Math.Pow(value, superscripts.IndexOf(text[position++]));
        if (Take('^')) return Math.Pow(value, Primary());
        return value;
    }

    private double Primary()
    {
        SkipSpaces();
        if (Take('(')) return Closed(Sum());
        if (Take('√')) return Math.Sqrt(Primary());
        if (Take('π')) return Math.PI;
        int start = position;
        if (char.IsDigit(text[position]))
        {
            while (position < text.Length && (char.IsDigit(text[position]) || text[position] is '.' or 'E' || (text[position] is '-' or '+' && text[position - 1] == 'E'))) position++;
            return double.Parse(text.Substring(start, position - start), CultureInfo.InvariantCulture);
        }
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_')) position++;
        string name = text.Substring(start, position - start);
        Assert.True(name.Length > 0, $"Expected a name at {start} in '{text}'");
        if (!Take('(')) return variables[name];
        var arguments = new List<object> { Sum() };
        while (Take(',')) arguments.Add(Sum());
        Closed(0);
        var method = typeof(Math).GetMethod(name, arguments.Select(_ => typeof(double)).ToArray())
            ?? throw new Xunit.Sdk.XunitException($"No Math.{name} for '{text}'");
        return (double)method.Invoke(null, arguments.ToArray())!;
    }

    private double Closed(double value)
    {
        Assert.True(Take(')'), $"Expected ')' at {position} in '{text}'");
        return value;
    }
}
