"""Reference values for the accuracy metrics (services/core/accuracy), written to argv[1].

Per-class precision/recall/F1 use zero_division=np.nan, which leaves undefined classes out of the
macro average: our convention (null with a reason). ECE has no sklearn function; it is computed
with numpy from its definition (10 equal-width bins, bin = min(floor(10 p), 9)).
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, brier_score_loss, confusion_matrix, log_loss, mean_absolute_error,
                             mean_absolute_percentage_error, mean_squared_error, precision_recall_fscore_support,
                             r2_score, roc_auc_score)

OUT = Path(sys.argv[1])


def none_if_nan(values):
    return [None if np.isnan(v) else float(v) for v in values]


def label_metrics(y_true, y_pred):
    labels = sorted(set(y_true) | set(y_pred))
    p, r, f, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=np.nan)
    mp, mr, mf, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="macro", zero_division=np.nan)
    return {
        "labels": labels,
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "precision": none_if_nan(p), "recall": none_if_nan(r), "f1": none_if_nan(f), "support": support.tolist(),
        "macro_precision": float(mp), "macro_recall": float(mr), "macro_f1": float(mf),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def ece(y, p, bins=10):
    index = np.minimum(np.floor(p * bins), bins - 1).astype(int)
    total = 0.0
    for b in range(bins):
        mask = index == b
        if mask.any():
            total += abs(y[mask].sum() - p[mask].sum())
    return total / len(y)


def binary_case(rng, n, quantize=None):
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-1.5 * x))).astype(int)
    score = 1 / (1 + np.exp(-(1.2 * x + rng.normal(0, 0.5, n))))
    if quantize is not None:
        score = np.round(score, quantize)
    y_true = np.where(y == 1, "1", "0")
    y_pred = np.where(score >= 0.5, "1", "0")
    return {
        "rows": {"actual": y_true.tolist(), "predicted": y_pred.tolist(), "score": score.tolist()},
        **label_metrics(y_true.tolist(), y_pred.tolist()),
        "log_loss": float(log_loss(y, score)),
        "brier": float(brier_score_loss(y, score)),
        "roc_auc": float(roc_auc_score(y, score)),
        "ece": float(ece(y, score)),
    }


def multiclass_case(rng, n):
    labels = np.array(["bird", "cat", "dog"])
    truth = rng.choice(3, size=n, p=[0.2, 0.5, 0.3])
    noise = rng.random(n)
    pred = np.where(noise < 0.7, truth, rng.choice(3, size=n))
    # A label only ever predicted, never true: its recall is undefined.
    pred = np.where(rng.random(n) < 0.02, 3, pred)
    names = np.append(labels, "fish")
    return {"rows": {"actual": labels[truth].tolist(), "predicted": names[pred].tolist()}, **label_metrics(labels[truth].tolist(), names[pred].tolist())}


def multiclass_probabilities_case(rng, n):
    labels = ["bird", "cat", "dog"]
    truth = rng.choice(3, size=n, p=[0.25, 0.45, 0.3])
    logits = rng.normal(0, 1, (n, 3)) + 1.5 * np.eye(3)[truth]
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y_true = [labels[i] for i in truth]
    y_pred = [labels[i] for i in probs.argmax(axis=1)]
    return {
        "rows": {"actual": y_true, "predicted": y_pred, "probabilities": [dict(zip(labels, row.tolist())) for row in probs]},
        **label_metrics(y_true, y_pred),
        "log_loss": float(log_loss(y_true, probs, labels=labels)),
        "macro_roc_auc_ovr": float(roc_auc_score(y_true, probs, multi_class="ovr", average="macro", labels=labels)),
    }


def regression_case(rng, n):
    y = np.round(rng.lognormal(1.0, 0.8, n), 2)
    y[rng.random(n) < 0.05] = 0.0
    pred = y * rng.normal(1.02, 0.1, n) + rng.normal(0, 0.3, n)
    nonzero = y != 0
    return {
        "rows": {"actual": y.tolist(), "predicted": pred.tolist()},
        "mae": float(mean_absolute_error(y, pred)),
        "rmse": float(np.sqrt(mean_squared_error(y, pred))),
        "mape": float(mean_absolute_percentage_error(y[nonzero], pred[nonzero])),
        "mape_excluded": int((~nonzero).sum()),
        "r2": float(r2_score(y, pred)),
        "mean_error": float(np.mean(pred - y)),
    }


def main():
    rng = np.random.default_rng(31337)
    doc = {
        "generator": "test/reference/gen_accuracy.py",
        "sklearn": sklearn.__version__,
        "binary": binary_case(rng, 4000),
        "binary_quantized": binary_case(rng, 3000, quantize=2),
        "multiclass": multiclass_case(rng, 3000),
        "regression": regression_case(rng, 3000),
        "multiclass_probabilities": multiclass_probabilities_case(rng, 2000),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "accuracy_reference.json").write_text(json.dumps(doc, indent=1) + "\n")


main()
