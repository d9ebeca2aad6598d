using DiffGen.Generator.IR;

namespace DiffGen.Generator.Transforms;

/// <summary>
/// The parameters of a generated Tangent or Gradient, the same shape in both modes: the method's own parameters
/// (fields are reached through <c>this</c>), then the seed of a seeded Gradient, then the derivative of <c>this</c>,
/// then one derivative per differentiable parameter, in order. What a mode adds after them (the result's tangent)
/// is its own.
/// </summary>
internal static class DerivativeSignature
{
    public static List<GeneratedParameter> For(MethodModel method, DerivativeMode mode, VarExpr? seed = null)
    {
        var parameters = new List<GeneratedParameter>();
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.IsField) parameters.Add(new GeneratedParameter(parameter.Name, parameter.Type.Name));
        }
        if (seed is not null) parameters.Add(new GeneratedParameter(seed.Name, seed.Type.Name));
        if (method.ThisType is { } thisType)
        {
            // The tangent of this is a value of its own type; the gradient with respect to this is added into one.
            string? modifier = !method.ThisIsValueType ? null : mode == DerivativeMode.Forward ? "in " : "ref ";
            parameters.Add(new GeneratedParameter(MethodModel.ThisDerivativeName, thisType) { Modifier = modifier });
        }
        foreach (var parameter in method.Parameters)
        {
            if (!parameter.Differentiable || parameter.IsField) continue;
            if (parameter.IsAggregate)
            {
                // A value of a differentiable type: its derivative is a value of the same type, added into (by ref for a
                // struct) in reverse mode and read (by in) in forward mode; a class's is passed as it is.
                string? valueModifier = parameter.ValueIsClass ? null : mode == DerivativeMode.Forward ? "in " : "ref ";
                parameters.Add(new GeneratedParameter(parameter.DerivativeName, parameter.Type.Name) { Modifier = valueModifier });
                continue;
            }
            // Reverse mode: a scalar's gradient is an out scalar, accumulated from zero.
            // An opaque value's gradient is added into (ref, created if null); its tangent is a value of its type.
            bool isOut = mode == DerivativeMode.Reverse && parameter.Type.Kind != ValueKind.Array && !parameter.Type.IsOpaque;
            string? modifier = mode == DerivativeMode.Reverse && parameter.Type.IsOpaque ? "ref " : null;
            parameters.Add(new GeneratedParameter(parameter.DerivativeName, DerivativeType(parameter, mode).Name, isOut) { Modifier = modifier });
        }
        return parameters;
    }

    /// <summary>
    /// The type of a parameter's derivative. Forward mode: a scalar's tangent is a scalar; an input array's is a
    /// read-only span of the same length, an output's a span the method writes. Reverse mode the other way round: an
    /// input array's gradient is a span the gradient is added to, an output's seed arrives read-only.
    /// </summary>
    public static IrType DerivativeType(ParameterModel parameter, DerivativeMode mode)
    {
        if (parameter.Type.Kind != ValueKind.Array) return parameter.Type;
        bool writable = parameter.IsOutput == (mode == DerivativeMode.Forward);
        return writable ? IrType.SpanOf(parameter.Type.Element!) : IrType.ReadOnlySpanOf(parameter.Type.Element!);
    }
}
