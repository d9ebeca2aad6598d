using DiffGen.Generator.IR;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// A user type whose values a differentiable method can take, build and return (a Swift <c>Differentiable</c>
/// struct, a JAX pytree): its instance state, as members. The lowering flattens each value into one variable per
/// leaf member (scalar replacement), so every later stage sees only reals, integers and arrays.
/// </summary>
internal sealed class DifferentiableType
{
    public DifferentiableType(INamedTypeSymbol symbol, List<DifferentiableMember> members, int positionalCount)
    {
        Symbol = symbol;
        Members = members;
        PositionalCount = positionalCount;
        Name = symbol.ToDisplayString(TypeMapping.FullyQualified);
    }

    public INamedTypeSymbol Symbol { get; }

    /// <summary>Fully qualified, as generated code spells it.</summary>
    public string Name { get; }

    /// <summary>The state, positional record parameters first (in order), then the other fields and auto-properties.</summary>
    public List<DifferentiableMember> Members { get; }

    /// <summary>How many leading members a record's primary constructor takes, in order; 0 for other types.</summary>
    public int PositionalCount { get; }

    public bool IsValueType => Symbol.IsValueType;

    public IrType IrType => new(Name, ValueKind.Aggregate);

    public DifferentiableMember? Member(string name) => Members.FirstOrDefault(m => m.Name == name);

    /// <summary>What the emitter needs to build a value from its leaves, in leaf order (depth first).</summary>
    public AggregateLayout Layout() => new(Name, PositionalCount, Members.Select(m => new AggregateMember(m.Name, m.Leaf, m.Nested?.Layout(), m.InitOnly)).ToEquatableArray());

    /// <summary>Every leaf's path from the value (<c>X</c>, <c>Pos.X</c>) and type, depth first.</summary>
    public IEnumerable<(string Path, DifferentiableMember Member)> Leaves()
    {
        foreach (var member in Members)
        {
            if (member.Nested is null) yield return (member.Name, member);
            else foreach (var (path, leaf) in member.Nested.Leaves()) yield return (member.Name + "." + path, leaf);
        }
    }
}

/// <summary>
/// One piece of a differentiable type's state: a field or an auto-property (named as the user wrote it).
/// <paramref name="Leaf"/>: its IR type (real, integer, array, or any constant); <paramref name="Nested"/>: a
/// differentiable type in turn. <paramref name="Differentiable"/>: it carries a derivative (reals and real arrays
/// not marked <c>[NoDiff]</c>). <paramref name="InitOnly"/>: set only by an object initializer or <c>with</c>.
/// </summary>
internal sealed record DifferentiableMember(string Name, ISymbol Symbol, IrType? Leaf, DifferentiableType? Nested, bool Differentiable, bool InitOnly);

