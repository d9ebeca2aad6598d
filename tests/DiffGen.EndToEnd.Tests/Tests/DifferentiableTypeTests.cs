using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>Instance methods differentiate with respect to the fields of this; the gradient lands in a value of the same type.</summary>
public class DifferentiableTypeTests
{
    private static readonly float[] Input = { 0.3f, -0.7f, 0.5f };

    private static TwoLayerModel Model() => new()
    {
        Hidden = new DenseLayer(3, 4, new Random(5)),
        Output = new DenseLayer(4, 1, new Random(6)),
        Temperature = 1.3f,
    };

    [Fact]
    public void A_model_struct_holding_layers_gets_gradients_for_every_weight()
    {
        var model = Model();
        var gradient = model.ZerosLike();
        float value = model.LossGradient(Input, 0.25f, ref gradient);
        Assert.Equal(model.Loss(Input, 0.25f), value);

        // Against finite differences in double of the float loss, one weight at a time.
        void Check(float[] weights, float[] grads, string name)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                float saved = weights[k];
                double numeric = NumericalDiff.Derivative(w => { weights[k] = (float)w; float l = model.Loss(Input, 0.25f); weights[k] = saved; return l; }, saved, 1e-2);
                Assert.True(Math.Abs(grads[k] - numeric) <= 2e-3 * Math.Max(1, Math.Abs(numeric)), $"{name}[{k}]: {grads[k]} vs {numeric}");
            }
        }
        Check(model.Hidden.W, gradient.Hidden.W, "Hidden.W");
        Check(model.Hidden.B, gradient.Hidden.B, "Hidden.B");
        Check(model.Output.W, gradient.Output.W, "Output.W");
        Check(model.Output.B, gradient.Output.B, "Output.B");
        double dT = NumericalDiff.Derivative(t => (model with { Temperature = (float)t }).Loss(Input, 0.25f), model.Temperature, 1e-2);
        Assert.Equal(dT, gradient.Temperature, 3);
    }

    [Fact]
    public void Gradients_accumulate_into_the_value_of_the_same_type()
    {
        var model = Model();
        var once = model.ZerosLike();
        model.LossGradient(Input, 0.25f, ref once);
        var twice = model.ZerosLike();
        model.LossGradient(Input, 0.25f, ref twice);
        model.LossGradient(Input, 0.25f, ref twice);
        Assert.Equal(2 * once.Temperature, twice.Temperature, 5);
        for (int k = 0; k < once.Hidden.W.Length; k++) Assert.Equal(2 * once.Hidden.W[k], twice.Hidden.W[k], 5);
    }

    [Fact]
    public void The_tangent_of_this_is_a_value_of_the_same_type()
    {
        var model = Model();
        var gradient = model.ZerosLike();
        model.LossGradient(Input, 0.25f, ref gradient);
        var direction = new TwoLayerModel
        {
            Hidden = new DenseLayer(3, 4, new Random(7)),
            Output = new DenseLayer(4, 1, new Random(8)),
            Temperature = 0.4f,
        };
        model.LossTangent(Input, 0.25f, in direction, out float tangent);
        double expected = gradient.Temperature * direction.Temperature
            + gradient.Hidden.W.Zip(direction.Hidden.W, (g, d) => (double)g * d).Sum()
            + gradient.Hidden.B.Zip(direction.Hidden.B, (g, d) => (double)g * d).Sum()
            + gradient.Output.W.Zip(direction.Output.W, (g, d) => (double)g * d).Sum()
            + gradient.Output.B.Zip(direction.Output.B, (g, d) => (double)g * d).Sum();
        Assert.Equal(expected, tangent, 4);
    }

    [Fact]
    public void A_class_model_trained_by_gradient_descent_recovers_its_coefficients()
    {
        double[] xs = Enumerable.Range(0, 20).Select(i => -1 + i * 0.1).ToArray();
        double[] ys = xs.Select(x => 2 * x * x - 3 * x + 0.5).ToArray();
        var model = new QuadraticModel();
        for (int step = 0; step < 4000; step++)
        {
            var gradient = new QuadraticModel();
            model.LossGradient(xs, ys, gradient);
            model.A -= 0.3 * gradient.A;
            model.B -= 0.3 * gradient.B;
            model.C -= 0.3 * gradient.C;
        }
        Assert.Equal(2.0, model.A, 6);
        Assert.Equal(-3.0, model.B, 6);
        Assert.Equal(0.5, model.C, 6);
    }

    [Fact]
    public void A_class_model_gradient_matches_finite_differences()
    {
        double[] xs = { -0.5, 0.2, 0.9 }, ys = { 1.0, -0.3, 0.4 };
        var model = new QuadraticModel { A = 0.7, B = -1.1, C = 0.2 };
        var gradient = new QuadraticModel();
        double value = model.LossGradient(xs, ys, gradient);
        Assert.Equal(model.Loss(xs, ys), value);
        Assert.Equal(NumericalDiff.Derivative(a => new QuadraticModel { A = a, B = -1.1, C = 0.2 }.Loss(xs, ys), 0.7), gradient.A, 9);
        Assert.Equal(NumericalDiff.Derivative(b => new QuadraticModel { A = 0.7, B = b, C = 0.2 }.Loss(xs, ys), -1.1), gradient.B, 9);
        Assert.Equal(NumericalDiff.Derivative(c => new QuadraticModel { A = 0.7, B = -1.1, C = c }.Loss(xs, ys), 0.2), gradient.C, 9);
    }

    [Fact]
    public void An_instance_gradient_call_allocates_nothing()
    {
        var model = Model();
        var gradient = model.ZerosLike();
        model.LossGradient(Input, 0.25f, ref gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.LossGradient(Input, 0.25f, ref gradient);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
