"""Reference values for the fairness metrics (services/core/fairness), written to argv[1].

Per-group rates come from fairlearn.metrics.MetricFrame; differences follow our sign convention
(unprivileged − privileged); fairlearn's own unsigned max − min summaries are stored beside them.
"""
import json
import sys
from pathlib import Path

import fairlearn
import numpy as np
from fairlearn.metrics import (MetricFrame, demographic_parity_difference, equalized_odds_difference,
                               false_positive_rate, selection_rate, true_positive_rate)
from sklearn.metrics import accuracy_score, precision_score

OUT = Path(sys.argv[1])


def simulate(rng, groups):
    """groups: name -> (size, base rate, selection bias, true positive rate, false positive rate)."""
    sensitive, y_true, y_pred = [], [], []
    for name, (size, base, tpr, fpr) in groups.items():
        truth = (rng.random(size) < base).astype(int)
        pred = np.where(truth == 1, rng.random(size) < tpr, rng.random(size) < fpr).astype(int)
        sensitive += [name] * size
        y_true += truth.tolist()
        y_pred += pred.tolist()
    return np.array(sensitive), np.array(y_true), np.array(y_pred)


def nan_to_none(x):
    x = float(x)
    return None if np.isnan(x) else x


def case(rng, privileged, groups):
    sensitive, y_true, y_pred = simulate(rng, groups)
    frame = MetricFrame(
        metrics={
            "selection_rate": selection_rate,
            "tpr": true_positive_rate,
            "fpr": false_positive_rate,
            "ppv": lambda t, p: precision_score(t, p, zero_division=np.nan),
            "accuracy": accuracy_score,
            "count": lambda t, p: len(t),
        },
        y_true=y_true, y_pred=y_pred, sensitive_features=sensitive)
    by_group = {g: {k: nan_to_none(v) for k, v in frame.by_group.loc[g].items()} for g in frame.by_group.index}
    # fairlearn reports a rate with a zero denominator as 0; ours is null with a reason.
    for g, rates in by_group.items():
        truth = y_true[sensitive == g]
        if not (truth == 1).any():
            rates["fairlearn_tpr"], rates["tpr"] = rates["tpr"], None
        if not (truth == 0).any():
            rates["fairlearn_fpr"], rates["fpr"] = rates["fpr"], None
    p = by_group[privileged]

    def diff(u, key):
        return None if u[key] is None or p[key] is None else u[key] - p[key]

    comparisons = {}
    for g, u in by_group.items():
        if g == privileged:
            continue
        d_tpr, d_fpr = diff(u, "tpr"), diff(u, "fpr")
        comparisons[g] = {
            "disparate_impact": None if p["selection_rate"] == 0 else u["selection_rate"] / p["selection_rate"],
            "statistical_parity_difference": diff(u, "selection_rate"),
            "equal_opportunity_difference": d_tpr,
            "equalized_odds_difference": None if d_tpr is None or d_fpr is None else max(abs(d_tpr), abs(d_fpr)),
            "predictive_parity_difference": diff(u, "ppv"),
            "accuracy_difference": diff(u, "accuracy"),
        }
    return {
        "privileged": privileged,
        "rows": {"group": sensitive.tolist(), "y_true": y_true.tolist(), "y_pred": y_pred.tolist()},
        "by_group": by_group,
        "comparisons": comparisons,
        "fairlearn_demographic_parity_difference": float(demographic_parity_difference(y_true, y_pred, sensitive_features=sensitive)),
        "fairlearn_equalized_odds_difference": float(equalized_odds_difference(y_true, y_pred, sensitive_features=sensitive)),
    }


def main():
    rng = np.random.default_rng(4242)
    cases = {
        "two_groups": case(rng, "m", {"m": (900, 0.4, 0.8, 0.1), "f": (700, 0.35, 0.7, 0.12)}),
        "three_groups": case(rng, "a", {"a": (600, 0.5, 0.85, 0.2), "b": (500, 0.45, 0.8, 0.25), "c": (450, 0.3, 0.6, 0.1)}),
        "small_group": case(rng, "big", {"big": (500, 0.5, 0.8, 0.2), "tiny": (20, 0.5, 0.5, 0.3)}),
        # No positive labels in one group: its TPR (and with no predicted positives, PPV) is undefined.
        "no_positive_labels": case(rng, "p", {"p": (300, 0.5, 0.9, 0.1), "u": (200, 0.0, 0.9, 0.0)}),
    }
    doc = {"generator": "test/reference/gen_fairness.py", "fairlearn": fairlearn.__version__, "cases": cases}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fairness_reference.json").write_text(json.dumps(doc, indent=1) + "\n")


main()
