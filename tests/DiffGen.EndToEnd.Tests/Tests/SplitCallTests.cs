using DiffGen.EndToEnd.Tests.Checking;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>
/// Callers of callees that take arrays, write outputs or have a receiver (<see cref="SplitCalls"/>, issue 11): their
/// gradients against finite differences and forward mode, and the proof that each callee's body runs once per call
/// (its Primal), where calling its seeded Gradient in the adjoint sweep ran it twice.
/// </summary>
public class SplitCallTests
{
    private static readonly double[] X = [0.4, -0.3, 0.7, 0.2];

    [Fact]
    public void Pipeline_of_callees_on_written_arrays()
        => DerivativeAssert.CheckParts(
            p => SplitCalls.Pipeline(p[0], p[1][0], p[2][0]),
            (p, g) => SplitCalls.PipelineGradient(p[0], p[1][0], p[2][0], g[0], out g[1][0], out g[2][0]),
            (double[][] p, double[][] s, out double t) => SplitCalls.PipelineTangent(p[0], p[1][0], p[2][0], s[0], s[1][0], s[2][0], out t),
            [Part.Array("x", X), Part.Scalar("a", 0.8), Part.Scalar("k", 0.3)]);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Callees_in_a_loop(int steps)
        => DerivativeAssert.CheckParts(
            p => SplitCalls.Unrolled(p[0], p[1][0], p[2][0], steps),
            (p, g) => SplitCalls.UnrolledGradient(p[0], p[1][0], p[2][0], steps, g[0], out g[1][0], out g[2][0]),
            (double[][] p, double[][] s, out double t) => SplitCalls.UnrolledTangent(p[0], p[1][0], p[2][0], steps, s[0], s[1][0], s[2][0], out t),
            [Part.Array("x", X), Part.Scalar("a", 0.8), Part.Scalar("k", 0.3)]);

    [Fact]
    public void Each_callee_body_runs_once_per_call_in_a_gradient()
    {
        var gradient = new double[X.Length];
        BodyRuns.Count = 0;
        SplitCalls.PipelineGradient(X, 0.8, 0.3, gradient, out _, out _);
        Assert.Equal(4, BodyRuns.Count);   // Smooth, Energy, Smooth, Energy; the adjoint sweep runs none again

        BodyRuns.Count = 0;
        SplitCalls.UnrolledGradient(X, 0.8, 0.3, 3, gradient, out _, out _);
        Assert.Equal(6, BodyRuns.Count);

        var model = Model();
        var dModel = model.ZerosLike();
        BodyRuns.Count = 0;
        model.LossGradient(Input, Target, ref dModel);
        Assert.Equal(3, BodyRuns.Count);   // two layers and the loss

        var pair = Pair();
        BodyRuns.Count = 0;
        pair.MarginGradient(Input, PairZeros());
        Assert.Equal(2, BodyRuns.Count);
    }

    [Fact]
    public void Primal_and_pullback_give_the_seeded_gradient_bit_for_bit()
    {
        double[] y = [0.5, -0.2, 0.9];
        double seed = -1.75;
        var dY = new double[y.Length];
        double value = SplitCalls.EnergyGradient(y, 0.3, seed, dY, out double dK);

        BodyRuns.Count = 0;
        double result = SplitCalls.EnergyPrimal(y, 0.3);
        var dYSplit = new double[y.Length];
        SplitCalls.EnergyPullback(y, 0.3, result, seed, dYSplit, out double dKSplit);
        Assert.Equal(1, BodyRuns.Count);
        DerivativeAssert.AssertBitIdentical(SplitCalls.Energy(y, 0.3), result, "EnergyPrimal");
        DerivativeAssert.AssertBitIdentical(value, result, "EnergyPrimal against EnergyGradient");
        DerivativeAssert.AssertBitIdentical(dK, dKSplit, "dK");
        for (int i = 0; i < y.Length; i++) DerivativeAssert.AssertBitIdentical(dY[i], dYSplit[i], $"dY[{i}]");
    }

    [Fact]
    public void A_vector_valued_primal_writes_its_outputs_as_the_method_does()
    {
        var expected = new double[X.Length];
        SplitCalls.Smooth(X, 0.8, expected);
        var y = new double[X.Length];
        SplitCalls.SmoothPrimal(X, 0.8, y);
        double[] dY = [1.0, -0.5, 0.25, 2.0];
        var before = new double[X.Length];
        var dX = new double[X.Length];
        SplitCalls.SmoothPullback(X, 0.8, y, dX, out double dA, dY, before);
        for (int i = 0; i < y.Length; i++) DerivativeAssert.AssertBitIdentical(expected[i], y[i], $"y[{i}]");

        var dXGradient = new double[X.Length];
        var yGradient = new double[X.Length];
        SplitCalls.SmoothGradient(X, 0.8, yGradient, dXGradient, out double dAGradient, dY);
        DerivativeAssert.AssertBitIdentical(dAGradient, dA, "dA");
        for (int i = 0; i < X.Length; i++) DerivativeAssert.AssertBitIdentical(dXGradient[i], dX[i], $"dX[{i}]");
    }

    private static readonly double[] Input = [0.3, -0.7, 0.5];
    private static readonly double[] Target = [0.2, -0.1];

    private static CountedModel Model() => new() { Hidden = new CountedLayer(3, 5, 1), Output = new CountedLayer(5, 2, 2) };

