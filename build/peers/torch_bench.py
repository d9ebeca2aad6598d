#!/usr/bin/env python3
"""PyTorch peer: the benchmark objectives in float64 tensors, one thread, tape-based autograd.

  primal   = the objective under torch.no_grad() (no tape recorded)
  gradient = a fresh forward pass that records autograd's tape, then backward() (the tape is rebuilt every call,
             as PyTorch always does), gradients set to None before each call

Objectives are written idiomatically (vectorized over tensors, as ADBench's own PyTorch module does), not as scalar
loops; LSTM loops over time steps and layers in Python with vector operations over the b = 14 bits.
Writes artifacts/peers/pytorch.json (see build/peers/README.md).

  /usr/bin/python3 build/peers/torch_bench.py [--mode full|short] [--once] [--rosenbrock-n N] [--only NAME] [--out FILE]
"""

import argparse
import json
import math
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inputs as I  # noqa: E402
import timing  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
DT = torch.float64


def T(values, requires_grad=False):
    return torch.tensor(values, dtype=DT, requires_grad=requires_grad)


def build(objective, p):
    """Returns (f, diffs, source): f() evaluates the objective from tensors captured in a closure; diffs are the
    tensors the gradient is taken with respect to, in a fixed order."""
    if objective == "dot":
        x = I.dot_inputs(p["n"])
        a, b = T(x["a"], True), T(x["b"], True)
        return (lambda: torch.dot(a, b)), [a, b], x["source"]
    if objective == "logsumexp":
        x = I.logsumexp_inputs(p["n"])
        a = T(x["a"], True)

        def f():
            m = torch.max(a)
            return m + torch.log(torch.sum(torch.exp(a - m)))
        return f, [a], x["source"]
    if objective == "perceptron":
        x = I.perceptron_inputs(p["nIn"], p["nHidden"])
        w1, b1, w2 = T(x["w1"], True), T(x["b1"], True), T(x["w2"], True)
        b2 = T(x["b2"], True)
        xin, target = T(x["x"]), x["target"]
        nh, ni = p["nHidden"], p["nIn"]

        def f():
            z = b1 + torch.mv(w1.view(nh, ni), xin)
            y = b2 + torch.dot(w2, torch.tanh(z))
            e = y - target
            return e * e
        return f, [w1, b1, w2, b2], x["source"]
    if objective == "rosenbrock":
        x = I.rosenbrock_inputs(p["n"])
        v = T(x["x"], True)

        def f():
            head, tail = v[:-1], v[1:]
            return torch.sum(100.0 * (tail - head * head) ** 2 + (1.0 - head) ** 2)
        return f, [v], x["source"]
    if objective == "gmm":
        return build_gmm(p)
    if objective == "lstm":
        return build_lstm(p)
    raise ValueError(objective)


def build_gmm(p):
    x = I.gmm_inputs(p["d"], p["k"], p["n"])
    d, k, n = x["d"], x["k"], x["n"]
    alpha = T(x["alpha"], True)
    means = T(x["means"], True)
    icf = T(x["icf"], True)
    pts = T(x["x"]).view(n, d)
    gamma, m = x["gamma"], x["m"]
    # Strictly lower-triangular entries, column by column: (j, i) for i < j, i outer.
    rows, cols = [], []
    for i in range(d):
        for j in range(i + 1, d):
            rows.append(j)
            cols.append(i)
    rows, cols = torch.tensor(rows, dtype=torch.long), torch.tensor(cols, dtype=torch.long)
    big_n = d + m + 1
    C = big_n * d * (math.log(gamma) - 0.5 * math.log(2)) - I.log_gamma_distrib(0.5 * big_n, d)
    constant = -n * d * 0.5 * math.log(2 * math.pi)

    def f():
        ic = icf.view(k, -1)
        q = ic[:, :d]
        lt = ic[:, d:]
        qdiag = torch.exp(q)
        sum_q = torch.sum(q, 1)
        L = torch.zeros(k, d, d, dtype=DT)
        L[:, rows, cols] = lt
        Q = torch.diag_embed(qdiag) + L                                    # k x d x d
        xc = pts.unsqueeze(0) - means.view(k, 1, d)                        # k x n x d
        qx = torch.bmm(xc, Q.transpose(1, 2))                              # k x n x d: (Q_k xc_i)
        main = alpha.view(k, 1) + sum_q.view(k, 1) - 0.5 * torch.sum(qx * qx, 2)   # k x n
        mx = torch.max(main, 0, keepdim=True)[0].detach()
        slse = torch.sum(mx.squeeze(0) + torch.log(torch.sum(torch.exp(main - mx), 0)))
        ma = torch.max(alpha).detach()
        lse_alpha = ma + torch.log(torch.sum(torch.exp(alpha - ma)))
        prior = 0.5 * gamma * gamma * (torch.sum(qdiag * qdiag) + torch.sum(lt * lt)) - m * torch.sum(sum_q)
        return constant + slse - n * lse_alpha + prior - k * C
    return f, [alpha, means, icf], x["source"]


