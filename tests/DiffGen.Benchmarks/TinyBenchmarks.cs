using BenchmarkDotNet.Attributes;
using DiffGen;

namespace DiffGen.Benchmarks;

// Tiny methods (issue 13): a gradient of a few nanoseconds shows every constant the generated code adds per call
// (the seeded overload, the prologue of array methods, value stacks), which the large benchmarks hide.

public static partial class Models
{
    /// <summary>Rosenbrock's function in two dimensions: 100·(y − x²)² + (1 − x)².</summary>
    [Differentiable]
    public static double Rosenbrock2(double x, double y)
    {
        double a = y - x * x;
        double b = 1 - x;
        return 100 * a * a + b * b;
    }

    /// <summary>The same on an array of length 2: the prologue of array methods (length checks, adjoint buffers).</summary>
    [Differentiable]
    public static double Rosenbrock2Array(double[] x)
    {
        double a = x[1] - x[0] * x[0];
        double b = 1 - x[0];
        return 100 * a * a + b * b;
    }

    /// <summary>Horner's rule, Σᵢ c[i]·t^(n−1−i): a short loop whose adjoint needs each pass's r (a value stack).</summary>
    [Differentiable]
    public static double Horner(double[] c, double t)
    {
        double r = 0;
        for (int i = 0; i < c.Length; i++)
        {
            r = r * t + c[i];
        }
        return r;
    }
}

public static partial class HandWritten
{
    public static double Rosenbrock2Gradient(double x, double y, out double dX, out double dY)
    {
        double a = y - x * x;
        double b = 1 - x;
        dX = -400 * a * x - 2 * b;
        dY = 200 * a;
        return 100 * a * a + b * b;
    }

    public static double Rosenbrock2ArrayGradient(double[] x, Span<double> dX)
    {
        if (x.Length < 2 || dX.Length != x.Length) throw new ArgumentException("Lengths differ.");
        double x0 = x[0];
        double a = x[1] - x0 * x0;
        double b = 1 - x0;
        dX[0] += -400 * a * x0 - 2 * b;
        dX[1] += 200 * a;
        return 100 * a * a + b * b;
    }

    /// <summary>∂/∂t is the derivative polynomial, run alongside r (forward, no stack); ∂/∂c[i] = t^(n−1−i).</summary>
    public static double HornerGradient(double[] c, double t, Span<double> dC, out double dT)
    {
        if (dC.Length != c.Length) throw new ArgumentException("Lengths differ.");
        double r = 0, d = 0;
        for (int i = 0; i < c.Length; i++)
        {
            d = d * t + r;
            r = r * t + c[i];
        }
        double power = 1;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            dC[i] += power;
            power *= t;
        }
        dT = d;
        return r;
    }
}

/// <summary>Rosenbrock's function of two scalars: the whole gradient is a few nanoseconds.</summary>
[MemoryDiagnoser]
public class TinyRosenbrockBenchmark : IGradientBenchmark
{
    private double x, y, tX, tY;

    [GlobalSetup]
    public void Setup()
    {
        (x, y, tX, tY) = (-1.2, 1.0, 0.3, -0.7);
        Verify();
    }

    public void Verify()
    {
        double generated = Models.Rosenbrock2Gradient(x, y, out double gX, out double gY);
        double handWritten = HandWritten.Rosenbrock2Gradient(x, y, out double hX, out double hY);
        Agreement.Check("Rosenbrock2 value", generated, handWritten);
        Agreement.Check("Rosenbrock2 gradient", [gX, gY], [hX, hY]);
        Models.Rosenbrock2Tangent(x, y, tX, tY, out double tangent);
        Agreement.CheckTangent("Rosenbrock2 tangent", tangent, ([hX, hY], [tX, tY]));
    }

    // Value and gradient are summed so that no part of the call is dead code the JIT could drop.
    [Benchmark(Baseline = true)]
    public double Primal() => Models.Rosenbrock2(x, y);

    [Benchmark]
    public double GeneratedGradient() => Models.Rosenbrock2Gradient(x, y, out double dX, out double dY) + dX + dY;

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.Rosenbrock2Gradient(x, y, out double dX, out double dY) + dX + dY;

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.Rosenbrock2Tangent(x, y, tX, tY, out double tangent);
        return tangent;
    }
}

/// <summary>Rosenbrock's function on a double[2] with a span gradient: the per-call prologue of array methods.</summary>
[MemoryDiagnoser]
public class TinyRosenbrockArrayBenchmark : IGradientBenchmark
{
    private double[] x = [], dX = [], tangentX = [];

    [GlobalSetup]
    public void Setup()
    {
        x = [-1.2, 1.0];
        tangentX = [0.3, -0.7];
        dX = new double[2];
        Verify();
    }

    public void Verify()
    {
        double[] g = new double[2], h = new double[2];
        double generated = Models.Rosenbrock2ArrayGradient(x, g);
        double handWritten = HandWritten.Rosenbrock2ArrayGradient(x, h);
        Agreement.Check("Rosenbrock2Array value", generated, handWritten);
        Agreement.Check("Rosenbrock2Array dX", g, h);
        Models.Rosenbrock2ArrayTangent(x, tangentX, out double tangent);
        Agreement.CheckTangent("Rosenbrock2Array tangent", tangent, (h, tangentX));
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.Rosenbrock2Array(x);

    [Benchmark]
    public double GeneratedGradient() => Models.Rosenbrock2ArrayGradient(x, dX);

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.Rosenbrock2ArrayGradient(x, dX);

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.Rosenbrock2ArrayTangent(x, tangentX, out double tangent);
        return tangent;
    }
}

/// <summary>Horner's rule on four coefficients: the per-call cost of a loop's value stack.</summary>
[MemoryDiagnoser]
public class TinyHornerBenchmark : IGradientBenchmark
{
    private double[] c = [], dC = [], tangentC = [];
    private double t, tangentT;

    [GlobalSetup]
    public void Setup()
    {
        c = [0.5, -1.25, 2.0, 0.75];
        tangentC = [0.1, 0.2, -0.3, 0.4];
        (t, tangentT) = (0.8, -0.6);
        dC = new double[c.Length];
        Verify();
    }

    public void Verify()
    {
        double[] g = new double[c.Length], h = new double[c.Length];
        double generated = Models.HornerGradient(c, t, g, out double gT);
        double handWritten = HandWritten.HornerGradient(c, t, h, out double hT);
        Agreement.Check("Horner value", generated, handWritten);
        Agreement.Check("Horner dC", g, h);
        Agreement.Check("Horner dT", gT, hT);
        Models.HornerTangent(c, t, tangentC, tangentT, out double tangent);
        Agreement.CheckTangent("Horner tangent", tangent, (h, tangentC), ([hT], [tangentT]));
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Models.Horner(c, t);

    [Benchmark]
    public double GeneratedGradient() => Models.HornerGradient(c, t, dC, out double dT) + dT;

    [Benchmark]
    public double HandWrittenGradient() => HandWritten.HornerGradient(c, t, dC, out double dT) + dT;

    [Benchmark]
    public double GeneratedTangent()
    {
        Models.HornerTangent(c, t, tangentC, tangentT, out double tangent);
        return tangent;
    }
}
