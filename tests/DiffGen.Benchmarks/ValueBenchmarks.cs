using BenchmarkDotNet.Attributes;

namespace DiffGen.Benchmarks;

/// <summary>A 2-D point as a record struct with differentiable operators: values cost nothing once inlined.</summary>
public partial record struct Point(double X, double Y)
{
    [Differentiable] public static Point operator -(Point a, Point b) => new(a.X - b.X, a.Y - b.Y);
    [Differentiable] public double Dot(Point o) => X * o.X + Y * o.Y;
}

public static partial class ValueModels
{
    /// <summary>A chain of springs between consecutive points: Σ k/2 (|pᵢ − pᵢ₋₁| − rest)².</summary>
    [Differentiable]
    public static double ChainEnergy(ReadOnlySpan<Point> points, double k, double rest)
    {
        double energy = 0;
        for (int i = 1; i < points.Length; i++)
        {
            var d = points[i] - points[i - 1];
            double stretch = Math.Sqrt(d.Dot(d)) - rest;
            energy += 0.5 * k * stretch * stretch;
        }
        return energy;
    }

}

public static class HandWrittenValues
{
    /// <summary>The gradient of <see cref="ValueModels.ChainEnergy"/> as one would write it by hand, over the same points.</summary>
    public static double ChainEnergyGradient(ReadOnlySpan<Point> points, double k, double rest, Span<Point> dPoints, out double dK, out double dRest)
    {
        double energy = 0;
        dK = 0;
        dRest = 0;
        for (int i = 1; i < points.Length; i++)
        {
            double dx = points[i].X - points[i - 1].X, dy = points[i].Y - points[i - 1].Y;
            double length = Math.Sqrt(dx * dx + dy * dy);
            double stretch = length - rest;
            energy += 0.5 * k * stretch * stretch;
            dK += 0.5 * stretch * stretch;
            double dStretch = k * stretch;
            dRest -= dStretch;
            double scale = dStretch / length;
            dPoints[i].X += scale * dx;
            dPoints[i].Y += scale * dy;
            dPoints[i - 1].X -= scale * dx;
            dPoints[i - 1].Y -= scale * dy;
        }
        return energy;
    }
}

/// <summary>A chain of 10,000 springs written over a Point record struct: generated against hand-written.</summary>
[MemoryDiagnoser]
public class SpringChainBenchmark : IGradientBenchmark
{
    public const int N = 10_000;
    private Point[] points = [], dPoints = [], tangents = [];

    [GlobalSetup]
    public void Setup()
    {
        var x = Inputs.Uniform(N, 41);
        var y = Inputs.Uniform(N, 42);
        points = Enumerable.Range(0, N).Select(i => new Point(i + 0.3 * x[i], 0.3 * y[i])).ToArray();
        tangents = Enumerable.Range(0, N).Select(i => new Point(y[i], x[i])).ToArray();
        dPoints = new Point[N];
        Verify();
    }

    public void Verify()
    {
        Point[] generated = new Point[N], handWritten = new Point[N];
        double value = ValueModels.ChainEnergyGradient(points, 3.0, 0.9, generated, out double gK, out double gRest);
        double expected = HandWrittenValues.ChainEnergyGradient(points, 3.0, 0.9, handWritten, out double hK, out double hRest);
        Agreement.Check("ChainEnergy value", value, expected);
        Agreement.Check("ChainEnergy dK", gK, hK);
        Agreement.Check("ChainEnergy dRest", gRest, hRest);
        Agreement.Check("ChainEnergy dPoints", generated.SelectMany(p => new[] { p.X, p.Y }).ToArray(), handWritten.SelectMany(p => new[] { p.X, p.Y }).ToArray());
        ValueModels.ChainEnergyTangent(points, 3.0, 0.9, tangents, 0, 0, out double tangent);
        double directional = 0;
        for (int i = 0; i < N; i++) directional += handWritten[i].X * tangents[i].X + handWritten[i].Y * tangents[i].Y;
        Agreement.Check("ChainEnergy tangent", tangent, directional);
    }

    [Benchmark(Baseline = true)]
    public double Primal() => ValueModels.ChainEnergy(points, 3.0, 0.9);

    [Benchmark]
    public double GeneratedGradient() => ValueModels.ChainEnergyGradient(points, 3.0, 0.9, dPoints, out _, out _);

    [Benchmark]
    public double HandWrittenGradient() => HandWrittenValues.ChainEnergyGradient(points, 3.0, 0.9, dPoints, out _, out _);

    [Benchmark]
    public double GeneratedTangent()
    {
        ValueModels.ChainEnergyTangent(points, 3.0, 0.9, tangents, 0, 0, out double tangent);
        return tangent;
    }
}
