# shellcheck shell=bash
# Shared helpers for the local stack (sourced by stack.sh; not run directly).
# Layout: every service keeps its config, data, log, pid and port files under
# "$STACK_DIR/<service>/"; downloads are cached under "$CACHE_DIR" and ~/.m2.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
# shellcheck disable=SC2034 # used by the service files sourced after this one
LOCAL_DIR="$REPO_ROOT/deploy/local"
STACK_DIR="${VIGIL_STACK_DIR:-$REPO_ROOT/.vigil/stack}"
CACHE_DIR="${VIGIL_STACK_CACHE:-$REPO_ROOT/.cache/stack}"
# Bounded waits, in seconds; CI machines are slow when two JVMs start at once.
READY_TIMEOUT="${VIGIL_STACK_READY_TIMEOUT:-180}"
STOP_TIMEOUT="${VIGIL_STACK_STOP_TIMEOUT:-20}"

# Serialises downloads into the shared cache when two stacks start at once.
with_install_lock() {
  mkdir -p "$CACHE_DIR"
  (
    flock 9
    "$@"
  ) 9>"$CACHE_DIR/.install.lock"
}

log() { printf '[stack] %s\n' "$*" >&2; }

die() {
  printf '[stack] ERROR: %s\n' "$*" >&2
  exit 1
}

service_dir() { printf '%s/%s' "$STACK_DIR" "$1"; }

# Asks the kernel for N distinct unused loopback ports (bind to port 0, read them back
# while all are still bound), one per line.
free_ports() {
  python3 - "${1:-1}" <<'PY'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))
PY
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Runs a program in a new session so that `down` can stop it and every child it
# spawned with one signal to the process group. Prints the pid (= group id).
start_detached() {
  local log_file="$1"
  shift
  # A background job of a non-interactive shell is not a group leader, so setsid
  # does not fork again and $! is the service's own pid.
  setsid "$@" </dev/null >>"$log_file" 2>&1 &
  printf '%s' "$!"
}

pid_alive() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# Prints the recorded pid only while that process is still ours: every service's command
# line names its own folder, so a pid reused by an unrelated process is never signalled.
read_pid() {
  local dir pid
  dir="$(service_dir "$1")"
  [ -f "$dir/pid" ] || return 0
  pid="$(cat "$dir/pid")"
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir/"; then
    printf '%s' "$pid"
  fi
}

tail_logs() {
  local file
  for file in "$1"/*.log; do
    [ -s "$file" ] || continue
    printf '==> %s <==\n' "$file" >&2
    tail -n 30 "$file" >&2
  done
}

# Polls `check` (a shell function name plus arguments) until it succeeds, the
# process dies, or READY_TIMEOUT passes; on failure prints the log tail and exits.
wait_ready() {
  local name="$1" pid="$2" logs_dir="$3"
  shift 3
  local deadline=$((SECONDS + READY_TIMEOUT))
  while ! "$@"; do
    if ! pid_alive "$pid"; then
      log "$name exited during start-up; last lines of its logs:"
      tail_logs "$logs_dir"
      die "$name did not start"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name not ready after ${READY_TIMEOUT}s; last lines of its logs:"
      tail_logs "$logs_dir"
      stop_service "$name"
      die "$name did not become ready"
    fi
    sleep 0.5
  done
}

# SIGTERM to the whole process group, wait, then SIGKILL. Safe when nothing runs.
stop_service() {
  local name="$1" pid
  pid="$(read_pid "$name")"
  if pid_alive "$pid"; then
    log "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + STOP_TIMEOUT))
    while pid_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
    if pid_alive "$pid"; then
      log "$name ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      while pid_alive "$pid"; do sleep 0.1; done
    fi
  fi
  rm -f "$(service_dir "$name")/pid"
}

# Pinned so every Maven version resolves the same way (3.8.x needs Maven 3.6.3+).
# shellcheck disable=SC2034 # used by kafka.sh
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# Runs Maven with its output in a log file, shown only when it fails.
maven_quiet() {
  local log_file
  mkdir -p "$CACHE_DIR"
  log_file="$CACHE_DIR/maven.log"
  if ! mvn -B -ntp "$@" >"$log_file" 2>&1; then
    tail -n 40 "$log_file" >&2
    die "Maven failed (full log: $log_file)"
  fi
}

require_java() {
  command -v java >/dev/null || die "java not found (Java 17 or newer is required)"
}

require_maven() {
  command -v mvn >/dev/null || die "mvn not found (Maven resolves Kafka and the registry)"
}

# Rewrites the sourceable env file from the services that are currently running.
write_env_file() {
  local env_file="$STACK_DIR/env" tmp
  tmp="$(mktemp "$STACK_DIR/env.XXXXXX")"
  {
    printf '# Written by deploy/local/stack.sh; source it before the integration tests.\n'
    if pid_alive "$(read_pid kafka)"; then
      printf 'export VIGIL_KAFKA_BROKERS=127.0.0.1:%s\n' "$(cat "$(service_dir kafka)/port")"
    fi
    if pid_alive "$(read_pid registry)"; then
      printf 'export VIGIL_SCHEMA_REGISTRY_URL=http://127.0.0.1:%s/apis/ccompat/v7\n' "$(cat "$(service_dir registry)/port")"
    fi
    if pid_alive "$(read_pid clickhouse)"; then
      printf 'export VIGIL_TEST_CLICKHOUSE_URL=http://127.0.0.1:%s\n' "$(cat "$(service_dir clickhouse)/port")"
    fi
  } >"$tmp"
  mv "$tmp" "$env_file"
}

# True when an HTTP GET returns 2xx (python3 is on every supported machine; curl may not be).
http_ok() {
  python3 - "$1" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if 200 <= response.status < 300 else 1)
PY
}
