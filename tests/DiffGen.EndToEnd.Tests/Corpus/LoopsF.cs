namespace DiffGen.EndToEnd.Tests.Corpus;

/// <summary>Single-precision loops and arrays: a representative subset of <see cref="Loops"/> and <see cref="ArrayModels"/>.</summary>
public static partial class LoopsF
{
    [Differentiable]
    public static float Dot(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        float s = 0;
        for (int i = 0; i < u.Length; i++)
            s += u[i] * v[i];
        return s;
    }

    [Differentiable]
    public static float Horner(float[] c, float x)
    {
        float r = 0;
        for (int i = c.Length - 1; i >= 0; i--)
            r = r * x + c[i];
        return r;
    }

    [Differentiable]
    public static float Power(float x, int n)
    {
        float r = 1;
        for (int i = 0; i < n; i++)
            r *= x;
        return r;
    }

    [Differentiable]
    public static float NewtonSqrt(float a)
    {
        float y = a < 1 ? 1 : a;
        float step = 1;
        int k = 0;
        while (MathF.Abs(step) > 1e-6f * y && k < 100)
        {
            step = 0.5f * (a / y - y);
            y += step;
            k++;
        }
        return y;
    }

    [Differentiable]
    public static float SquaresUntilNegative(float[] v)
    {
        float s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] < 0)
                break;
            s += v[i] * v[i];
        }
        return s;
    }

    [Differentiable]
    public static float ProductOfSines(float[] a)
    {
        float p = 1;
        for (int i = 0; i < a.Length; i++)
            p *= MathF.Sin(a[i]);
        return p;
    }

    [Differentiable]
    public static float ForEachSpan(ReadOnlySpan<float> v)
    {
        float p = 1;
        foreach (float e in v)
            p *= 1 + e * e;
        return MathF.Log(p);
    }

    [Differentiable]
    public static float QuadraticForm(ReadOnlySpan<float> x, [NoDiff] float[] a)
    {
        int n = x.Length;
        float s = 0;
        for (int i = 0; i < n; i++)
        {
            float row = 0;
            for (int j = 0; j < n; j++)
                row += a[i * n + j] * x[j];
            s += x[i] * row;
        }
        return s;
    }

    [Differentiable]
    public static float LogSumExp(ReadOnlySpan<float> z)
    {
        float m = z[0];
        for (int i = 1; i < z.Length; i++)
            if (z[i] > m)
                m = z[i];
        float s = 0;
        for (int i = 0; i < z.Length; i++)
            s += MathF.Exp(z[i] - m);
        return m + MathF.Log(s);
    }

    [Differentiable]
    public static float PerceptronLoss(float[] w1, float[] b1, float[] w2, float b2, [NoDiff] float[] x, [NoDiff] float target)
    {
        int n = x.Length;
        float output = b2;
        for (int j = 0; j < b1.Length; j++)
        {
            float z = b1[j];
            for (int i = 0; i < n; i++)
                z += w1[j * n + i] * x[i];
            output += w2[j] * MathF.Tanh(z);
        }
        float e = output - target;
        return e * e;
    }
}
