#!/usr/bin/env python3
"""Regenerates docs/benchmarks.md from one run's measurements:

  * BenchmarkDotNet's JSON (BenchmarkDotNet.Artifacts/results/*-report-full*.json): the C# suite
    (tests/DiffGen.Benchmarks: Primal, GeneratedGradient, HandWrittenGradient, GeneratedTangent per benchmark)
  * artifacts/peers/{install,pytorch,adolc,sacado,agreement}.json: the peers (build/peers)
  * artifacts/peers/pytorch-tensors.json: torch.mm beside the tensor library's matrix product (GemmBenchmark)

Every number in the document comes from those files or from the machine (lscpu, /proc/meminfo, os-release, tool
versions). A C# cell without a BenchmarkDotNet result reads "pending"; a peer that install.sh could not install reads
"not installed"; an installed peer without results reads "not run"; a size a peer did not run reads "—".

  python3 build/benchmarks/report.py [--bdn DIR]... [--peers DIR] [--out FILE] [--command TEXT] [--short]
"""

import argparse
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "build", "peers"))
import compare  # noqa: E402  (parse_params, objective_of_type)

OBJECTIVE_ORDER = ["dot", "logsumexp", "perceptron", "denserelu", "rosenbrock", "tinyrosenbrock", "tinyrosenbrockarray",
                   "tinyhorner", "gmm", "lstm"]
# The tiny objectives (C# only, no peer rows) show the constant cost of a call of a generated gradient.
TITLES = {"dot": "Dot", "logsumexp": "LogSumExp", "perceptron": "Perceptron", "denserelu": "Dense ReLU", "rosenbrock": "Rosenbrock",
          "tinyrosenbrock": "Rosenbrock 2-D (x, y)", "tinyrosenbrockarray": "Rosenbrock 2-D (double[2])",
          "tinyhorner": "Horner, 4 coefficients",
          "gmm": "GMM", "lstm": "LSTM"}
PEER_TITLES = {"pytorch": "PyTorch", "adolc": "ADOL-C", "sacado": "Sacado"}


# ---------------------------------------------------------------------------------------------------- inputs
def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def load_bdn(dirs):
    """-> (host info of the first report, {(objective, params tuple): {method: stats}}, files read)."""
    rows, host, files, seen = {}, None, [], set()
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "*-report-full*.json"))):
            doc = load_json(path)
            if not doc or "Benchmarks" not in doc:
                continue
            files.append(path)
            host = host or doc.get("HostEnvironmentInfo")
            for b in doc["Benchmarks"]:
                ident = (b.get("FullName"), b.get("Parameters"))
                if ident in seen:
                    continue
                seen.add(ident)
                stats = b.get("Statistics") or {}
                if not stats or stats.get("Median") is None:
                    continue
                objective = compare.objective_of_type(b.get("Type", ""))
                params = compare.parse_params(b.get("Parameters", ""))
                key = (objective, tuple(sorted(params.items())))
                rows.setdefault(key, {})[b.get("Method")] = {
                    "median_s": stats["Median"] * 1e-9, "mean_s": stats.get("Mean", 0) * 1e-9, "n": stats.get("N"),
                    "min_s": stats["Min"] * 1e-9 if stats.get("Min") is not None else None,
                    "allocated": (b.get("Memory") or {}).get("BytesAllocatedPerOperation"),
                }
    return host, rows, files


def peer_state(peers_dir):
    install = load_json(os.path.join(peers_dir, "install.json")) or {}
    state = {}
    for name in PEER_TITLES:
        doc = load_json(os.path.join(peers_dir, name + ".json"))
        installed = (install.get(name) or {}).get("installed")
        if doc is not None:
            state[name] = {"status": "ran", "doc": doc}
        elif installed is False or not install:
            state[name] = {"status": "not installed", "doc": None}
        else:
            state[name] = {"status": "not run", "doc": None}
    return install, state


# ---------------------------------------------------------------------------------------------------- rows
def sort_key(objective, params):
    def num(v):
        try:
            return float(v)
        except (TypeError, ValueError):
            return 0.0
    order = OBJECTIVE_ORDER.index(objective) if objective in OBJECTIVE_ORDER else len(OBJECTIVE_ORDER)
    names = {"gmm": ["d", "k", "n"], "lstm": ["l", "c"]}.get(objective, sorted(params))
    return (order, objective, [num(params.get(n)) for n in names])


