# shellcheck shell=bash
# Apicurio Registry 3.x with in-memory storage, serving the Confluent-compatible API
# under /apis/ccompat/v7 (sourced by stack.sh).
#
# 3.0.9 is the newest 3.x whose runnable distribution runs on Java 17: the 3.3.x
# distributions are compiled for Java 21 (class file 65), and 3.1/3.2 publish no
# `all` archive on Maven Central. 3.0.9's parent pom is also missing there, so the
# archive is fetched with `dependency:copy` 2.8 (which needs no descriptor) rather than
# through a pom.

REGISTRY_VERSION="${VIGIL_STACK_REGISTRY_VERSION:-3.0.9}"
# C1-only JIT and the serial collector: a test registry serves little traffic, and
# this starts faster and uses less memory on a 2-core machine.
REGISTRY_JVM_OPTS="${VIGIL_STACK_REGISTRY_JVM_OPTS:--Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"

registry_home() {
  printf '%s/apicurio-registry-%s' "$CACHE_DIR" "$REGISTRY_VERSION"
}

registry_install() {
  local home archive
  home="$(registry_home)"
  [ -f "$home/.complete" ] && return 0
  require_java
  require_maven
  log "resolving Apicurio Registry $REGISTRY_VERSION from Maven Central into $home"
  rm -rf "$home"
  mkdir -p "$home"
  # Plugin 2.8 copies the archive without reading its pom, whose parent is missing.
  maven_quiet org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
    -Dartifact="io.apicurio:apicurio-registry-app:$REGISTRY_VERSION:tar.gz:all" \
    -DoutputDirectory="$home"
  archive="$home/apicurio-registry-app-$REGISTRY_VERSION-all.tar.gz"
  tar -xzf "$archive" -C "$home"
  rm -f "$archive"
  touch "$home/.complete"
}

# 3.0.x ships a legacy runner jar plus lib/; later versions ship quarkus-run.jar.
registry_jar() {
  local home
  home="$(registry_home)"
  if [ -f "$home/quarkus-run.jar" ]; then
    printf '%s/quarkus-run.jar' "$home"
  else
    printf '%s/apicurio-registry-app-%s-runner.jar' "$home" "$REGISTRY_VERSION"
  fi
}

registry_ready() {
  http_ok "http://127.0.0.1:$1/apis/ccompat/v7/subjects"
}

registry_start() {
  local dir pid port
  local -a jvm_opts
  dir="$(service_dir registry)"
  pid="$(read_pid registry)"
  if pid_alive "$pid"; then
    log "registry already running (pid $pid) on port $(cat "$dir/port")"
    return 0
  fi
  registry_install
  local started=$SECONDS
  rm -rf "$dir"
  mkdir -p "$dir/logs" "$dir/tmp"
  port="$(free_ports 1)"
  printf '%s' "$port" >"$dir/port"
  read -r -a jvm_opts <<<"$REGISTRY_JVM_OPTS"
  log "starting schema registry on 127.0.0.1:$port"
  pid="$(start_detached "$dir/logs/registry.log" java "${jvm_opts[@]}" \
    -Djava.io.tmpdir="$dir/tmp" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.apicurio\".level=WARN \
    -Dquarkus.http.access-log.enabled=false \
    -jar "$(registry_jar)")"
  printf '%s' "$pid" >"$dir/pid"
  wait_ready registry "$pid" "$dir/logs" registry_ready "$port"
  log "schema registry ready at http://127.0.0.1:$port/apis/ccompat/v7 after $((SECONDS - started))s"
}
