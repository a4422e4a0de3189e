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
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-4}
records=${3:-10000000}
threads=2
. Benchmarks/lib/common.sh
bench_init

day_ms=86400000
now_ms=$(($(date +%s) * 1000))
start_ms=$((now_ms - 89 * day_ms))
step_ms=$((89 * day_ms / records))
export LISTS_RECORDS=$records LISTS_START_MS=$start_ms LISTS_STEP_MS=$step_ms
export LISTS_START_DATE=$(date -u -d "@$((start_ms / 1000))" +%Y-%m-%d) LISTS_END_DATE=$(date -u +%Y-%m-%d)

# sql ENGINE TARGET QUERY: one value from the database.
sql() {
    if [ "$1" = sqlite ]; then sqlite3 "$2" "$3"; else psql -qtA "$2" -c "$3"; fi
}

# lists_run ENGINE DATABASE_URL SEED_TARGET: prepares through the API, seeds, lets the server count,
# measures, verifies.
lists_run() {
    local engine=$1 target=$3 merchant_no counted wanted
    serve_start "$engine" "$2"
    export LISTS_API_KEY
    LISTS_API_KEY=$(merchant_create Lists 100000.00)
    LISTS_TOKEN=$(python3 Benchmarks/lists/setup.py "http://127.0.0.1:$port" "$LISTS_API_KEY" 20)
    export LISTS_TOKEN
    merchant_no=$(sql "$engine" "$target" "SELECT merchant_no FROM merchant WHERE name = 'Lists'")
    serve_stop
    local seeded=$SECONDS
    python3 Benchmarks/lists/seed.py "$engine" "$target" "$merchant_no" "$records" "$start_ms" "$step_ms"
    echo "  $engine: seeded $records records in $((SECONDS - seeded)) s" >&2
    serve_start "$engine" "$2"
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
        lists_run sqlite "sqlite://$work/lists.sqlite" "$work/lists.sqlite"
    else
        CARDPLANE_PG_FSYNC=on postgres_start
        pg_url="${CARDPLANE_TEST_POSTGRES_URL%/postgres}/postgres"
        lists_run postgres "$pg_url" "$pg_url"
    fi
done
