namespace DiffGen.EndToEnd.Tests.Checking;

// The shapes of generated methods (docs/API.md) for one, two and three differentiable scalar parameters.
// Corpus methods whose only parameters are differentiable convert to these as method groups; the others
// (with integer, bool, enum or [NoDiff] constants) are wrapped in a lambda that fixes the constants.

public delegate double Gradient1(double a, out double dA);
public delegate double Tangent1(double a, double dA, out double tangent);
public delegate double Gradient2(double a, double b, out double dA, out double dB);
public delegate double Tangent2(double a, double b, double dA, double dB, out double tangent);
public delegate double Gradient3(double a, double b, double c, out double dA, out double dB, out double dC);
public delegate double Tangent3(double a, double b, double c, double dA, double dB, double dC, out double tangent);

public delegate float Gradient1F(float a, out float dA);
public delegate float Tangent1F(float a, float dA, out float tangent);
public delegate float Gradient2F(float a, float b, out float dA, out float dB);
public delegate float Tangent2F(float a, float b, float dA, float dB, out float tangent);
public delegate float Gradient3F(float a, float b, float c, out float dA, out float dB, out float dC);
public delegate float Tangent3F(float a, float b, float c, float dA, float dB, float dC, out float tangent);

// Array and span parameters (docs/API.md): a gradient buffer Span<T> per differentiable array, the gradient ADDED to it;
// a seed ReadOnlySpan<T> per differentiable array in forward mode. Spans convert from arrays, so corpus methods taking
// ReadOnlySpan<T> are wrapped in a lambda; those taking T[] convert as method groups.

public delegate double GradientV(double[] v, Span<double> dV);
public delegate double TangentV(double[] v, ReadOnlySpan<double> dV, out double tangent);
public delegate double GradientVS(double[] v, double a, Span<double> dV, out double dA);
public delegate double TangentVS(double[] v, double a, ReadOnlySpan<double> dV, double dA, out double tangent);
public delegate double GradientVV(double[] u, double[] v, Span<double> dU, Span<double> dV);
public delegate double TangentVV(double[] u, double[] v, ReadOnlySpan<double> dU, ReadOnlySpan<double> dV, out double tangent);

public delegate float GradientVF(float[] v, Span<float> dV);
public delegate float TangentVF(float[] v, ReadOnlySpan<float> dV, out float tangent);
public delegate float GradientVSF(float[] v, float a, Span<float> dV, out float dA);
public delegate float TangentVSF(float[] v, float a, ReadOnlySpan<float> dV, float dA, out float tangent);
public delegate float GradientVVF(float[] u, float[] v, Span<float> dU, Span<float> dV);
public delegate float TangentVVF(float[] u, float[] v, ReadOnlySpan<float> dU, ReadOnlySpan<float> dV, out float tangent);

// Any mix of differentiable parameters, one Part each (see DerivativeAssert.CheckParts): point[k] holds parameter k's
// values (a scalar is an array of one), gradient[k] its buffer (for a scalar, pass `out gradient[k][0]`), seed[k] its seed.

public delegate double GradientParts(double[][] point, double[][] gradient);
public delegate double TangentParts(double[][] point, double[][] seed, out double tangent);
public delegate float GradientPartsF(float[][] point, float[][] gradient);
public delegate float TangentPartsF(float[][] point, float[][] seed, out float tangent);