def build_rows(state, bdn_rows, short):
    """Rows keyed by the peers' (objective, params); C# results attached where their parameters match."""
    rows = []
    by_key = {}
    for name, s in state.items():
        if not s["doc"]:
            continue
        for r in s["doc"]["results"]:
            key = r["key"]
            if key not in by_key:
                row = {"objective": r["objective"], "params": {k.lower(): str(v) for k, v in r["params"].items()},
                       "label": label(r["objective"], r["params"]), "input": r.get("input", ""), "peers": {}, "cs": None}
                by_key[key] = row
                rows.append(row)
            by_key[key]["peers"][name] = r
    if not rows:
        # No peer ran: the rows of the suite, so that every cell still shows why it is empty.
        import inputs
        for objective, p in inputs.suite("short" if short else "full"):
            rows.append({"objective": objective, "params": {k.lower(): str(v) for k, v in p.items()},
                         "label": label(objective, p), "input": "", "peers": {}, "cs": None})
    unmatched = []
    for (objective, params_items), methods in bdn_rows.items():
        params = dict(params_items)
        hits = [r for r in rows if r["objective"] == objective and compare.params_match(params, r["params"])]
        if len(hits) == 1 and hits[0]["cs"] is None:
            hits[0]["cs"] = methods
        else:
            unmatched.append({"objective": objective, "params": params,
                              "label": label(objective, params), "input": "", "peers": {}, "cs": methods})
    rows += unmatched
    rows.sort(key=lambda r: sort_key(r["objective"], r["params"]))
    return rows


def label(objective, params):
    p = {k.lower(): v for k, v in params.items()}
    if objective == "gmm":
        return "GMM d=%s K=%s n=%s" % (p.get("d", "?"), p.get("k", "?"), p.get("n", "1000"))
    if objective == "lstm":
        return "LSTM l=%s c=%s" % (p.get("l", "?"), p.get("c", "?"))
    if objective == "perceptron":
        return "Perceptron %s→%s→1" % (p.get("nin", "64"), p.get("nhidden", "32"))
    if objective == "denserelu":
        # C# only (DenseReluBenchmark: float, one sample); no peer runs it.
        return "Dense ReLU %s→%s (float)" % (p.get("nin", "256"), p.get("nout", "128"))
    title = TITLES.get(objective, objective)
    return "%s n=%s" % (title, p["n"]) if "n" in p else title


# ---------------------------------------------------------------------------------------------------- formatting
def t(seconds):
    if seconds is None:
        return None
    s = abs(seconds)
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= scale or unit == "ns":
            v = seconds / scale
            return ("%.3g" % v if v < 100 else "%.0f" % v) + " " + unit
    return str(seconds)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    r = a / b
    return "%.3g" % r if r < 100 else "%.0f" % r


def cell(value, missing):
    return value if value is not None else missing


def cs_missing(row):
    return "pending"


def peer_missing(state, name, row):
    s = state[name]["status"]
    if s != "ran":
        return s
    return "—"


def reps(timing):
    if not timing:
        return None
    return "%d×%d" % (timing["repetitions"], timing["calls_per_repetition"])


def table(header, aligns, body):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" ---: " if a == "r" else " --- " for a in aligns) + "|"]
    for r in body:
        out.append("| " + " | ".join(r) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------- machine
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""


def machine(host, install, state):
    lscpu = sh("lscpu")
    field = lambda name: next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith(name + ":")), "?")
    mem = "?"
    try:
        kb = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")))
        mem = "%.0f GiB" % (kb / 1048576)
    except Exception:
        pass
    osname = "?"
    try:
        osname = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME"))
    except Exception:
        pass
    lines = ["- CPU: `lscpu` model \"%s\" (family %s, model %s%s), %s CPUs, %s thread(s) per core; %s RAM" % (
        field("Model name"), field("CPU family"), field("Model"),
        ("; " + field("Hypervisor vendor") + " guest") if "Hypervisor vendor" in lscpu else "",
        field("CPU(s)"), field("Thread(s) per core"), mem)]
    lines.append("- OS: %s, kernel %s" % (osname, platform.release()))
    dotnet_sdk = sh("dotnet --version") or "not found"
    runtime = host.get("RuntimeVersion") if host else None
    bdn = ("BenchmarkDotNet " + host.get("BenchmarkDotNetVersion", "?")) if host else "no BenchmarkDotNet results"
    lines.append("- .NET: SDK %s%s; %s" % (dotnet_sdk, (", runtime " + runtime) if runtime else "", bdn))
    pt = state["pytorch"]
    if pt["doc"]:
        deb = sh("dpkg-query -W -f='${Version}' python3-torch")
        lines.append("- PyTorch: %s (Debian python3-torch %s), Python %s, %d thread, %s" % (
            pt["doc"].get("version"), deb or "?", pt["doc"].get("python", "?"), pt["doc"].get("threads", 0),
            pt["doc"].get("dtype", "float64")))
    else:
        lines.append("- PyTorch: %s" % pt["status"])
    ad = state["adolc"]
    if ad["doc"]:
        gxx = sh("g++ --version | head -n 1")
        lines.append("- ADOL-C: %s (Debian libadolc-dev), built with %s, `-O3 -march=native -ffp-contract=off`" % (
            ad["doc"].get("version"), gxx or "g++"))
    else:
        lines.append("- ADOL-C: %s" % ad["status"])
    sa = state["sacado"]
    if sa["doc"]:
        gxx = sh("g++ --version | head -n 1")
        lines.append("- Sacado (Trilinos): %s (Debian libtrilinos-sacado-dev), `Sacado::Fad::SFad<double, 1>`, built with %s, "
                     "`-O3 -march=native -ffp-contract=off`" % (sa["doc"].get("version"), gxx or "g++"))
    else:
        lines.append("- Sacado (Trilinos): %s" % sa["status"])
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- document
VECTORIZED = {}


