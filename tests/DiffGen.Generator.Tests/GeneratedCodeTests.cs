using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Tests;

/// <summary>
/// A corpus of valid methods using every supported construct: the generated code compiles with no error and no
/// warning, every generated method has the contract's exact signature, and the emitted assembly runs: the seed
/// examples hold exactly, Gradient and Tangent return the method's own value bit for bit, and forward agrees with
/// reverse.
/// </summary>
public class GeneratedCodeTests
{
    private const string Corpus = """
        using System;
        using DiffGen;

        namespace Corpus
        {
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double w) => (w - 4) * (w - 4);
            }

            public static partial class Poly
            {
                [Differentiable]
                public static double F(double x) => 3 * x * x + 5 * x;
            }

            public static partial class Constructs
            {
                [Differentiable]
                public static double Locals(double x, double y)
                {
                    double a = x * y;
                    double b = a + x, c = b / y;
                    return a * b - c;
                }

                [Differentiable]
                public static double Reassign(double x)
                {
                    double a = x;
                    a = a * a;
                    a = a + x;
                    a = Math.Sin(a) * a;
                    return a;
                }

                [Differentiable]
                public static double Compound(double x, double y)
                {
                    double a = x;
                    a += y;
                    a *= x;
                    a -= 1;
                    a /= y;
                    a++;
                    return a;
                }

                [Differentiable]
                public static double IfElse(double x, double y)
                {
                    double r;
                    if (x > y)
                    {
                        r = x * 2;
                    }
                    else if (x > 0)
                    {
                        r = y * y;
                    }
                    else
                    {
                        r = x - y;
                    }
                    return r * x;
                }

                [Differentiable]
                public static double Ternary(double x, double y) => x > 0 && y > 0 ? x * y : 0.1 * x;

                [Differentiable]
                public static double EarlyReturn(double x, int n)
                {
                    if (n == 0) return 1;
                    double y = x * n;
                    if (x < 0)
                    {
                        return -y;
                    }
                    y = y * x;
                    return y;
                }

                [Differentiable]
                public static double MathFunctions(double x, double y)
                    => Math.Sin(x) + Math.Cos(y) + Math.Exp(x * y) + Math.Log(x) + Math.Sqrt(y) + Math.Pow(x, y)
                       + Math.Tanh(x) + Math.Abs(y) + Math.Max(x, y) + Math.Atan2(y, x) + Math.Pow(y, 3) + Math.Floor(x);

                [Differentiable]
                public static float Floats(float x, float y) => MathF.Sin(x) * MathF.Exp(y) + x / 3f - MathF.Sqrt(y);

                [Differentiable]
                public static double CallsNested(double x, [NoDiff] double k) => Outer.Inner.Square(x) * k + Outer.Inner.Scaled(x, k, 2);

                [Differentiable]
                internal static double WithNoDiff(double x, [NoDiff] double c, int n, bool flag) => flag ? x * c + n : x;

                [Differentiable]
                private static double PrivateSquare(double x) => x * x;

                [Differentiable]
                public static double UsesPrivate(double x, double y) => PrivateSquare(x) + PrivateSquare(x * y);
            }

            public partial class Outer
            {
                public static partial class Inner
                {
                    [Differentiable]
                    public static double Square(double z) => z * z;

                    [Differentiable]
                    public static double Scaled(double z, [NoDiff] double k, int times) => z * k * times;
                }
            }
        }
        """;

