# shellcheck shell=bash
# ClickHouse server from Debian's `clickhouse-server` package (18.16), run as a child
# process with its own config and data folder: no systemd, no system service, no
# /etc/clickhouse-server (sourced by stack.sh).

clickhouse_install() {
  command -v clickhouse-server >/dev/null && return 0
  [ "$(id -u)" -eq 0 ] || die "clickhouse-server is missing; install it with: sudo apt-get install -y clickhouse-server"
  log "installing clickhouse-server with apt-get"
  # Lock timeout: another apt-get (an engineer or a CI step) may hold the dpkg lock.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends clickhouse-server >/dev/null
}

clickhouse_write_config() {
  local dir="$1" http_port="$2" tcp_port="$3"
  # 18.16 reads <yandex> as the root element. Running as root is fine as long as the
  # data folder belongs to the same user, which it does since we create it.
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$dir/logs/server.log</log>
    <errorlog>$dir/logs/error.log</errorlog>
    <size>20M</size>
    <count>2</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http_port</http_port>
  <tcp_port>$tcp_port</tcp_port>
  <max_connections>256</max_connections>
  <keep_alive_timeout>10</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <uncompressed_cache_size>134217728</uncompressed_cache_size>
  <mark_cache_size>134217728</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/data/tmp/</tmp_path>
  <user_files_path>$dir/data/user_files/</user_files_path>
  <format_schema_path>$dir/data/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <max_session_timeout>3600</max_session_timeout>
  <default_session_timeout>60</default_session_timeout>
</yandex>
EOF
  cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
EOF
}

clickhouse_ready() {
  http_ok "http://127.0.0.1:$1/ping"
}

# mode "fresh" (default): new ports, empty data. mode "reuse": same ports and data (restart).
clickhouse_start() {
  local mode="${1:-fresh}" dir pid http_port tcp_port
  dir="$(service_dir clickhouse)"
  pid="$(read_pid clickhouse)"
  if pid_alive "$pid"; then
    log "clickhouse already running (pid $pid) on port $(cat "$dir/port")"
    return 0
  fi
  clickhouse_install
  local started=$SECONDS
  if [ "$mode" = fresh ] || [ ! -s "$dir/port" ]; then
    rm -rf "$dir"
    mkdir -p "$dir/logs" "$dir/data/tmp" "$dir/data/user_files" "$dir/data/format_schemas"
    { read -r http_port; read -r tcp_port; } < <(free_ports 2)
    printf '%s' "$http_port" >"$dir/port"
    printf '%s' "$tcp_port" >"$dir/tcp-port"
    clickhouse_write_config "$dir" "$http_port" "$tcp_port"
  fi
  http_port="$(cat "$dir/port")"
  tcp_port="$(cat "$dir/tcp-port")"
  log "starting clickhouse on 127.0.0.1:$http_port (native $tcp_port)"
  pid="$(start_detached "$dir/logs/stdout.log" clickhouse-server --config-file="$dir/config.xml")"
  printf '%s' "$pid" >"$dir/pid"
  wait_ready clickhouse "$pid" "$dir/logs" clickhouse_ready "$http_port"
  log "clickhouse ready at http://127.0.0.1:$http_port after $((SECONDS - started))s"
}