def vectorized_section(rows, w):
    """DiffGen.Vectorized.LogSumExp (TensorPrimitives, hand-written derivatives) beside the scalar loop and PyTorch."""
    if not VECTORIZED:
        return
    torch = next((r["peers"].get("pytorch") for r in rows if r["objective"] == "logsumexp" and r["peers"].get("pytorch")), None)
    w("## Vectorized primitives")
    w("")
    w("`DiffGen.Vectorized.LogSumExp` (SIMD through `TensorPrimitives`, hand-written derivatives that generated callers use) "
      "against the scalar-loop `LogSumExp` with its generated derivatives, n = 10 000 doubles; last column: ÷ PyTorch's "
      "primal or gradient from the same run.")
    w("")
    body = []
    for method, m in sorted(VECTORIZED.items()):
        kind = "gradient" if "Gradient" in method else ("primal" if "Primal" in method else None)
        versus = "—"
        if torch and kind:
            versus = ratio(m["median_s"], torch["gradient_s" if kind == "gradient" else "primal_s"])
        body.append([method, t(m["median_s"]), str(cell(m.get("allocated"), "—")), versus])
    w(table(["method", "median", "bytes/call", "÷ PyTorch"], ["l", "r", "r", "r"], body))
    w("")


GEMM = {}  # (m, k, n, threads) -> BenchmarkDotNet stats of GemmBenchmark.Multiply


def gemm_section(tensors, install, w):
    """DiffGen.Tensors' float32 matrix product (GemmBenchmark) beside torch.mm (torch_tensor_bench.py)."""
    peer = {}
    for r in (tensors or {}).get("results", []):
        p = r["params"]
        peer[(int(p["m"]), int(p["k"]), int(p["n"]), int(p["threads"]))] = r
    keys = sorted(set(GEMM) | set(peer), key=lambda q: (q[0] * q[1] * q[2], q[0], q[3]))
    if not keys:
        return
    w("## Tensors: matrix product")
    w("")
    blas = ((tensors or {}).get("blas") or {}).get("summary")
    w("C (m×n) = A (m×k) · B (k×n) in float32: `DiffGen.Tensors.Kernels.Gemm.Multiply` (BenchmarkDotNet median of "
      "`GemmBenchmark.Multiply`, `Gemm.MaxThreads` = threads) against PyTorch's `torch.mm` (`build/peers/"
      "torch_tensor_bench.py`, median under the peers' timing rule, `torch.set_num_threads` and "
      "`openblas_set_num_threads` = threads)%s. GFLOP/s = 2·m·n·k ÷ time; the last column is PyTorch's time ÷ "
      "DiffGen's (above 1: DiffGen is faster)." % ((", which calls " + blas) if blas else ""))
    w("")
    installed = ((install or {}).get("pytorch") or {}).get("installed")
    missing = "—" if tensors else ("not run" if installed else "not installed")
    body = []
    for q in keys:
        m, k, n, threads = q
        flops = 2.0 * m * n * k
        cs = GEMM.get(q, {}).get("median_s")
        pt = peer.get(q, {}).get("seconds")
        ms = lambda s: "%.3f" % (s * 1e3)
        gf = lambda s: "%.1f" % (flops / s / 1e9)
        body.append(["%d×%d×%d" % (m, k, n), str(threads),
                     ms(cs) if cs else "pending", gf(cs) if cs else "pending",
                     ms(pt) if pt else missing, gf(pt) if pt else "—",
                     cell(ratio(pt, cs), "—")])
    w(table(["size (m×k×n)", "threads", "DiffGen ms", "DiffGen GFLOP/s", "PyTorch ms", "PyTorch GFLOP/s",
             "PyTorch ÷ DiffGen (speed ratio)"], ["l", "r", "r", "r", "r", "r", "r"], body))
    w("")


