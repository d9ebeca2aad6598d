// DiffGen Models: custom derivatives, a differentiable struct model trained by its generated gradient, Newton's
// method with the generated Hessian, and a spring simulation written with a Vec2 record struct, differentiated through
// its time steps.
using DiffGen;

// ---------------------------------------------------------------------------------------------------------------------
// 1a. A hand-written derivative: softplus log(1 + eˣ) without overflow.
Heading("1a. Softplus log(1 + e^x): naive (generated derivative) vs stable (hand-written derivative)");
Console.WriteLine($"{"x",6} {"naive value",24} {"naive d/dx",24} {"stable value",24} {"stable d/dx",24} {"LogisticLoss dB",24}");
foreach (double x in new[] { -800.0, -30.0, 0.0, 30.0, 800.0 })
{
    double naive = Stable.NaiveSoftplusGradient(x, out double naiveDx);
    double stable = Stable.SoftplusGradient(x, out double stableDx);
    // LogisticLoss(w = 1, b = 0, x, y = −1) = softplus(x); its generated gradient calls SoftplusGradient: dB = σ(x).
    Stable.LogisticLossGradient(1.0, 0.0, x, -1.0, out _, out double dB);
    Console.WriteLine($"{x,6} {naive,24:R} {naiveDx,24:R} {stable,24:R} {stableDx,24:R} {dB,24:R}");
}
Console.WriteLine("At x = 800, e^x overflows: the naive value is infinite and its derivative inf/inf = NaN. At x = -30,");
Console.WriteLine("1 + e^x rounds, so the naive value keeps 3 digits; log1p(e^-|x|) keeps them all.");

// The same on a dataset: logistic regression with w large, one point on the wrong side (margin −800).
double[] xs = [-2.0, -1.0, 1.0, 2.0, 0.5], ys = [-1.0, -1.0, 1.0, 1.0, -1.0];
Console.WriteLine();
Console.WriteLine("Mean logistic loss of 5 points at w = 1600, b = 0 (the point x = 0.5, y = -1 has margin -800):");
double wideLoss = Stable.MeanLogisticLossGradient(1600, 0, xs, ys, out double dW, out double dBias);
double tangentLoss = Stable.MeanLogisticLossTangent(1600, 0, xs, ys, 1, 0, out double dLossDw);
Console.WriteLine($"  {"stable, generated gradient",-34} loss {wideLoss,10:R}  dW {dW,8:R}  dB {dBias,8:R}  (tangent along w: {dLossDw:R})");
double naiveLoss = 0, naiveDW = 0, naiveDB = 0;
for (int i = 0; i < xs.Length; i++)
{
    naiveLoss += Stable.NaiveLogisticLossGradient(1600, 0, xs[i], ys[i], out double gw, out double gb) / xs.Length;
    naiveDW += gw / xs.Length;
    naiveDB += gb / xs.Length;
}
Console.WriteLine($"  {"naive, generated gradient",-34} loss {naiveLoss,10:R}  dW {naiveDW,8:R}  dB {naiveDB,8:R}");

// 1b. A registered derivative: erf from "another library", used by the normal CDF.
Heading("1b. [DerivativeOf] erf: the generated derivative of NormalCdf(x, mu = 1, sigma = 2) vs the normal density");
Console.WriteLine($"{"x",6} {"Phi(x)",22} {"d/dx (generated)",22} {"density (exact)",22} {"d/dmu",22} {"d/dsigma",22}");
const double Mu = 1, Sigma = 2;
foreach (double x in new[] { -5.0, -1.0, 0.0, 1.0, 2.5, 7.0 })
{
    double cdf = Stable.NormalCdfGradient(x, Mu, Sigma, out double dX, out double dMu, out double dSigma);
    double z = (x - Mu) / Sigma;
    double density = Math.Exp(-z * z / 2) / (Sigma * Math.Sqrt(2 * Math.PI));
    Console.WriteLine($"{x,6} {cdf,22:R} {dX,22:R} {density,22:R} {dMu,22:R} {dSigma,22:R}");
}
Console.WriteLine("dPhi/dmu = -density and dPhi/dsigma = -z * density: the chain rule through ErfGradient.");

