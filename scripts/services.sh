#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL and Redis on loopback for the test run.
#   scripts/services.sh start   -> prints the DATABASE_URL and REDIS_URL to use
#   scripts/services.sh stop
# Installs the Debian packages when missing and running as root; otherwise says what to install.
set -euo pipefail
STATE=${JWTDEBUGGER_SERVICES_DIR:-/tmp/jwtdebugger-services}
PG_PORT=${JWTDEBUGGER_PG_PORT:-54329}
REDIS_PORT=${JWTDEBUGGER_REDIS_PORT:-63799}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_packages() {
  local missing=()
  [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} for the PostgreSQL/Redis test run" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/dev/null
    # The package starts its own cluster on 5432; we use our own on $PG_PORT, so stop it.
    if command -v pg_ctlcluster >/dev/null; then pg_lsclusters -h 2>/dev/null | while read -r v c _; do pg_ctlcluster "$v" "$c" stop 2>/dev/null || true; done; fi
    service redis-server stop >/dev/null 2>&1 || true
  else
    echo "error: the PostgreSQL/Redis test run needs the Debian packages: ${missing[*]}" >&2
    exit 1
  fi
}

start() {
  ensure_packages
  stop >/dev/null 2>&1 || true
  mkdir -p "$STATE"
  local bin; bin=$(pg_bin)
  local run_as=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$STATE"; run_as=(runuser -u postgres --); fi
  "${run_as[@]}" "$bin/initdb" -D "$STATE/pg" -A trust -U postgres >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$STATE/pg" -l "$STATE/pg.log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $STATE -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" --dir "$STATE"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  "${run_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres jwtdebugger
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/jwtdebugger"
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

stop() {
  local bin; bin=$(pg_bin)
  if [ -d "$STATE/pg" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$STATE/pg" -m fast -w stop || true
    else "$bin/pg_ctl" -D "$STATE/pg" -m fast -w stop || true; fi
  fi
  if [ -f "$STATE/redis.pid" ]; then kill "$(cat "$STATE/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
