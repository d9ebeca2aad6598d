using DiffGen;

/// <summary>A 2-D vector: a differentiable value, with the operators a simulation needs.</summary>
public partial record struct Vec2(double X, double Y)
{
    [Differentiable] public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);
    [Differentiable] public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);
    [Differentiable] public static Vec2 operator *(double k, Vec2 a) => new(k * a.X, k * a.Y);
    [Differentiable] public double Dot(Vec2 o) => X * o.X + Y * o.Y;
    [Differentiable] public double Length() => Math.Sqrt(X * X + Y * Y);
}

/// <summary>A damped spring: its parameters are differentiable too.</summary>
public partial record struct Spring(double Stiffness, double RestLength, double Damping);

public static partial class Springs
{
    public static readonly Vec2 Gravity = new(0, -9.81);

    /// <summary>
    /// A mass on a damped spring hung from the origin, launched from (1, 0) with velocity <paramref name="launch"/> and
    /// stepped with symplectic Euler: the squared distance from <paramref name="target"/> where it ends up.
    /// </summary>
    [Differentiable]
    public static double Miss(Vec2 launch, Spring spring, [NoDiff] Vec2 target, double dt, int steps)
    {
        var position = new Vec2(1, 0);
        var velocity = launch;
        for (int i = 0; i < steps; i++)
        {
            double r = position.Length();
            var pull = (-spring.Stiffness * (r - spring.RestLength) / r) * position;
            var force = pull - spring.Damping * velocity + new Vec2(0, -9.81);
            velocity = velocity + dt * force;
            position = position + dt * velocity;
        }
        var miss = position - target;
        return miss.Dot(miss);
    }
}
