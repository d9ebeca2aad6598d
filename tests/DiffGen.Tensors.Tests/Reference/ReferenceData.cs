using System.Text.Json;

namespace DiffGen.Tensors.Tests.Reference;

/// <summary>
/// torch_reference.json (written by build/peers/tensor_reference.py, copied beside the test assembly): PyTorch's
/// float64 output of every case and the gradients of L = Σ(out ⊙ R). Read once, with System.Text.Json's DOM, whose
/// number parsing round-trips the script's repr-printed doubles exactly.
/// </summary>
public sealed class ReferenceData
{
    private static readonly Lazy<ReferenceData> Loaded = new(() => Load(Path.Combine(AppContext.BaseDirectory, "Reference", "torch_reference.json")));

    /// <summary>The committed file's contents.</summary>
    public static ReferenceData Instance => Loaded.Value;

    public required string TorchVersion { get; init; }

    public required string Command { get; init; }

    public required IReadOnlyList<ReferenceCase> Cases { get; init; }

    public required IReadOnlyDictionary<string, ReferenceCase> ByName { get; init; }

    public static ReferenceData Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(ReferenceCase.Parse).ToList();
        return new ReferenceData
        {
            TorchVersion = root.GetProperty("torch_version").GetString()!,
            Command = root.GetProperty("command").GetString()!,
            Cases = cases,
            ByName = cases.ToDictionary(c => c.Name),
        };
    }
}

/// <summary>One (operation, shapes, parameters) entry.</summary>
public sealed class ReferenceCase
{
    public required string Name { get; init; }

    public required string Family { get; init; }

    /// <summary>The operation's name in the JSON (PyTorch's, e.g. <c>sum_axis</c>, <c>scalar_sub</c>): the tables' key.</summary>
    public required string Op { get; init; }

    /// <summary>The non-differentiable parameters (axis, keepdim, stride, …), as written by the script.</summary>
    public required JsonElement Params { get; init; }

    public required IReadOnlyList<ReferenceInput> Inputs { get; init; }

    public required ReferenceTensor Output { get; init; }

    /// <summary>The weights R of the loss; null for an operation without a gradient (argmax, one_hot).</summary>
    public ReferenceInput? R { get; init; }

    public double? Loss { get; init; }

    /// <summary>∂L/∂input per differentiable input's name (a scalar's has shape []).</summary>
    public required IReadOnlyDictionary<string, ReferenceTensor> Gradients { get; init; }

    public override string ToString() => Name;

    internal static ReferenceCase Parse(JsonElement e)
    {
        // Cloned: the elements outlive the JsonDocument they come from.
        var gradients = e.TryGetProperty("gradients", out var g)
            ? g.EnumerateObject().ToDictionary(p => p.Name, p => ReferenceTensor.Parse(p.Value))
            : new Dictionary<string, ReferenceTensor>();
        return new ReferenceCase
        {
            Name = e.GetProperty("name").GetString()!,
            Family = e.GetProperty("family").GetString()!,
            Op = e.GetProperty("op").GetString()!,
            Params = e.GetProperty("params").Clone(),
            Inputs = e.GetProperty("inputs").EnumerateArray().Select(ReferenceInput.Parse).ToList(),
            Output = ReferenceTensor.Parse(e.GetProperty("output")),
            R = e.TryGetProperty("r", out var r) ? ReferenceInput.Parse(r) with { Name = "r", Kind = "float64" } : null,
            Loss = e.TryGetProperty("loss", out var loss) ? loss.GetDouble() : null,
            Gradients = gradients,
        };
    }
}

/// <summary>
/// An input: <c>float64</c> (the shared rule: <c>new Random(Seed)</c>, <c>Low + (High − Low)·NextDouble()</c>),
/// <c>scalar</c> (a number operand), <c>int64</c> (indices) or <c>bool</c> (a mask), the last two with their values.
/// </summary>
public sealed record ReferenceInput(string Name, string Kind, int[] Shape, int Seed, double Low, double High,
    bool Differentiable, double? Sum, double Value, long[] Values)
{
    /// <summary>The float64 values of the rule, as the C# benchmarks' Inputs.Uniform draws them.</summary>
    public double[] Draw()
    {
        var random = new Random(Seed);
        var values = new double[Shape.Aggregate(1, (p, d) => p * d)];
        for (int i = 0; i < values.Length; i++) values[i] = Low + (High - Low) * random.NextDouble();
        return values;
    }

    internal static ReferenceInput Parse(JsonElement e)
    {
        string Text(string name) => e.TryGetProperty(name, out var v) ? v.GetString()! : "";
        double Number(string name) => e.TryGetProperty(name, out var v) ? v.GetDouble() : 0;
        return new ReferenceInput(
            Text("name"),
            Text("kind"),
            e.TryGetProperty("shape", out var shape) ? shape.EnumerateArray().Select(d => d.GetInt32()).ToArray() : [],
            e.TryGetProperty("seed", out var seed) ? seed.GetInt32() : 0,
            Number("low"),
            Number("high"),
            e.TryGetProperty("differentiable", out var diff) && diff.GetBoolean(),
            e.TryGetProperty("sum", out var sum) ? sum.GetDouble() : null,
            Number("value"),
            e.TryGetProperty("values", out var values) ? values.EnumerateArray().Select(v => v.GetInt64()).ToArray() : []);
    }
}

/// <summary>A tensor of PyTorch's: shape, dtype (float64, or int64 for argmax and one_hot) and row-major values.</summary>
public sealed record ReferenceTensor(int[] Shape, string DType, double[] Values)
{
    internal static ReferenceTensor Parse(JsonElement e) => new(
        e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
        e.GetProperty("dtype").GetString()!,
        e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
}
