#!/usr/bin/env bash
# The money-path benchmark (issue #12), in one run on this machine, through HTTP with wrk against
# `cardplane serve` (release, --sandbox) on SQLite and on a throwaway PostgreSQL with fsync on:
#   transfers, spread   POST /open-api/v1/account/transfer, a random cardholder of 20 merchants, In or Out
#   transfers, hot      POST /open-api/v1/account/transfer, In, all from one merchant's reserve
#   authorize           POST /simulator/v1/authorize on a random one of HOLDERS cards
#   authorize, ISO 8583 0100 authorizations on the same cards over TCP (--iso8583-port): 4 connections
#                       × 8 in flight, driven by pyiso8583 (money/iso8583_load.py)
# beside pgledger (../shared/bench/pgledger, where that folder exists) on the same PostgreSQL
# cluster, driven by pgbench: random pairs of 20 accounts, CONNECTIONS clients. pgledger is the
# floor: each row's req/s is also printed as a share of its transfers/s. Every Cardplane run ends
# with `ledger verify`, and the refusals each scenario met are printed after the table.
#
#   Benchmarks/run-money.sh [seconds] [connections] [holders]      defaults: 10 32 1000
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
holders=${3:-1000}
threads=2
pgledger_sql=../shared/bench/pgledger
. Benchmarks/lib/common.sh
bench_init

# money_run ENGINE DATABASE_URL: serves, prepares the merchants, measures, verifies.
money_run() {
    local iso_port hot_key hot_secret
    iso_port=$(free_port)
    serve_start "$1" "$2" --sandbox --iso8583-port "$iso_port"
    read -r hot_key hot_secret <<<"$(merchant_create Hot 10000000.00 --pci-display)"
    local keys=("$hot_key")
    for index in $(seq 1 20); do keys+=("$(merchant_create "Spread $index" 1000000.00)"); done
    PANS_OUT=$work/pans.txt HOT_API_SECRET=$hot_secret \
        python3 Benchmarks/money/setup.py "http://127.0.0.1:$port" "$holders" "$work/money.lua" "${keys[@]}" >&2
    MONEY_MODE=spread measure "$1: transfers, spread" "http://127.0.0.1:$port" "$work/money.lua"
    MONEY_MODE=hot measure "$1: transfers, one reserve" "http://127.0.0.1:$port" "$work/money.lua"
    MONEY_MODE=authorize measure "$1: authorize" "http://127.0.0.1:$port" "$work/money.lua"
    iso_measure "$1: authorize, ISO 8583" "$iso_port"
    serve_stop
}

# iso_measure NAME PORT: 0100 authorizations on the hot cards over ISO 8583, 32 in flight, as a row.
iso_measure() {
    local rps p50 p99 refusals answers
    read -r rps p50 p99 refusals answers <<<"$(python3 Benchmarks/money/iso8583_load.py "$2" "$work/pans.txt" \
        "$seconds" 4 $((connections / 4)))"
    row "$1" "$rps" "$p50" "$p99"
    echo "  $1: refused $refusals of $answers" >&2
}

# pgledger_run: pgledger's transfers/s on the running cluster, as the first row (the floor).
pgledger_run() {
    local url=${CARDPLANE_TEST_POSTGRES_URL%/postgres}/pgledger bin
    bin=$(postgres_bin)
    "$bin/psql" "$CARDPLANE_TEST_POSTGRES_URL" -qc "CREATE DATABASE pgledger"
    "$bin/psql" "$url" -q -f "$pgledger_sql/ulid-to-uuid.sql" -f "$pgledger_sql/uuid-to-ulid.sql" \
        -f "$pgledger_sql/pgledger.sql" >/dev/null
    "$bin/psql" "$url" -qc "CREATE TABLE bench_account AS
        SELECT g AS n, (pgledger_create_account('a' || g, 'USD')).id FROM generate_series(1, 20) g"
    cat >"$work/pgledger.sql" <<'SQL'
\set a random(1, 20)
\set d random(1, 19)
SELECT * FROM pgledger_create_transfer((SELECT id FROM bench_account WHERE n = :a),
    (SELECT id FROM bench_account WHERE n = 1 + (:a - 1 + :d) % 20), 1.00);
SQL
    local out
    out=$(cd "$work" && "$bin/pgbench" -n -c "$connections" -j "$threads" -T "$seconds" -l -f pgledger.sql "$url")
    row "pgledger (pgbench)" "$(awk '/^tps = / { print $3 }' <<<"$out")" \
        $(cat "$work"/pgbench_log.* | python3 -c '
import sys
latencies = sorted(int(line.split()[2]) for line in sys.stdin)
print(*(f"{latencies[int(q * (len(latencies) - 1))] / 1000:.2f}ms" for q in (0.5, 0.99)))')
}

echo "wrk: $threads threads, $connections connections, $seconds s each; $holders cardholders per shape"
echo
echo "| scenario | req/s | p50 | p99 | of pgledger |"
echo "|---|---|---|---|---|"
CARDPLANE_PG_FSYNC=on postgres_start
if [ -d "$pgledger_sql" ]; then pgledger_run; else echo "pgledger: $pgledger_sql not found, no floor" >&2; fi
money_run postgres "$CARDPLANE_TEST_POSTGRES_URL"
money_run sqlite "sqlite://$work/money.sqlite"
