namespace DiffGen.Generator;
internal static class Placeholder { }
