#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and local shared use.
#
#   scripts/pg.sh start   # install if missing, initdb under /tmp, start on 127.0.0.1, print the URL
#   scripts/pg.sh url     # print the URL of the running server
#   scripts/pg.sh stop    # stop the server and delete its data directory
#
# ORBAT_PG_DIR overrides the directory (default /tmp/orbat-pg). The server trusts local TCP
# connections on 127.0.0.1 only: it is for tests and one machine, never for a network.
# Typical use:  export ORBAT_TEST_PG_URL=$(scripts/pg.sh start)
set -euo pipefail

DIR=${ORBAT_PG_DIR:-/tmp/orbat-pg}
DATA=$DIR/data
DB=orbat
USER_NAME=orbat

log() { echo "pg.sh: $*" >&2; }

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    return 0
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [[ -n $d && -x $d/pg_ctl ]]; then BIN=$d; return 0; fi
  return 1
}

install_pg() {
  if find_bin; then return 0; fi
  [[ $(id -u) -eq 0 ]] || { log "PostgreSQL is not installed and installing needs root"; exit 1; }
  log "installing PostgreSQL from the distribution's packages"
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  find_bin || { log "PostgreSQL binaries not found after install"; exit 1; }
}

# initdb and postgres refuse to run as root: run them as the `postgres` system user (created
# if it is missing) when we are root, as ourselves otherwise.
ensure_user() {
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    ensure_user
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() {
  [[ -f $DIR/port ]] || { log "no server in $DIR (run: scripts/pg.sh start)"; exit 1; }
  echo "postgresql+psycopg://$USER_NAME@127.0.0.1:$(cat "$DIR/port")/$DB"
}

running() {
  [[ -f $DIR/port ]] && find_bin && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  install_pg
  if running; then url; return 0; fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [[ $(id -u) -eq 0 ]]; then ensure_user; chown postgres "$DIR"; fi
  as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" -A trust -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  local port
  port=$(free_port)
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $DIR -c fsync=off -c max_connections=100" start >&2 \
    || { cat "$DIR/server.log" >&2; exit 1; }
  echo "$port" >"$DIR/port"
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U "$USER_NAME" "$DB"
  url
}

stop() {
  if find_bin && [[ -d $DATA ]]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
  fi
  rm -rf "$DIR"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
