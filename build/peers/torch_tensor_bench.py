#!/usr/bin/env python3
"""PyTorch peer of the tensor library's matrix product: torch.mm in float32 on the sizes of
tests/DiffGen.Benchmarks/Tensors/GemmBenchmarks.cs, on one thread and on all cores.

  C (m×n) = A (m×k) · B (k×n), A = Uniform(m·k, 31), B = Uniform(k·n, 32) (the shared input rule, rounded to float32)
  sizes m×k×n: 64×784×256 (a batch of 64 Fashion-MNIST images times a 784×256 weight), 256³, 512³, 1024³

PyTorch 1.13 (Debian's python3-torch, BLAS_INFO=generic) sends a float32 mm to the BLAS behind libblas.so.3 (Debian's
alternatives; OpenBLAS once libopenblas0-pthread is installed), not to MKL-DNN: the script checks both and records them.
torch.set_num_threads does not reach OpenBLAS's own thread pool, so the thread count is also set with
openblas_set_num_threads; the JSON records the count each library reports. Same timing rule as the other peers
(timing.py). Writes artifacts/peers/pytorch-tensors.json (see build/peers/README.md).

  /usr/bin/python3 build/peers/torch_tensor_bench.py [--mode full|short] [--once] [--threads 1,all] [--out FILE]
"""

import argparse
import ctypes
import json
import os
import platform
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inputs as I  # noqa: E402
import timing  # noqa: E402

import torch  # noqa: E402

SIZES = [(64, 784, 256), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024)]
SHORT_SIZES = [(64, 784, 256)]

# Run in a child process with oneDNN's verbose log on: any 'exec' line means the mm went through MKL-DNN.
MKLDNN_PROBE = """
import torch
a, b = torch.rand(256, 256), torch.rand(256, 256)
for _ in range(2):
    torch.mm(a, b)
print("probe done", flush=True)
"""


def loaded_blas_libraries():
    """The shared objects of this process whose names say BLAS, MKL or oneDNN (from /proc/self/maps)."""
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path).lower()
                if any(s in name for s in ("blas", "mkl", "dnnl", "lapack")):
                    found.add(path)
    except OSError:
        pass
    return sorted(found)


class Blas:
    """What torch's float32 mm calls, and a handle on OpenBLAS's thread count when it is OpenBLAS."""

    def __init__(self):
        torch.mm(torch.ones(8, 8), torch.ones(8, 8))  # makes torch load its BLAS
        self.libraries = loaded_blas_libraries()
        self.openblas = None
        self.info = {"torch_blas_info": self._config_value("BLAS_INFO"), "libraries": self.libraries,
                     "libblas_so_3": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
                     if os.path.exists("/usr/lib/x86_64-linux-gnu/libblas.so.3") else None}
        for path in self.libraries:
            if "openblas" not in path.lower():
                continue
            try:
                lib = ctypes.CDLL(path)  # already loaded: the same library torch calls
                lib.openblas_get_config.restype = ctypes.c_char_p
                lib.openblas_get_corename.restype = ctypes.c_char_p
                self.openblas = lib
                self.info.update({"library": "OpenBLAS", "openblas_path": path,
                                  "openblas_config": lib.openblas_get_config().decode(),
                                  "openblas_core": lib.openblas_get_corename().decode(),
                                  "openblas_parallel": {0: "sequential", 1: "pthreads", 2: "OpenMP"}.get(
                                      lib.openblas_get_parallel(), "?")})
                break
            except (OSError, AttributeError):
                continue
        if self.openblas is None:
            self.info["library"] = "reference or other BLAS (%s)" % (", ".join(self.libraries) or "none found")
        self.info["mkldnn_used_for_mm"] = self._mkldnn_used()
        self.info["summary"] = self.summary()

    @staticmethod
    def _config_value(name):
        text = torch.__config__.show()
        at = text.find(name + "=")
        return text[at + len(name) + 1:].split(",")[0].strip() if at >= 0 else None

    @staticmethod
    def _mkldnn_used():
        env = dict(os.environ, DNNL_VERBOSE="1", MKLDNN_VERBOSE="1")
        try:
            out = subprocess.run([sys.executable, "-c", MKLDNN_PROBE], env=env, capture_output=True, text=True,
                                 timeout=120).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        if "probe done" not in out:
            return None
        return any(",exec," in line for line in out.splitlines())

    def set_threads(self, n):
        torch.set_num_threads(n)
        if self.openblas is not None:
            self.openblas.openblas_set_num_threads(n)

    def threads(self):
        return {"torch": torch.get_num_threads(),
                "openblas": self.openblas.openblas_get_num_threads() if self.openblas is not None else None}

    def summary(self):
        if self.openblas is not None:
            return "%s (%s, core %s)" % (self.info["openblas_config"], self.info["openblas_path"], self.info["openblas_core"])
        return self.info["library"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["full", "short"], default="full")
    ap.add_argument("--once", action="store_true", help="no warm-up, one timed call")
    ap.add_argument("--threads", default="1,all", help="comma-separated thread counts; 'all' = os.cpu_count()")
    ap.add_argument("--out", default=os.path.join(I.ROOT, "artifacts", "peers", "pytorch-tensors.json"))
    a = ap.parse_args()
    rule = timing.ONCE if a.once else (timing.FULL if a.mode == "full" else timing.SHORT)
    cores = os.cpu_count() or 1
    counts = []
    for t in a.threads.split(","):
        n = cores if t.strip() == "all" else int(t)
        if n not in counts:
            counts.append(n)

    blas = Blas()
    print("BLAS: %s; MKL-DNN used for mm: %s" % (blas.summary(), blas.info["mkldnn_used_for_mm"]))
    results = []
    for (m, k, n) in (SIZES if a.mode == "full" else SHORT_SIZES):
        x = torch.tensor(I.uniform(m * k, 31), dtype=torch.float64).to(torch.float32).reshape(m, k)
        y = torch.tensor(I.uniform(k * n, 32), dtype=torch.float64).to(torch.float32).reshape(k, n)
        out = torch.empty(m, n, dtype=torch.float32)
        for threads in counts:
            blas.set_threads(threads)
            # mm into a preallocated result, as the C# kernel writes into its C.
            tm = timing.measure(lambda: torch.mm(x, y, out=out), rule)
            flops = 2.0 * m * n * k
            key = "gemm(m=%d,k=%d,n=%d,threads=%d)" % (m, k, n, threads)
            results.append({"objective": "gemm", "key": key,
                            "params": {"m": m, "k": k, "n": n, "threads": threads},
                            "input": "A = Uniform(m·k, 31), B = Uniform(k·n, 32), float32",
                            "value": float(out[-1, -1]), "seconds": tm["seconds"], "gflops": flops / tm["seconds"] / 1e9,
                            "threads_reported": blas.threads(), "blas": blas.summary(), "timing": tm})
            print("%s: %.4f ms, %.1f GFLOP/s (R×k = %d×%d)" % (key, tm["seconds"] * 1e3, flops / tm["seconds"] / 1e9,
                                                               tm["repetitions"], tm["calls_per_repetition"]))
    doc = {"peer": "pytorch", "version": torch.__version__, "python": platform.python_version(), "dtype": "float32",
           "operation": "torch.mm(A, B, out=C)", "cores": cores, "mode": a.mode + (" once" if a.once else ""),
           "blas": blas.info, "timing_rule": rule.describe(), "results": results}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as fh:
        json.dump(doc, fh, indent=1)
    print("wrote " + a.out)


if __name__ == "__main__":
    main()
