#!/usr/bin/env bash
# The local stack for tests and `npm start`: Kafka (KRaft), Apicurio schema registry and
# ClickHouse as plain child processes, no Docker needed.
#
#   deploy/local/stack.sh install                         download/install only (CI prefetch)
#   deploy/local/stack.sh up [kafka] [registry] [clickhouse]   start (default: all), wait until ready
#   deploy/local/stack.sh down                            stop everything this stack started
#   deploy/local/stack.sh restart-kafka                   stop and start the broker, same port and data
#   deploy/local/stack.sh stop clickhouse                 stop the ClickHouse server, keep its port and data
#   deploy/local/stack.sh start clickhouse                start it again on the same port with the same data
#   deploy/local/stack.sh status                          print what runs and the env file
#
# After `up`, `source "${VIGIL_STACK_DIR:-.vigil/stack}/env"` exports VIGIL_KAFKA_BROKERS,
# VIGIL_SCHEMA_REGISTRY_URL and VIGIL_TEST_CLICKHOUSE_URL for the services started.
# VIGIL_STACK_DIR moves the state folder so two stacks can run side by side.
set -euo pipefail

lib="$(cd "$(dirname "$0")" && pwd)/lib"
# shellcheck source=deploy/local/lib/common.sh
source "$lib/common.sh"
# shellcheck source=deploy/local/lib/kafka.sh
source "$lib/kafka.sh"
# shellcheck source=deploy/local/lib/registry.sh
source "$lib/registry.sh"
# shellcheck source=deploy/local/lib/clickhouse.sh
source "$lib/clickhouse.sh"

ALL_SERVICES=(kafka registry clickhouse)

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

check_names() {
  local name
  for name in "$@"; do
    case "$name" in
      kafka | registry | clickhouse) ;;
      *) die "unknown service '$name' (expected: ${ALL_SERVICES[*]})" ;;
    esac
  done
}

cmd_install() {
  local -a names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${ALL_SERVICES[@]}")
  check_names "${names[@]}"
  local name
  for name in "${names[@]}"; do with_install_lock "${name}_install"; done
  log "installed: ${names[*]}"
}

cmd_up() {
  local -a names=("$@")
  [ ${#names[@]} -gt 0 ] || names=("${ALL_SERVICES[@]}")
  check_names "${names[@]}"
  mkdir -p "$STACK_DIR"
  local name
  # Download everything first so that no start-up races a download.
  for name in "${names[@]}"; do with_install_lock "${name}_install"; done
  # Start in parallel (JVM start-up dominates), then wait for every one of them.
  local -A starters=()
  for name in "${names[@]}"; do
    case "$name" in
      kafka) kafka_start fresh & ;;
      *) "${name}_start" & ;;
    esac
    starters[$name]=$!
  done
  local failed=()
  for name in "${names[@]}"; do
    wait "${starters[$name]}" || failed+=("$name")
  done
  write_env_file
  [ ${#failed[@]} -eq 0 ] || die "failed to start: ${failed[*]} (the others keep running; 'down' stops them)"
  log "env written to $STACK_DIR/env:"
  grep '^export' "$STACK_DIR/env" >&2 || true
}

cmd_down() {
  local name
  for name in "${ALL_SERVICES[@]}"; do stop_service "$name"; done
  if [ -d "$STACK_DIR" ]; then write_env_file; fi
  log "stack stopped"
}

cmd_restart_kafka() {
  [ -s "$(service_dir kafka)/port" ] || die "kafka was never started in $STACK_DIR; run 'up kafka' first"
  stop_service kafka
  kafka_start reuse
  write_env_file
}

# Outage drills: stop the ClickHouse server and bring it back with its data (tests of the
# processor's backlog handling). `up clickhouse` would start a fresh, empty server instead.
cmd_stop_clickhouse() {
  [ -s "$(service_dir clickhouse)/port" ] || die "clickhouse was never started in $STACK_DIR; run 'up clickhouse' first"
  stop_service clickhouse
  write_env_file
}

cmd_start_clickhouse() {
  [ -s "$(service_dir clickhouse)/port" ] || die "clickhouse was never started in $STACK_DIR; run 'up clickhouse' first"
  clickhouse_start reuse
  write_env_file
}

cmd_status() {
  local name pid
  for name in "${ALL_SERVICES[@]}"; do
    pid="$(read_pid "$name")"
    if pid_alive "$pid"; then
      printf '%-10s running  pid %-7s port %s\n' "$name" "$pid" "$(cat "$(service_dir "$name")/port")"
    else
      printf '%-10s stopped\n' "$name"
    fi
  done
  [ -f "$STACK_DIR/env" ] && cat "$STACK_DIR/env"
  return 0
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
  install) cmd_install "$@" ;;
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  restart-kafka) cmd_restart_kafka ;;
  stop | start)
    [ "${1:-}" = clickhouse ] && [ $# -eq 1 ] || die "'$command' takes exactly one service: clickhouse"
    "cmd_${command}_clickhouse"
    ;;
  status) cmd_status ;;
  *) usage ;;
esac