// ---------------------------------------------------------------------------------------------------------------------
// 2. A struct model trained by its generated gradient.
const int Points = 32, Hidden = 16, Epochs = 5000;
const double LearningRate = 0.05, Momentum = 0.9;
Heading($"2. A 1-{Hidden}-1 tanh network (struct Mlp of two struct Dense) fitting sin(x) on {Points} points, momentum SGD");
var random = new Random(1234);
var model = new Mlp(Hidden, random);
Mlp gradient = model.ZerosLike(), velocity = model.ZerosLike();
double[][] inputs = new double[Points][];
double[] targets = new double[Points];
for (int i = 0; i < Points; i++)
{
    double x = -Math.PI + 2 * Math.PI * i / (Points - 1);
    inputs[i] = [x];
    targets[i] = Math.Sin(x);
}

// One check first: the generated gradient against finite differences for a few parameters.
Array.ForEach(gradient.Parameters(), p => Array.Clear(p));
model.LossGradient(inputs[5], targets[5], ref gradient);
Console.WriteLine($"{"parameter",-14} {"generated",22} {"numerical",22}");
foreach (var (name, array, index) in new[] { ("Hidden.W[3]", 0, 3), ("Hidden.B[7]", 1, 7), ("Output.W[0]", 2, 0), ("Output.B[0]", 3, 0) })
{
    double[] parameter = model.Parameters()[array];
    double original = parameter[index];
    double numerical = NumericalDiff.Derivative(v =>
    {
        parameter[index] = v;
        double loss = model.Loss(inputs[5], targets[5]);
        parameter[index] = original;
        return loss;
    }, original);
    Console.WriteLine($"{name,-14} {gradient.Parameters()[array][index],22:R} {numerical,22:R}");
}

Console.WriteLine();
Console.WriteLine($"{"epoch",6} {"mean squared error",20}");
for (int epoch = 0; epoch <= Epochs; epoch++)
{
    // Gradients accumulate (are added to), so clear them, then add every example's: the full-batch gradient.
    Array.ForEach(gradient.Parameters(), p => Array.Clear(p));
    double loss = 0;
    for (int i = 0; i < Points; i++) loss += model.LossGradient(inputs[i], targets[i], ref gradient);
    loss /= Points;
    if (epoch % 500 == 0) Console.WriteLine($"{epoch,6} {loss,20:0.000E+00}");
    if (epoch == Epochs) break;

    double[][] p = model.Parameters(), g = gradient.Parameters(), v = velocity.Parameters();
    for (int k = 0; k < p.Length; k++)
        for (int i = 0; i < p[k].Length; i++)
        {
            v[k][i] = Momentum * v[k][i] - LearningRate * g[k][i] / Points;
            p[k][i] += v[k][i];
        }
}

