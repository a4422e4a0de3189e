#!/usr/bin/env bash
# The list benchmark (issue #14): `POST card/consume/list` over RECORDS consumption records of one
# merchant, spread over the last 89 days, on SQLite and on a throwaway PostgreSQL (fsync on), beside
# a Hummingbird hello-world measured with the same wrk settings in the same run:
#   first   page 0 of the whole 90-day range (with `total` over every record)
#   cursor  the page after a random record, by `cursor` (what a merchant walking next_cursor asks)
#   deep    page 10 000 by offset (rows 100 000–100 009)
#   last    the last page by offset (skips every record but ten; one connection)
# The records are seeded straight into the database (lists/seed.py), then the server counts their
# closed hours (housekeeping) before anything is measured.
#
#   Benchmarks/run-lists.sh [seconds] [connections] [records]      defaults: 10 4 10000000
#   LISTS_ENGINES=postgres Benchmarks/run-lists.sh …                 one engine only
#   LISTS_KEEP=/tmp/lists Benchmarks/run-lists.sh …                  seed once into that folder, reuse it
#
# Seeding ten million records takes 5–10 minutes per engine. With LISTS_KEEP the seeded databases
# (and the master key and merchant they belong to) stay in that folder, and a later run with the
# same folder and record count measures them again at once: for measuring one change after another.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-4}
records=${3:-10000000}
threads=2
. Benchmarks/lib/common.sh
bench_init

bench_keep=${LISTS_KEEP:-}
[ -z "$bench_keep" ] || mkdir -p "$bench_keep"
data=${bench_keep:-$work}

day_ms=86400000
now_ms=$(($(date +%s) * 1000))
start_ms=$((now_ms - 89 * day_ms))
step_ms=$((89 * day_ms / records))

# sql ENGINE TARGET QUERY: one value from the database.
sql() {
    if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql -qtA "$2" -c "$3"; fi
}

# lists_seed ENGINE DATABASE_URL SEED_TARGET: prepares through the API and seeds; writes what the
# measurement needs of the seeded data to $data/ENGINE.env.
lists_seed() {
    local engine=$1 target=$3 merchant_no api_key
    serve_start "$engine" "$2"
    api_key=$(merchant_create Lists 100000.00)
    python3 Benchmarks/lists/setup.py "http://127.0.0.1:$port" "$api_key" 20 >/dev/null
    merchant_no=$(sql "$engine" "$target" "SELECT merchant_no FROM merchant WHERE name = 'Lists'")
    serve_stop
    local seeded=$SECONDS
    python3 Benchmarks/lists/seed.py "$engine" "$target" "$merchant_no" "$records" "$start_ms" "$step_ms"
    echo "  $engine: seeded $records records in $((SECONDS - seeded)) s" >&2
    printf 'LISTS_API_KEY=%s\nLISTS_RECORDS=%s\nLISTS_START_MS=%s\nLISTS_STEP_MS=%s\n' \
        "$api_key" "$records" "$start_ms" "$step_ms" >"$data/$engine.env"
}

# lists_run ENGINE DATABASE_URL SEED_TARGET: seeds (unless a kept seeding of as many records is
# there), lets the server count, measures, verifies.
lists_run() {
    local engine=$1 target=$3 counted wanted
    if ! grep -qx "LISTS_RECORDS=$records" "$data/$engine.env" 2>/dev/null; then
        [ "$engine" != sqlite ] || rm -f "$target" "$target-wal" "$target-shm"
        lists_seed "$@"
    else
        echo "  $engine: measuring the kept seeding in $data" >&2
    fi
    set -a
    . "$data/$engine.env"
    set +a
    LISTS_START_DATE=$(date -u -d "@$((LISTS_START_MS / 1000))" +%Y-%m-%d)
    LISTS_END_DATE=$(date -u -d "@$(((LISTS_START_MS + 89 * day_ms) / 1000))" +%Y-%m-%d)
    export LISTS_START_DATE LISTS_END_DATE
    serve_start "$engine" "$2"
    LISTS_TOKEN=$(python3 Benchmarks/lists/setup.py "http://127.0.0.1:$port" "$LISTS_API_KEY" 0)
    export LISTS_TOKEN
    # Housekeeping counts the closed hours a minute after start; wait until it has caught up.
    wanted=$(( ($(date +%s) * 1000 - 600000) / 3600000 * 3600000 ))
    local waited=$SECONDS
    for _ in $(seq 1 600); do
        counted=$(sql "$engine" "$target" \
            "SELECT counted_until_ms FROM list_count_watermark WHERE list = 'card_consumption'" || true)
        [ -n "$counted" ] && [ "$counted" -ge "$wanted" ] && break
        sleep 1
    done
    echo "  $engine: hours counted after $((SECONDS - waited)) s" >&2
    local url="http://127.0.0.1:$port"
    LISTS_MODE=first measure "$engine: first page" "$url" Benchmarks/lists/lists.lua
    LISTS_MODE=cursor measure "$engine: cursor pages" "$url" Benchmarks/lists/lists.lua
    LISTS_MODE=deep LISTS_PAGE=10000 measure "$engine: page 10 000" "$url" Benchmarks/lists/lists.lua
    connections=$threads wrk_timeout=60s LISTS_MODE=deep LISTS_PAGE=$((records / 10 - 1)) \
        measure "$engine: last page ($threads conn.)" "$url" Benchmarks/lists/lists.lua
    serve_stop
}

echo "wrk: $threads threads, $connections connections, $seconds s each; $records records"
echo
echo "| scenario | req/s | p50 | p99 | of floor |"
echo "|---|---|---|---|---|"
measure_floor
for engine in ${LISTS_ENGINES:-sqlite postgres}; do
    if [ "$engine" = sqlite ]; then
        lists_run sqlite "sqlite://$data/lists.sqlite" "$data/lists.sqlite"
    else
        if [ -n "$bench_keep" ]; then
            # A cluster whose seeding does not match is made anew.
            grep -qx "LISTS_RECORDS=$records" "$data/postgres.env" 2>/dev/null || rm -rf "$bench_keep/postgres"
            export CARDPLANE_PG_KEEP_DIR=$bench_keep/postgres
        fi
        CARDPLANE_PG_FSYNC=on postgres_start
        pg_url="${CARDPLANE_TEST_POSTGRES_URL%/postgres}/postgres"
        lists_run postgres "$pg_url" "$pg_url"
    fi
done