# TensorOperationBenchmark's methods (C#) and build/peers/torch_tensor_ops_bench.py's keys, in the table's order: the
# operation, its size, and how many threads DiffGen's kernel uses ("all": the float32 Map activations split 10⁶ elements
# over the cores, conv2d splits the batch and the GEMM under the MLP splits its larger products; binary operations,
# TensorPrimitives' exp, reductions and softmax run on the calling thread). PyTorch's time on that thread count is the one the ratio divides.
TENSOR_OPS = [
    ("Add", "a + b", "10⁶", 1),
    ("Multiply", "a * b", "10⁶", 1),
    ("AddRow", "a + row (broadcast [n] over [m, n])", "1024×1024 + 1024", 1),
    ("Relu", "relu", "10⁶", "all"),
    ("Tanh", "tanh", "10⁶", "all"),
    ("Exp", "exp", "10⁶", 1),
    ("Sigmoid", "sigmoid", "10⁶", "all"),
    ("Sum", "sum (all)", "1024×1024", 1),
    ("SumAxis0", "sum(axis 0)", "1024×1024", 1),
    ("SumAxis1", "sum(axis 1)", "1024×1024", 1),
    ("Mean", "mean (all)", "1024×1024", 1),
    ("MaxAxis1", "max(axis 1)", "1024×1024", 1),
    ("Softmax", "softmax(axis 1)", "256×1000", 1),
    ("LogSoftmax", "log_softmax(axis 1)", "256×1000", 1),
    ("Conv1Forward", "conv2d forward", "64×1×28×28 → 6×5×5, pad 2", "all"),
    ("Conv2Forward", "conv2d forward", "64×6×14×14 → 16×5×5", "all"),
    ("Conv1Gradient", "conv2d forward + backward (∂w, ∂b)", "64×1×28×28 → 6×5×5, pad 2", "all"),
    ("Conv2Gradient", "conv2d forward + backward (∂x, ∂w, ∂b)", "64×6×14×14 → 16×5×5", "all"),
    ("MlpGradient64", "MLP 784→128→10 cross-entropy, value + gradient", "batch 64", "all"),
    ("MlpGradient256", "MLP 784→128→10 cross-entropy, value + gradient", "batch 256", "all"),
]
TENSOR_BDN = {}
TENSOR_BDN_ONE_THREAD = {}
TENSOR_PEER = {"doc": None, "status": "not run"}


def tensor_section(w):
    """Tensors: operations: TensorOperationBenchmark beside torch_tensor_ops_bench.py, from the same run."""
    doc = TENSOR_PEER["doc"]
    if not TENSOR_BDN and not doc:
        return
    cores = (doc or {}).get("cores") or os.cpu_count() or 1
    peer = {r["key"]: r for r in (doc or {}).get("results", [])}
    w("## Tensors: operations")
    w("")
    w("`DiffGen.Tensors` (float32, `TensorOperationBenchmark`) against PyTorch %s (float32, "
      "`build/peers/torch_tensor_ops_bench.py`) on the same shapes. *threads*: how many DiffGen's kernel uses (all = %d "
      "cores); PyTorch ran on 1 thread and on all cores (`torch.set_num_threads`, OpenBLAS set alike), and the ratio divides "
      "its time on DiffGen's count. PyTorch ÷ DiffGen above 1: DiffGen is faster. Forward rows: PyTorch under "
      "`no_grad`, DiffGen's result disposed back to the pool; gradient rows: PyTorch's autograd (tape and `backward()`, "
      "grads reset to None), DiffGen's generated `…Gradient` (value + gradient added into kept buffers)." % (
          (doc or {}).get("version", ""), cores))
    w("")
    body = []
    for method, operation, size, threads in TENSOR_OPS:
        cs = TENSOR_BDN.get(method) or {}
        g = cs.get("median_s")
        pr = peer.get(method)
        n = cores if threads == "all" else 1
        other = 1 if n != 1 else cores
        same = pr["seconds"].get(str(n)) if pr else None
        same_min = (pr.get("timing", {}).get(str(n)) or {}).get("min_s") if pr else None
        diff = pr["seconds"].get(str(other)) if pr and other != n else None
        missing = TENSOR_PEER["status"] if not doc else "—"
        row = [operation, size, "all" if threads == "all" else "1", cell(t(g), "pending"), cell(t(same), missing),
               cell(ratio(same, g), "—" if doc else missing), cell(ratio(same_min, cs.get("min_s")), "—" if doc else missing),
               cell(t(diff), missing) if other != n else "—"]
        if TENSOR_BDN_ONE_THREAD:
            one = (TENSOR_BDN_ONE_THREAD.get(method) or {}).get("median_s") if threads == "all" else None
            torch_one = pr["seconds"].get("1") if pr else None
            row += [cell(t(one), "—"), cell(ratio(torch_one, one), "—")]
        body.append(row + [str(cell(cs.get("allocated"), "—"))])
    header = ["operation", "size", "threads", "DiffGen", "PyTorch (same threads)", "PyTorch ÷ DiffGen",
              "the same, of minima", "PyTorch (other count: 1 ↔ all)"]
    if TENSOR_BDN_ONE_THREAD:
        header += ["DiffGen on 1 thread", "PyTorch (1 thread) ÷ DiffGen (1 thread)"]
    w(table(header + ["DiffGen bytes/call"], ["l", "l"] + ["r"] * (len(header) - 1), body))
    w("")
    w("*the same, of minima*: PyTorch's fastest repetition ÷ DiffGen's fastest iteration, a check on load from other "
      "processes (the medians are the figures)." + (
          " *DiffGen on 1 thread*: the rows whose kernels split over cores, run again with `DOTNET_PROCESSOR_COUNT=1` "
          "(BenchmarkDotNet `--envVars`), beside PyTorch's one-thread time." if TENSOR_BDN_ONE_THREAD else ""))
    w("")
    if doc:
        w("PyTorch %s: BLAS_INFO=%s (%s), MKL-DNN %s, ATen parallel backend as `torch.__config__.parallel_info()` reports; "
          "R×k per row in artifacts/peers/pytorch-tensor-ops.json." % (
              doc.get("version"), doc.get("blas"), ", ".join(os.path.basename(x) for x in doc.get("blas_library", [])),
              "on" if doc.get("mkldnn") else "off"))
        w("")


