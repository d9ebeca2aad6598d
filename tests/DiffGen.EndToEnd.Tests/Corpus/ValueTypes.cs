namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>A 2-D vector as a positional record struct, with differentiable operators and instance methods.</summary>
public partial record struct Vec2(double X, double Y)
{
    [Differentiable] public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    [Differentiable] public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
    [Differentiable] public static Vec2 operator -(Vec2 a) => new(-a.X, -a.Y);
    [Differentiable] public static Vec2 operator *(double k, Vec2 a) => new(k * a.X, k * a.Y);
    [Differentiable] public double Dot(Vec2 o) => X * o.X + Y * o.Y;
    [Differentiable] public double Length() => Math.Sqrt(X * X + Y * Y);
}

/// <summary>The float twin.</summary>
public partial record struct Vec2F(float X, float Y)
{
    [Differentiable] public static Vec2F operator -(Vec2F a, Vec2F b) => new(a.X - b.X, a.Y - b.Y);
    [Differentiable] public float Dot(Vec2F o) => X * o.X + Y * o.Y;
}

/// <summary>Init-only members: derivatives are added with <c>with</c>.</summary>
public readonly partial record struct Polar(double R, double Theta);

/// <summary>A record class holding other values and a constant.</summary>
public partial record Particle(Vec2 Pos, Vec2 Vel, double Mass)
{
    [NoDiff] public int Id { get; init; }
}

/// <summary>A plain struct with fields, one of them a constant.</summary>
public partial struct Spring
{
    public double K;
    public double Rest;
    [NoDiff] public int Id;

    [Differentiable]
    public Spring(double k, double rest)
    {
        K = k;
        Rest = rest;
        Id = 7;
    }
}

/// <summary>A struct holding another value: an element of an array of values.</summary>
public partial struct Body
{
    public Vec2 Pos;
    public double Mass;
}

/// <summary>A value holding an opaque differentiable value (a polynomial) beside a real.</summary>
public partial record struct ScaledPolynomial(Polynomial Shape, double Gain);

/// <summary>A record class with an instance method: its init-only members receive derivatives through with.</summary>
public partial record Gaussian(double Mu, double Sigma)
{
    [Differentiable]
    public double LogDensity(double x)
    {
        double z = (x - Mu) / Sigma;
        return -0.5 * z * z - Math.Log(Sigma);
    }
}

/// <summary>A class with settable properties.</summary>
public partial class Coefficients
{
    public double A { get; set; }
    public double B { get; set; }
}

public static partial class ValueTypeCorpus
{
    [Differentiable]
    public static double Energy(Vec2 a, Vec2 b, double k)
    {
        var d = a - b;
        return 0.5 * k * d.Dot(d);
    }

    [Differentiable]
    public static Vec2 Rotate(Vec2 p, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Vec2(c * p.X - s * p.Y, s * p.X + c * p.Y);
    }

    [Differentiable]
    public static double RotatedDistance(Vec2 p, double angle, Vec2 target) => (Rotate(p, angle) - target).Length();

    [Differentiable]
    public static double SpringEnergy(Spring s, Vec2 a, Vec2 b)
    {
        double stretch = (a - b).Length() - s.Rest;
        return 0.5 * s.K * stretch * stretch;
    }

    /// <summary>A particle on a spring to the origin, stepped with symplectic Euler.</summary>
    [Differentiable]
    public static double Simulate(Particle p, Spring s, double dt, int steps)
    {
        var pos = p.Pos;
        var vel = p.Vel;
        for (int i = 0; i < steps; i++)
        {
            double r = pos.Length();
            var force = (-s.K * (r - s.Rest) / r) * pos;
            vel = vel + (dt / p.Mass) * force;
            pos = pos + dt * vel;
        }
        return pos.X + 2 * pos.Y;
    }

    [Differentiable]
    public static Particle Step(Particle p, double dt) => p with { Pos = p.Pos + dt * p.Vel };

    [Differentiable]
    public static double StepTwice(Particle p, double dt)
    {
        var q = Step(Step(p, dt), dt);
        return q.Pos.Dot(q.Vel) * q.Mass + q.Id;
    }

