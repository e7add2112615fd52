# shellcheck shell=bash
# Apache Kafka in KRaft mode, one JVM acting as broker and controller. Jars come from
# Maven Central through deploy/local/kafka/pom.xml (sourced by stack.sh).

KAFKA_POM="$LOCAL_DIR/kafka/pom.xml"
KAFKA_HEAP="${VIGIL_STACK_KAFKA_HEAP:--Xms256m -Xmx512m}"

# The cache folder is keyed by the pom's hash so a version bump downloads afresh.
kafka_libs_dir() {
  printf '%s/kafka-%s/libs' "$CACHE_DIR" "$(sha256sum "$KAFKA_POM" | cut -c1-12)"
}

kafka_install() {
  local libs
  libs="$(kafka_libs_dir)"
  [ -f "$libs/.complete" ] && return 0
  require_java
  require_maven
  log "resolving Kafka broker jars from Maven Central into $libs"
  rm -rf "$libs"
  maven_quiet -f "$KAFKA_POM" "$DEPENDENCY_PLUGIN:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$libs"
  touch "$libs/.complete"
}

# Fills KAFKA_JAVA with the JVM command line shared by the storage tool and the broker.
kafka_java_command() {
  local -a heap
  read -r -a heap <<<"$KAFKA_HEAP"
  KAFKA_JAVA=(java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$LOCAL_DIR/kafka/log4j2.xml"
    -Dkafka.logs.dir="$(service_dir kafka)/logs"
    -cp "$(kafka_libs_dir)/*")
}

# Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; one that
# starts with '-' would be read as a command-line flag, so draw again.
kafka_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [ "${id:0:1}" != "-" ] && break
  done
  printf '%s' "$id"
}

kafka_write_config() {
  local dir="$1" port="$2" controller_port="$3"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=true
# One node: every internal topic has a single replica. Fewer internal partitions
# make the first consumer group and the first transaction start quickly.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

kafka_ready() {
  local dir="$1" port="$2"
  port_open "$port" && grep -q 'Kafka Server started' "$dir/logs/server.log" 2>/dev/null
}

# mode "fresh": new ports, empty data. mode "reuse": same ports and data (restart).
kafka_start() {
  local mode="$1" dir pid port controller_port
  dir="$(service_dir kafka)"
  pid="$(read_pid kafka)"
  if pid_alive "$pid"; then
    log "kafka already running (pid $pid) on port $(cat "$dir/port")"
    return 0
  fi
  kafka_install
  local started=$SECONDS
  if [ "$mode" = fresh ] || [ ! -s "$dir/port" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/logs"
    { read -r port; read -r controller_port; } < <(free_ports 2)
    printf '%s' "$port" >"$dir/port"
    printf '%s' "$controller_port" >"$dir/controller-port"
  fi
  port="$(cat "$dir/port")"
  controller_port="$(cat "$dir/controller-port")"
  kafka_write_config "$dir" "$port" "$controller_port"
  kafka_java_command
  if [ ! -f "$dir/data/meta.properties" ]; then
    # The storage tool runs for a second: the C1 compiler alone starts it sooner.
    "${KAFKA_JAVA[0]}" -XX:TieredStopAtLevel=1 "${KAFKA_JAVA[@]:1}" kafka.tools.StorageTool format --ignore-formatted \
      -t "$(kafka_cluster_id)" -c "$dir/server.properties" >>"$dir/logs/format.log" 2>&1 ||
      { tail -n 20 "$dir/logs/format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  # A restart must wait for the new start-up line, not match the previous one.
  if [ -f "$dir/logs/server.log" ]; then mv "$dir/logs/server.log" "$dir/logs/server.previous.log"; fi
  log "starting kafka on 127.0.0.1:$port (controller $controller_port)"
  pid="$(start_detached "$dir/logs/stdout.log" "${KAFKA_JAVA[@]}" kafka.Kafka "$dir/server.properties")"
  printf '%s' "$pid" >"$dir/pid"
  wait_ready kafka "$pid" "$dir/logs" kafka_ready "$dir" "$port"
  log "kafka ready on 127.0.0.1:$port after $((SECONDS - started))s"
}