def forward_section(rows, state, w):
    """DiffGen's generated tangent beside Sacado's forward mode (build/peers/sacado_bench.cpp) and ADOL-C's fos_forward on
    its recorded tape: one directional derivative along the same direction, each divided by its own primal."""
    w("## Forward mode: DiffGen, Sacado and ADOL-C")
    w("")
    w("One directional derivative (a tangent) per call, along the direction the C# `GeneratedTangent` benchmark draws "
      "(the same numbers on every side); each tool's tangent ÷ its own primal, and DiffGen's tangent time ÷ Sacado's "
      "(below 1: DiffGen is faster). DiffGen's goal: tangent ÷ primal ≤ 1.5. ADOL-C's forward mode runs on the tape "
      "recorded for the gradient (its best case, as *reverse on tape*).")
    w("")
    body = []
    for r in rows:
        cs = r["cs"] or {}
        tg = cs.get("GeneratedTangent", {}).get("median_s")
        p = cs.get("Primal", {}).get("median_s")
        sa, ac = r["peers"].get("sacado"), r["peers"].get("adolc")
        missing, ac_missing = peer_missing(state, "sacado", r), peer_missing(state, "adolc", r)
        ac_forward = ac.get("forward_tape_s") if ac else None
        body.append([r["label"], cell(t(tg), "pending"), cell(ratio(tg, p), "pending"),
                     t(sa["tangent_s"]) if sa else missing, ratio(sa["tangent_s"], sa["primal_s"]) if sa else missing,
                     (cell(ratio(tg, sa["tangent_s"]), "pending")) if sa else missing,
                     cell(t(ac_forward), "—") if ac else ac_missing,
                     cell(ratio(ac_forward, ac["primal_s"]), "—") if ac else ac_missing])
    w(table(["objective", "DiffGen tangent", "tangent ÷ primal", "Sacado tangent", "Sacado tangent ÷ its primal",
             "DiffGen ÷ Sacado (tangent)", "ADOL-C tangent on tape", "÷ its primal"], ["l"] + ["r"] * 7, body))
    w("")


