"""Reference values for the drift metrics (services/core/drift), written to argv[1].

Large cases: 100,000 float32 samples per side stored little-endian in drift_<case>.bin
(reference first, then current); every expected value is computed by numpy/scipy on the
float64 widening of those float32 values, so TypeScript reads exactly the same data.
"""
import json
import sys
from pathlib import Path

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
from scipy.special import gammainc, gammaincc, kolmogorov

OUT = Path(sys.argv[1])
N_LARGE = 100_000
BINS = 10
FLOOR = 1e-4


def reference_bins(ref, cur, bins=BINS):
    """Bins at the reference quantiles (numpy 'linear'), outer edges open, right-closed."""
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    return edges, r, c


def psi(r, c):
    r = np.where(r == 0, FLOOR, r)
    c = np.where(c == 0, FLOOR, c)
    return float(np.sum((c - r) * np.log(c / r)))


def hellinger(r, c):
    return float(np.sqrt(max(0.0, 1.0 - np.sum(np.sqrt(r * c)))))


def numeric_expected(ref, cur):
    edges, r, c = reference_bins(ref, cur)
    std = float(np.std(ref))
    n1, n2 = len(ref), len(cur)
    ks = stats.ks_2samp(ref, cur, method="asymp")
    en = n1 * n2 / (n1 + n2)
    lam = (np.sqrt(en) + 0.12 + 0.11 / np.sqrt(en)) * ks.statistic
    return {
        "edges": edges.tolist(),
        "reference_proportions": r.tolist(),
        "current_proportions": c.tolist(),
        "psi": psi(r, c),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue_stephens": float(kolmogorov(lam)),
        "ks_pvalue_scipy_asymp": float(ks.pvalue),
        "jensen_shannon": float(jensenshannon(r, c, base=2)),
        "hellinger": hellinger(r, c),
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "reference_std": std,
        "wasserstein_normed": float(stats.wasserstein_distance(ref, cur) / std) if std > 0 else None,
        # Data quality: share of current values outside the reference [min, max].
        "out_of_range_rate": float(np.mean((cur < ref.min()) | (cur > ref.max()))),
    }


def large_cases():
    rng = np.random.default_rng(20261123)
    n = N_LARGE

    def bimodal(shift):
        pick = rng.random(n) < 0.4
        return np.where(pick, rng.normal(-2 + shift, 0.5, n), rng.normal(3 + shift, 1.0, n))

    return {
        "normal": (rng.normal(0, 1, n), rng.normal(0.25, 1.1, n)),
        "normal_same": (rng.normal(5, 2, n), rng.normal(5, 2, n)),
        "lognormal": (rng.lognormal(0, 1, n), rng.lognormal(0.15, 1.05, n)),
        "bimodal": (bimodal(0.0), bimodal(0.4)),
        # Student t with 2 degrees of freedom rounded to 0.1: heavy tails and many ties.
        "heavy_tailed_ties": (np.round(rng.standard_t(2, n), 1), np.round(rng.standard_t(2, n) * 1.2 + 0.1, 1)),
    }


def small_cases():
    rng = np.random.default_rng(7)
    cases = {
        "small_shifted": (rng.normal(0, 1, 200), rng.normal(0.3, 1, 300)),
        "small_same": (rng.normal(0, 1, 150), rng.normal(0, 1, 120)),
        "small_ties": (rng.integers(0, 5, 400).astype(float), rng.integers(0, 6, 350).astype(float)),
        "small_limit": (rng.normal(0, 1, 1000), rng.normal(0.1, 1, 1000)),
    }
    return {k: (a.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64)) for k, (a, b) in cases.items()}


def categorical_cases():
    def case(ref, cur):
        cats = sorted(set(ref) | set(cur))
        r = np.array([ref.get(k, 0) for k in cats], dtype=float)
        c = np.array([cur.get(k, 0) for k in cats], dtype=float)
        chi2, p, dof, _ = stats.chi2_contingency(np.vstack([r, c]), correction=False)
        return {
            "reference": ref,
            "current": cur,
            "categories": cats,
            "l_infinity": float(np.max(np.abs(c / c.sum() - r / r.sum()))),
            "jensen_shannon": float(jensenshannon(r / r.sum(), c / c.sum(), base=2)),
            "chi_square": float(chi2),
            "chi_square_dof": int(dof),
            "chi_square_pvalue": float(p),
        }

    return {
        "shifted": case({"a": 120, "b": 300, "c": 80}, {"a": 150, "b": 250, "c": 95}),
        "new_category": case({"red": 400, "green": 350, "blue": 250}, {"red": 300, "green": 310, "blue": 200, "violet": 40}),
        "two_categories": case({"yes": 90, "no": 110}, {"yes": 130, "no": 70}),
        "same": case({"x": 10, "y": 20, "z": 30}, {"x": 20, "y": 40, "z": 60}),
        "large": case({"a": 52_000, "b": 31_000, "c": 17_000}, {"a": 50_500, "b": 32_500, "c": 17_000}),
    }


def special_functions():
    a_values = [0.5, 1.0, 1.5, 2.5, 4.5, 10.0, 49.5, 150.0]
    x_values = [1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 80.0, 200.0]
    gamma = [{"a": a, "x": x, "p": float(gammainc(a, x)), "q": float(gammaincc(a, x))} for a in a_values for x in x_values]
    lambdas = [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.18, 1.2, 1.5, 2.0, 3.0, 5.0, 8.0]
    kolm = [{"lambda": lam, "q": float(kolmogorov(lam))} for lam in lambdas]
    return {"gamma": gamma, "kolmogorov": kolm}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    large = {}
    for name, (ref, cur) in large_cases().items():
        ref32, cur32 = ref.astype("<f4"), cur.astype("<f4")
        (OUT / f"drift_{name}.bin").write_bytes(ref32.tobytes() + cur32.tobytes())
        large[name] = {"file": f"drift_{name}.bin", "n_reference": len(ref32), "n_current": len(cur32),
                       **numeric_expected(ref32.astype(np.float64), cur32.astype(np.float64))}
    small = {name: {"reference": a.tolist(), "current": b.tolist(), **numeric_expected(a, b)} for name, (a, b) in small_cases().items()}
    doc = {"generator": "test/reference/gen_drift.py", "numpy": np.__version__, "bins": BINS, "floor": FLOOR,
           "large": large, "small": small, "categorical": categorical_cases(), "special_functions": special_functions()}
    (OUT / "drift_reference.json").write_text(json.dumps(doc, indent=1) + "\n")


main()
