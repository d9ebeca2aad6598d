namespace DiffGen.Generator.IR;

/// <summary>The <c>Math</c>/<c>MathF</c> functions that have a row in <see cref="Transforms.DerivativeRules"/>.</summary>
internal enum MathFunction
{
    Sin, Cos, Tan, Asin, Acos, Atan, Atan2, Sinh, Cosh, Tanh,
    Exp, Log, Log10, Log2, Sqrt, Cbrt, Pow,
    Abs, Max, Min, Clamp, FusedMultiplyAdd,
    // Piecewise constant: their derivative is zero wherever it exists.
    Floor, Ceiling, Round, Truncate,
}
