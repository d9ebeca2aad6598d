namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>
/// Reading data in place: characters and lengths of strings, elements of [NoDiff] collections, and local slices
/// (<c>AsSpan</c>, <c>Slice</c>, ranges) of differentiable, [NoDiff] and local arrays.
/// </summary>
public static partial class ReadOnlyData
{
    [Differentiable]
    public static double ByName(double x, string name)
    {
        double r = x;
        if (name[0] == 'a') r *= x;
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] is 'b' or 'c') r += Math.Sin(x * i);
        }
        return r + name.Length * x;
    }

    [Differentiable]
    public static double FromList(double x, [NoDiff] IReadOnlyList<double> weights)
    {
        double s = 0;
        for (int i = 0; i < 3; i++) s += weights[i] * Math.Pow(x, i);
        return s;
    }

    // The rows of a matrix as slices, of differentiable and of [NoDiff] data.
    [Differentiable]
    public static double RowSums(double[] m, [NoDiff] double[] scale, int columns)
    {
        double s = 0;
        for (int r = 0; r * columns < m.Length; r++)
        {
            var row = m.AsSpan(r * columns, columns);
            ReadOnlySpan<double> k = scale.AsSpan(r * columns, columns);
            for (int j = 0; j < row.Length; j++) s += row[j] * row[j] * k[j];
        }
        return s;
    }

    [Differentiable]
    public static double Slices(double[] x, double a)
    {
        ReadOnlySpan<double> all = x;
        var tail = all.Slice(1);
        var middle = all[1..3];
        var inner = tail.Slice(1, 2);
        return tail[0] * a + middle[1] * middle[0] + inner[1] * Math.Sin(inner[0]) + all[all.Length - 1] * tail.Length;
    }

    [Differentiable]
    public static double ArrayRange(double[] x, double a)
    {
        double[] head = x[..2];
        var whole = x.AsSpan();
        var rest = x.AsSpan(2);
        return head[0] * head[1] * a + whole[2] * rest[rest.Length - 1];
    }

    // The start is taken where the slice is declared: changing i afterwards does not move it.
    [Differentiable]
    public static double SliceOfLocalArray(double[] x)
    {
        var t = new double[x.Length];
        for (int i = 0; i < x.Length; i++) t[i] = x[i] * x[i];
        int start = 1;
        var second = t.AsSpan(start, 2);
        start = 0;
        return second[0] + second[1] * t[start];
    }

    // Slices passed to [Differentiable] callees, in a loop: each call's derivative goes to its slice of m's.
    [Differentiable]
    public static double RowNorms(double[] m, int columns)
    {
        double s = 0;
        for (int r = 0; r * columns < m.Length; r++)
        {
            var row = m.AsSpan(r * columns, columns);
            s += Math.Sqrt(Loops.Dot(row, m.AsSpan(r * columns, columns)));
        }
        return s;
    }

    // Slices of a local array, of a [NoDiff] array and of a parameter; the local array changes after a call reads it.
    [Differentiable]
    public static double SlicesToCallees(double[] x, [NoDiff] double[] w, double a)
    {
        var t = new double[x.Length];
        for (int i = 0; i < x.Length; i++) t[i] = x[i] * a;
        var tail = t.AsSpan(1);
        double d = Loops.Dot(tail, w.AsSpan(0, tail.Length));
        t[1] = d * x[0];
        return d * Loops.Dot(x.AsSpan(1, 2), t.AsSpan(0, 2)) + ArrayModels.LogSumExp(x[1..]);
    }
}
