#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks: a fresh cluster in a temporary folder on a free loopback port.
#   scripts/throwaway-postgres.sh start [port]   prints the connection string on its last line
#   scripts/throwaway-postgres.sh stop <folder>  stops the cluster and deletes its folder
# Uses Debian's postgresql package (installed with apt-get when missing and running as root). Run as root, the
# cluster belongs to the "postgres" user, as PostgreSQL refuses to run as root.
set -euo pipefail

bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

ensure_installed() {
  [ -n "$(bindir)" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the tests (apt-get install postgresql)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  fi
  [ -n "$(bindir)" ]
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    ensure_installed || { echo "PostgreSQL is not installed and could not be installed here (Debian: apt-get install postgresql)." >&2; exit 2; }
    bin="$(bindir)"
    port="${2:-$(free_port)}"
    folder="$(mktemp -d /tmp/workorders-pg.XXXXXX)"
    chmod 755 "$folder"
    [ "$(id -u)" = "0" ] && chown postgres "$folder"
    as_owner "$bin/initdb" -D "$folder/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Throwaway data: durability settings off, so tests spend their time in the product, not in fsync.
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 start -o \
      "-p $port -c listen_addresses=127.0.0.1 -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    echo "$folder"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres"
    ;;
  stop)
    folder="${2:?usage: throwaway-postgres.sh stop <folder>}"
    bin="$(bindir)"
    [ -d "$folder/data" ] && as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start [port] | stop <folder>" >&2; exit 64 ;;
esac
