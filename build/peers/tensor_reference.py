"""Reference values of every tensor operation, computed by PyTorch (float64) on fixed inputs.

Writes tests/DiffGen.Tensors.Tests/Reference/torch_reference.json, which TorchReferenceTests reads: for each case (one
operation, its input shapes and parameters) the inputs' rule, the output, and the gradients of
L = sum(out * R) with respect to every differentiable input (autograd), R fixed by the same rule. Floating-point
inputs are never stored, only their rule: Uniform(shape, seed, low, high) = a fresh .NET System.Random(seed),
low + (high - low) * NextDouble() per element, row-major (inputs.DotNetRandom is a bit-exact port), so the C# tests
rebuild exactly these inputs; each input's plain left-to-right sum is stored so that a drift of the port shows up as
such and not as a wrong operation. Integer and boolean inputs (indices, masks) are stored as values.

Run with Debian's PyTorch: /usr/bin/python3 build/peers/tensor_reference.py [--out FILE]
"""

import argparse
import json
import os
import sys
import zlib

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inputs import ROOT, DotNetRandom  # noqa: E402

DEFAULT_OUT = os.path.join(ROOT, "tests", "DiffGen.Tensors.Tests", "Reference", "torch_reference.json")
COMMAND = "/usr/bin/python3 build/peers/tensor_reference.py"

# Inputs closer than this to a kink (0 for abs/relu, a clamp bound, the other operand of maximum) are redrawn.
KINK = 1e-3


def uniform(shape, seed, low, high):
    n = 1
    for d in shape:
        n *= d
    return DotNetRandom(seed).uniform(n, low, high)


def away_from(points):
    """A constraint: no element within KINK of any of the points."""
    return lambda values: all(abs(v - p) > KINK for v in values for p in points)


class Case:
    """One entry of the JSON; built by the helpers below, then run()."""

    def __init__(self, family, op, name, fn, params=None):
        self.family, self.op, self.name, self.fn = family, op, name, fn
        self.params = params or {}
        self.inputs = []  # JSON descriptions
        self.values = []  # torch values, in order, passed to fn
        self._seed = zlib.crc32(name.encode()) % 100_000_000 + 1

    def _next_seed(self):
        self._seed += 1
        return self._seed

    def tensor(self, name, shape, low=-1.0, high=1.0, grad=True, constraint=None, exclusive_with=None):
        """A float64 input from the shared rule; redrawn with the next seed until the constraint holds."""
        while True:
            seed = self._next_seed()
            vals = uniform(shape, seed, low, high)
            if constraint is None or constraint(vals):
                break
        self.inputs.append({"name": name, "kind": "float64", "shape": list(shape), "seed": seed, "low": low,
                            "high": high, "differentiable": grad, "sum": _sum(vals)})
        t = torch.tensor(vals, dtype=torch.float64).reshape(shape)
        self.values.append(t.requires_grad_(grad))
        return self

    def scalar(self, name, value, grad=True):
        """A number operand (a + s): its derivative is checked too."""
        self.inputs.append({"name": name, "kind": "scalar", "value": value, "differentiable": grad})
        self.values.append(torch.tensor(value, dtype=torch.float64, requires_grad=grad))
        return self

    def ints(self, name, values, shape=None):
        shape = [len(values)] if shape is None else shape
        self.inputs.append({"name": name, "kind": "int64", "shape": shape, "values": values})
        self.values.append(torch.tensor(values, dtype=torch.int64).reshape(shape))
        return self

    def mask(self, name, shape):
        """A boolean input: Uniform(shape, seed, -1, 1) > 0, stored as 0/1."""
        seed = self._next_seed()
        bits = [1 if v > 0 else 0 for v in uniform(shape, seed, -1.0, 1.0)]
        self.inputs.append({"name": name, "kind": "bool", "shape": list(shape), "values": bits})
        self.values.append(torch.tensor(bits, dtype=torch.bool).reshape(shape))
        return self

    def run(self):
        out = self.fn(*self.values)
        entry = {"name": self.name, "family": self.family, "op": self.op, "params": self.params,
                 "inputs": self.inputs, "output": _tensor_json(out)}
        differentiable = [(i, v) for i, v in zip(self.inputs, self.values) if i.get("differentiable")]
        if differentiable:
            seed = self._next_seed()
            r = torch.tensor(uniform(list(out.shape), seed, -1.0, 1.0), dtype=torch.float64).reshape(out.shape)
            loss = (out * r).sum()
            grads = torch.autograd.grad(loss, [v for _, v in differentiable])
            entry["r"] = {"shape": list(out.shape), "seed": seed, "low": -1.0, "high": 1.0}
            entry["loss"] = loss.item()
            entry["gradients"] = {i["name"]: _tensor_json(g) for (i, _), g in zip(differentiable, grads)}
        return entry


