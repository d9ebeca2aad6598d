"""Timing rule shared by the Python peer (the C++ peers implement the same rule in objectives.hpp).

warm-up: `warmup` calls (at least), then a batch size k is chosen so that one batch of k calls takes about
`batch_s` (k = 1 for calls longer than that); then R batches are timed, R = budget / batch time clamped to
[min_reps, max_reps]; the figure is the median over the R batches of (batch time / k).
"""

import math
import time


class Rule:
    def __init__(self, warmup=3, batch_s=0.01, budget_s=1.0, min_reps=10, max_reps=200, fixed_k=None):
        self.warmup = warmup
        self.batch_s = batch_s
        self.budget_s = budget_s
        self.min_reps = min_reps
        self.max_reps = max_reps
        self.fixed_k = fixed_k

    def describe(self):
        return {"warmup_calls": self.warmup, "batch_target_s": self.batch_s, "budget_s": self.budget_s,
                "min_repetitions": self.min_reps, "max_repetitions": self.max_reps,
                "statistic": "median over repetitions of (batch time / calls per batch)"}


FULL = Rule()
SHORT = Rule(warmup=1, batch_s=0.0, budget_s=0.0, min_reps=3, max_reps=3, fixed_k=1)
ONCE = Rule(warmup=0, batch_s=0.0, budget_s=0.0, min_reps=1, max_reps=1, fixed_k=1)  # --once: values, one timed call


def measure(fn, rule):
    clock = time.perf_counter
    for _ in range(rule.warmup):
        fn()
    t0 = clock()
    fn()
    one = max(clock() - t0, 1e-9)
    k = rule.fixed_k or max(1, min(100000, int(math.ceil(rule.batch_s / one))))
    reps = int(rule.budget_s / (one * k)) if rule.budget_s > 0 else 0
    reps = max(rule.min_reps, min(rule.max_reps, reps))
    times = []
    for _ in range(reps):
        t0 = clock()
        for _ in range(k):
            fn()
        times.append((clock() - t0) / k)
    times.sort()
    m = len(times)
    median = times[m // 2] if m % 2 else 0.5 * (times[m // 2 - 1] + times[m // 2])
    return {"seconds": median, "repetitions": reps, "calls_per_repetition": k, "min_s": times[0], "max_s": times[-1]}
