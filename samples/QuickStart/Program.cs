// DiffGen QuickStart: derivatives written by the compiler, checked against the formulas and against finite differences.
using DiffGen;

// 1. The seed example: Loss(w) = (w − 4)², so dLoss/dw = 2(w − 4) = 4 at w = 6.
Heading("1. d/dw (w - 4)^2 at w = 6");
double loss = Examples.LossGradient(6.0, out double dW);
Console.WriteLine($"LossGradient(6.0, out dW) returns {loss:R} (the loss) and sets dW = {dW:R}; exact 2(w - 4) = {2 * (6.0 - 4):R}");

// 2. Generated (analytical) versus numerical derivative of 3x² + 5x, each compared with the exact 6x + 5.
Heading("2. d/dx (3x^2 + 5x) = 6x + 5: generated vs numerical (central difference, h = 0.0001)");
Console.WriteLine($"{"x",8} {"f(x)",10} {"exact",10} {"generated",22} {"numerical",22} {"error gen",10} {"error num",10}");
foreach (double x in new[] { -2.0, -0.5, 0.0, 1.0, 2.5, 10.0 })
{
    double fx = Examples.PolyGradient(x, out double generated);
    double numerical = NumericalDiff.CentralDifference(Examples.Poly, x, h: 0.0001);
    double exact = 6 * x + 5;
    Console.WriteLine($"{x,8:F2} {fx,10:F2} {exact,10:F2} {generated,22:R} {numerical,22:R} " +
                      $"{Math.Abs(generated - exact),10:0.0E+00} {Math.Abs(numerical - exact),10:0.0E+00}");
}
Console.WriteLine("The generated derivative is the formula itself, so it has no truncation error and no step to tune.");

// 3. Gradient descent on Loss: w ← w − η·dLoss/dw walks from 0 to the minimum at 4.
Heading("3. Gradient descent on (w - 4)^2 from w = 0, learning rate 0.1");
Console.WriteLine($"{"step",6} {"w",12} {"loss",12} {"dW",12}");
double w = 0;
const double LearningRate = 0.1;
for (int step = 0; step <= 100; step++)
{
    double value = Examples.LossGradient(w, out double gradient);
    if (step <= 5 || step % 25 == 0)
        Console.WriteLine($"{step,6} {w,12:F8} {value,12:0.000E+00} {gradient,12:0.000E+00}");
    w -= LearningRate * gradient;
}
Console.WriteLine($"final w = {w:F8} (minimum at 4)");

// 4. Rosenbrock: two parameters, one generated call gives both partial derivatives.
Heading("4. Gradient descent on Rosenbrock (1 - x)^2 + 100(y - x^2)^2 from (-1.2, 1), learning rate 0.001");
Console.WriteLine($"{"step",6} {"x",10} {"y",10} {"f(x, y)",12} {"|gradient|",12}");
double px = -1.2, py = 1.0;
const double RosenbrockRate = 0.001;
const int Steps = 20_000;
for (int step = 0; step <= Steps; step++)
{
    double value = Examples.RosenbrockGradient(px, py, out double dX, out double dY);
    if (step is 0 or 1 or 10 or 100 or 1_000 or 5_000 or 10_000 or Steps)
        Console.WriteLine($"{step,6} {px,10:F6} {py,10:F6} {value,12:0.000E+00} {Math.Sqrt(dX * dX + dY * dY),12:0.000E+00}");
    if (step < Steps)
    {
        px -= RosenbrockRate * dX;
        py -= RosenbrockRate * dY;
    }
}
Console.WriteLine($"final point ({px:F4}, {py:F4}) (minimum at (1, 1))");

// 5. Forward mode: one Tangent call gives the derivative along a direction (a Jacobian-vector product).
Heading("5. Forward mode: Rosenbrock's derivative at (-1.2, 1) along (0.6, 0.8)");
const double Ux = 0.6, Uy = 0.8;
double f0 = Examples.RosenbrockTangent(-1.2, 1.0, Ux, Uy, out double tangent);
Examples.RosenbrockGradient(-1.2, 1.0, out double gX, out double gY);
double directional = NumericalDiff.DirectionalDerivative(p => Examples.Rosenbrock(p[0], p[1]), [-1.2, 1.0], [Ux, Uy]);
Console.WriteLine($"{"f(-1.2, 1)",-36} {f0,22:R}");
Console.WriteLine($"{"tangent (RosenbrockTangent)",-36} {tangent,22:R}");
Console.WriteLine($"{"gradient . direction (reverse mode)",-36} {gX * Ux + gY * Uy,22:R}");
Console.WriteLine($"{"numerical directional derivative",-36} {directional,22:R}");

static void Heading(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}
