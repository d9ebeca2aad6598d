using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace DiffGen.CompilerServices;

/// <summary>
/// Adjoints of opaque differentiable values in generated reverse-mode code. A null adjoint is a zero that has not
/// been created yet: it is created (<see cref="IDifferentiable{TSelf}.Zero"/>) only where something is added into it.
/// The parameters are not annotated nullable, as generated code declares its adjoints: null there is deliberate.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Adjoints
{
    /// <summary><c>accumulator += value</c>; a null value is zero, a null accumulator is created shaped like the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(ref T accumulator, T value) where T : class, IDifferentiable<T>
    {
        if (value is null) return;
        // A fresh zero, never the value itself: adjoints are added into in place, and the value may be a caller's seed.
        accumulator ??= T.Zero(value);
        T.Accumulate(ref accumulator, value);
    }

    /// <summary>Creates a null accumulator, shaped like <paramref name="like"/>, before a derivative adds into it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Ensure<T>(ref T accumulator, T like) where T : class, IDifferentiable<T>
        => accumulator ??= T.Zero(like);
}