def _sum(values):
    s = 0.0
    for v in values:
        s += v
    return s


def _tensor_json(t):
    t = t.detach()
    vals = t.reshape(-1).tolist()
    if t.dtype.is_floating_point:
        vals = [float(v) for v in vals]
    else:
        vals = [int(v) for v in vals]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": vals}


def shape_text(*shapes):
    return ",".join("[" + ",".join(str(d) for d in s) + "]" for s in shapes)


def cases():
    out = []

    def add(family, op, name, fn, params=None):
        c = Case(family, op, name, fn, params)
        out.append(c)
        return c

    # ---- arithmetic: + - * / with broadcasting, numbers on either side, negation ----
    binary = {"add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div}
    pairs = [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 1], [1, 5]), ([2, 3, 5], [3, 1]), ([], [2, 3])]
    for op, fn in binary.items():
        for sa, sb in pairs:
            c = add("arithmetic", op, "%s %s" % (op, shape_text(sa, sb)), fn)
            c.tensor("a", sa)
            if op == "div":
                c.tensor("b", sb, 0.5, 2.0)  # divisors away from 0
            else:
                c.tensor("b", sb)
    for op, fn in binary.items():
        # tensor op number, and number op tensor (s + a, s - a, s * a, s / a)
        add("arithmetic", op + "_scalar", "%s_scalar [3,4] s=0.7" % op, lambda a, s, fn=fn: fn(a, s)) \
            .tensor("a", [3, 4]).scalar("s", 0.7)
        c = add("arithmetic", "scalar_" + op, "scalar_%s s=0.7 [3,4]" % op, lambda s, a, fn=fn: fn(s, a))
        c.scalar("s", 0.7)
        if op == "div":
            c.tensor("a", [3, 4], 0.5, 2.0)
        else:
            c.tensor("a", [3, 4])
    add("arithmetic", "neg", "neg [3,4]", torch.neg).tensor("x", [3, 4])

    # ---- reductions ----
    for shape in ([3, 4], [2, 3, 4]):
        add("reduction", "sum", "sum %s" % shape_text(shape), torch.sum).tensor("x", shape)
        add("reduction", "mean", "mean %s" % shape_text(shape), torch.mean).tensor("x", shape)
    for shape, axis, keep in [([3, 4], 0, False), ([3, 4], 1, False), ([3, 4], -1, True), ([2, 3, 4], 1, False),
                              ([2, 3, 4], -1, False), ([2, 3, 4], 0, True), ([2, 3, 4], -2, True)]:
        p = {"axis": axis, "keepdim": keep}
        suffix = "%s axis=%d keepdim=%s" % (shape_text(shape), axis, str(keep).lower())
        add("reduction", "sum_axis", "sum_axis " + suffix,
            lambda x, a=axis, k=keep: torch.sum(x, dim=a, keepdim=k), p).tensor("x", shape)
        add("reduction", "mean_axis", "mean_axis " + suffix,
            lambda x, a=axis, k=keep: torch.mean(x, dim=a, keepdim=k), p).tensor("x", shape)
        add("reduction", "max_axis", "max_axis " + suffix,
            lambda x, a=axis, k=keep: torch.max(x, dim=a, keepdim=k).values, p).tensor("x", shape)
    # var / std: unbiased (divide by n - 1)
    for op, fn in (("var", torch.var), ("std", torch.std)):
        for shape in ([3, 4], [2, 3, 4]):
            add("reduction", op, "%s %s" % (op, shape_text(shape)), lambda x, fn=fn: fn(x, unbiased=True)) \
                .tensor("x", shape)
        for shape, axis, keep in [([3, 4], 0, False), ([3, 4], 1, False), ([2, 3, 4], -1, True), ([2, 3, 4], 1, False)]:
            add("reduction", op + "_axis",
                "%s_axis %s axis=%d keepdim=%s" % (op, shape_text(shape), axis, str(keep).lower()),
                lambda x, fn=fn, a=axis, k=keep: fn(x, dim=a, unbiased=True, keepdim=k),
                {"axis": axis, "keepdim": keep, "unbiased": True}).tensor("x", shape)
    # argmax: indices (int64), no gradient; random doubles have no ties
    add("reduction", "argmax", "argmax [3,5]", lambda x: torch.argmax(x)).tensor("x", [3, 5], grad=False)
    for axis, keep in ((1, False), (0, False), (-1, True)):
        add("reduction", "argmax_axis", "argmax_axis [3,5] axis=%d keepdim=%s" % (axis, str(keep).lower()),
            lambda x, a=axis, k=keep: torch.argmax(x, dim=a, keepdim=k), {"axis": axis, "keepdim": keep}) \
            .tensor("x", [3, 5], grad=False)

    # ---- matrix products ----
    for sa, sb in (([5, 7], [7, 3]), ([2, 4, 6], [2, 6, 3]), ([2, 4, 6], [6, 3])):
        add("linalg", "matmul", "matmul %s" % shape_text(sa, sb), torch.matmul).tensor("a", sa).tensor("b", sb)

    # ---- shapes and indexing ----
    for shape in ([3, 4], [2, 3, 4]):
        add("shape", "transpose", "transpose %s" % shape_text(shape), lambda x: x.transpose(-2, -1)).tensor("x", shape)
    for shape, new in (([2, 3, 4], [6, 4]), ([2, 3, 4], [4, 3, 2]), ([3, 4], [12]), ([12], [2, 2, 3])):
        add("shape", "reshape", "reshape %s->%s" % (shape_text(shape), shape_text(new)),
            lambda x, n=new: x.reshape(n), {"shape": new}).tensor("x", shape)
    for shape, axis, start, length in (([4, 5], 1, 1, 3), ([4, 5], 0, 2, 2), ([2, 3, 4], -1, 1, 2), ([2, 3, 4], 1, 0, 1)):
        add("shape", "narrow", "narrow %s axis=%d start=%d length=%d" % (shape_text(shape), axis, start, length),
            lambda x, a=axis, s=start, n=length: torch.narrow(x, a, s, n),
            {"axis": axis, "start": start, "length": length}).tensor("x", shape)
    for shapes, axis in ((([2, 3], [4, 3]), 0), (([2, 3], [2, 2]), 1), (([2, 3, 2], [2, 3, 1], [2, 3, 3]), -1)):
        c = add("shape", "cat", "cat %s axis=%d" % (shape_text(*shapes), axis),
                lambda *xs, a=axis: torch.cat(xs, dim=a), {"axis": axis})
        for k, s in enumerate(shapes):
            c.tensor("x%d" % k, s)
    for shape, axis, idx in (([3, 4], 0, [2, 0, 2, 1]), ([3, 4], 1, [3, 3, 0]), ([2, 3, 4], -1, [1, 1, 1, 0, 3])):
        add("shape", "index_select", "index_select %s axis=%d index=%s" % (shape_text(shape), axis, idx),
            lambda x, i, a=axis: torch.index_select(x, a, i), {"axis": axis}).tensor("x", shape).ints("index", idx)

    # ---- element-wise ----
    for shape in ([3, 4], [2, 3, 4]):
        add("elementwise", "where", "where %s" % shape_text(shape), torch.where) \
            .mask("condition", shape).tensor("a", shape).tensor("b", shape)
    for op, fn in (("maximum", torch.maximum), ("minimum", torch.minimum)):
        for sa, sb in (([3, 4], [3, 4]), ([3, 4], [4])):
            c = add("elementwise", op, "%s %s" % (op, shape_text(sa, sb)), fn).tensor("a", sa)
            a_vals = c.values[0].detach().reshape(-1).tolist()
            c.tensor("b", sb, constraint=away_from(a_vals))  # no ties: the gradient of a tie is a convention
    for shape, lo, hi in (([3, 4], -0.5, 0.5), ([2, 3, 4], -0.25, 0.75)):
        add("elementwise", "clamp", "clamp %s min=%g max=%g" % (shape_text(shape), lo, hi),
            lambda x, lo=lo, hi=hi: torch.clamp(x, lo, hi), {"min": lo, "max": hi}) \
            .tensor("x", shape, constraint=away_from([lo, hi]))
    unary = [
        ("exp", torch.exp, -1.0, 1.0, None),
        ("log", torch.log, 0.1, 2.0, None),
        ("sqrt", torch.sqrt, 0.1, 2.0, None),
        ("square", torch.square, -1.0, 1.0, None),
        ("abs", torch.abs, -1.0, 1.0, away_from([0.0])),
    ]
    for op, fn, lo, hi, constraint in unary:
        for shape in ([3, 4], [2, 3, 4]):
            add("elementwise", op, "%s %s" % (op, shape_text(shape)), fn).tensor("x", shape, lo, hi, constraint=constraint)
    add("elementwise", "pow", "pow [3,4] exponent=2.5", lambda x: torch.pow(x, 2.5), {"exponent": 2.5}) \
        .tensor("x", [3, 4], 0.1, 2.0)

    # ---- activations ----
    activations = [
        ("relu", torch.relu, {}, away_from([0.0])),
        ("sigmoid", torch.sigmoid, {}, None),
        ("tanh", torch.tanh, {}, None),
        ("gelu", lambda x: F.gelu(x), {"approximate": "none"}, None),
        ("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), {"approximate": "tanh"}, None),
        ("silu", F.silu, {}, None),
        ("softplus", F.softplus, {"beta": 1.0, "threshold": 20.0}, None),
        ("leaky_relu", lambda x: F.leaky_relu(x, 0.01), {"negative_slope": 0.01}, away_from([0.0])),
        ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), {"negative_slope": 0.2}, away_from([0.0])),
        ("elu", lambda x: F.elu(x, 1.0), {"alpha": 1.0}, away_from([0.0])),
    ]
    for op, fn, p, constraint in activations:
        detail = "".join(" %s=%s" % (k, v) for k, v in p.items())
        for shape in ([3, 4], [2, 3, 4]):
            # [-3, 3): both tails of the smooth ones matter
            add("activation", op, "%s %s%s" % (op, shape_text(shape), detail), fn, p) \
                .tensor("x", shape, -3.0, 3.0, constraint=constraint)
    for op, fn in (("softmax", torch.softmax), ("log_softmax", torch.log_softmax)):
        for shape, axis in (([3, 4], 0), ([3, 4], 1), ([3, 4], -1), ([2, 3, 4], 0), ([2, 3, 4], 1), ([2, 3, 4], 2)):
            add("activation", op, "%s %s axis=%d" % (op, shape_text(shape), axis),
                lambda x, fn=fn, a=axis: fn(x, dim=a), {"axis": axis}).tensor("x", shape, -3.0, 3.0)

    # ---- normalization ----
    for shape, normalized in (([3, 5], [5]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 4])):
        add("normalization", "layer_norm", "layer_norm %s normalized=%s" % (shape_text(shape), shape_text(normalized)),
            lambda x, w, b, n=normalized: F.layer_norm(x, n, w, b, eps=1e-5),
            {"normalized_shape": normalized, "eps": 1e-5}) \
            .tensor("x", shape, -2.0, 2.0).tensor("weight", normalized, 0.5, 1.5).tensor("bias", normalized)
    for shape in ([6, 4], [3, 4, 3, 3]):
        # training mode: batch statistics (biased variance); running statistics are not compared
        add("normalization", "batch_norm", "batch_norm %s training" % shape_text(shape),
            lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5),
            {"training": True, "eps": 1e-5}) \
            .tensor("x", shape, -2.0, 2.0).tensor("weight", [shape[1]], 0.5, 1.5).tensor("bias", [shape[1]])

    # ---- convolution and pooling (NCHW) ----
    convs = [
        # (x shape, weight shape, stride, padding, dilation, groups, bias)
        ([2, 3, 6, 6], [4, 3, 3, 3], 1, 0, 1, 1, True),
        ([2, 3, 6, 6], [4, 3, 3, 3], 1, 1, 1, 1, True),
        ([2, 3, 7, 7], [4, 3, 3, 3], 2, 0, 1, 1, True),
        ([2, 3, 7, 7], [4, 3, 3, 3], 2, 1, 1, 1, False),
        ([1, 2, 7, 7], [3, 2, 3, 3], 1, 0, 2, 1, True),
        ([2, 4, 5, 5], [6, 2, 3, 3], 1, 1, 1, 2, True),
        ([2, 3, 5, 5], [5, 3, 1, 1], 1, 0, 1, 1, True),
    ]
    for xs, ws, stride, padding, dilation, groups, bias in convs:
        p = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups, "bias": bias}
        name = "conv2d %s stride=%d padding=%d dilation=%d groups=%d bias=%s" % (
            shape_text(xs, ws), stride, padding, dilation, groups, str(bias).lower())
        if bias:
            c = add("convolution", "conv2d", name, lambda x, w, b, s=stride, pd=padding, d=dilation, g=groups:
                    F.conv2d(x, w, b, stride=s, padding=pd, dilation=d, groups=g), p)
            c.tensor("x", xs).tensor("weight", ws).tensor("bias", [ws[0]])
        else:
            c = add("convolution", "conv2d", name, lambda x, w, s=stride, pd=padding, d=dilation, g=groups:
                    F.conv2d(x, w, None, stride=s, padding=pd, dilation=d, groups=g), p)
            c.tensor("x", xs).tensor("weight", ws)
    for op, fn in (("max_pool2d", F.max_pool2d), ("avg_pool2d", F.avg_pool2d)):
        for xs, kernel, stride, padding in (([2, 3, 6, 6], 2, 2, 0), ([2, 3, 7, 7], 3, 2, 1), ([1, 2, 5, 5], 3, 1, 0)):
            # avg_pool2d: count_include_pad=True, PyTorch's default (padding counts in the divisor)
            p = {"kernel": kernel, "stride": stride, "padding": padding}
            if op == "avg_pool2d":
                p["count_include_pad"] = True
            add("convolution", op, "%s %s kernel=%d stride=%d padding=%d" % (op, shape_text(xs), kernel, stride, padding),
                lambda x, f=fn, k=kernel, s=stride, pd=padding: f(x, k, s, pd), p).tensor("x", xs)

    # ---- encoding ----
    for idx, classes in (([2, 0, 4, 1, 1], 5), ([[0, 2], [1, 0], [2, 2]], 3)):
        shape = [len(idx)] if not isinstance(idx[0], list) else [len(idx), len(idx[0])]
        flat = [v for row in idx for v in row] if isinstance(idx[0], list) else idx
        add("encoding", "one_hot", "one_hot %s classes=%d" % (shape_text(shape), classes),
            lambda i, n=classes: F.one_hot(i, n), {"num_classes": classes}).ints("index", flat, shape)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    torch.set_num_threads(1)
    entries = [c.run() for c in cases()]
    names = [e["name"] for e in entries]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise SystemExit("duplicate case names: %s" % dup)
    doc = {
        "generator": "build/peers/tensor_reference.py",
        "command": COMMAND,
        "torch_version": torch.__version__,
        "dtype": "float64",
        "input_rule": "Uniform(shape, seed, low, high): a fresh .NET System.Random(seed), low + (high - low) * "
                      "NextDouble() per element, row-major; 'sum' is the plain left-to-right sum of those values",
        "loss": "L = sum(output * R), R = Uniform(output shape, r.seed, -1, 1); gradients are dL/dinput by autograd",
        "cases": entries,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    cases_json = doc.pop("cases")
    head = json.dumps(doc, indent=1, allow_nan=False)
    with open(args.out, "w") as f:
        # json writes floats with repr (the shortest text that reads back as the same float64); one case a line
        f.write(head[:-2] + ',\n "cases": [\n')
        f.write(",\n".join("  " + json.dumps(e, allow_nan=False) for e in cases_json))
        f.write("\n ]\n}\n")
    print("%d cases -> %s" % (len(entries), os.path.relpath(args.out, ROOT)))


if __name__ == "__main__":
    main()
