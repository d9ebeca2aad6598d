using System.Text.RegularExpressions;
using CsCheck;
using DiffGen.Fuzzing.Tests.Programs;
using DiffGen.Fuzzing.Tests.Running;
using Xunit.Abstractions;

namespace DiffGen.Fuzzing.Tests;

/// <summary>
/// The CI budget's programs (the same seed, the same order as <see cref="DerivativeFuzzTests"/>) contain every shape
/// the generator has learned: a construct that the CI run never produces is a construct CI does not check.
/// </summary>
public class ConstructCoverageTests(ITestOutputHelper output)
{
    public static readonly (string Name, Regex Pattern)[] Shapes =
    [
        ("vector helper reading or partly writing its output", new(@"Span<double> y\)\s*\{(?:(?!\n    \}).)*?y\[(?:\d+|j\d+)\] (?:\+=|-=|\*=)", RegexOptions.Singleline)),
        ("vector helper writing one constant element", new(@"\n        y\[\d+\] = ")),
        ("vector helper passing its output on", new(@"\n        V0\(v, .*, y\);")),
        ("y[k] = y[k] * p + e", new(@"y\[(\d+)\] = \(\(y\[\1\] \* p\) \+ ")),
        ("helper called on an array written from the inputs", new(@"\] (?:=|\+=) .*;\n\s*(?:V\d\(|for \(int i\d+ = 0; i\d+ < \w+; i\d+\+\+\)\n\s*\{\n\s*V\d\()")),
        ("helper called twice", new(@"V\d\(\w+, .*, (\w+)\);\n\s*V\d\(\w+, .*, \1\);")),
        ("helper called in a loop", new(@"for \(int i\d+ = 0; [^\n]*\n\s*\{\n\s*V\d\(")),
        ("dead pass v = e / (k * 0.3)", new(@"v\d+ = \(.* / \(i\d+ \* 0\.3\)\);")),
        ("dead pass t[0] = e / (k * 0.3)", new(@"\w+\[0\] = \(.* / \(i\d+ \* 0\.3\)\);")),
        ("dead pass v = Math.Log(e * k) + 1", new(@"v\d+ = \(Math\.Log\(.*\(i\d+ \* 0\.5\)\)\) \+ 1\.0\);")),
        ("dead pass v = R0(e * k)", new(@"v\d+ = R0\(")),
        ("parameter from an element on an untaken branch", new(@"if \(\((x\d+|p) \* \1\) < \(-1\.0\)\)\n\s*\{\n\s*\1 = \w+\[")),
        ("parameter from an element in a loop", new(@"(?:x\d+|p) = \w+\[i\d+\];")),
        ("switch with a default", new(@"switch \(\w+ % \d\)\n\s*\{\n(?:(?!\n\s*\}\n).)*default:", RegexOptions.Singleline)),
        ("switch with stacked labels", new(@"case \d:\n\s*case \d:")),
        ("parameter from an element after its last read", new(@"\n        x\d+ = \w+\[\d+\];\n        return ")),
        ("value method with a branch and an early return", new(@"V2\.Turn\(new V2\(")),
        ("value method with a loop", new(@"V2\.Spin\(new V2\(")),
        ("value copied with with", new(@"\) with \{ Y = ")),
        ("ternary of values", new(@" \? new V2\(")),
    ];

    [Fact]
    public void CiProgramsHaveEveryShape()
    {
        var gen = new ProgramGen(Features.All);
        var pcg = PCG.Parse(FuzzSettings.CiSeed);
        var sources = Enumerable.Range(0, FuzzSettings.CiValidIterations).Select(k => CSharpPrinter.PrintSubject(gen.Next(pcg, out string _))).ToList();
        var missing = new List<string>();
        foreach (var (name, pattern) in Shapes)
        {
            int count = sources.Count(pattern.IsMatch);
            output.WriteLine($"{count,3} programs: {name}");
            if (count == 0) missing.Add(name);
            // DIFFGEN_FUZZ_SHOW=1 prints one program of each shape.
            if (count > 0 && Environment.GetEnvironmentVariable("DIFFGEN_FUZZ_SHOW") == "1") output.WriteLine(sources.First(pattern.IsMatch));
        }
        Assert.True(missing.Count == 0, "no CI program has: " + string.Join("; ", missing));
    }
}
