#!/usr/bin/env bash
# `npm start`: installs what is missing, starts a local Kafka (and the schema registry when
# VIGIL_ENCODING=avro), uses the embedded ClickHouse, runs the single-process target and the
# fleet simulator, and prints where to look (query API, its docs, the local admin key, metrics). Ctrl-C stops everything cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
export VIGIL_STACK_DIR="${VIGIL_STACK_DIR:-$root/.vigil/run-stack}"
say() { printf '\033[1mvigil:\033[0m %s\n' "$*"; }

say "installing what is missing (npm packages, Kafka jars)…"
bash deploy/local/install-node-deps.sh
services=(kafka)
[ "${VIGIL_ENCODING:-json}" = "avro" ] && services+=(registry)

pids=()
stopping=0
cleanup() {
  [ "$stopping" = 1 ] && return
  stopping=1
  say "stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash deploy/local/stack.sh down >/dev/null 2>&1 || true
  say "stopped."
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash deploy/local/stack.sh up "${services[@]}"
set -a; . "$VIGIL_STACK_DIR/env"; set +a
unset VIGIL_TEST_CLICKHOUSE_URL
npx tsx deploy/local/warm-up-kafka.ts
export VIGIL_CLICKHOUSE_MODE="${VIGIL_CLICKHOUSE_MODE:-embedded}"
export VIGIL_CLICKHOUSE_PATH="${VIGIL_CLICKHOUSE_PATH:-$root/.vigil/chdb}"

node --import tsx services/all/main.ts --seed-demo-settings --demo-key-file "$root/.vigil/api-key" &
pids+=($!)
node --import tsx services/simulator/cli/run.ts --preset "${VIGIL_SIM_PRESET:-demo}" \
  --ground-truth "$root/.vigil/ground-truth.json" &
pids+=($!)

say "Kafka broker: $VIGIL_KAFKA_BROKERS (topics vigil.predictions, vigil.outcomes, vigil.dead-letters, vigil.anomalies)"
say "embedded ClickHouse: $VIGIL_CLICKHOUSE_PATH"
say "simulator ground truth (what was injected, where, when): .vigil/ground-truth.json"
say "query API: http://${VIGIL_API_HOST:-127.0.0.1}:${VIGIL_API_PORT:-8080}/v1/models  (docs: /docs; admin key in .vigil/api-key once the store is ready)"
say "  curl -H \"Authorization: Bearer \$(cat .vigil/api-key)\" http://127.0.0.1:${VIGIL_API_PORT:-8080}/v1/models"
say "processor metrics: http://${VIGIL_PROCESSOR_HTTP_HOST:-127.0.0.1}:${VIGIL_PROCESSOR_HTTP_PORT:-9464}/metrics; Ctrl-C stops everything."
# Stop everything when either process ends on its own.
wait -n "${pids[@]}" || true
