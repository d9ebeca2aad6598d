using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using DiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.CodeFixes.Tests;

/// <summary>
/// The stubs of <see cref="DerivativeOfStubTests"/>, their bodies filled in as a user would: the generator accepts
/// them (no DG0019, no DG0010), the derivatives it generates call them and compile, and they compute the right numbers.
/// </summary>
public class DerivativeOfStubAcceptanceTests
{
    /// <summary>Replaces the TODO and the throw of <paramref name="method"/>'s stub with <paramref name="body"/>.</summary>
    private static string Fill(string code, string method, string body)
    {
        var stub = new Regex(@"(public static \w+ " + method + @"\([^\n]*\)\n(\s*)\{\n)\s*// TODO:[^\n]*\n\s*throw new [^\n]*;\n");
        Assert.Matches(stub, code);
        return stub.Replace(code, match => match.Groups[1].Value + match.Groups[2].Value + "    " + body + "\n", 1);
    }

    private static (Compilation Output, IReadOnlyList<Diagnostic> Generator, string Generated) Generate(string source, params MetadataReference[] extra)
    {
        var compilation = CSharpCompilation.Create("Accepted",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "Accepted.cs") },
            CodeFixTest<DerivativeOfStubCodeFixProvider>.References.AddRange(extra),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new DiffGenerator().AsSourceGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        string generated = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        return (output, result.Diagnostics, generated);
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToString()));

    [Fact]
    public void The_filled_in_Hypot_stubs_are_what_the_generated_derivatives_call()
    {
        string filled = DerivativeOfStubTests.HypotFixed.ReplaceLineEndings("\n");
        filled = Fill(filled, "HypotGradient", "double h = double.Hypot(x, y); dX = x / h; dY = y / h; return h;");
        filled = Fill(filled, "HypotTangent", "double h = double.Hypot(x, y); tangent = (x * dX + y * dY) / h; return h;");

        var (output, generator, generated) = Generate(filled);
        Assert.True(generator.Count == 0, Describe(generator));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, Describe(errors));
        Assert.Contains("DoubleHypotDerivatives.HypotGradient", generated);
        Assert.Contains("DoubleHypotDerivatives.HypotTangent", generated);

        // Length = 2·hypot(x, y): at (3, 4) it is 10, its gradient (6/5, 8/5).
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, Describe(emitted.Diagnostics));
        var context = new AssemblyLoadContext("Accepted", isCollectible: true);
        try
        {
            image.Position = 0;
            var geometry = context.LoadFromStream(image).GetType("Geometry")!;
            object?[] gradientArguments = { 3.0, 4.0, null, null };
            Assert.Equal(10.0, (double)geometry.GetMethod("LengthGradient")!.Invoke(null, gradientArguments)!, 12);
            Assert.Equal(1.2, (double)gradientArguments[2]!, 12);
            Assert.Equal(1.6, (double)gradientArguments[3]!, 12);
            object?[] tangentArguments = { 3.0, 4.0, 1.0, 0.0, null };
            Assert.Equal(10.0, (double)geometry.GetMethod("LengthTangent")!.Invoke(null, tangentArguments)!, 12);
            Assert.Equal(1.2, (double)tangentArguments[4]!, 12);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void The_filled_in_library_stubs_are_accepted_seeded_Gradient_included()
    {
        var library = CSharpCompilation.Create("Lib",
            new[] { CSharpSyntaxTree.ParseText(DerivativeOfStubTests.Library, new CSharpParseOptions(LanguageVersion.Latest)) },
            CodeFixTest<DerivativeOfStubCodeFixProvider>.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(library.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        string filled = DerivativeOfStubTests.LibraryFixed.ReplaceLineEndings("\n");
        filled = Fill(filled, "MeanGradient", "for (int i = 0; i < count; i++) dValues[i] += seed / count; return Lib.Stats.Mean(values, count);");
        filled = Fill(filled, "MeanTangent", "double t = 0; for (int i = 0; i < count; i++) t += dValues[i]; tangent = t / count; return Lib.Stats.Mean(values, count);");
        filled = Fill(filled, "BlendGradient", "dA = 1 - t; dB = t; dT = b - a; return Lib.Stats.Blend(a, b, t);");
        filled = Fill(filled, "BlendTangent", "tangent = (1 - t) * dA + t * dB + (b - a) * dT; return Lib.Stats.Blend(a, b, t);");

        var (output, generator, generated) = Generate(filled, library.ToMetadataReference());
        Assert.True(generator.Count == 0, Describe(generator));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, Describe(errors));
        Assert.Contains("StatsMeanDerivatives.MeanGradient", generated);
        Assert.Contains("StatsBlendDerivatives.BlendTangent", generated);
    }
}