def build_lstm(p):
    x = I.lstm_inputs(p["l"], p["c"])
    l, c, b = x["l"], x["c"], x["b"]
    main = T(x["main"], True)
    extra = T(x["extra"], True)
    state0 = T(x["state"]).view(l, 2, b)
    seq = T(x["sequence"]).view(c, b)
    steps = [seq[t] for t in range(c)]
    count = (c - 1) * b

    def f():
        w = main.view(l, 2, 4, b)
        in_w, out_w, out_b = extra[:b], extra[b:2 * b], extra[2 * b:]
        hidden = [state0[i, 0] for i in range(l)]
        cell = [state0[i, 1] for i in range(l)]
        layers = [(w[i, 0, 0], w[i, 0, 1], w[i, 0, 2], w[i, 0, 3], w[i, 1, 0], w[i, 1, 1], w[i, 1, 2], w[i, 1, 3])
                  for i in range(l)]
        total = 0.0
        for t in range(c - 1):
            inp = steps[t] * in_w
            for i in range(l):
                wf, wi, wo, wc, bf, bi, bo, bc = layers[i]
                h = hidden[i]
                forget = torch.sigmoid(inp * wf + bf)
                ingate = torch.sigmoid(h * wi + bi)
                outgate = torch.sigmoid(inp * wo + bo)
                change = torch.tanh(h * wc + bc)
                cell[i] = cell[i] * forget + ingate * change
                hidden[i] = outgate * torch.tanh(cell[i])
                inp = hidden[i]
            ypred = inp * out_w + out_b
            lse = torch.log(torch.sum(torch.exp(ypred)) + 2.0)
            total = total + torch.dot(steps[t + 1], ypred - lse)
        return -total / count
    return f, [main, extra], x["source"]


def run(mode, rosenbrock_n, only, once=False):
    rule = timing.ONCE if once else timing.SHORT if mode == "short" else timing.FULL
    results = []
    for objective, p in I.suite(mode, rosenbrock_n):
        if only and objective not in only:
            continue
        f, diffs, source = build(objective, p)

        def primal():
            with torch.no_grad():
                return f()

        def gradient():
            for t in diffs:
                t.grad = None
            v = f()
            v.backward()
            return v

        value = float(primal())
        gvalue = float(gradient())
        g = torch.cat([t.grad.reshape(-1) for t in diffs])
        started = time.perf_counter()
        tp = timing.measure(primal, rule)
        tg = timing.measure(gradient, rule)
        r = {"objective": objective, "params": p, "key": I.size_key(objective, p), "input": source,
             "value": value, "value_from_gradient": gvalue,
             "gradient_norm": float(torch.linalg.vector_norm(g)), "gradient_sum": float(torch.sum(g)),
             "gradient_length": int(g.numel()),
             "primal_s": tp["seconds"], "gradient_s": tg["seconds"], "j_over_f": tg["seconds"] / tp["seconds"],
             "primal_timing": tp, "gradient_timing": tg,
             "gradient_means": "forward pass recording the tape + backward()"}
        results.append(r)
        print("pytorch %-32s F=%.17g  primal %.3e s  gradient %.3e s  J/F %.2f  (%d x %d, %d x %d; %.1f s)" % (
            r["key"], value, tp["seconds"], tg["seconds"], r["j_over_f"], tp["repetitions"],
            tp["calls_per_repetition"], tg["repetitions"], tg["calls_per_repetition"],
            time.perf_counter() - started), flush=True)
    return results, rule


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["full", "short"], default="full")
    ap.add_argument("--rosenbrock-n", type=int, default=10000)
    ap.add_argument("--once", action="store_true", help="no warm-up, one timed call: for checking values")
    ap.add_argument("--only", action="append", help="objective name (repeatable)")
    ap.add_argument("--out", default=os.path.join(I.ROOT, "artifacts", "peers", "pytorch.json"))
    a = ap.parse_args()
    results, rule = run(a.mode, a.rosenbrock_n, a.only, a.once)
    doc = {"peer": "pytorch", "version": torch.__version__, "python": platform.python_version(),
           "threads": torch.get_num_threads(), "dtype": "float64", "mode": a.mode + (" once" if a.once else ""),
           "primal_means": "objective under torch.no_grad()",
           "gradient_means": "forward recording autograd's tape + backward(); tape rebuilt every call",
           "timing_rule": rule.describe(), "results": results}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as fh:
        json.dump(doc, fh, indent=1)
    print("wrote " + a.out)


if __name__ == "__main__":
    main()
