using System.Text.Json;

namespace DiffGen.Tensors.Tests.Reference;

/// <summary>
/// A case's inputs rebuilt in C# and its parameters, by the names the JSON gives them: what a table lambda reads.
/// Float inputs are float64 tensors from the shared rule; <see cref="R"/> is the loss's weights.
/// </summary>
public sealed class ReferenceArguments
{
    private readonly ReferenceCase reference;
    private readonly Dictionary<string, Tensor> tensors = [];

    public ReferenceArguments(ReferenceCase reference)
    {
        this.reference = reference;
        foreach (var input in reference.Inputs.Where(i => i.Kind == "float64"))
        {
            tensors[input.Name] = Tensor.FromArray(input.Draw(), input.Shape);
        }
        R = reference.R is { } r ? Tensor.FromArray(r.Draw(), r.Shape) : null!;
    }

    /// <summary>The weights of L = Σ(out ⊙ R) (shaped like the output); only for a case with gradients.</summary>
    public Tensor R { get; }

    /// <summary>A float64 input.</summary>
    public Tensor T(string name) => tensors.TryGetValue(name, out var t) ? t : throw Missing(name, "float64");

    /// <summary>A number operand (<c>scalar</c>).</summary>
    public double S(string name) => Input(name, "scalar").Value;

    /// <summary>An index input (<c>int64</c>), row-major.</summary>
    public int[] Ints(string name) => Input(name, "int64").Values.Select(v => checked((int)v)).ToArray();

    /// <summary>A boolean input (<c>bool</c>), row-major.</summary>
    public bool[] Mask(string name) => Input(name, "bool").Values.Select(v => v != 0).ToArray();

    /// <summary>A boolean input as a float64 tensor of 0 and 1.</summary>
    public Tensor MaskTensor(string name) => Tensor.FromArray(Input(name, "bool").Values.Select(v => (double)v).ToArray(), Input(name, "bool").Shape);

    /// <summary>The shape of any input.</summary>
    /// <summary>Whether the case has an input of that name (cat of two or three tensors).</summary>
    public bool Has(string name) => reference.Inputs.Any(i => i.Name == name);

    public int[] Shape(string name) => reference.Inputs.FirstOrDefault(i => i.Name == name)?.Shape ?? throw Missing(name, "any");

    // ---- parameters ----

    public int Int(string name) => Param(name).GetInt32();

    public double Double(string name) => Param(name).GetDouble();

    public bool Bool(string name) => Param(name).GetBoolean();

    public string Text(string name) => Param(name).GetString()!;

    public int[] IntArray(string name) => Param(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private JsonElement Param(string name)
        => reference.Params.TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException($"Case '{reference.Name}' has no parameter '{name}'.");

    private ReferenceInput Input(string name, string kind)
        => reference.Inputs.FirstOrDefault(i => i.Name == name && i.Kind == kind) ?? throw Missing(name, kind);

    private KeyNotFoundException Missing(string name, string kind)
        => new($"Case '{reference.Name}' has no {kind} input '{name}' (it has {string.Join(", ", reference.Inputs.Select(i => $"{i.Name}: {i.Kind}"))}).");
}

/// <summary>
/// The gradient buffers of a case's differentiable inputs, passed by reference to a generated Gradient
/// (<c>ref g.T("a")</c>, <c>out g.S("s")</c>). Tensors start as zeros: the generated code adds into them.
/// </summary>
public sealed class ReferenceGradients
{
    private readonly string caseName;
    private readonly string[] tensorNames;
    private readonly Tensor[] tensors;
    private readonly string[] scalarNames;
    private readonly double[] scalars;

    public ReferenceGradients(ReferenceCase reference, ReferenceArguments arguments)
    {
        caseName = reference.Name;
        var differentiable = reference.Inputs.Where(i => i.Differentiable).ToList();
        tensorNames = differentiable.Where(i => i.Kind == "float64").Select(i => i.Name).ToArray();
        tensors = tensorNames.Select(n => Tensor.ZerosLike(arguments.T(n))).ToArray();
        scalarNames = differentiable.Where(i => i.Kind == "scalar").Select(i => i.Name).ToArray();
        scalars = new double[scalarNames.Length];
    }

    /// <summary>The buffer of a tensor input's gradient.</summary>
    public ref Tensor T(string name) => ref tensors[Index(tensorNames, name)];

    /// <summary>The gradient of a number operand.</summary>
    public ref double S(string name) => ref scalars[Index(scalarNames, name)];

    /// <summary>Every gradient, by input name, as (shape, row-major values).</summary>
    public IEnumerable<(string Name, int[] Shape, double[] Values)> All()
        => tensorNames.Select((n, i) => (n, tensors[i].Shape, tensors[i].ToDoubleArray()))
            .Concat(scalarNames.Select((n, i) => (n, Array.Empty<int>(), new[] { scalars[i] })));

    private int Index(string[] names, string name)
    {
        int i = Array.IndexOf(names, name);
        return i >= 0 ? i : throw new KeyNotFoundException($"Case '{caseName}' has no differentiable input '{name}' of that kind.");
    }
}
