using Xunit.Abstractions;

namespace DiffGen.Tensors.Tests.Reference;

/// <summary>
/// Every tensor operation's value and generated gradient against PyTorch's (float64, torch_reference.json, written by
/// build/peers/tensor_reference.py) on the same inputs, within 1e-10 relative. A case runs when its op is in
/// <see cref="Forward"/>: one line there (and one in <see cref="Gradient"/> with a loss in
/// <see cref="ReferenceLosses"/>) brings in every case of that op.
/// </summary>
public class TorchReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-10;

    private delegate double GradientCall(ReferenceArguments x, ReferenceGradients g);

    /// <summary>JSON op → the C# operation on the case's inputs (x.T: tensor inputs, x.S: numbers, x.Int…: parameters).</summary>
    private static readonly Dictionary<string, Func<ReferenceArguments, Tensor>> Forward = new()
    {
        ["add"] = x => Tensor.Add(x.T("a"), x.T("b")),
        ["sub"] = x => Tensor.Subtract(x.T("a"), x.T("b")),
        ["mul"] = x => Tensor.Multiply(x.T("a"), x.T("b")),
        ["div"] = x => Tensor.Divide(x.T("a"), x.T("b")),
        ["add_scalar"] = x => Tensor.Add(x.T("a"), x.S("s")),
        ["scalar_add"] = x => Tensor.Add(x.S("s"), x.T("a")),
        ["sub_scalar"] = x => Tensor.Subtract(x.T("a"), x.S("s")),
        ["scalar_sub"] = x => Tensor.Subtract(x.S("s"), x.T("a")),
        ["mul_scalar"] = x => Tensor.Multiply(x.T("a"), x.S("s")),
        ["scalar_mul"] = x => Tensor.Multiply(x.S("s"), x.T("a")),
        ["div_scalar"] = x => Tensor.Divide(x.T("a"), x.S("s")),
        ["scalar_div"] = x => Tensor.Divide(x.S("s"), x.T("a")),
        ["neg"] = x => -x.T("x"),
        ["sum"] = x => Tensor.Sum(x.T("x")),
        ["mean"] = x => Tensor.Mean(x.T("x")),
        ["sum_axis"] = x => Tensor.Sum(x.T("x"), x.Int("axis"), x.Bool("keepdim")),
        ["mean_axis"] = x => Tensor.Mean(x.T("x"), x.Int("axis"), x.Bool("keepdim")),
        ["max_axis"] = x => Tensor.Max(x.T("x"), x.Int("axis"), x.Bool("keepdim")),
        ["relu"] = x => Tensor.Relu(x.T("x")),
        ["sigmoid"] = x => Tensor.Sigmoid(x.T("x")),
        ["tanh"] = x => Tensor.Tanh(x.T("x")),
        ["gelu"] = x => Tensor.Gelu(x.T("x")),
        ["gelu_tanh"] = x => Tensor.GeluTanh(x.T("x")),
        ["silu"] = x => Tensor.Silu(x.T("x")),
        ["softplus"] = x => Tensor.Softplus(x.T("x")),
        ["leaky_relu"] = x => Tensor.LeakyRelu(x.T("x"), x.Double("negative_slope")),
        ["elu"] = x => Tensor.Elu(x.T("x"), x.Double("alpha")),
        ["conv2d"] = x => x.Bool("bias")
            ? Tensor.Conv2d(x.T("x"), x.T("weight"), x.T("bias"), x.Int("stride"), x.Int("padding"), x.Int("dilation"), x.Int("groups"))
            : Tensor.Conv2d(x.T("x"), x.T("weight"), x.Int("stride"), x.Int("padding"), x.Int("dilation"), x.Int("groups")),
        ["max_pool2d"] = x => Tensor.MaxPool2d(x.T("x"), x.Int("kernel"), x.Int("stride"), x.Int("padding")),
        ["avg_pool2d"] = x => Tensor.AvgPool2d(x.T("x"), x.Int("kernel"), x.Int("stride"), x.Int("padding")),
        ["exp"] = x => Tensor.Exp(x.T("x")),
        ["log"] = x => Tensor.Log(x.T("x")),
        ["sqrt"] = x => Tensor.Sqrt(x.T("x")),
        ["square"] = x => Tensor.Square(x.T("x")),
        ["abs"] = x => Tensor.Abs(x.T("x")),
        ["pow"] = x => Tensor.Pow(x.T("x"), (float)x.Double("exponent")),
        ["softmax"] = x => Tensor.Softmax(x.T("x"), x.Int("axis")),
        ["log_softmax"] = x => Tensor.LogSoftmax(x.T("x"), x.Int("axis")),
        ["var"] = x => Tensor.Var(x.T("x")),
        ["std"] = x => Tensor.Std(x.T("x")),
        ["var_axis"] = x => Tensor.Var(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.Bool("unbiased")),
        ["std_axis"] = x => Tensor.Std(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.Bool("unbiased")),
        ["layer_norm"] = x => Tensor.LayerNorm(x.T("x"), x.IntArray("normalized_shape").Length, x.T("weight"), x.T("bias"), x.Double("eps")),
        ["batch_norm"] = x => Tensor.BatchNorm(x.T("x"), x.T("weight"), x.T("bias"), x.Double("eps")),
        ["matmul"] = x => Tensor.MatMul(x.T("a"), x.T("b")),
        ["transpose"] = x => Tensor.Transpose(x.T("x")),
        ["reshape"] = x => Tensor.Reshape(x.T("x"), x.IntArray("shape")),
        ["narrow"] = x => Tensor.Slice(x.T("x"), x.Int("axis"), x.Int("start"), x.Int("length")),
        ["cat"] = x => x.Has("x2") ? Tensor.Concat(x.T("x0"), x.T("x1"), x.T("x2"), x.Int("axis")) : Tensor.Concat(x.T("x0"), x.T("x1"), x.Int("axis")),
        ["index_select"] = x => Tensor.IndexSelect(x.T("x"), x.Int("axis"), x.Ints("index")),
        ["where"] = x => Tensor.Where(x.MaskTensor("condition"), x.T("a"), x.T("b")),
        ["maximum"] = x => Tensor.Maximum(x.T("a"), x.T("b")),
        ["minimum"] = x => Tensor.Minimum(x.T("a"), x.T("b")),
        ["clamp"] = x => Tensor.Clamp(x.T("x"), x.Double("min"), x.Double("max")),
        ["argmax"] = x => Integers(Tensor.ArgMax(Tensor.Reshape(x.T("x"), -1), 0), []),
        ["argmax_axis"] = x => Integers(Tensor.ArgMax(x.T("x"), x.Int("axis")), KeptShape(x.Shape("x"), x.Int("axis"), x.Bool("keepdim"))),
        ["one_hot"] = x => Tensor.Reshape(Tensor.OneHot(x.Ints("index"), x.Int("num_classes"), DType.Float64), [.. x.Shape("index"), x.Int("num_classes")]),
    };

    /// <summary>JSON op → the generated gradient of its loss (adds into g's buffers; returns L).</summary>
    private static readonly Dictionary<string, GradientCall> Gradient = new()
    {
        ["add"] = (x, g) => ReferenceLosses.AddGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["sub"] = (x, g) => ReferenceLosses.SubGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["mul"] = (x, g) => ReferenceLosses.MulGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["div"] = (x, g) => ReferenceLosses.DivGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["add_scalar"] = (x, g) => ReferenceLosses.AddScalarGradient(x.T("a"), x.S("s"), x.R, ref g.T("a"), out g.S("s")),
        ["scalar_add"] = (x, g) => ReferenceLosses.ScalarAddGradient(x.S("s"), x.T("a"), x.R, out g.S("s"), ref g.T("a")),
        ["sub_scalar"] = (x, g) => ReferenceLosses.SubScalarGradient(x.T("a"), x.S("s"), x.R, ref g.T("a"), out g.S("s")),
        ["scalar_sub"] = (x, g) => ReferenceLosses.ScalarSubGradient(x.S("s"), x.T("a"), x.R, out g.S("s"), ref g.T("a")),
        ["mul_scalar"] = (x, g) => ReferenceLosses.MulScalarGradient(x.T("a"), x.S("s"), x.R, ref g.T("a"), out g.S("s")),
        ["scalar_mul"] = (x, g) => ReferenceLosses.ScalarMulGradient(x.S("s"), x.T("a"), x.R, out g.S("s"), ref g.T("a")),
        ["div_scalar"] = (x, g) => ReferenceLosses.DivScalarGradient(x.T("a"), x.S("s"), x.R, ref g.T("a"), out g.S("s")),
        ["scalar_div"] = (x, g) => ReferenceLosses.ScalarDivGradient(x.S("s"), x.T("a"), x.R, out g.S("s"), ref g.T("a")),
        ["neg"] = (x, g) => ReferenceLosses.NegGradient(x.T("x"), x.R, ref g.T("x")),
        ["sum"] = (x, g) => ReferenceLosses.SumAllGradient(x.T("x"), x.R, ref g.T("x")),
        ["mean"] = (x, g) => ReferenceLosses.MeanAllGradient(x.T("x"), x.R, ref g.T("x")),
        ["sum_axis"] = (x, g) => ReferenceLosses.SumAxisGradient(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.R, ref g.T("x")),
        ["mean_axis"] = (x, g) => ReferenceLosses.MeanAxisGradient(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.R, ref g.T("x")),
        ["max_axis"] = (x, g) => ReferenceLosses.MaxAxisGradient(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.R, ref g.T("x")),
        ["relu"] = (x, g) => ReferenceLosses.ReluGradient(x.T("x"), x.R, ref g.T("x")),
        ["sigmoid"] = (x, g) => ReferenceLosses.SigmoidGradient(x.T("x"), x.R, ref g.T("x")),
        ["tanh"] = (x, g) => ReferenceLosses.TanhGradient(x.T("x"), x.R, ref g.T("x")),
        ["gelu"] = (x, g) => ReferenceLosses.GeluGradient(x.T("x"), x.R, ref g.T("x")),
        ["gelu_tanh"] = (x, g) => ReferenceLosses.GeluTanhGradient(x.T("x"), x.R, ref g.T("x")),
        ["silu"] = (x, g) => ReferenceLosses.SiluGradient(x.T("x"), x.R, ref g.T("x")),
        ["softplus"] = (x, g) => ReferenceLosses.SoftplusGradient(x.T("x"), x.R, ref g.T("x")),
        ["leaky_relu"] = (x, g) => ReferenceLosses.LeakyReluGradient(x.T("x"), x.Double("negative_slope"), x.R, ref g.T("x")),
        ["elu"] = (x, g) => ReferenceLosses.EluGradient(x.T("x"), x.Double("alpha"), x.R, ref g.T("x")),
        ["conv2d"] = (x, g) => x.Bool("bias")
            ? ReferenceLosses.Conv2dBiasGradient(x.T("x"), x.T("weight"), x.T("bias"), x.Int("stride"), x.Int("padding"), x.Int("dilation"), x.Int("groups"), x.R, ref g.T("x"), ref g.T("weight"), ref g.T("bias"))
            : ReferenceLosses.Conv2dNoBiasGradient(x.T("x"), x.T("weight"), x.Int("stride"), x.Int("padding"), x.Int("dilation"), x.Int("groups"), x.R, ref g.T("x"), ref g.T("weight")),
        ["max_pool2d"] = (x, g) => ReferenceLosses.MaxPool2dGradient(x.T("x"), x.Int("kernel"), x.Int("stride"), x.Int("padding"), x.R, ref g.T("x")),
        ["avg_pool2d"] = (x, g) => ReferenceLosses.AvgPool2dGradient(x.T("x"), x.Int("kernel"), x.Int("stride"), x.Int("padding"), x.R, ref g.T("x")),
        ["exp"] = (x, g) => ReferenceLosses.ExpGradient(x.T("x"), x.R, ref g.T("x")),
        ["log"] = (x, g) => ReferenceLosses.LogGradient(x.T("x"), x.R, ref g.T("x")),
        ["sqrt"] = (x, g) => ReferenceLosses.SqrtGradient(x.T("x"), x.R, ref g.T("x")),
        ["square"] = (x, g) => ReferenceLosses.SquareGradient(x.T("x"), x.R, ref g.T("x")),
        ["abs"] = (x, g) => ReferenceLosses.AbsGradient(x.T("x"), x.R, ref g.T("x")),
        ["pow"] = (x, g) => ReferenceLosses.PowGradient(x.T("x"), (float)x.Double("exponent"), x.R, ref g.T("x")),
        ["softmax"] = (x, g) => ReferenceLosses.SoftmaxGradient(x.T("x"), x.Int("axis"), x.R, ref g.T("x")),
        ["log_softmax"] = (x, g) => ReferenceLosses.LogSoftmaxGradient(x.T("x"), x.Int("axis"), x.R, ref g.T("x")),
        ["var"] = (x, g) => ReferenceLosses.VarAllGradient(x.T("x"), x.R, ref g.T("x")),
        ["std"] = (x, g) => ReferenceLosses.StdAllGradient(x.T("x"), x.R, ref g.T("x")),
        ["var_axis"] = (x, g) => ReferenceLosses.VarAxisGradient(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.Bool("unbiased"), x.R, ref g.T("x")),
        ["std_axis"] = (x, g) => ReferenceLosses.StdAxisGradient(x.T("x"), x.Int("axis"), x.Bool("keepdim"), x.Bool("unbiased"), x.R, ref g.T("x")),
        ["layer_norm"] = (x, g) => ReferenceLosses.LayerNormGradient(x.T("x"), x.IntArray("normalized_shape").Length, x.T("weight"), x.T("bias"), x.Double("eps"), x.R, ref g.T("x"), ref g.T("weight"), ref g.T("bias")),
        ["batch_norm"] = (x, g) => ReferenceLosses.BatchNormGradient(x.T("x"), x.T("weight"), x.T("bias"), x.Double("eps"), x.R, ref g.T("x"), ref g.T("weight"), ref g.T("bias")),
        ["matmul"] = (x, g) => ReferenceLosses.MatMulGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["transpose"] = (x, g) => ReferenceLosses.TransposeGradient(x.T("x"), x.R, ref g.T("x")),
        ["reshape"] = (x, g) => ReferenceLosses.ReshapeGradient(x.T("x"), x.IntArray("shape"), x.R, ref g.T("x")),
        ["narrow"] = (x, g) => ReferenceLosses.NarrowGradient(x.T("x"), x.Int("axis"), x.Int("start"), x.Int("length"), x.R, ref g.T("x")),
        ["cat"] = (x, g) => x.Has("x2")
            ? ReferenceLosses.Concat3Gradient(x.T("x0"), x.T("x1"), x.T("x2"), x.Int("axis"), x.R, ref g.T("x0"), ref g.T("x1"), ref g.T("x2"))
            : ReferenceLosses.Concat2Gradient(x.T("x0"), x.T("x1"), x.Int("axis"), x.R, ref g.T("x0"), ref g.T("x1")),
        ["index_select"] = (x, g) => ReferenceLosses.IndexSelectGradient(x.T("x"), x.Int("axis"), x.Ints("index"), x.R, ref g.T("x")),
        ["where"] = (x, g) => ReferenceLosses.WhereGradient(x.MaskTensor("condition"), x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["maximum"] = (x, g) => ReferenceLosses.MaximumGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["minimum"] = (x, g) => ReferenceLosses.MinimumGradient(x.T("a"), x.T("b"), x.R, ref g.T("a"), ref g.T("b")),
        ["clamp"] = (x, g) => ReferenceLosses.ClampGradient(x.T("x"), x.Double("min"), x.Double("max"), x.R, ref g.T("x")),
    };

    /// <summary>The names of the family's cases whose op has a C# call in <see cref="Forward"/>.</summary>
    public static TheoryData<string> Cases(string family)
    {
        var data = new TheoryData<string>();
        foreach (var c in ReferenceData.Instance.Cases.Where(c => c.Family == family && Forward.ContainsKey(c.Op))) data.Add(c.Name);
        return data;
    }

    // One theory per family (the JSON's "family"); a family gets its theory with its first op in the tables.

    [Theory, MemberData(nameof(Cases), "arithmetic")]
    public void Arithmetic(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "activation")]
    public void Activation(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "convolution")]
    public void Convolution(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "elementwise")]
    public void Elementwise(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "normalization")]
    public void Normalization(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "linalg")]
    public void Linalg(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "shape")]
    public void Shape(string name) => Check(name);

    [Theory, MemberData(nameof(Cases), "encoding")]
    public void Encoding(string name) => Check(name);

    /// <summary>Indices as a double tensor (compared exactly), of the given shape or a vector.</summary>
    private static Tensor Integers(int[] values, int[]? shape = null) => Tensor.FromArray(values.Select(v => (double)v).ToArray(), shape ?? [values.Length]);

    private static int[] KeptShape(int[] shape, int axis, bool keepDim)
    {
        int a = axis < 0 ? axis + shape.Length : axis;
        return keepDim ? shape.Select((d, i) => i == a ? 1 : d).ToArray() : shape.Where((_, i) => i != a).ToArray();
    }

    [Theory, MemberData(nameof(Cases), "reduction")]
    public void Reduction(string name) => Check(name);

    private static void Check(string name)
    {
        var reference = ReferenceData.Instance.ByName[name];
        var x = new ReferenceArguments(reference);

        var result = Forward[reference.Op](x);
        Compare(name, "output", reference.Output, result.Shape, result.ToDoubleArray());

        if (reference.Gradients.Count == 0) return;
        Assert.True(Gradient.TryGetValue(reference.Op, out var gradient), $"{name}: PyTorch has gradients for '{reference.Op}'; add its loss to the Gradient table.");
        var g = new ReferenceGradients(reference, x);
        double loss = gradient!(x, g);
        // L's own scale: Σ|out ⊙ R| (L itself may be small by cancellation).
        var r = x.R.ToDoubleArray();
        double scale = reference.Output.Values.Select((v, i) => Math.Abs(v * r[i])).Sum();
        Assert.True(Math.Abs(loss - reference.Loss!.Value) <= Tolerance * scale, $"{name}: loss {loss:R}, PyTorch {reference.Loss:R}");
        var computed = g.All().ToList();
        Assert.Equal(reference.Gradients.Keys.Order(), computed.Select(c => c.Name).Order());
        foreach (var (input, shape, values) in computed) Compare(name, "d/d" + input, reference.Gradients[input], shape, values);
    }

    /// <summary>Same shape; each element within 1e-10 of the largest magnitude of PyTorch's tensor (exact for integers).</summary>
    private static void Compare(string name, string what, ReferenceTensor expected, int[] shape, double[] values)
    {
        Assert.True(expected.Shape.SequenceEqual(shape), $"{name}, {what}: shape [{string.Join(",", shape)}], PyTorch [{string.Join(",", expected.Shape)}]");
        double bound = expected.DType == "float64" ? Tolerance * expected.Values.Select(Math.Abs).DefaultIfEmpty(0).Max() : 0;
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - expected.Values[i]) <= bound,
                $"{name}, {what}[{i}]: {values[i]:R}, PyTorch {expected.Values[i]:R} (difference {Math.Abs(values[i] - expected.Values[i]):E2}, allowed {bound:E2})");
        }
    }

    /// <summary>The C# rule rebuilds exactly the script's inputs (every case, implemented or not): their sums agree to the bit.</summary>
    [Fact]
    public void Inputs_are_the_scripts_inputs()
    {
        foreach (var c in ReferenceData.Instance.Cases)
        {
            foreach (var input in c.Inputs.Where(i => i.Kind == "float64"))
            {
                double sum = 0;
                foreach (var v in input.Draw()) sum += v;
                Assert.True(sum == input.Sum, $"{c.Name}, input {input.Name}: sum {sum:R}, script {input.Sum:R}");
            }
        }
    }

    /// <summary>The tables name only ops the JSON has, and every op with a C# call and gradients has a gradient call.</summary>
    [Fact]
    public void Tables_match_the_reference()
    {
        var ops = ReferenceData.Instance.Cases.Select(c => c.Op).ToHashSet();
        Assert.DoesNotContain(Forward.Keys, k => !ops.Contains(k));
        Assert.DoesNotContain(Gradient.Keys, k => !Forward.ContainsKey(k));
        var withGradients = ReferenceData.Instance.Cases.Where(c => c.Gradients.Count > 0).Select(c => c.Op).ToHashSet();
        Assert.DoesNotContain(Forward.Keys, k => withGradients.Contains(k) && !Gradient.ContainsKey(k));
        // Every case with a C# call belongs to a family that has a theory.
        var families = typeof(TorchReferenceTests).GetMethods()
            .SelectMany(m => m.GetCustomAttributes(typeof(MemberDataAttribute), false).Cast<MemberDataAttribute>())
            .Select(a => (string)a.Parameters[0]).ToHashSet();
        Assert.Empty(ReferenceData.Instance.Cases.Where(c => Forward.ContainsKey(c.Op) && !families.Contains(c.Family)).Select(c => c.Name));
    }

    /// <summary>Lists the ops PyTorch has reference values for and C# does not check yet (information, not a failure).</summary>
    [Fact]
    public void Coverage()
    {
        var cases = ReferenceData.Instance.Cases;
        var missing = cases.Where(c => !Forward.ContainsKey(c.Op)).GroupBy(c => c.Op).Select(gr => $"{gr.Key} ({gr.Count()})").ToList();
        output.WriteLine($"torch {ReferenceData.Instance.TorchVersion}: {cases.Count} cases, {cases.Count(c => Forward.ContainsKey(c.Op))} checked in C#.");
        output.WriteLine("Not in the C# tables yet: " + string.Join(", ", missing));
        Assert.NotEmpty(cases);
    }
}
