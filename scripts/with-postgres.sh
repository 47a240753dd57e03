#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server on a local port, and stops it afterwards.
# The command sees QINGSHAN_TEST_POSTGRES=postgres://qingshan@127.0.0.1:PORT/postgres (a superuser, trust auth).
# Usage: scripts/with-postgres.sh COMMAND [ARGS…]   (PORT from QINGSHAN_PG_PORT, default 54329)
set -euo pipefail
port="${QINGSHAN_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ]; then echo "PostgreSQL is not installed: run scripts/install-deps.sh test" >&2; exit 1; fi
dir="$(mktemp -d /tmp/qingshan-pg.XXXXXX)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root; the Debian package creates the postgres user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U qingshan --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
stop() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
export QINGSHAN_TEST_POSTGRES="postgres://qingshan@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
"$@"
