#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on loopback, then stops and deletes it.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Installs PostgreSQL from Debian when it is missing, starts a cluster in a temporary folder on a
# free loopback port, exports CARDPLANE_TEST_POSTGRES_URL (a superuser URL), runs COMMAND, and
# stops the cluster even when COMMAND fails. Needs root (apt-get) or an existing installation.
# fsync is off by default (tests need speed, not durability across power loss); set
# CARDPLANE_PG_FSYNC=on for benchmarks.
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ]; then
    echo "with-postgres: installing PostgreSQL from Debian" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

run_as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d /tmp/cardplane-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

stop() {
    run_as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

run_as_postgres "$pg_bin/initdb" -D "$dir/data" -U cardplane --auth=trust >/dev/null
run_as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${CARDPLANE_PG_FSYNC:-off}" \
    start >/dev/null

export CARDPLANE_TEST_POSTGRES_URL="postgres://cardplane@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port" >&2
"$@"
