#!/usr/bin/env bash
# Runs every reference generator (test/reference/gen_*.py) with seeded data.
#   regenerate.sh          rewrite test/reference/fixtures/
#   regenerate.sh --check  regenerate into a temporary folder and fail on any difference
#                          (floats within 1e-12 relative: see compare_fixtures.py), so
#                          committed fixtures can never drift from their generator.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="$(bash "$here/../../deploy/local/python-env.sh")"
mode="${1:-write}"
if [ "$mode" = "--check" ]; then out="$(mktemp -d)"; else out="$here/fixtures"; fi
mkdir -p "$out"
for gen in "$here"/gen_*.py; do
  [ -e "$gen" ] || continue
  "$python" "$gen" "$out"
done
if [ "$mode" = "--check" ]; then
  if ! "$python" "$here/compare_fixtures.py" "$here/fixtures" "$out"; then
    echo "reference fixtures differ from their generators: run test/reference/regenerate.sh and commit" >&2
    exit 1
  fi
  rm -rf "$out"
  echo "reference fixtures match their generators"
fi
