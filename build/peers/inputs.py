"""Inputs shared by the peers and the C# benchmarks (the rule is written down in build/peers/README.md).

Random inputs come from .NET's seeded ``System.Random(seed)`` (the legacy subtractive generator that .NET uses
whenever a seed is given), reimplemented here bit for bit, so that ``uniform(n, seed, lo, hi)`` returns exactly
what ``Inputs.Uniform(n, seed, lo, hi)`` returns in tests/DiffGen.Benchmarks/Benchmarks.cs. ADBench's GMM and LSTM
files are read from ../shared/data/adbench relative to the repository root when present.
"""

import math
import os

MBIG = 2147483647
MSEED = 161803398

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


class DotNetRandom:
    """System.Random(seed) of .NET (Net5CompatSeedImpl): NextDouble() = InternalSample() / int.MaxValue."""

    def __init__(self, seed):
        seed_array = [0] * 56
        subtraction = MBIG if seed == -2147483648 else abs(seed)
        mj = MSEED - subtraction
        seed_array[55] = mj
        mk = 1
        ii = 0
        for i in range(1, 55):
            ii += 21
            if ii >= 55:
                ii -= 55
            seed_array[ii] = mk
            mk = mj - mk
            if mk < 0:
                mk += MBIG
            mj = seed_array[ii]
        for _ in range(1, 5):
            for i in range(1, 56):
                n = i + 30
                if n >= 55:
                    n -= 55
                v = seed_array[i] - seed_array[1 + n]
                if v < 0:
                    v += MBIG
                seed_array[i] = v
        self._seed = seed_array
        self._inext = 0
        self._inextp = 21

    def internal_sample(self):
        s = self._seed
        inext = self._inext + 1
        if inext >= 56:
            inext = 1
        inextp = self._inextp + 1
        if inextp >= 56:
            inextp = 1
        ret = s[inext] - s[inextp]
        if ret == MBIG:
            ret -= 1
        if ret < 0:
            ret += MBIG
        s[inext] = ret
        self._inext = inext
        self._inextp = inextp
        return ret

    def next_double(self):
        return self.internal_sample() * (1.0 / MBIG)

    def uniform(self, count, low, high):
        return [low + (high - low) * self.next_double() for _ in range(count)]


def uniform(count, seed, low=-1.0, high=1.0):
    """Inputs.Uniform(count, seed, low, high) of the C# benchmarks: a fresh System.Random(seed) per array."""
    return DotNetRandom(seed).uniform(count, low, high)


def data_dir():
    """ADBench's data: $DIFFGEN_ADBENCH_DATA (as the C# benchmarks), else ../shared/data/adbench beside the repository root."""
    d = os.environ.get("DIFFGEN_ADBENCH_DATA")
    if d:
        return d
    return os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "adbench"))


def _numbers(path):
    with open(path) as f:
        return f.read().split()


# ---------------------------------------------------------------------------------------------------------------
# Objective inputs. Every builder returns a dict with the arrays (Python lists of floats), the integer shape, and
# "source": the file read, or "random (seed S)".

def dot_inputs(n):
    return {"a": uniform(n, 1), "b": uniform(n, 2), "n": n, "source": "random (Inputs.Uniform seeds 1, 2; [-1, 1])"}


def logsumexp_inputs(n):
    return {"a": uniform(n, 5, -5.0, 5.0), "n": n, "source": "random (Inputs.Uniform seed 5; [-5, 5])"}


def perceptron_inputs(n_in=64, n_hidden=32):
    return {
        "w1": uniform(n_hidden * n_in, 7, -0.2, 0.2),
        "b1": uniform(n_hidden, 8, -0.1, 0.1),
        "w2": uniform(n_hidden, 9, -0.3, 0.3),
        "b2": 0.05,
        "x": uniform(n_in, 10),
        "target": 0.7,
        "nIn": n_in,
        "nHidden": n_hidden,
        "source": "random (Inputs.Uniform seeds 7, 8, 9, 10)",
    }


ROSENBROCK_SEED = 14


def rosenbrock_inputs(n):
    return {"x": uniform(n, ROSENBROCK_SEED, -2.0, 2.0), "n": n,
            "source": "random (Inputs.Uniform seed %d; [-2, 2])" % ROSENBROCK_SEED}


# The seed of every random GMM and LSTM instance (all sizes): AdBenchData.RandomSeed of the C# benchmarks.
ADBENCH_RANDOM_SEED = 20150501


def normal(r, count):
    """Box-Muller as in the C# benchmarks' GmmInput.Normal: u = 1 - NextDouble(), v = NextDouble()."""
    out = []
    for _ in range(count):
        u = 1 - r.next_double()
        v = r.next_double()
        out.append(math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v))
    return out


