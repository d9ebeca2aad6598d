using System.Collections;
using System.Reflection;
using DiffGen.Generator.Parsing;
using DiffGen.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Tests;

/// <summary>
/// The pipeline is incremental: unrelated edits regenerate nothing, editing one method regenerates that method
/// only, and the models that flow between steps hold nothing of Roslyn's that would defeat caching.
/// </summary>
public class IncrementalTests
{
    private const string ModelSource = """
        using System;
        using DiffGen;

        public static partial class Model
        {
            [Differentiable]
            public static double Loss(double w) => (w - 4) * (w - 4);

            [Differentiable]
            public static double Smooth(double x, double a)
            {
                double y = Math.Sin(x) * a;
                return x > 0 ? y : -y;
            }
        }
        """;

    private const string FirstFile = """
        using DiffGen;

        public static partial class First
        {
            [Differentiable]
            public static double F(double x) => x * x * 2;
        }
        """;

    private const string SecondFile = """
        using DiffGen;

        public static partial class Second
        {
            [Differentiable]
            public static double G(double x) => x + x * 3;
        }
        """;

    private const string Unrelated = """
        public static class Unrelated
        {
            public static int Count() => 1;
        }
        """;

    private static readonly string[] PipelineSteps = { TrackingNames.Parse, TrackingNames.Optimize, TrackingNames.Diagnostics, TrackingNames.Differentiate, TrackingNames.Emit };

    private static readonly IncrementalStepRunReason[] NotRerun = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    private static readonly IncrementalStepRunReason[] Rerun = { IncrementalStepRunReason.Modified, IncrementalStepRunReason.New };

    /// <summary>The reasons of every output of a tracked step, in order.</summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step)
    {
        Assert.True(run.Result.TrackedSteps.TryGetValue(step, out var steps), $"Step '{step}' was not tracked; tracked: {string.Join(", ", run.Result.TrackedSteps.Keys)}");
        return steps.SelectMany(s => s.Outputs).ToList();
    }

    private static string Describe(GeneratorRun run) => string.Join("\n", PipelineSteps
        .Where(run.Result.TrackedSteps.ContainsKey)
        .Select(step => step + ": " + string.Join(", ", Outputs(run, step).Select(o => o.Reason))));

    private static void AssertNothingRerun(GeneratorRun run, int expectedMethods)
    {
        foreach (var step in PipelineSteps)
        {
            var outputs = Outputs(run, step);
            Assert.True(outputs.Count == expectedMethods, $"{step}: expected {expectedMethods} outputs\n{Describe(run)}");
            Assert.True(outputs.All(o => NotRerun.Contains(o.Reason)), $"{step} ran again\n{Describe(run)}");
        }
    }

    private static GeneratorRun RunAgain(GeneratorRun previous, CSharpCompilation next) => GeneratorHarness.Run(next, previous.Driver);

    // ---- (a) Unrelated edits -----------------------------------------------------------------------------------