internal static class DifferentiableTypes
{
    /// <summary>
    /// The differentiable type <paramref name="type"/> is, or null when it is none (not a struct, class or record
    /// declared in source). <paramref name="error"/> says why a type that looks like one cannot be used.
    /// </summary>
    public static DifferentiableType? TryGet(ITypeSymbol? type, out string? error)
    {
        error = null;
        return TryGet(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), ref error);
    }

    /// <summary>
    /// A struct, class or record declared <c>partial</c> in source (the opt-in, as Swift's <c>: Differentiable</c>), that
    /// declares no tangent algebra of its own (<c>IDifferentiable&lt;T&gt;</c>: an opaque type).
    /// </summary>
    public static bool Is(ITypeSymbol? type) => type is INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Class, SpecialType: SpecialType.None, IsGenericType: false, IsStatic: false } named
        && named.DeclaringSyntaxReferences.Length > 0
        && named.DeclaringSyntaxReferences.All(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(m => m.ValueText == "partial"))
        && !named.AllInterfaces.Any(i => i.Name == "IDifferentiable" && i.ContainingNamespace?.ToDisplayString() == "DiffGen");

    private static DifferentiableType? TryGet(ITypeSymbol? type, HashSet<ITypeSymbol> enclosing, ref string? error)
    {
        if (!Is(type)) return null;
        var named = (INamedTypeSymbol)type!;
        if (!enclosing.Add(named))
        {
            error ??= $"'{named.Name}' contains itself";
            return null;
        }
        if (named.TypeKind == TypeKind.Class && named.BaseType is { SpecialType: not SpecialType.System_Object } baseType && !named.IsRecord)
        {
            error ??= $"'{named.Name}' derives from '{baseType.Name}': a differentiable class holds all of its state itself";
        }

        // A record's primary constructor: its parameters are the first members, in order.
        var positional = new List<string>();
        foreach (var reference in named.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is RecordDeclarationSyntax { ParameterList: { } parameterList })
            {
                positional.AddRange(parameterList.Parameters.Select(p => p.Identifier.ValueText));
            }
        }

        var members = new List<DifferentiableMember>();
        foreach (var field in named.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.IsStatic || field.IsConst) continue;
            ISymbol symbol = field;
            string name = field.Name;
            bool initOnly;
            bool writable;
            if (field.AssociatedSymbol is IPropertySymbol property)
            {
                // An auto-property's backing field: the property is the member.
                symbol = property;
                name = property.Name;
                initOnly = property.SetMethod is { IsInitOnly: true };
                writable = property.SetMethod is not null;
            }
            else if (field.IsImplicitlyDeclared)
            {
                continue;
            }
            else
            {
                initOnly = false;
                writable = !field.IsReadOnly;
            }
            if (symbol.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal))
            {
                error ??= $"'{named.Name}.{name}' is {symbol.DeclaredAccessibility.ToString().ToLowerInvariant()}: generated code outside '{named.Name}' reads and writes each member of its values and their derivatives; make it public or internal";
            }
            if (!writable)
            {
                error ??= symbol is IPropertySymbol
                    ? $"the property '{named.Name}.{name}' has no setter: its derivative cannot be written into a '{named.Name}'; give it an init or set accessor ({{ get; init; }}), or make '{named.Name}' a positional record"
                    : $"the field '{named.Name}.{name}' is readonly: its derivative cannot be written into a '{named.Name}'; remove readonly, or make '{named.Name}' a record with an init property";
            }
            if (initOnly && named.TypeKind == TypeKind.Class && !named.IsRecord)
            {
                error ??= $"the property '{named.Name}.{name}' is init-only in a class that is not a record: its derivative cannot be added into an existing '{named.Name}'; give it a setter or make '{named.Name}' a record";
            }
            var memberType = field.Type;
            bool noDiff = MethodParser.HasAttribute(symbol, MethodParser.NoDiffAttributeName) || MethodParser.HasAttribute(field, MethodParser.NoDiffAttributeName);
            var leaf = noDiff ? TypeMapping.Opaque(memberType) : TypeMapping.TryMap(memberType);
            DifferentiableType? nested = null;
            if (leaf is null)
            {
                nested = TryGet(memberType, enclosing, ref error);
                if (nested is null)
                {
                    error ??= $"'{named.Name}.{name}' has type '{memberType.ToDisplayString()}', which is neither a number, an array of numbers nor a differentiable type; mark it [NoDiff] to keep it as a constant";
                    continue;
                }
            }
            else if (leaf.Shape is ArrayShape.Span or ArrayShape.ReadOnlySpan)
            {
                error ??= $"'{named.Name}.{name}' is a span, which a value cannot hold; use an array";
                continue;
            }
            bool differentiable = !noDiff && nested is null && (leaf!.IsDifferentiableValue || leaf.IsRealArray);
            members.Add(new DifferentiableMember(name, symbol, leaf, nested, differentiable, initOnly));
        }
        enclosing.Remove(named);

        int positionalCount = 0;
        if (positional.Count > 0 && positional.All(p => members.Any(m => m.Name == p)))
        {
            members = positional.Select(p => members.First(m => m.Name == p)).Concat(members.Where(m => !positional.Contains(m.Name))).ToList();
            positionalCount = positional.Count;
        }
        else if (named.TypeKind == TypeKind.Class && !named.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
        {
            error ??= $"'{named.Name}' has no parameterless constructor: generated code builds its values and their derivatives as new {named.Name} {{ ... }}; add one, or make it a positional record";
        }
        return new DifferentiableType(named, members, positionalCount);
    }
}
