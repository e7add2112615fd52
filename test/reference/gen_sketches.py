"""Reference fixtures for services/core/sketches (t-digest, moments, categorical counts).

Writes into the directory given as argv[1]:
  sketches-samples.f64le.bin  four numeric samples, 25,000 little-endian float64 each, in the
                              order of "numeric" in the JSON (seeded numpy PCG64, seed 20261123);
  sketches-reference.json     numpy quantiles (default "linear" method) and moments of each
                              sample, plus a Zipf-like categorical sample and numpy's counts of it.
"""

import json
import pathlib
import sys

import numpy as np

SEED = 20261123
SIZE = 25_000
QUANTILES = [0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0]


def numeric_samples(rng: np.random.Generator) -> dict[str, np.ndarray]:
    bimodal_pick = rng.random(SIZE) < 0.7
    return {
        "normal": rng.normal(0.0, 1.0, SIZE),
        "lognormal": rng.lognormal(0.0, 1.0, SIZE),
        "bimodal": np.where(bimodal_pick, rng.normal(0.0, 1.0, SIZE), rng.normal(8.0, 0.5, SIZE)),
        # floor of a Pareto(alpha=1.2, x_m=1): over half the values tie at 1, with a long tail.
        "heavy-tailed-ties": np.floor(rng.pareto(1.2, SIZE) + 1.0),
    }


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    samples = numeric_samples(rng)

    numeric = []
    for name, values in samples.items():
        numeric.append(
            {
                "name": name,
                "size": int(values.size),
                "quantiles": {"q": QUANTILES, "linear": np.quantile(values, QUANTILES).tolist()},
                "mean": float(np.mean(values)),
                "var_ddof0": float(np.var(values, ddof=0)),
                "var_ddof1": float(np.var(values, ddof=1)),
                "min": float(np.min(values)),
                "max": float(np.max(values)),
            }
        )
    np.concatenate(list(samples.values())).astype("<f8").tofile(out / "sketches-samples.f64le.bin")

    # Categorical: Zipf(1.8) ranks as category codes "c<rank>": a few heavy values and hundreds of
    # rare ones, which exercises the capacity cap.
    codes = rng.zipf(1.8, 20_000)
    labels, counts = np.unique(codes, return_counts=True)
    categorical = {
        "codes": codes.tolist(),
        "counts": {f"c{int(label)}": int(count) for label, count in zip(labels, counts)},
    }

    reference = {"generator": "test/reference/gen_sketches.py", "seed": SEED, "numeric": numeric, "categorical": categorical}
    (out / "sketches-reference.json").write_text(json.dumps(reference, sort_keys=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