    [Fact]
    public void A_model_calling_two_layers_and_a_loss_against_finite_differences_and_forward_mode()
    {
        var model = Model();
        var gradient = model.ZerosLike();
        double value = model.LossGradient(Input, Target, ref gradient);
        DerivativeAssert.AssertBitIdentical(model.Loss(Input, Target), value, "LossGradient's value");

        void Check(double[] weights, double[] grads, string name)
        {
            for (int k = 0; k < weights.Length; k++)
            {
                double saved = weights[k];
                double numeric = NumericalDiff.Derivative(w => { weights[k] = w; double l = model.Loss(Input, Target); weights[k] = saved; return l; }, saved, out double error);
                DerivativeAssert.AssertClose(numeric, grads[k], DerivativeAssert.DoubleNumericalTolerance, $"{name}[{k}] (finite differences ± {error})");
            }
        }
        Check(model.Hidden.W, gradient.Hidden.W, "Hidden.W");
        Check(model.Hidden.B, gradient.Hidden.B, "Hidden.B");
        Check(model.Output.W, gradient.Output.W, "Output.W");
        Check(model.Output.B, gradient.Output.B, "Output.B");

        var direction = new CountedModel { Hidden = new CountedLayer(3, 5, 3), Output = new CountedLayer(5, 2, 4) };
        double tangentValue = model.LossTangent(Input, Target, in direction, out double tangent);
        DerivativeAssert.AssertBitIdentical(value, tangentValue, "LossTangent's value");
        double expected = Dot(gradient.Hidden.W, direction.Hidden.W) + Dot(gradient.Hidden.B, direction.Hidden.B)
            + Dot(gradient.Output.W, direction.Output.W) + Dot(gradient.Output.B, direction.Output.B);
        DerivativeAssert.AssertClose(expected, tangent, DerivativeAssert.DoubleModeTolerance, "forward against reverse");
    }

    private static ScorerPair Pair() => new()
    {
        First = new AffineScorer { W = [0.5, -0.4, 0.3], Bias = 0.1 },
        Second = new AffineScorer { W = [-0.2, 0.6, 0.1], Bias = -0.3 },
    };

    private static ScorerPair PairZeros() => new()
    {
        First = new AffineScorer { W = new double[3] },
        Second = new AffineScorer { W = new double[3] },
    };

    [Fact]
    public void A_class_calling_value_returning_instance_methods_of_its_fields()
    {
        var pair = Pair();
        var gradient = PairZeros();
        double value = pair.MarginGradient(Input, gradient);
        DerivativeAssert.AssertBitIdentical(pair.Margin(Input), value, "MarginGradient's value");
        foreach (var (scorer, grad, name) in new[] { (pair.First, gradient.First, "First"), (pair.Second, gradient.Second, "Second") })
        {
            for (int k = 0; k < scorer.W.Length; k++)
            {
                double saved = scorer.W[k];
                double numeric = NumericalDiff.Derivative(w => { scorer.W[k] = w; double m = pair.Margin(Input); scorer.W[k] = saved; return m; }, saved);
                DerivativeAssert.AssertClose(numeric, grad.W[k], DerivativeAssert.DoubleNumericalTolerance, $"{name}.W[{k}]");
            }
            double bias = scorer.Bias;
            double numericBias = NumericalDiff.Derivative(b => { scorer.Bias = b; double m = pair.Margin(Input); scorer.Bias = bias; return m; }, bias);
            DerivativeAssert.AssertClose(numericBias, grad.Bias, DerivativeAssert.DoubleNumericalTolerance, $"{name}.Bias");
        }

        var direction = new ScorerPair
        {
            First = new AffineScorer { W = [0.3, 0.1, -0.2], Bias = 0.5 },
            Second = new AffineScorer { W = [-0.4, 0.2, 0.7], Bias = 0.25 },
        };
        double tangentValue = pair.MarginTangent(Input, direction, out double tangent);
        DerivativeAssert.AssertBitIdentical(value, tangentValue, "MarginTangent's value");
        double expected = Dot(gradient.First.W, direction.First.W) + gradient.First.Bias * direction.First.Bias
            + Dot(gradient.Second.W, direction.Second.W) + gradient.Second.Bias * direction.Second.Bias;
        DerivativeAssert.AssertClose(expected, tangent, DerivativeAssert.DoubleModeTolerance, "forward against reverse");
    }

    [Fact]
    public void A_model_gradient_through_primal_and_pullback_allocates_nothing()
    {
        var model = Model();
        var gradient = model.ZerosLike();
        model.LossGradient(Input, Target, ref gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.LossGradient(Input, Target, ref gradient);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (u, v) => u * v).Sum();
}

/// <summary>Callers of derivatives written by hand with a Pullback (<see cref="HandPullbacks"/>).</summary>
public class HandPullbackTests
{
    private static readonly double[] Z = [0.5, -1.2, 2.0, 0.3], W = [0.7, -0.4, 0.2, 1.1];

    [Fact]
    public void A_caller_hands_the_value_to_the_hand_written_pullbacks()
        => DerivativeAssert.Check(
            (z, w) => HandPullbacks.Attention(z, w),
            (z, w, dZ, dW) => HandPullbacks.AttentionGradient(z, w, dZ, dW),
            (double[] z, double[] w, ReadOnlySpan<double> dZ, ReadOnlySpan<double> dW, out double t) => HandPullbacks.AttentionTangent(z, w, dZ, dW, out t),
            Z, W);

    [Fact]
    public void The_hand_written_gradients_are_not_called_and_each_pullback_once()
    {
        double[] dZ = new double[Z.Length], dW = new double[W.Length];
        HandPullbacks.GradientCalls = HandPullbacks.PullbackCalls = 0;
        HandPullbacks.AttentionGradient(Z, W, dZ, dW);
        Assert.Equal(0, HandPullbacks.GradientCalls);
        Assert.Equal(2, HandPullbacks.PullbackCalls);
    }
}