    [Differentiable]
    public static double MutateLocal(Vec2 a, double t)
    {
        var v = a;
        v.X = v.X * t;
        v.Y += t;
        v.Y *= v.X;
        return v.X * v.Y;
    }

    [Differentiable]
    public static Polar Scale(Polar v, double k) => v with { R = v.R * k };

    [Differentiable]
    public static double PolarArea(Polar v, double k)
    {
        var w = Scale(v, k);
        return w.R * w.R * Math.Sin(w.Theta);
    }

    [Differentiable]
    public static double Quadratic(Coefficients c, double x) => c.A * x * x + c.B * x;

    [Differentiable]
    public static Vec2 Choose(Vec2 a, Vec2 b, double t) => t > 0 ? a : t * b;

    [Differentiable]
    public static Vec2 Reflect(Vec2 a)
    {
        if (a.X > 0) return a;
        if (a.Y > 0) return -a;
        return 2.0 * a;
    }

    [Differentiable]
    public static double DefaultThenSet(double x, double y)
    {
        Vec2 v = default;
        v.X = x;
        v.Y = x * y;
        return v.Dot(v);
    }

    [Differentiable]
    public static double Built(double x, double y)
    {
        var c = new Coefficients { A = x, B = y * y };
        var s = new Spring(x, y) { Rest = y + 1 };
        return c.A * c.B + s.K * s.Rest + s.Id;
    }

    [Differentiable]
    public static double ThroughLoopOfValues(Vec2 a, int n)
    {
        var v = a;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            v = Rotate(v, 0.3) + new Vec2(0.1 * v.Y, 0);
            total += v.X * v.Y;
        }
        return total;
    }

    [Differentiable]
    public static float EnergyF(Vec2F a, Vec2F b, float k)
    {
        var d = a - b;
        return 0.5f * k * d.Dot(d);
    }

    /// <summary>A chain of springs between consecutive points.</summary>
    [Differentiable]
    public static double ChainEnergy(ReadOnlySpan<Vec2> points, Spring s)
    {
        double e = 0;
        for (int i = 1; i < points.Length; i++) e += SpringEnergy(s, points[i], points[i - 1]);
        return e;
    }

    [Differentiable]
    public static double MomentOfInertia(Body[] bodies)
    {
        double m = 0;
        foreach (var b in bodies) m += b.Mass * b.Pos.Dot(b.Pos);
        return m + bodies[0].Pos.X * bodies[bodies.Length - 1].Mass;
    }

    /// <summary>Values and opaque values together: the opaque member flows through a value built and read.</summary>
    [Differentiable]
    public static double EvaluateScaled(ScaledPolynomial p, double x)
    {
        var doubled = p with { Gain = 2 * p.Gain };
        return doubled.Gain * Polynomial.Eval(doubled.Shape, x);
    }

    /// <summary>A callee's [NoDiff] value parameter: no derivative flows through it, inlined or not.</summary>
    [Differentiable]
    public static double Weighted([NoDiff] Vec2 weights, Vec2 v) => weights.Dot(v);

    // DG0017 says that a's derivative through 'weights' is dropped: what this method is here to check.
#pragma warning disable DG0017
    [Differentiable]
    public static double CallsWithConstantWeights(Vec2 a, Vec2 b) => Weighted(a, b) + a.X;
#pragma warning restore DG0017

    /// <summary>Fuzzer findings (seeds 8M0ZIfVHJdJ1, 1M_WvQKpXsc1): a compound update of a parameter whose right side builds a value with 'with'.</summary>
    [Differentiable]
    public static double UpdatedByAValue(double x0, double x1)
    {
        x0 *= (new Vec2(x1, 1.0) with { Y = 3.0 }).Dot(new Vec2(1.0, 1.5));
        return x0;
    }

    [Differentiable]
    public static double UpdatedByItsOwnValue(double x1, double x2, int n)
    {
        x2 *= (new Vec2(n * 0.5, x2) with { Y = x1 }).Dot(new Vec2(x2, 1.5));
        return x2;
    }
}
