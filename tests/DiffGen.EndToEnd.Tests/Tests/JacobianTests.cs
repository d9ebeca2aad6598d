using DiffGen.EndToEnd.Tests.Corpus;

namespace DiffGen.EndToEnd.Tests.Tests;

/// <summary>{Name}Jacobian of vector-valued methods, by columns (forward) or by rows (reverse), against finite differences.</summary>
public class JacobianTests
{
    /// <summary>Checks J[row, column] = ∂output[row]/∂input[column] by central differences of the method itself.</summary>
    private static void AssertColumns(double[] jacobian, int rows, IReadOnlyList<(double[] Values, int Offset)> inputs, Func<double[]> evaluate)
    {
        int columns = jacobian.Length / rows;
        foreach (var (values, offset) in inputs)
        {
            for (int e = 0; e < values.Length; e++)
            {
                double saved = values[e];
                for (int row = 0; row < rows; row++)
                {
                    int r = row, index = e;
                    double numeric = NumericalDiff.Derivative(t => { values[index] = t; double o = evaluate()[r]; values[index] = saved; return o; }, saved);
                    double generated = jacobian[row * columns + offset + e];
                    Assert.True(Math.Abs(generated - numeric) <= 1e-8 * Math.Max(1, Math.Abs(numeric)), $"J[{row},{offset + e}] = {generated}, differences give {numeric}");
                }
            }
        }
    }

    [Fact]
    public void Dense_jacobian_by_rows()
    {
        double[] x = { 0.3, -0.5, 0.8 }, w = { 0.1, 0.2, -0.3, 0.4, 0.5, -0.6 }, b = { 0.05, -0.02 };
        var y = new double[2];
        var jacobian = new double[2 * 11];
        JacobianCorpus.DenseJacobian(x, w, b, y, jacobian);

        var expected = new double[2];
        JacobianCorpus.Dense(x, w, b, expected);
        Assert.Equal(expected, y);
        AssertColumns(jacobian, 2, new[] { (x, 0), (w, 3), (b, 9) }, () => { var o = new double[2]; JacobianCorpus.Dense(x, w, b, o); return o; });
    }

    [Fact]
    public void Spherical_jacobian_by_columns()
    {
        var p = new[] { 1.5, 0.7, -0.4 };
        var xyz = new double[3];
        var jacobian = new double[9];
        JacobianCorpus.SphericalJacobian(p[0], p[1], p[2], 2, xyz, jacobian);

        double r = p[0], t = p[1], f = p[2];
        Assert.Equal(2 * Math.Sin(t) * Math.Cos(f), jacobian[0], 12);
        Assert.Equal(2 * r * Math.Cos(t) * Math.Cos(f), jacobian[1], 12);
        Assert.Equal(-2 * r * Math.Sin(t) * Math.Sin(f), jacobian[2], 12);
        Assert.Equal(-2 * r * Math.Sin(t), jacobian[7], 12);
        Assert.Equal(0.0, jacobian[8]);
        AssertColumns(jacobian, 3, new[] { (p, 0) }, () => { var o = new double[3]; JacobianCorpus.Spherical(p[0], p[1], p[2], 2, o); return o; });
    }

    [Fact]
    public void Two_outputs_and_mixed_inputs()
    {
        var v = new[] { 0.4, -1.2, 2.0 };
        var shift = new[] { 0.3 };
        var mean = new double[1];
        var squares = new double[3];
        var jacobian = new double[4 * 4];
        JacobianCorpus.MomentsJacobian(v, shift[0], mean, squares, jacobian);
        AssertColumns(jacobian, 4, new[] { (v, 0), (shift, 3) }, () =>
        {
            var m = new double[1];
            var s = new double[3];
            JacobianCorpus.Moments(v, shift[0], m, s);
            return new[] { m[0], s[0], s[1], s[2] };
        });
    }

    [Fact]
    public void A_buffer_of_the_wrong_size_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => JacobianCorpus.SphericalJacobian(1, 1, 1, 1, new double[3], new double[8]));
        Assert.Equal("jacobian", error.ParamName);
    }

    [Fact]
    public void A_jacobian_call_allocates_nothing()
    {
        double[] x = { 0.3, -0.5, 0.8 }, w = { 0.1, 0.2, -0.3, 0.4, 0.5, -0.6 }, b = { 0.05, -0.02 };
        var y = new double[2];
        var jacobian = new double[22];
        JacobianCorpus.DenseJacobian(x, w, b, y, jacobian);
        long before = GC.GetAllocatedBytesForCurrentThread();
        JacobianCorpus.DenseJacobian(x, w, b, y, jacobian);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
