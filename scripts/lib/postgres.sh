# A throwaway PostgreSQL on loopback, for scripts that source this file:
#
#   . scripts/lib/postgres.sh
#   postgres_start      # exports CARDPLANE_TEST_POSTGRES_URL (a superuser URL)
#   ...
#   postgres_stop       # stops the cluster and deletes its folder
#
# Installs PostgreSQL from Debian when it is missing (needs root), starts a cluster in a temporary
# folder on a free loopback port. fsync is off by default (tests need speed, not durability across
# power loss); set CARDPLANE_PG_FSYNC=on for benchmarks. TLS is on (a throwaway CA in
# $CARDPLANE_TEST_POSTGRES_CA, a server certificate for `localhost`) unless CARDPLANE_PG_SSL=off.
# CARDPLANE_PG_OPTIONS adds server settings (e.g. "-c shared_preload_libraries=pg_stat_statements"
# to see where a benchmark's statements spend their time). CARDPLANE_PG_KEEP_DIR names a folder that
# outlives the cluster: its data is made there only when missing and kept at stop (a benchmark's
# seeded database, reused by the next run).

postgres_dir=

postgres_run_as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_start() {
    local pg_bin port
    pg_bin=$(postgres_bin || true)
    if [ -z "$pg_bin" ]; then
        echo "postgres: installing PostgreSQL from Debian" >&2
        apt-get update -qq >&2 || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
        pg_bin=$(postgres_bin) || return 1
    fi
    if [ -n "${CARDPLANE_PG_KEEP_DIR:-}" ]; then
        postgres_dir=$CARDPLANE_PG_KEEP_DIR
        mkdir -p "$postgres_dir" || return 1
    else
        postgres_dir=$(mktemp -d /tmp/cardplane-pg.XXXXXX) || return 1
    fi
    if [ "$(id -u)" = 0 ]; then chown postgres "$postgres_dir" || return 1; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    if [ ! -d "$postgres_dir/data" ]; then
        postgres_run_as_owner "$pg_bin/initdb" -D "$postgres_dir/data" -U cardplane --auth=trust >/dev/null || return 1
    fi
    local ssl_options=
    if [ "${CARDPLANE_PG_SSL:-on}" = on ] && postgres_make_certificates; then
        ssl_options="-c ssl=on -c ssl_cert_file=$postgres_dir/server.crt -c ssl_key_file=$postgres_dir/server.key"
        export CARDPLANE_TEST_POSTGRES_CA="$postgres_dir/ca.crt"
    fi
    postgres_run_as_owner "$pg_bin/pg_ctl" -D "$postgres_dir/data" -l "$postgres_dir/log" -w \
        -o "-p $port -k $postgres_dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c fsync=${CARDPLANE_PG_FSYNC:-off} $ssl_options ${CARDPLANE_PG_OPTIONS:-}" \
        start >/dev/null || { cat "$postgres_dir/log" >&2; return 1; }
    export CARDPLANE_TEST_POSTGRES_URL="postgres://cardplane@127.0.0.1:$port/postgres"
    echo "postgres: PostgreSQL on 127.0.0.1:$port" >&2
}

# A throwaway CA and a server certificate it signed for the name `localhost` only (so `verify-full`
# to 127.0.0.1 fails, as it must), for TLS tests. Skipped, with a note, without openssl.
postgres_make_certificates() {
    if ! command -v openssl >/dev/null; then
        echo "postgres: no openssl, so no TLS; the sslmode tests will not run" >&2
        return 1
    fi
    (
        cd "$postgres_dir" || exit 1
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
            -subj "/CN=Cardplane test CA" -keyout ca.key -out ca.crt 2>/dev/null &&
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null &&
            printf 'subjectAltName=DNS:localhost\n' >server.ext &&
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
                -extfile server.ext -out server.crt 2>/dev/null &&
            chmod 600 server.key &&
            if [ "$(id -u)" = 0 ]; then chown postgres server.key server.crt; fi
    ) || { echo "postgres: could not make TLS certificates; no TLS" >&2; return 1; }
}

postgres_stop() {
    [ -n "$postgres_dir" ] || return 0
    # A refused connection fails whichever test met it, far from the cause: name the cause here.
    # (Tests that drop their database end its autovacuum worker: not a refusal.)
    local fatal
    fatal=$(grep "FATAL" "$postgres_dir/log" 2>/dev/null | grep -v "administrator command" || true)
    if [ -n "$fatal" ]; then
        echo "postgres: the server refused connections:" >&2
        echo "$fatal" | sed 's/^[^F]*FATAL/FATAL/' | sort | uniq -c | sort -rn | head -n 5 >&2
    fi
    postgres_run_as_owner "$(postgres_bin)/pg_ctl" -D "$postgres_dir/data" -m fast stop >/dev/null 2>&1 || true
    [ -n "${CARDPLANE_PG_KEEP_DIR:-}" ] || rm -rf "$postgres_dir"
    postgres_dir=
}
