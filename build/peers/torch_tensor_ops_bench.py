#!/usr/bin/env python3
"""PyTorch peer of the tensor library's operations (tests/DiffGen.Benchmarks/Tensors/TensorOperationBenchmarks.cs).

The same operations and shapes as TensorOperationBenchmark, in torch float32, each keyed by the C# benchmark's method
name; inputs from torch.rand with a fixed seed (the timings do not depend on the values). Forward rows run under
torch.no_grad(); gradient rows record autograd's tape and call backward() (the parameters' .grad set to None first).
Every row is timed with build/peers/timing.py's rule, on one thread and on all cores (torch.set_num_threads), so that
the report can set each C# row beside PyTorch on the thread count DiffGen's kernel used.
Writes artifacts/peers/pytorch-tensor-ops.json (see build/peers/README.md).

  /usr/bin/python3 build/peers/torch_tensor_ops_bench.py [--mode full|short] [--once] [--threads 1,all] [--only KEY] [--out FILE]
"""

import argparse
import ctypes
import json
import os
import platform
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import timing  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DT = torch.float32
SEED = 20261130


def rand(*shape, low=-1.0, high=1.0, grad=False):
    t = torch.rand(*shape, dtype=DT) * (high - low) + low
    return t.requires_grad_(grad)


def forward(fn):
    def run():
        with torch.no_grad():
            return fn()
    return run


def gradient(loss, params):
    def run():
        for p in params:
            p.grad = None
        value = loss()
        value.backward()
        return value
    return run


def cases():
    """(key = the C# method, operation, size, kind, callable), in the C# file's order."""
    torch.manual_seed(SEED)
    n, side = 1_000_000, 1024
    a, b = rand(n), rand(n)
    matrix, row = rand(side, side), rand(side)
    logits = rand(256, 1000, low=-5.0, high=5.0)
    out = [
        ("Add", "a + b", "10⁶", "forward", forward(lambda: a + b)),
        ("Multiply", "a * b", "10⁶", "forward", forward(lambda: a * b)),
        ("AddRow", "a + row (broadcast [n] over [m, n])", "1024×1024 + 1024", "forward", forward(lambda: matrix + row)),
        ("Relu", "relu", "10⁶", "forward", forward(lambda: torch.relu(a))),
        ("Tanh", "tanh", "10⁶", "forward", forward(lambda: torch.tanh(a))),
        ("Exp", "exp", "10⁶", "forward", forward(lambda: torch.exp(a))),
        ("Sigmoid", "sigmoid", "10⁶", "forward", forward(lambda: torch.sigmoid(a))),
        ("Sum", "sum (all)", "1024×1024", "forward", forward(lambda: matrix.sum())),
        ("SumAxis0", "sum(axis 0)", "1024×1024", "forward", forward(lambda: matrix.sum(0))),
        ("SumAxis1", "sum(axis 1)", "1024×1024", "forward", forward(lambda: matrix.sum(1))),
        ("Mean", "mean (all)", "1024×1024", "forward", forward(lambda: matrix.mean())),
        # Values and first indices, as DiffGen's Max(x, axis) computes both.
        ("MaxAxis1", "max(axis 1)", "1024×1024", "forward", forward(lambda: torch.max(matrix, 1))),
        ("Softmax", "softmax(axis 1)", "256×1000", "forward", forward(lambda: torch.softmax(logits, 1))),
        ("LogSoftmax", "log_softmax(axis 1)", "256×1000", "forward", forward(lambda: torch.log_softmax(logits, 1))),
    ]

    # LeNet's layers, batch 64: 1×28×28 → 6 (5×5, padding 2); 6×14×14 → 16 (5×5).
    image = rand(64, 1, 28, 28, low=0.0)
    w1, b1 = rand(6, 1, 5, 5, low=-0.2, high=0.2, grad=True), rand(6, low=-0.1, high=0.1, grad=True)
    r1 = rand(64, 6, 28, 28)
    feature = rand(64, 6, 14, 14, low=0.0, grad=True)
    w2, b2 = rand(16, 6, 5, 5, low=-0.1, high=0.1, grad=True), rand(16, low=-0.1, high=0.1, grad=True)
    r2 = rand(64, 16, 10, 10)
    out += [
        ("Conv1Forward", "conv2d forward", "64×1×28×28 → 6×5×5, pad 2", "forward",
         forward(lambda: F.conv2d(image, w1, b1, padding=2))),
        ("Conv2Forward", "conv2d forward", "64×6×14×14 → 16×5×5", "forward",
         forward(lambda: F.conv2d(feature, w2, b2))),
        # The image is data: gradients for w and b only. The second layer's input is an activation: x too.
        ("Conv1Gradient", "conv2d forward + backward (∂w, ∂b)", "64×1×28×28 → 6×5×5, pad 2", "gradient",
         gradient(lambda: (F.conv2d(image, w1, b1, padding=2) * r1).sum(), [w1, b1])),
        ("Conv2Gradient", "conv2d forward + backward (∂x, ∂w, ∂b)", "64×6×14×14 → 16×5×5", "gradient",
         gradient(lambda: (F.conv2d(feature, w2, b2) * r2).sum(), [feature, w2, b2])),
    ]

    # 784 → 128 (relu) → 10, mean cross-entropy written as the C# loss: −Σ(onehot ⊙ log_softmax(logits, 1)) / batch.
    for batch in (64, 256):
        mw1, mb1 = rand(784, 128, low=-0.05, high=0.05, grad=True), rand(128, low=-0.05, high=0.05, grad=True)
        mw2, mb2 = rand(128, 10, low=-0.1, high=0.1, grad=True), rand(10, low=-0.1, high=0.1, grad=True)
        x = rand(batch, 784, low=0.0)
        onehot = F.one_hot(torch.randint(0, 10, (batch,)), 10).to(DT)

        def loss(mw1=mw1, mb1=mb1, mw2=mw2, mb2=mb2, x=x, onehot=onehot, batch=batch):
            hidden = torch.relu(x @ mw1 + mb1)
            logits = hidden @ mw2 + mb2
            return -(onehot * torch.log_softmax(logits, 1)).sum() / batch
        out.append(("MlpGradient%d" % batch, "MLP 784→128→10 cross-entropy, value + gradient", "batch %d" % batch,
                    "gradient", gradient(loss, [mw1, mb1, mw2, mb2])))
    return out


