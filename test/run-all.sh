#!/usr/bin/env bash
# `npm test`: installs and starts what the tests need, runs every check and both test tiers,
# stops what it started, and prints the totals alone on the last line: "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export VIGIL_STACK_DIR="${VIGIL_STACK_DIR:-$root/.vigil/test-stack}"
results="$root/.vigil/test-results"
mkdir -p "$results"
failed_steps=()   # steps that are not vitest tiers
tier_failed=0

step() { printf '\n== %s\n' "$*"; }
run_step() {
  local name="$1"; shift
  step "$name"
  if ! "$@"; then failed_steps+=("$name"); fi
}

stop_stack() { bash deploy/local/stack.sh down >/dev/null 2>&1 || true; }
trap stop_stack EXIT INT TERM

rm -f "$results"/*.json
step "install"
bash deploy/local/install-node-deps.sh || { echo "npm install failed"; echo "0 passed, 1 failed"; exit 1; }
bash deploy/local/python-env.sh >/dev/null || { echo "python environment failed"; echo "0 passed, 1 failed"; exit 1; }

run_step "typecheck" npx tsc --noEmit -p tsconfig.json
run_step "lint (zero warnings)" npx eslint --max-warnings 0 .
run_step "reference fixtures match their generators" bash test/reference/regenerate.sh --check

# Each tier has a time limit far above its usual run (unit ~3 min, integration ~10 min), so a
# hung test fails the run with its name on screen instead of eating CI's whole budget.
run_tier() {
  local project="$1" limit="$2"
  timeout --kill-after=30 "$limit" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$results/$project.json"
  local rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    failed_steps+=("$project tier exceeded ${limit} (a test hung; see the last files above)")
    pkill -f "$root/node_modules/vitest" 2>/dev/null || true
  fi
  [ "$rc" = 0 ] || tier_failed=1
}

step "unit tier"
run_tier unit 20m

step "start the local stack (Kafka, schema registry, ClickHouse server)"
if bash deploy/local/stack.sh up; then
  set -a; . "$VIGIL_STACK_DIR/env"; set +a
  npx tsx deploy/local/warm-up-kafka.ts || failed_steps+=("kafka warm-up")
  step "integration tier"
  run_tier integration 45m
else
  failed_steps+=("local stack")
fi
stop_stack

step "summary"
for name in "${failed_steps[@]}"; do echo "failed step: $name"; done
[ "$tier_failed" = 0 ] || echo "failed step: a vitest tier (see above)"
node deploy/local/test-totals.mjs "${#failed_steps[@]}" "$results/unit.json" "$results/integration.json"