def render(rows, state, host, install, agreement, bdn_files, command, short, tensors=None):
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = sh("git -C '%s' rev-parse --short HEAD" % ROOT) or "?"
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("<!-- Generated by build/benchmarks/report.py from one run of build/benchmarks/run.sh; do not edit by hand. -->")
    w("")
    w("DiffGen's generated gradients against the primal, a hand-written gradient, and two established AD tools on the "
      "same objectives, sizes and inputs: PyTorch (tape-based reverse mode, float64, one thread) and ADOL-C "
      "(operator overloading onto a tape, reverse sweep); DiffGen's generated tangents (forward mode) against Trilinos "
      "Sacado's forward mode. The figure ADBench reports is J/F: gradient time ÷ objective time.")
    w("")
    w("| objective | definition |")
    w("| --- | --- |")
    w("| Dot | Σ a[i]·b[i] |")
    w("| LogSumExp | m + log Σ exp(a[i] − m), m = max a[i] |")
    w("| Perceptron | (b2 + Σⱼ w2[j]·tanh(b1[j] + Σᵢ w1[j·nIn+i]·x[i]) − target)², 64 → 32 tanh → 1 |")
    w("| Dense ReLU | Σⱼ c[j]·max(b[j] + Σᵢ w[j·nIn+i]·x[i], 0), float, 256 → 128, one sample (C# only: issue 13's dense "
      "layer as a new user writes it, the accumulator read after the inner loop) |")
    w("| Rosenbrock | Σᵢ 100·(x[i+1] − x[i]²)² + (1 − x[i])² |")
    w("| Rosenbrock 2-D (x, y) | 100·(y − x²)² + (1 − x)² of two scalars, gradient as two `out` values (C# only) |")
    w("| Rosenbrock 2-D (double[2]) | the same of an array of two, gradient into a span (C# only) |")
    w("| Horner, 4 coefficients | Σᵢ c[i]·t^(3−i) by Horner's rule (a loop of four passes), gradient w.r.t. c and t (C# only) |")
    w("| GMM | ADBench's Gaussian mixture log-likelihood with a Wishart prior; gradient w.r.t. α, μ and the "
      "inverse-covariance factors (q, l) |")
    w("| LSTM | ADBench's l-layer LSTM, mean negative log-likelihood of each next character (b = 14 bits); gradient "
      "w.r.t. the main and extra parameters |")
    w("")
    w("Inputs: ADBench's files from `../shared/data/adbench` (beside the repository root) where present, else random "
      "instances of the same shapes from .NET's seeded `System.Random`, reimplemented bit for bit by the peers; the rule is "
      "in [build/peers/README.md](../build/peers/README.md). The input of each row is listed under *Inputs* below.")
    w("")
    w("What each column measures:")
    w("")
    w("- **DiffGen primal / generated / hand-written / tangent**: BenchmarkDotNet medians of `Primal`, `GeneratedGradient`, "
      "`HandWrittenGradient`, `GeneratedTangent` in `tests/DiffGen.Benchmarks`; allocated bytes from its MemoryDiagnoser.")
    w("- **PyTorch primal**: the objective under `torch.no_grad()`. **PyTorch gradient**: the forward pass recording "
      "autograd's tape plus `backward()` (PyTorch rebuilds the tape on every call). Vectorized tensor code, as ADBench's "
      "PyTorch module writes it (`build/peers/torch_bench.py`).")
    w("- **ADOL-C primal**: the same C++ template with `T = double`. **ADOL-C gradient**: `trace_on` (keep = 1), the "
      "objective with `adouble`, `trace_off`, `fos_reverse`: a complete gradient at a new point, taping included. "
      "**ADOL-C reverse on tape**: `gradient()` (zos_forward + fos_reverse) on the tape already recorded, valid only "
      "while the branches (the max of log-sum-exp) take the same way: ADOL-C's best case (`build/peers/adolc_bench.cpp`).")
    w("- **Sacado primal**: the same C++ template with `T = double`. **Sacado tangent**: the template with Trilinos "
      "Sacado's forward-mode `Sacado::Fad::SFad<double, 1>` (one derivative held inline in each number), the inputs "
      "seeded with the `GeneratedTangent` direction: one directional derivative per call, as DiffGen's `Tangent` "
      "(`build/peers/sacado_bench.cpp`). **ADOL-C tangent on tape**: `fos_forward` along the same direction on the tape "
      "already recorded (valid while the branches take the same way, as *reverse on tape*).")
    w("- Peers: median over R repetitions of (time of k calls) ÷ k, after warm-up calls; R×k is listed under *Repetitions*.")
    w("")
    w("## Commands")
    w("")
    w("```sh")
    w("build/benchmarks/run.sh            # installs the peers, runs them and the C# suite, rewrites this file")
    w("build/benchmarks/run.sh --short    # smoke run: 1 warm-up + 3 repetitions, small sizes, C# --smoke; no rewrite")
    w("build/benchmarks/run.sh --short --report   # the same, and rewrite this file from it")
    w("```")
    w("")
    w("Pieces: `build/peers/install.sh` (apt-get: python3-torch, libadolc-dev, libtrilinos-sacado-dev, g++; reports a peer it cannot install "
      "and goes on), `/usr/bin/python3 build/peers/torch_bench.py`, `/usr/bin/python3 build/peers/torch_tensor_bench.py` (torch.mm), `artifacts/peers/adolc_bench` (built from "
      "`build/peers/adolc_bench.cpp`), `artifacts/peers/sacado_bench` (from `build/peers/sacado_bench.cpp`), `build/peers/compare.py` (agreement), `dotnet run -c Release --project "
      "tests/DiffGen.Benchmarks -- --exporters json`, then this report: `python3 build/benchmarks/report.py`.")
    w("")
    w("## This run")
    w("")
    w("Command: `%s` (%s, commit `%s`%s)." % (command or "build/benchmarks/report.py", now, commit,
                                                ", SHORT smoke run: not comparable timings" if short else ""))
    w("")
    w(machine(host, install, state))
    w("")
    w("The machine may be shared with other jobs, so absolute times are noisy; compare ratios within one run.")
    w("")

    # ---- DiffGen table
    w("## DiffGen (C#, BenchmarkDotNet)")
    w("")
    body = []
    for r in rows:
        cs = r["cs"]
        if cs:
            p, g, h, tg = (cs.get(m, {}).get("median_s") for m in ("Primal", "GeneratedGradient", "HandWrittenGradient", "GeneratedTangent"))
            alloc = cs.get("GeneratedGradient", {}).get("allocated")
            alloc_h = cs.get("HandWrittenGradient", {}).get("allocated")
            body.append([r["label"], cell(t(p), "—"), cell(t(g), "—"), cell(ratio(g, p), "—"), cell(t(h), "—"),
                         cell(ratio(h, p), "—"), cell(ratio(g, h), "—"), cell(ratio(tg, p), "—"),
                         "%s / %s" % ("—" if alloc is None else str(alloc), "—" if alloc_h is None else str(alloc_h))])
        else:
            body.append([r["label"]] + ["pending"] * 8)
    w(table(["objective", "primal", "generated gradient", "J/F", "hand-written gradient", "J/F (hand)",
             "generated ÷ hand-written", "tangent ÷ primal", "bytes/call (generated / hand)"],
            ["l"] + ["r"] * 8, body))
    w("")
    if not bdn_files:
        w("*pending*: no BenchmarkDotNet results were found for this run.")
        w("")

    # ---- Peers table
    w("## Peers")
    w("")
    body = []
    for r in rows:
        line = [r["label"]]
        pt = r["peers"].get("pytorch")
        if pt:
            line += [t(pt["primal_s"]), t(pt["gradient_s"]), ratio(pt["gradient_s"], pt["primal_s"])]
        else:
            line += [peer_missing(state, "pytorch", r)] * 3
        ac = r["peers"].get("adolc")
        if ac:
            line += [t(ac["primal_s"]), t(ac["gradient_s"]), ratio(ac["gradient_s"], ac["primal_s"]),
                     t(ac.get("reverse_tape_s")), ratio(ac.get("reverse_tape_s"), ac["primal_s"])]
        else:
            line += [peer_missing(state, "adolc", r)] * 5
        body.append(line)
    w(table(["objective", "PyTorch primal", "PyTorch gradient", "J/F", "ADOL-C primal", "ADOL-C gradient (tape + reverse)",
             "J/F", "ADOL-C reverse on tape", "÷ F"], ["l"] + ["r"] * 8, body))
    w("")
    w("Bytes allocated per call are measured for the C# methods only (BenchmarkDotNet's MemoryDiagnoser); the peers' "
      "allocations are not measured.")
    w("")

    vectorized_section(rows, w)
    gemm_section(tensors, install, w)
    tensor_section(w)

    # ---- Ratios
    w("## DiffGen against the peers")
    w("")
    w("Gradient time of DiffGen's generated gradient ÷ the peer's gradient time (below 1: DiffGen is faster), and J/F side "
      "by side (ADBench's figure).")
    w("")
    body = []
    for r in rows:
        cs = r["cs"] or {}
        g = cs.get("GeneratedGradient", {}).get("median_s")
        p = cs.get("Primal", {}).get("median_s")
        h = cs.get("HandWrittenGradient", {}).get("median_s")
        pt, ac = r["peers"].get("pytorch"), r["peers"].get("adolc")

        def vs(peer, field, name):
            if not peer:
                return peer_missing(state, name, r)
            if g is None:
                return "pending"
            return ratio(g, peer.get(field))
        body.append([r["label"], vs(pt, "gradient_s", "pytorch"), vs(ac, "gradient_s", "adolc"),
                     vs(ac, "reverse_tape_s", "adolc"),
                     cell(ratio(g, p), "pending"), cell(ratio(h, p), "pending"),
                     ratio(pt["gradient_s"], pt["primal_s"]) if pt else peer_missing(state, "pytorch", r),
                     ratio(ac["gradient_s"], ac["primal_s"]) if ac else peer_missing(state, "adolc", r),
                     ratio(ac["reverse_tape_s"], ac["primal_s"]) if ac else peer_missing(state, "adolc", r)])
    w(table(["objective", "DiffGen ÷ PyTorch", "DiffGen ÷ ADOL-C (tape + reverse)", "DiffGen ÷ ADOL-C (reverse on tape)",
             "J/F DiffGen", "J/F hand-written", "J/F PyTorch", "J/F ADOL-C", "J/F ADOL-C reverse on tape"],
            ["l"] + ["r"] * 8, body))
    w("")
    w("Each peer's J/F divides by its own primal (PyTorch's vectorized no-grad forward, ADOL-C's compiled C++ template), "
      "DiffGen's by the C# primal.")
    w("")

    forward_section(rows, state, w)

    # ---- Repetitions and inputs
    w("## Repetitions and inputs")
    w("")
    body = []
    for r in rows:
        cs = r["cs"] or {}
        n = [str(cs[m]["n"]) for m in ("Primal", "GeneratedGradient") if m in cs and cs[m].get("n") is not None]
        pt, ac, sa = r["peers"].get("pytorch"), r["peers"].get("adolc"), r["peers"].get("sacado")
        body.append([r["label"], cell(r["input"] or None, "—"), "/".join(n) if n else "pending",
                     ("%s / %s" % (reps(pt["primal_timing"]), reps(pt["gradient_timing"]))) if pt else peer_missing(state, "pytorch", r),
                     (" / ".join(x for x in (reps(ac["primal_timing"]), reps(ac["gradient_timing"]), reps(ac.get("reverse_tape_timing")),
                                             reps(ac.get("forward_tape_timing"))) if x))
                     if ac else peer_missing(state, "adolc", r),
                     ("%s ops%s" % (ac["tape"]["operations"], "" if ac["tape"].get("in_core", True) else ", on disk")) if ac and "tape" in ac else "—",
                     ("%s / %s" % (reps(sa["primal_timing"]), reps(sa["tangent_timing"]))) if sa else peer_missing(state, "sacado", r)])
    w(table(["objective", "input", "C# iterations (primal/gradient)", "PyTorch R×k (primal / gradient)",
             "ADOL-C R×k (primal / gradient / reverse / forward)", "ADOL-C tape", "Sacado R×k (primal / tangent)"],
            ["l", "l", "r", "r", "r", "r", "r"], body))
    w("")
    rules = []
    for name in PEER_TITLES:
        doc = state[name]["doc"]
        if doc and doc.get("timing_rule"):
            tr = doc["timing_rule"]
            rules.append("%s: %s warm-up calls, batches of about %s s, about %s s per measurement, %s to %s repetitions" % (
                PEER_TITLES[name], tr.get("warmup_calls"), tr.get("batch_target_s"), tr.get("budget_s"),
                tr.get("min_repetitions"), tr.get("max_repetitions")))
    if host or bdn_files:
        rules.append("C#: BenchmarkDotNet's job of `tests/DiffGen.Benchmarks` (its own warm-up and pilot stages)")
    if rules:
        w("Timing rules of this run: " + "; ".join(rules) + ".")
        w("")

    # ---- Agreement
    w("## Agreement")
    w("")
    if agreement:
        checks = agreement.get("checks", [])
        ok = sum(c["ok"] for c in checks)
        w("`build/peers/compare.py`: %d of %d checks agree (objective values within %.0e relative between %s%s; peers' "
          "gradient norms and sums within %.0e%s)." % (
              ok, len(checks), agreement.get("value_tolerance", 0), " and ".join(PEER_TITLES.get(p, p) for p in agreement.get("peers", [])) or "no peers",
              " and the C# smoke run's values" if agreement.get("csharp_smoke") else "", agreement.get("gradient_tolerance", 0),
              ("; the peers' tangents and the C# smoke run's `GeneratedTangent` within %.0e" % agreement["tangent_tolerance"])
              if agreement.get("csharp_tangents") and any(c["kind"] == "tangent" for c in checks) else ""))
        for m in agreement.get("mismatches", []):
            w("")
            w("- **MISMATCH**: `%s`" % m)
    else:
        w("Not checked in this run (no artifacts/peers/agreement.json).")
    w("")
    return "\n".join(out)