    private static readonly Lazy<(GeneratorRun Run, Assembly Assembly)> Compiled = new(() =>
    {
        var run = GeneratorHarness.Run(Corpus);
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, GeneratorHarness.Describe(emit.Diagnostics));
        stream.Position = 0;
        var assembly = new AssemblyLoadContext("DiffGen.Generator.Tests.Corpus", isCollectible: true).LoadFromStream(stream);
        return (run, assembly);
    });

    private static Type TypeOf(string name) => Compiled.Value.Assembly.GetType("Corpus." + name, throwOnError: true)!;

    private const BindingFlags AnyStatic = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    private static MethodInfo Method(string type, string name) => TypeOf(type).GetMethod(name, AnyStatic)
        ?? throw new Xunit.Sdk.XunitException($"Corpus.{type}.{name} was not generated");

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(double) => "double",
        _ when type == typeof(float) => "float",
        _ when type == typeof(int) => "int",
        _ when type == typeof(bool) => "bool",
        _ => type.FullName!,
    };

    private static string Signature(MethodInfo method)
        => $"{TypeName(method.ReturnType)} {method.Name}(" + string.Join(", ", method.GetParameters().Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "") + TypeName(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name)) + ")";

    [Fact]
    public void CorpusCompilesWithoutErrorsOrWarnings()
    {
        var run = Compiled.Value.Run;
        Assert.True(run.DG.Count == 0, GeneratorHarness.Describe(run.DG));
        Assert.True(run.OutputErrorsAndWarnings.Count == 0, run.Describe());
        // One file per method.
        Assert.Equal(16, run.Sources.Count);
    }

    [Theory]
    [InlineData("Model", "LossGradient", "double LossGradient(double w, out double dW)")]
    [InlineData("Model", "LossTangent", "double LossTangent(double w, double dW, out double tangent)")]
    [InlineData("Poly", "FGradient", "double FGradient(double x, out double dX)")]
    [InlineData("Poly", "FTangent", "double FTangent(double x, double dX, out double tangent)")]
    [InlineData("Constructs", "LocalsGradient", "double LocalsGradient(double x, double y, out double dX, out double dY)")]
    [InlineData("Constructs", "LocalsTangent", "double LocalsTangent(double x, double y, double dX, double dY, out double tangent)")]
    [InlineData("Constructs", "EarlyReturnGradient", "double EarlyReturnGradient(double x, int n, out double dX)")]
    [InlineData("Constructs", "EarlyReturnTangent", "double EarlyReturnTangent(double x, int n, double dX, out double tangent)")]
    [InlineData("Constructs", "FloatsGradient", "float FloatsGradient(float x, float y, out float dX, out float dY)")]
    [InlineData("Constructs", "FloatsTangent", "float FloatsTangent(float x, float y, float dX, float dY, out float tangent)")]
    [InlineData("Constructs", "CallsNestedGradient", "double CallsNestedGradient(double x, double k, out double dX)")]
    [InlineData("Constructs", "CallsNestedTangent", "double CallsNestedTangent(double x, double k, double dX, out double tangent)")]
    [InlineData("Constructs", "WithNoDiffGradient", "double WithNoDiffGradient(double x, double c, int n, bool flag, out double dX)")]
    [InlineData("Constructs", "WithNoDiffTangent", "double WithNoDiffTangent(double x, double c, int n, bool flag, double dX, out double tangent)")]
    [InlineData("Outer+Inner", "ScaledGradient", "double ScaledGradient(double z, double k, int times, out double dZ)")]
    [InlineData("Outer+Inner", "ScaledTangent", "double ScaledTangent(double z, double k, int times, double dZ, out double tangent)")]
    public void GeneratedMethodHasTheContractSignature(string type, string name, string signature)
    {
        Assert.Equal(signature, Signature(Method(type, name)));
    }

    /// <summary>Every [Differentiable] method of the corpus, with its generated pair.</summary>
    private static IEnumerable<MethodInfo> DifferentiableMethods() => Compiled.Value.Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(AnyStatic | BindingFlags.DeclaredOnly))
        .Where(m => m.IsDefined(typeof(DifferentiableAttribute)));

    private static bool IsDifferentiable(ParameterInfo parameter)
        => (parameter.ParameterType == typeof(double) || parameter.ParameterType == typeof(float)) && !parameter.IsDefined(typeof(NoDiffAttribute));

    private static string DerivativeName(string name) => "d" + char.ToUpperInvariant(name[0]) + name.Substring(1);

    [Fact]
    public void EveryGeneratedMethodFollowsTheContract()
    {
        var methods = DifferentiableMethods().ToList();
        Assert.Equal(16, methods.Count);
        foreach (var method in methods)
        {
            string type = TypeName(method.ReturnType);
            var parameters = method.GetParameters().Select(p => TypeName(p.ParameterType) + " " + p.Name).ToList();
            var derivatives = method.GetParameters().Where(IsDifferentiable).Select(p => TypeName(p.ParameterType) + " " + DerivativeName(p.Name!)).ToList();

            var gradient = Method(method.DeclaringType!.FullName!.Replace("Corpus.", ""), method.Name + "Gradient");
            var expectedGradient = $"{type} {method.Name}Gradient(" + string.Join(", ", parameters.Concat(derivatives.Select(d => "out " + d))) + ")";
            Assert.Equal(expectedGradient, Signature(gradient));

            var tangent = Method(method.DeclaringType!.FullName!.Replace("Corpus.", ""), method.Name + "Tangent");
            var expectedTangent = $"{type} {method.Name}Tangent(" + string.Join(", ", parameters.Concat(derivatives).Append($"out {type} tangent")) + ")";
            Assert.Equal(expectedTangent, Signature(tangent));

            foreach (var generated in new[] { gradient, tangent })
            {
                Assert.True(generated.IsStatic);
                Assert.Equal(method.Attributes & MethodAttributes.MemberAccessMask, generated.Attributes & MethodAttributes.MemberAccessMask);
                Assert.Contains(generated.GetCustomAttributes(), a => a.GetType().Name == "GeneratedCodeAttribute");
            }
        }
    }

    [Fact]
    public void SeedExamplesHoldExactly()
    {
        var loss = new object?[] { 6.0, null };
        Assert.Equal(4.0, (double)Method("Model", "LossGradient").Invoke(null, loss)!);
        Assert.Equal(4.0, (double)loss[1]!);

        var poly = new object?[] { 1.0, null };
        Assert.Equal(8.0, (double)Method("Poly", "FGradient").Invoke(null, poly)!);
        Assert.Equal(11.0, (double)poly[1]!);

        var lossTangent = new object?[] { 6.0, 1.0, null };
        Assert.Equal(4.0, (double)Method("Model", "LossTangent").Invoke(null, lossTangent)!);
        Assert.Equal(4.0, (double)lossTangent[2]!);

        var polyTangent = new object?[] { 1.0, 1.0, null };
        Assert.Equal(8.0, (double)Method("Poly", "FTangent").Invoke(null, polyTangent)!);
        Assert.Equal(11.0, (double)polyTangent[2]!);
    }

    /// <summary>Arguments at which every corpus method is defined and smooth, with each branch taken somewhere.</summary>
    public static readonly TheoryData<double, double> Points = new() { { 0.7, 1.3 }, { 1.9, 0.4 }, { -0.6, 2.2 } };

    private static object Argument(ParameterInfo parameter, double a, double b, int index) => parameter.ParameterType switch
    {
        var t when t == typeof(double) => index == 0 ? a : index == 1 ? b : 1.5,
        var t when t == typeof(float) => (float)(index == 0 ? a : b),
        var t when t == typeof(int) => 2,
        var t when t == typeof(bool) => a > 0,
        var t => throw new NotSupportedException(t.Name),
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void GradientAndTangentReturnTheValueAndAgree(double a, double b)
    {
        foreach (var method in DifferentiableMethods())
        {
            if (method.Name == "MathFunctions" && a < 0) continue; // Log and Pow of a negative x.
            var parameters = method.GetParameters();
            var arguments = parameters.Select((p, i) => Argument(p, a, b, i)).ToArray();
            var value = method.Invoke(null, arguments)!;
            string typeName = method.DeclaringType!.FullName!.Replace("Corpus.", "");
            var differentiable = parameters.Where(IsDifferentiable).ToList();

            var gradientArguments = arguments.Concat(differentiable.Select(_ => (object?)null)).ToArray();
            var gradientValue = Method(typeName, method.Name + "Gradient").Invoke(null, gradientArguments)!;
            Assert.Equal(value, gradientValue); // bit-identical
            var gradient = gradientArguments.Skip(arguments.Length).Select(Convert.ToDouble).ToArray();

            // Forward mode along each unit direction gives one component of the gradient.
            for (int i = 0; i < differentiable.Count; i++)
            {
                var seeds = differentiable.Select((p, j) => p.ParameterType == typeof(float) ? (object)(i == j ? 1f : 0f) : i == j ? 1.0 : 0.0);
                var tangentArguments = arguments.Concat(seeds).Append(null).ToArray();
                var tangentValue = Method(typeName, method.Name + "Tangent").Invoke(null, tangentArguments)!;
                Assert.Equal(value, tangentValue);
                double tangent = Convert.ToDouble(tangentArguments[^1]);
                double tolerance = (method.ReturnType == typeof(float) ? 1e-5 : 1e-12) * Math.Max(1, Math.Abs(tangent));
                Assert.True(Math.Abs(tangent - gradient[i]) <= tolerance,
                    $"{method.Name}({a}, {b}): forward d/d{differentiable[i].Name} = {tangent}, reverse = {gradient[i]}");
            }
        }
    }

    /// <summary>
    /// Every local a generated method declares is named in its body: of the corpus and of every snapshot. The
    /// transformations may create temporaries that a later step leaves unused; the emitter declares only what is named.
    /// </summary>
    [Fact]
    public void NoGeneratedMethodDeclaresALocalItNeverNames()
    {
        var snapshots = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Snapshots"), "*.verified.cs").ToList();
        Assert.NotEmpty(snapshots);
        var sources = Compiled.Value.Run.Sources.Values.Concat(snapshots.Select(File.ReadAllText));
        Assert.Empty(sources.SelectMany(UnnamedLocals));
    }

    [Fact]
    public void UnnamedLocalsFindsADeclarationNothingNames()
        => Assert.Equal(["M: _t1"], UnnamedLocals("class C { static double M(double x) { double a = 0, _t1 = 0; a = x; return a; } }"));

    /// <summary>"Method: local" for each local declared in a method and named nowhere in it.</summary>
    private static IEnumerable<string> UnnamedLocals(string source)
    {
        foreach (var method in CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var named = method.DescendantNodes().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText).ToHashSet(StringComparer.Ordinal);
            foreach (var local in method.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (!named.Contains(local.Identifier.ValueText)) yield return method.Identifier.ValueText + ": " + local.Identifier.ValueText;
            }
        }
    }
}
