using DiffGen;

/// <summary>
/// The Rosenbrock function: a scalar method of scalar parameters without loops, so the generator also writes its
/// second derivatives, <c>RosenbrockHessian</c> and the Hessian-vector product <c>RosenbrockGradientTangent</c>.
/// </summary>
public static partial class Optimization
{
    [Differentiable]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }
}
