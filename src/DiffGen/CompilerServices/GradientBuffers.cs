using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace DiffGen.CompilerServices;

/// <summary>Argument checks of generated methods, kept out of line so that the generated code stays small.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GradientBuffers
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> unless the lengths match.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLength(int bufferLength, int expectedLength, string parameterName, string ofParameter)
    {
        if (bufferLength != expectedLength) ThrowLength(bufferLength, expectedLength, parameterName, ofParameter);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameterName"/> unless it holds <paramref name="expectedLength"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckCount(int bufferLength, int expectedLength, string parameterName)
    {
        if (bufferLength != expectedLength)
        {
            throw new ArgumentException($"The buffer '{parameterName}' has length {bufferLength}; it must have length {expectedLength}.", parameterName);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLength(int bufferLength, int expectedLength, string parameterName, string ofParameter)
        => throw new ArgumentException(
            $"The derivative buffer '{parameterName}' has length {bufferLength}, but '{ofParameter}' has length {expectedLength}; they must match.",
            parameterName);
}