def gmm_inputs(d, k, n=1000):
    """ADBench's gmm_d{d}_K{k}.txt when present (its first n points), else the C# benchmarks' GmmInput.Random: one
    System.Random(20150501) stream drawing alpha N(0,1) (K), means U[0,1) (K*d), q N(0,1) (K*d, all components' q
    first), l N(0,1) (K*d(d-1)/2), x N(0,1) (n*d); gamma = 1, m = 0. Returned icf is per component [q_k, l_k]."""
    icf_size = d * (d + 1) // 2
    path = os.path.join(data_dir(), "gmm", "gmm_d%d_K%d.txt" % (d, k))
    if os.path.exists(path):
        t = _numbers(path)
        fd, fk, fn = int(t[0]), int(t[1]), int(t[2])
        assert (fd, fk) == (d, k), path
        if n > fn:
            raise ValueError("%s has %d points, %d asked" % (path, fn, n))
        p = 3
        alpha = [float(v) for v in t[p:p + k]]; p += k
        means = [float(v) for v in t[p:p + k * d]]; p += k * d
        icf = [float(v) for v in t[p:p + k * icf_size]]; p += k * icf_size
        x_all = t[p:p + fn * d]; p += fn * d
        x = [float(v) for v in x_all[:n * d]]
        gamma, m = float(t[p]), int(float(t[p + 1]))
        source = "file gmm/gmm_d%d_K%d.txt" % (d, k) + ("" if n == fn else " (first %d points)" % n)
    else:
        r = DotNetRandom(ADBENCH_RANDOM_SEED)
        ls = d * (d - 1) // 2
        alpha = normal(r, k)
        means = r.uniform(k * d, 0.0, 1.0)
        q = normal(r, k * d)
        lt = normal(r, k * ls)
        x = normal(r, n * d)
        icf = []
        for ik in range(k):
            icf += q[ik * d:(ik + 1) * d] + lt[ik * ls:(ik + 1) * ls]
        gamma, m = 1.0, 0
        source = "random (seed %d)" % ADBENCH_RANDOM_SEED
    return {"d": d, "k": k, "n": n, "alpha": alpha, "means": means, "icf": icf, "x": x,
            "gamma": gamma, "m": m, "source": source}


def lstm_inputs(l, c, b=14):
    """ADBench's lstm_l{l}_c{c}.txt when present, else the C# benchmarks' LstmInput.Random: one
    System.Random(20150501) stream, main (2*l*4*b), extra (3*b) and state (2*l*b) U[0,1), then the sequence (c*b)
    bits, 1 where NextDouble() < 0.25, else 0."""
    path = os.path.join(data_dir(), "lstm", "lstm_l%d_c%d.txt" % (l, c))
    if os.path.exists(path):
        t = _numbers(path)
        fl, fc, fb = int(t[0]), int(t[1]), int(t[2])
        assert (fl, fc) == (l, c), path
        b = fb
        vals = [float(v) for v in t[3:]]
        source = "file lstm/lstm_l%d_c%d.txt" % (l, c)
    else:
        r = DotNetRandom(ADBENCH_RANDOM_SEED)
        vals = r.uniform(2 * l * 4 * b + 3 * b + 2 * l * b, 0.0, 1.0)
        vals += [1.0 if r.next_double() < 0.25 else 0.0 for _ in range(c * b)]
        source = "random (seed %d)" % ADBENCH_RANDOM_SEED
    p = 0
    main = vals[p:p + 2 * l * 4 * b]; p += 2 * l * 4 * b
    extra = vals[p:p + 3 * b]; p += 3 * b
    state = vals[p:p + 2 * l * b]; p += 2 * l * b
    seq = vals[p:p + c * b]; p += c * b
    assert len(seq) == c * b, "short LSTM input"
    return {"l": l, "c": c, "b": b, "main": main, "extra": extra, "state": state, "sequence": seq, "source": source}


def log_gamma_distrib(a, p):
    """log of the multivariate gamma function Gamma_p(a)."""
    out = 0.25 * p * (p - 1) * math.log(math.pi)
    for j in range(1, p + 1):
        out += math.lgamma(a + 0.5 * (1 - j))
    return out


# Sizes. "full" is what the report shows; "short" is the smoke run.
GMM_D = [2, 10, 20, 64]
GMM_K = [5, 10, 25]


def suite(mode, rosenbrock_n=10000):
    """List of (objective, params) in a fixed order."""
    if mode == "short":
        return [("dot", {"n": 10000}), ("logsumexp", {"n": 10000}), ("perceptron", {"nIn": 64, "nHidden": 32}),
                ("rosenbrock", {"n": rosenbrock_n}), ("gmm", {"d": 2, "k": 5, "n": 1000}),
                ("lstm", {"l": 2, "c": 1024})]
    items = [("dot", {"n": 10000}), ("logsumexp", {"n": 10000}), ("perceptron", {"nIn": 64, "nHidden": 32}),
             ("rosenbrock", {"n": rosenbrock_n})]
    for d in GMM_D:
        for k in GMM_K:
            items.append(("gmm", {"d": d, "k": k, "n": 1000}))
    for l in (2, 4):
        items.append(("lstm", {"l": l, "c": 1024}))
    return items


def size_key(objective, params):
    return objective + "(" + ", ".join("%s=%s" % (k, params[k]) for k in params) + ")"
