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