    [Fact]
    public void SecondRunOnClonedCompilationIsCached()
    {
        var first = GeneratorHarness.Run(ModelSource);
        Assert.Equal(2, first.Sources.Count);
        var second = RunAgain(first, first.Input.Clone());
        AssertNothingRerun(second, expectedMethods: 2);
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void AddingAnUnrelatedFileRegeneratesNothing()
    {
        var first = GeneratorHarness.Run(ModelSource);
        var second = RunAgain(first, first.Input.AddSyntaxTrees(GeneratorHarness.ParseTree(Unrelated, "Unrelated.cs")));
        AssertNothingRerun(second, expectedMethods: 2);
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void EditingAnUnrelatedFileRegeneratesNothing()
    {
        var first = GeneratorHarness.Run(ModelSource, Unrelated);
        var oldTree = first.Input.SyntaxTrees[1];
        var newTree = GeneratorHarness.ParseTree(Unrelated.Replace("=> 1;", "=> 2 + 40;"), oldTree.FilePath);
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, newTree));
        AssertNothingRerun(second, expectedMethods: 2);
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void EditingCodeOutsideTheMethodsInTheSameFileRegeneratesNothing()
    {
        var first = GeneratorHarness.Run(ModelSource);
        var oldTree = first.Input.SyntaxTrees[0];
        // A new member after the methods: the file is re-parsed, but the models are equal.
        var edited = ModelSource.Replace("    }\n}", "    }\n\n    public static int Unused() => 42;\n}");
        Assert.NotEqual(ModelSource, edited);
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, GeneratorHarness.ParseTree(edited, oldTree.FilePath)));
        foreach (var step in new[] { TrackingNames.Optimize, TrackingNames.Differentiate, TrackingNames.Emit })
        {
            Assert.True(Outputs(second, step).All(o => NotRerun.Contains(o.Reason)), $"{step} ran again\n{Describe(second)}");
        }
    }

    // ---- (b), (c) Editing one method ---------------------------------------------------------------------------

    /// <summary>Exactly one output of <paramref name="step"/> was recomputed with a new value; the others were not.</summary>
    private static void AssertOnlyOneRerun(GeneratorRun run, string step, int expectedMethods)
    {
        var outputs = Outputs(run, step);
        Assert.True(outputs.Count == expectedMethods, $"{step}: expected {expectedMethods} outputs\n{Describe(run)}");
        Assert.True(outputs.Count(o => Rerun.Contains(o.Reason)) == 1, $"{step}: expected exactly one Modified/New output\n{Describe(run)}");
        Assert.True(outputs.Count(o => NotRerun.Contains(o.Reason)) == expectedMethods - 1, $"{step}: expected the others Cached/Unchanged\n{Describe(run)}");
    }

    [Fact]
    public void EditingAnInlinedOperatorInAnotherFileRegeneratesItsCallers()
    {
        // A caller of an operator on values holds the operator's body (inlined): an edit of it must reach the caller.
        const string vector = """
            using DiffGen;

            public partial record struct Vec(double X, double Y)
            {
                [Differentiable] public static Vec operator -(Vec a, Vec b) => new(a.X - b.X, a.Y - b.Y);
            }
            """;
        const string caller = """
            using DiffGen;

            public static partial class Physics
            {
                [Differentiable]
                public static double Gap(Vec a, Vec b) => (a - b).X;
            }
            """;
        var first = GeneratorHarness.Run(vector, caller);
        var oldTree = first.Input.SyntaxTrees[0];
        var newTree = GeneratorHarness.ParseTree(vector.Replace("a.X - b.X", "a.X - 2 * b.X"), oldTree.FilePath);
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, newTree));
        Assert.NotEqual(first.Source("Physics.Gap"), second.Source("Physics.Gap"));
        Assert.Contains("2d", second.Source("Physics.Gap"), StringComparison.Ordinal);
    }

    [Fact]
    public void EditingOneMethodInItsOwnFileRegeneratesOnlyThatMethod()
    {
        var first = GeneratorHarness.Run(FirstFile, SecondFile);
        Assert.Equal(2, first.Sources.Count);
        var oldTree = first.Input.SyntaxTrees[0];
        var newTree = GeneratorHarness.ParseTree(FirstFile.Replace("x * x * 2", "x * x * 5"), oldTree.FilePath);
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, newTree));

        AssertOnlyOneRerun(second, TrackingNames.Differentiate, 2);
        AssertOnlyOneRerun(second, TrackingNames.Emit, 2);
        // The recomputed one is F, and its text changed; G's did not.
        var differentiated = Outputs(second, TrackingNames.Differentiate).Single(o => Rerun.Contains(o.Reason));
        Assert.Equal("F", ((DifferentiationResult)differentiated.Value).Model!.Methods[0].Name.Replace("Tangent", ""));
        Assert.NotEqual(first.Source("First.F"), second.Source("First.F"));
        Assert.Equal(first.Source("Second.G"), second.Source("Second.G"));
    }

    [Fact]
    public void EditingTheSecondMethodOfAFileRegeneratesOnlyThatMethod()
    {
        var first = GeneratorHarness.Run(ModelSource);
        var oldTree = first.Input.SyntaxTrees[0];
        var edited = ModelSource.Replace("Math.Sin(x) * a", "Math.Cos(x) * a");
        Assert.NotEqual(ModelSource, edited);
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, GeneratorHarness.ParseTree(edited, oldTree.FilePath)));

        AssertOnlyOneRerun(second, TrackingNames.Differentiate, 2);
        AssertOnlyOneRerun(second, TrackingNames.Emit, 2);
        Assert.Equal(first.Source("Model.Loss"), second.Source("Model.Loss"));
        Assert.NotEqual(first.Source("Model.Smooth"), second.Source("Model.Smooth"));
    }

    [Fact]
    public void EditingTheFirstMethodOfAFileDoesNotReemitTheSecond()
    {
        // The edit shifts the second method's location: its parse result changes, its derivative model must not.
        var first = GeneratorHarness.Run(ModelSource);
        var oldTree = first.Input.SyntaxTrees[0];
        var edited = ModelSource.Replace("(w - 4) * (w - 4)", "(w - 40.5) * (w - 40.5)");
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, GeneratorHarness.ParseTree(edited, oldTree.FilePath)));

        AssertOnlyOneRerun(second, TrackingNames.Differentiate, 2);
        AssertOnlyOneRerun(second, TrackingNames.Emit, 2);
        Assert.Equal(first.Source("Model.Smooth"), second.Source("Model.Smooth"));
    }

    [Fact]
    public void AddingACommentInsideABodyRegeneratesNothing()
    {
        var first = GeneratorHarness.Run(ModelSource);
        var oldTree = first.Input.SyntaxTrees[0];
        var edited = ModelSource.Replace("return x > 0", "// the sign decides\n        return x > 0");
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, GeneratorHarness.ParseTree(edited, oldTree.FilePath)));
        foreach (var step in new[] { TrackingNames.Optimize, TrackingNames.Differentiate, TrackingNames.Emit })
        {
            Assert.True(Outputs(second, step).All(o => NotRerun.Contains(o.Reason)), $"{step} ran again\n{Describe(second)}");
        }
    }

    [Fact]
    public void FixingAnErrorRegeneratesTheMethodAndClearsTheDiagnostic()
    {
        var broken = FirstFile.Replace("x * x * 2", "Helper(x);\n    public static double Helper(double v) => v");
        var first = GeneratorHarness.Run(broken);
        Assert.Contains(first.DG, d => d.Id == "DG0010");
        Assert.Empty(first.Sources);

        var oldTree = first.Input.SyntaxTrees[0];
        var second = RunAgain(first, first.Input.ReplaceSyntaxTree(oldTree, GeneratorHarness.ParseTree(FirstFile, oldTree.FilePath)));
        Assert.Empty(second.DG);
        Assert.Single(second.Sources);
    }

    // ---- (d) The models hold nothing of Roslyn's ---------------------------------------------------------------

    private static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(IOperation), typeof(SyntaxToken), typeof(SyntaxReference),
    };

    [Fact]
    public void PipelineModelsHoldNoSymbolsSyntaxOrCompilation()
    {
        var roots = new[] { typeof(ParseResult), typeof(DifferentiationResult), typeof(EmittedFile), typeof(IR.MethodModel), typeof(DerivativeModel) };
        var problems = new List<string>();
        var visited = new HashSet<Type>();
        var queue = new Queue<(Type Type, string Path)>(roots.Select(r => (r, r.Name)));
        var generatorAssembly = typeof(DiffGenerator).Assembly;

        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            if (!visited.Add(type)) continue;

            if (Forbidden.Any(f => f.IsAssignableFrom(type)))
            {
                problems.Add($"{path}: {type.FullName}");
                continue;
            }
            if (type.IsArray || (typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && !IsEquatableArray(type)))
            {
                problems.Add($"{path}: {type} is a collection that is not an EquatableArray");
            }

            if (IsEquatableArray(type))
            {
                queue.Enqueue((type.GetGenericArguments()[0], path + "[]"));
                continue;
            }
            // Generic arguments (Nullable<T>) are part of the value.
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes) queue.Enqueue((argument, path + "<" + argument.Name + ">"));
            if (type.IsArray) queue.Enqueue((type.GetElementType()!, path + "[]"));
            if (type.Assembly != generatorAssembly) continue;

            // Abstract records (Expr, Stmt): every derived type may appear.
            foreach (var derived in generatorAssembly.GetTypes().Where(t => t != type && type.IsAssignableFrom(t) && !t.IsInterface))
            {
                queue.Enqueue((derived, path + " as " + derived.Name));
            }
            if (!type.IsEnum && !type.IsInterface && !type.IsAbstract && !IsEquatable(type))
            {
                problems.Add($"{path}: {type.Name} does not implement IEquatable<{type.Name}>");
            }
            for (var t = type; t is not null && t.Assembly == generatorAssembly; t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    queue.Enqueue((field.FieldType, path + "." + field.Name));
                }
            }
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (property.Name == "EqualityContract") continue;
                queue.Enqueue((property.PropertyType, path + "." + property.Name));
            }
        }

        Assert.True(problems.Count == 0, "The pipeline's models hold values that defeat caching:\n" + string.Join("\n", problems.Distinct()));
        // The walk reached the IR through the models.
        Assert.Contains(typeof(IR.BinaryExpr), visited);
        Assert.Contains(typeof(IR.IfStmt), visited);
        Assert.Contains(typeof(Model.DiagnosticInfo), visited);
    }

    private static bool IsEquatableArray(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Model.EquatableArray<>);

    private static bool IsEquatable(Type type) => typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type);
}
