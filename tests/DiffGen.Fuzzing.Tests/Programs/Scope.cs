namespace DiffGen.Fuzzing.Tests.Programs;

/// <summary>
/// What a statement being generated may read and write. A block gets a copy, so what it declares goes out of scope
/// with it. Every counter here runs below the program's array length, so it indexes any array directly.
/// </summary>
internal sealed class Scope
{
    public List<string> Scalars { get; private init; } = [];
    public List<string> Assignable { get; private init; } = [];
    public List<string> ReadArrays { get; private init; } = [];
    public List<string> WriteArrays { get; private init; } = [];
    public List<string> Counters { get; private init; } = [];
    public List<string> Ints { get; private init; } = [];
    public bool InLoop { get; private init; }
    public bool CanReturn { get; init; }

    public Scope Enter(bool loop = false) => new()
    {
        Scalars = [.. Scalars], Assignable = [.. Assignable], ReadArrays = [.. ReadArrays], WriteArrays = [.. WriteArrays],
        Counters = [.. Counters], Ints = [.. Ints], InLoop = InLoop || loop, CanReturn = CanReturn && !loop,
    };
}
