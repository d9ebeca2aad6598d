#!/usr/bin/env python3
"""Checks that the peers (and the C# smoke run, when its output is given) compute the same objective values on the
same inputs, that the peers' gradients agree, and that the forward-mode peer's tangents agree with DiffGen's.

  values:    |a - b| <= 1e-10 * max(|a|, |b|)
  gradients: |norm_a - norm_b| <= 1e-8 * norm, |sum_a - sum_b| <= 1e-8 * norm * sqrt(length)
             (the reverse-mode peers report the 2-norm and the sum of their gradient; the C# smoke run prints values only)
  tangents:  |a - b| <= 1e-10 * max(|a|, |b|): the forward-mode peer's (Sacado) directional derivative against the C#
             smoke run's GeneratedTangent, the same direction on both sides (build/peers/README.md)

  python3 build/peers/compare.py [--peers DIR] [--csharp-smoke FILE] [--out FILE]

Prints one line per comparison; every disagreement is printed as "MISMATCH: ..." and the exit status is 1.
Writes artifacts/peers/agreement.json for the report.
"""

import argparse
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VALUE_TOL = 1e-10
GRAD_TOL = 1e-8
TANGENT_TOL = 1e-10
PEERS = ("pytorch", "adolc", "sacado")


def load_peers(directory):
    peers = {}
    for name in PEERS:
        path = os.path.join(directory, name + ".json")
        if os.path.exists(path):
            with open(path) as f:
                peers[name] = json.load(f)
    return peers


SIZE_TOKEN = re.compile(r"^([A-Za-z]+)(-?\d+)$")


def expand_size(value):
    """'d2_K5' -> {'d': '2', 'k': '5'}; 'l2_c1024' -> {'l': '2', 'c': '1024'}; None when value is not of that form."""
    parts = value.split("_")
    out = {}
    for part in parts:
        m = SIZE_TOKEN.match(part)
        if not m:
            return None
        out[m.group(1).lower()] = m.group(2)
    return out


def parse_params(text):
    """'D=2, K=5', 'D=2&K=5', 'Size=d2_K5' or a bare 'd2_K5' -> {'d': '2', 'k': '5'}."""
    out = {}
    for part in re.split(r"[,&]\s*", text or ""):
        part = part.strip()
        if "=" in part:
            k, v = part.split("=", 1)
            k, v = k.strip().lower(), v.strip()
        elif part:
            k, v = "size", part
        else:
            continue
        expanded = expand_size(v) if k == "size" else None
        if expanded:
            out.update(expanded)
        else:
            out[k] = v
    return out


def objective_of_type(type_name):
    """'GmmBenchmark' -> 'gmm'; 'LogSumExpBenchmark' -> 'logsumexp'."""
    name = re.sub(r"Benchmarks?$", "", type_name.split(".")[-1])
    return name.lower()


def params_match(csharp_params, peer_params):
    """The C# parameters (lower-cased names) must all be present among the peer's, with equal values."""
    lower = {k.lower(): str(v) for k, v in peer_params.items()}
    return all(k in lower and lower[k] == v for k, v in csharp_params.items())


def find(results, objective, csharp_params):
    hits = [r for r in results if r["objective"] == objective and params_match(csharp_params, r["params"])]
    return hits


def parse_smoke(path, method="Primal"):
    """Lines 'TypeName.Primal: value' or 'TypeName(D=2, K=5).Primal: value' (C# smoke mode; method names the benchmark
    method, e.g. GeneratedTangent) -> list of (objective, params, value)."""
    out = []
    pattern = re.compile(r"^\s*([A-Za-z0-9_.]+?)(?:\(([^)]*)\)|\[([^\]]*)\])?\." + re.escape(method) + r"\s*:\s*(\S+)\s*$")
    with open(path) as f:
        for line in f:
            m = pattern.match(line)
            if m:
                try:
                    value = float(m.group(4))
                except ValueError:
                    continue
                out.append((objective_of_type(m.group(1)), parse_params(m.group(2) or m.group(3)), value))
    return out


