"""Reference confidence intervals for services/core/compare (seeded, deterministic).

Wilson intervals come from scipy.stats.binomtest(...).proportion_ci(method="wilson"); Newcombe's
hybrid score interval (1998, method 10) and the paired / normal-approximation intervals are
computed from their published formulas with numpy and scipy.stats.norm.
"""
import json
import sys
from pathlib import Path

import numpy as np
from scipy import stats

Z = float(stats.norm.ppf(0.975))


def wilson(k, n):
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def newcombe(k1, n1, k2, n2):
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson(k1, n1)
    l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return d, d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def paired(b, c, n):
    d = (b - c) / n
    se = np.sqrt(b + c - (b - c) ** 2 / n) / n
    return d, d - Z * se, d + Z * se


def main(out_dir: str) -> None:
    rng = np.random.default_rng(20261123)
    proportions = [(0, 10), (10, 10), (1, 7), (37, 120), (500, 1000), (3, 5000)]
    differences = [(0, 10, 5, 10), (37, 120, 52, 130), (400, 1000, 430, 1000), (1, 30, 0, 25), (10, 10, 9, 10)]
    paired_counts = [(12, 30, 500), (0, 4, 60), (25, 25, 1000)]
    a = rng.normal(0.40, 0.2, 300)
    b = rng.normal(0.43, 0.25, 280)
    diffs = rng.normal(0.01, 0.05, 400)
    fixture = {
        "z": Z,
        "wilson": [{"k": k, "n": n, "lower": wilson(k, n)[0], "upper": wilson(k, n)[1]} for k, n in proportions],
        "newcombe": [
            dict(zip(["k1", "n1", "k2", "n2", "estimate", "lower", "upper"], [k1, n1, k2, n2, *map(float, newcombe(k1, n1, k2, n2))]))
            for k1, n1, k2, n2 in differences
        ],
        "paired": [dict(zip(["onlyFirst", "onlySecond", "n", "estimate", "lower", "upper"], [b_, c_, n, *map(float, paired(b_, c_, n))])) for b_, c_, n in paired_counts],
        "meanDifference": {
            "a": a.tolist(),
            "b": b.tolist(),
            "estimate": float(a.mean() - b.mean()),
            "lower": float(a.mean() - b.mean() - Z * np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)),
            "upper": float(a.mean() - b.mean() + Z * np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)),
        },
        "meanInterval": {
            "values": diffs.tolist(),
            "lower": float(diffs.mean() - Z * diffs.std(ddof=1) / np.sqrt(diffs.size)),
            "upper": float(diffs.mean() + Z * diffs.std(ddof=1) / np.sqrt(diffs.size)),
        },
    }
    Path(out_dir, "compare_intervals.json").write_text(json.dumps(fixture, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