Console.WriteLine();
Console.WriteLine($"{"x",8} {"sin(x)",10} {"model(x)",10} {"error",10}");
foreach (double x in new[] { -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0 })
{
    double predicted = model.Predict([x]);
    Console.WriteLine($"{x,8:F2} {Math.Sin(x),10:F5} {predicted,10:F5} {predicted - Math.Sin(x),10:0.0E+00}");
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. Newton's method with the generated Hessian.
Heading("3. Newton's method on Rosenbrock (1 - x)^2 + 100(y - x^2)^2 from (-1.2, 1) with RosenbrockHessian");
Console.WriteLine($"{"step",5} {"x",20} {"y",20} {"f(x, y)",12} {"|gradient|",12}");
double[] g2 = new double[2], h2 = new double[4];
double px = -1.2, py = 1.0;
int newtonSteps = 0;
while (true)
{
    double value = Optimization.RosenbrockHessian(px, py, g2, h2);
    double norm = Math.Sqrt(g2[0] * g2[0] + g2[1] * g2[1]);
    Console.WriteLine($"{newtonSteps,5} {px,20:R} {py,20:R} {value,12:0.000E+00} {norm,12:0.000E+00}");
    if (norm < 1e-10 || newtonSteps == 50) break;
    // Solve H·s = g (2×2, row-major) and step p ← p − s.
    double det = h2[0] * h2[3] - h2[1] * h2[2];
    px -= (h2[3] * g2[0] - h2[1] * g2[1]) / det;
    py -= (h2[0] * g2[1] - h2[2] * g2[0]) / det;
    newtonSteps++;
}

// For comparison: gradient descent with the largest stable fixed rate (0.001 < 2 / 1001.6, the Hessian's top eigenvalue at (1, 1)).
double gx = -1.2, gy = 1.0;
int descentSteps = 0;
while (true)
{
    Optimization.RosenbrockGradient(gx, gy, out double dX, out double dY);
    if (Math.Sqrt(dX * dX + dY * dY) < 1e-10 || descentSteps == 1_000_000) break;
    gx -= 0.001 * dX;
    gy -= 0.001 * dY;
    descentSteps++;
}
Console.WriteLine($"Newton: {newtonSteps} steps to |gradient| < 1e-10; gradient descent (rate 0.001): {descentSteps:N0} steps, to ({gx:F10}, {gy:F10}).");

// One Hessian-vector product, forward over reverse, against the full Hessian and the formula.
Console.WriteLine();
const double Vx = 0.6, Vy = 0.8, X0 = -1.2, Y0 = 1.0;
Optimization.RosenbrockGradientTangent(X0, Y0, Vx, Vy, out double gradX, out double gradY, out double hvX, out double hvY);
Optimization.RosenbrockHessian(X0, Y0, g2, h2);
double hxx = 2 - 400 * Y0 + 1200 * X0 * X0, hxy = -400 * X0, hyy = 200;
Console.WriteLine($"Hessian at (-1.2, 1) (RosenbrockHessian): [[{h2[0]:R}, {h2[1]:R}], [{h2[2]:R}, {h2[3]:R}]]");
Console.WriteLine($"{"H v, v = (0.6, 0.8)",-44} {"x",22} {"y",22}");
Console.WriteLine($"{"RosenbrockGradientTangent (one pass)",-44} {hvX,22:R} {hvY,22:R}");
Console.WriteLine($"{"RosenbrockHessian times v",-44} {h2[0] * Vx + h2[1] * Vy,22:R} {h2[2] * Vx + h2[3] * Vy,22:R}");
Console.WriteLine($"{"exact (1200x^2 - 400y + 2, -400x; -400x, 200)",-44} {hxx * Vx + hxy * Vy,22:R} {hxy * Vx + hyy * Vy,22:R}");
Console.WriteLine($"(the same pass also returns the gradient: ({gradX:R}, {gradY:R}))");

// ---------------------------------------------------------------------------------------------------------------------
// 4. A spring system written with a Vec2 record struct, differentiated through its time steps.
Heading("4. Aiming a mass on a damped spring: gradient descent on its launch velocity (Vec2 values, 200 time steps)");
var spring = new Spring(Stiffness: 12, RestLength: 0.8, Damping: 0.3);
var target = new Vec2(-0.4, -1.1);
var launch = new Vec2(0, 0);
const double Dt = 0.01;
const int Steps = 200;
{
    // The generated gradient against central differences, once.
    Vec2 dLaunch = default;
    Spring dSpring = default;
    Springs.MissGradient(launch, spring, target, Dt, Steps, ref dLaunch, ref dSpring, out _);
    double numericX = NumericalDiff.Derivative(x => Springs.Miss(launch with { X = x }, spring, target, Dt, Steps), launch.X);
    double numericK = NumericalDiff.Derivative(k => Springs.Miss(launch, spring with { Stiffness = k }, target, Dt, Steps), spring.Stiffness);
    Console.WriteLine($"d miss / d launch.X: generated {dLaunch.X:R}, numerical {numericX:R}");
    Console.WriteLine($"d miss / d stiffness: generated {dSpring.Stiffness:R}, numerical {numericK:R}");
}
Console.WriteLine($"{"step",6} {"miss²",14} {"launch",28}");
for (int step = 0; step <= 100; step++)
{
    Vec2 dLaunch = default;
    Spring dSpring = default;
    double miss = Springs.MissGradient(launch, spring, target, Dt, Steps, ref dLaunch, ref dSpring, out _);
    if (step % 20 == 0) Console.WriteLine($"{step,6} {miss,14:G6} {$"({launch.X:F4}, {launch.Y:F4})",28}");
    launch -= 4.0 * dLaunch;
}

static void Heading(string title)
{
    Console.WriteLine();
    Console.WriteLine(title);
    Console.WriteLine(new string('-', title.Length));
}
