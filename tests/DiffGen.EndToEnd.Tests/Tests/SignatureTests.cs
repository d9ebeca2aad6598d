using System.Reflection;
using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests;

/// <summary>
/// The generated signatures of docs/API.md, read back by reflection: parameter names, types, out-ness and order;
/// constants get no derivative parameter; accessibility follows the original method.
/// </summary>
public class SignatureTests
{
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    [Theory]
    [InlineData(typeof(ConstantParameters), "Naming",
        "double weights, double bias, double learningRate, int steps, out double dWeights, out double dBias",
        "double weights, double bias, double learningRate, int steps, double dWeights, double dBias, out double tangent")]
    [InlineData(typeof(ConstantParameters), "AllConstantKinds",
        "double x, int n, long m, short s, bool flag, Shape shape, double c, double y, out double dX, out double dY",
        "double x, int n, long m, short s, bool flag, Shape shape, double c, double y, double dX, double dY, out double tangent")]
    [InlineData(typeof(ConstantParameters), "NoDiffInTheMiddle",
        "double x, double offset, double y, out double dX, out double dY",
        "double x, double offset, double y, double dX, double dY, out double tangent")]
    [InlineData(typeof(ConstantParametersF), "IntAndBool",
        "float x, int n, bool negate, out float dX",
        "float x, int n, bool negate, float dX, out float tangent")]
    [InlineData(typeof(Calls), "ScaledPower",
        "double x, int power, double scale, out double dX",
        "double x, int power, double scale, double dX, out double tangent")]
    [InlineData(typeof(MathFunctions), "LogWithBase",
        "double x, double newBase, out double dX, out double dNewBase",
        "double x, double newBase, double dX, double dNewBase, out double tangent")]
    [InlineData(typeof(Piecewise), "Clamp",
        "double x, double low, double high, out double dX, out double dLow, out double dHigh",
        "double x, double low, double high, double dX, double dLow, double dHigh, out double tangent")]
    [InlineData(typeof(Model), "Loss", "double w, out double dW", "double w, double dW, out double tangent")]
    public void GeneratedParametersFollowTheContract(Type type, string name, string gradientParameters, string tangentParameters)
    {
        var original = type.GetMethod(name, AnyStatic)!;
        var gradient = type.GetMethod(name + "Gradient", AnyStatic);
        var tangent = type.GetMethod(name + "Tangent", AnyStatic);
        Assert.NotNull(gradient);
        Assert.NotNull(tangent);
        Assert.Equal(gradientParameters, Describe(gradient));
        Assert.Equal(tangentParameters, Describe(tangent));
        Assert.Equal(original.ReturnType, gradient.ReturnType);
        Assert.Equal(original.ReturnType, tangent.ReturnType);
    }

    [Theory]
    [InlineData(typeof(Calls), "Square")]
    [InlineData(typeof(Calls), "Cube")]
    [InlineData(typeof(Calls), "Hypot")]
    [InlineData(typeof(CalleeLibrary), "Middle")]
    [InlineData(typeof(ConstantParameters), "InternalMethod")]
    [InlineData(typeof(OuterF.InnerRecord), "Leaf")]
    [InlineData(typeof(Outer.InnerStruct), "Wave")]
    [InlineData(typeof(Outer.InnerRecordStruct), "Spring")]
    public void GeneratedMethodsAreStaticWithTheOriginalAccessibility(Type type, string name)
    {
        var original = type.GetMethod(name, AnyStatic)!;
        foreach (var suffix in new[] { "Gradient", "Tangent" })
        {
            var generated = type.GetMethod(name + suffix, AnyStatic);
            Assert.NotNull(generated);
            Assert.True(generated.IsStatic);
            Assert.Equal(original.Attributes & MethodAttributes.MemberAccessMask, generated.Attributes & MethodAttributes.MemberAccessMask);
        }
    }

    [Fact]
    public void PrivateNestedClassGetsItsDerivatives()
    {
        var hidden = typeof(Outer).GetNestedType("Hidden", BindingFlags.NonPublic)!;
        Assert.NotNull(hidden.GetMethod("RampGradient", AnyStatic));
        Assert.NotNull(hidden.GetMethod("RampTangent", AnyStatic));
    }

    private static string Describe(MethodInfo method)
        => string.Join(", ", method.GetParameters().Select(p =>
            (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "") + TypeName(p.ParameterType) + " " + p.Name));

    private static string TypeName(Type type)
    {
        if (type.IsByRef) type = type.GetElementType()!;
        return type == typeof(double) ? "double"
            : type == typeof(float) ? "float"
            : type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type == typeof(short) ? "short"
            : type == typeof(bool) ? "bool"
            : type.Name;
    }
}