def blas_of(config):
    """The BLAS line of torch.__config__.show() (e.g. 'BLAS_INFO=open' or 'mkl')."""
    m = re.search(r"BLAS_INFO=([^,\s]+)", config)
    return m.group(1) if m else "unknown"


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch links libblas.so.3, an alternative: reference
    BLAS, OpenBLAS or BLIS), read from /proc/self/maps after a matrix product."""
    torch.ones(2, 2) @ torch.ones(2, 2)
    try:
        with open("/proc/self/maps") as fh:
            libs = sorted({line.split()[-1] for line in fh if "blas" in line.lower() and "/" in line})
        return [os.path.realpath(lib) for lib in libs] or ["none mapped"]
    except OSError:
        return ["unknown"]


def set_blas_threads(libraries, threads):
    """OpenBLAS keeps its own thread count (all cores unless OPENBLAS_NUM_THREADS says otherwise), which
    torch.set_num_threads does not reach with a generic BLAS: set it too, so the GEMMs run on the same count."""
    for lib in libraries:
        if "openblas" in os.path.basename(lib):
            try:
                ctypes.CDLL(lib).openblas_set_num_threads(threads)
                return "openblas_set_num_threads(%d)" % threads
            except (OSError, AttributeError):
                pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["full", "short"], default="full")
    ap.add_argument("--once", action="store_true", help="no warm-up, one timed call")
    ap.add_argument("--threads", default="1,all", help="comma-separated thread counts; 'all' = os.cpu_count()")
    ap.add_argument("--only", action="append", help="key (the C# method name; repeatable)")
    ap.add_argument("--out", default=os.path.join(ROOT, "artifacts", "peers", "pytorch-tensor-ops.json"))
    args = ap.parse_args()
    rule = timing.ONCE if args.once else (timing.SHORT if args.mode == "short" else timing.FULL)
    cores = os.cpu_count() or 1
    counts = sorted({cores if t.strip() == "all" else int(t) for t in args.threads.split(",")})
    torch.set_num_interop_threads(1)

    config = torch.__config__.show()
    doc = {"peer": "pytorch-tensor-ops", "version": torch.__version__, "python": platform.python_version(),
           "dtype": "float32", "cores": cores, "thread_counts": counts, "default_threads": torch.get_num_threads(),
           "blas": blas_of(config), "blas_library": blas_library(), "mkldnn": torch.backends.mkldnn.is_available(),
           "parallel_info": torch.__config__.parallel_info(), "config": config, "seed": SEED,
           "mode": "once" if args.once else args.mode, "timing_rule": rule.describe(), "results": []}
    rows = {}
    doc["blas_threads"] = {}
    for threads in counts:
        torch.set_num_threads(threads)
        doc["blas_threads"][str(threads)] = set_blas_threads(doc["blas_library"], threads)
        for key, operation, size, kind, fn in cases():
            if args.only and key not in args.only:
                continue
            t = timing.measure(fn, rule)
            row = rows.setdefault(key, {"key": key, "operation": operation, "size": size, "kind": kind,
                                        "seconds": {}, "timing": {}})
            row["seconds"][str(threads)] = t["seconds"]
            row["timing"][str(threads)] = t
            print("%-15s threads=%-2d %10.1f µs  (k=%d, R=%d)" % (key, threads, t["seconds"] * 1e6,
                                                                t["calls_per_repetition"], t["repetitions"]), flush=True)
    doc["results"] = list(rows.values())
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(doc, fh, indent=1)
    print("wrote %s (torch %s, BLAS_INFO %s, %s, threads %s)" % (args.out, torch.__version__, doc["blas"],
                                                               ", ".join(doc["blas_library"]), counts))


if __name__ == "__main__":
    main()
