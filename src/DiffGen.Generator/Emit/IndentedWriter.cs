using System.Text;

namespace DiffGen.Generator.Emit;

/// <summary>Writes lines of C# at the current indentation; <see cref="Block"/> opens a brace block that closes on dispose.</summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder builder = new();
    private int depth;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < depth; i++) builder.Append(IndentUnit);
            builder.Append(text);
        }
        builder.Append('\n');
    }

    public BlockScope Block(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        depth++;
        return new BlockScope(this);
    }

    public override string ToString() => builder.ToString();

    internal readonly struct BlockScope : IDisposable
    {
        private readonly IndentedWriter writer;

        public BlockScope(IndentedWriter writer) => this.writer = writer;

        public void Dispose()
        {
            writer.depth--;
            writer.Line("}");
        }
    }
}