def close(a, b, tol):
    return abs(a - b) <= tol * max(abs(a), abs(b)) or a == b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", default=os.path.join(ROOT, "artifacts", "peers"))
    ap.add_argument("--csharp-smoke", help="stdout of `dotnet run ... -- --smoke`")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out_path = a.out or os.path.join(a.peers, "agreement.json")

    peers = load_peers(a.peers)
    checks, mismatches = [], []

    def record(kind, key, who, ok, detail):
        checks.append({"kind": kind, "key": key, "between": who, "ok": ok, "detail": detail})
        line = "%-9s %-34s %-18s %s" % (kind, key, " vs ".join(who), detail)
        if ok:
            print("agree     " + line)
        else:
            mismatches.append(line)
            print("MISMATCH: " + line, file=sys.stderr)

    names = [p for p in PEERS if p in peers]
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            pa, pb = names[i], names[j]
            byb = {r["key"]: r for r in peers[pb]["results"]}
            for ra in peers[pa]["results"]:
                rb = byb.get(ra["key"])
                if rb is None:
                    continue
                va, vb = ra["value"], rb["value"]
                rel = abs(va - vb) / max(abs(va), abs(vb), 1e-300)
                record("value", ra["key"], (pa, pb), close(va, vb, VALUE_TOL),
                       "%.17g vs %.17g (rel %.1e, tol %.0e)" % (va, vb, rel, VALUE_TOL))
                if "gradient_norm" not in ra or "gradient_norm" not in rb:
                    continue  # a forward-mode peer has a tangent, not a gradient
                na, nb = ra["gradient_norm"], rb["gradient_norm"]
                sa, sb = ra["gradient_sum"], rb["gradient_sum"]
                scale = max(na, nb, 1e-300)
                ok = (ra["gradient_length"] == rb["gradient_length"] and abs(na - nb) <= GRAD_TOL * scale
                      and abs(sa - sb) <= GRAD_TOL * scale * math.sqrt(ra["gradient_length"]))
                record("gradient", ra["key"], (pa, pb), ok,
                       "|g| %.12g vs %.12g, sum %.12g vs %.12g (tol %.0e)" % (na, nb, sa, sb, GRAD_TOL))
    for name in names:
        for r in peers[name]["results"]:
            for field, what in (("value_from_gradient", " gradient"), ("value_from_tangent", " tangent")):
                if field in r and not close(r["value"], r[field], VALUE_TOL):
                    record("value", r["key"], (name + " primal", name + what), False, "%.17g vs %.17g" % (r["value"], r[field]))

    smoke, smoke_tangents = [], []
    if a.csharp_smoke and os.path.exists(a.csharp_smoke):
        smoke = parse_smoke(a.csharp_smoke)
        smoke_tangents = parse_smoke(a.csharp_smoke, "GeneratedTangent")
        if not smoke:
            print("note: no 'X.Primal: value' lines in " + a.csharp_smoke)
    for objective, params, value in smoke:
        for name in names:
            hits = find(peers[name]["results"], objective, params)
            if len(hits) != 1:
                print("note: C# %s(%s) has %d matching %s results; not compared" % (
                    objective, ", ".join("%s=%s" % kv for kv in params.items()), len(hits), name))
                continue
            r = hits[0]
            rel = abs(value - r["value"]) / max(abs(value), abs(r["value"]), 1e-300)
            record("value", r["key"], ("C#", name), close(value, r["value"], VALUE_TOL),
                   "%.17g vs %.17g (rel %.1e, tol %.0e)" % (value, r["value"], rel, VALUE_TOL))
    # Tangents: DiffGen's GeneratedTangent against each peer that reports one, on the same direction.
    for objective, params, value in smoke_tangents:
        for name in names:
            hits = [r for r in find(peers[name]["results"], objective, params) if "tangent" in r]
            if len(hits) != 1:
                continue
            r = hits[0]
            rel = abs(value - r["tangent"]) / max(abs(value), abs(r["tangent"]), 1e-300)
            record("tangent", r["key"], ("C#", name), close(value, r["tangent"], TANGENT_TOL),
                   "%.17g vs %.17g (rel %.1e, tol %.0e)" % (value, r["tangent"], rel, TANGENT_TOL))
    tangent_peers = [n for n in names if any("tangent" in r for r in peers[n]["results"])]
    compared = {c["key"] for c in checks if c["kind"] == "tangent"}
    for name in tangent_peers:
        for r in peers[name]["results"]:
            if smoke_tangents and "tangent" in r and r["key"] not in compared:
                print("note: %s %s has no C# GeneratedTangent to compare with" % (name, r["key"]))
    if smoke and tangent_peers and not smoke_tangents:
        record("tangent", "-", ("C#",) + tuple(tangent_peers), False, "no 'X.GeneratedTangent: value' lines in " + a.csharp_smoke)

    with open(out_path, "w") as f:
        json.dump({"value_tolerance": VALUE_TOL, "gradient_tolerance": GRAD_TOL, "tangent_tolerance": TANGENT_TOL,
                   "peers": names, "csharp_smoke": bool(smoke), "csharp_tangents": bool(smoke_tangents), "checks": checks, "mismatches": mismatches}, f, indent=1)
    n_ok = sum(c["ok"] for c in checks)
    print("agreement: %d of %d checks agree (%s%s)" % (n_ok, len(checks), ", ".join(names) or "no peers",
                                                        ", C# smoke values" if smoke else ""))
    if mismatches:
        print("ERROR: %d mismatch(es); see the MISMATCH lines above" % len(mismatches), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