KEPT_MARKER = "<!-- Kept by report.py:"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bdn", action="append", help="BenchmarkDotNet results folder (repeatable)")
    ap.add_argument("--peers", default=os.path.join(ROOT, "artifacts", "peers"))
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--command", default="")
    ap.add_argument("--short", action="store_true", help="mark the document as a short (smoke) run")
    ap.add_argument("--bdn-one-thread", help="BenchmarkDotNet results of TensorOperationBenchmark run with "
                    "DOTNET_PROCESSOR_COUNT=1 (an extra column in the tensor table)")
    a = ap.parse_args()
    bdn_dirs = a.bdn or [os.path.join(ROOT, "BenchmarkDotNet.Artifacts", "results")]
    host, bdn_rows, bdn_files = load_bdn(bdn_dirs)
    # DiffGen.Vectorized against the scalar loop has no peer row of its own: a section of its own.
    for key in [k for k in bdn_rows if k[0] == "vectorizedlogsumexp"]:
        VECTORIZED.update(bdn_rows.pop(key))
    # The matrix product (GemmBenchmark) has no row in the AD tables: a section of its own, beside torch.mm.
    for key in [k for k in bdn_rows if k[0] == "gemm"]:
        params = dict(key[1])
        try:
            m, k, n = (int(v) for v in params.get("size", "").split("x"))
            GEMM[(m, k, n, int(params.get("threads", 1)))] = bdn_rows.pop(key).get("Multiply", {})
        except ValueError:
            continue
    # Tensor operations have a table of their own, against the tensor peer.
    for key in [k for k in bdn_rows if k[0] == "tensoroperation"]:
        TENSOR_BDN.update(bdn_rows.pop(key))
    if a.bdn_one_thread:
        for key, methods in load_bdn([a.bdn_one_thread])[1].items():
            if key[0] == "tensoroperation":
                TENSOR_BDN_ONE_THREAD.update(methods)
    TENSOR_PEER["doc"] = load_json(os.path.join(a.peers, "pytorch-tensor-ops.json"))
    if not TENSOR_PEER["doc"]:
        torch_python = ((load_json(os.path.join(a.peers, "install.json")) or {}).get("pytorch") or {}).get("python")
        TENSOR_PEER["status"] = "not run" if torch_python else "not installed"
    install, state = peer_state(a.peers)
    agreement = load_json(os.path.join(a.peers, "agreement.json"))
    tensors = load_json(os.path.join(a.peers, "pytorch-tensors.json"))
    rows = build_rows(state, bdn_rows, a.short)
    text = render(rows, state, host, install, agreement, bdn_files, a.command, a.short, tensors)
    # Sections written by hand (measurements of their own, such as before/after comparisons) follow a marker and
    # survive the regeneration.
    if a.out != "-" and os.path.exists(a.out):
        with open(a.out) as f:
            previous = f.read()
        at = previous.find(KEPT_MARKER)
        if at >= 0:
            text = text.rstrip("\n") + "\n\n" + previous[at:]
    if a.out == "-":
        sys.stdout.write(text)
    else:
        with open(a.out, "w") as f:
            f.write(text)
        print("wrote %s (%d rows; C# results from %d file(s); peers: %s)" % (
            a.out, len(rows), len(bdn_files), ", ".join("%s %s" % (PEER_TITLES[n], s["status"]) for n, s in state.items())))


if __name__ == "__main__":
    main()
