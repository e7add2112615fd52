"""Compares regenerated reference fixtures with the committed ones.

Exact for structure, strings and binary files. Floats may differ in their last bits: numpy and
OpenBLAS pick SIMD kernels by CPU (AVX2, AVX-512, Zen or Skylake code paths), which changes the
summation order of float reductions. A float matches when it is within 1e-12 relative (or 1e-15
absolute, for values that cancel to about zero) of the committed one: six orders of magnitude
tighter than the 1e-9 the tests check, so any real change to a generator still fails.

usage: compare_fixtures.py COMMITTED_DIR REGENERATED_DIR
"""
import json
import math
import sys
from pathlib import Path

REL = 1e-12
ABS = 1e-15


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= max(ABS, REL * max(abs(a), abs(b)))


def differences(a, b, path: str):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None or isinstance(a, str) or isinstance(b, str):
        if a != b or type(a) is not type(b):
            yield f"{path}: {a!r} != {b!r}"
        return
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if not close(float(a), float(b)):
            yield f"{path}: {a!r} != {b!r}"
        return
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items != {len(b)} items"
            return
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{i}]")
        return
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            yield f"{path}: keys {sorted(set(a) ^ set(b))} differ (or their order)"
            return
        for key in a:
            yield from differences(a[key], b[key], f"{path}.{key}")
        return
    yield f"{path}: {type(a).__name__} != {type(b).__name__}"


def main() -> int:
    committed, regenerated = Path(sys.argv[1]), Path(sys.argv[2])
    names = sorted({p.name for p in committed.iterdir()} | {p.name for p in regenerated.iterdir()})
    failures = []
    for name in names:
        a, b = committed / name, regenerated / name
        if not a.exists() or not b.exists():
            failures.append(f"{name}: only in {'the regenerated' if b.exists() else 'the committed'} fixtures")
        elif name.endswith(".json"):
            found = list(differences(json.loads(a.read_text()), json.loads(b.read_text()), name))
            failures.extend(found[:20])
        elif a.read_bytes() != b.read_bytes():
            failures.append(f"{name}: bytes differ")
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
