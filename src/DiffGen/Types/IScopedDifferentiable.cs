namespace DiffGen;

/// <summary>
/// An opaque differentiable type whose values hold pooled storage (a tensor): generated derivatives give back to the
/// pool, before they return, every value they created and do not hand to the caller. A generated <c>Gradient</c> or
/// <c>Tangent</c> opens a scope when it starts; every value created while it is open belongs to it; the values the
/// method hands out (its result, the gradients it adds into or creates, its tangent) are kept, that is moved to the
/// enclosing scope; everything else is released when the scope closes. Nothing is recorded but the values created:
/// no operation, no graph.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IScopedDifferentiable<TSelf> : IDifferentiable<TSelf> where TSelf : IScopedDifferentiable<TSelf>
{
    /// <summary>Opens a scope on this thread and returns its mark, which <see cref="CloseScope"/> takes back.</summary>
    static abstract int OpenScope();

    /// <summary>Moves <paramref name="value"/> (null is allowed) out of the innermost scope into the enclosing one; returns it.</summary>
    static abstract TSelf? Keep(TSelf? value);

    /// <summary>Releases every value created since <paramref name="scope"/> was opened that was not kept, and closes it.</summary>
    static abstract void CloseScope(int scope);
}
