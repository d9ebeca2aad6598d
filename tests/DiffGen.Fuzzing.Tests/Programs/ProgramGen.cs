using CsCheck;

namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>
/// CsCheck's generator of valid programs. The size CsCheck compares when it shrinks is the number of AST nodes, and a
/// program is reproduced from the seed string CsCheck prints (<see cref="SeedOf"/>).
/// </summary>
public sealed class ProgramGen(Features features) : Gen<FuzzProgram>
{
    public override FuzzProgram Generate(PCG pcg, Size? min, out Size size)
    {
        var program = new ProgramBuilder(pcg, features).Build();
        size = new Size((ulong)AstSize.Of(program));
        return program;
    }

    /// <summary>Generates from <paramref name="pcg"/>, returning the seed that regenerates the same program.</summary>
    public FuzzProgram Next(PCG pcg, out string seed)
    {
        seed = pcg.ToString(pcg.State);
        return Generate(pcg, null, out _);
    }

    public FuzzProgram FromSeed(string seed) => Generate(PCG.Parse(seed), null, out _);
}
