#!/usr/bin/env bash
# The edge benchmark (issue #11), in one run on this machine: a Hummingbird hello-world (the floor),
# then `cardplane serve` (release) on SQLite and on a throwaway PostgreSQL with fsync on, each
# measured with wrk through HTTP:
#   hello    GET /                                        on the floor
#   unknown  GET /nope                                    envelope only, no auth
#   detail   GET /open-api/v1/card/{card_no}/detail       authenticated, over CARDS cards
#   list     POST /open-api/v1/card/list                  authenticated
#   detail again, twice on a server restarted with --no-metrics and twice with metrics (their cost)
# Prints req/s, p50 and p99 of each, and its req/s as a share of the floor's. Each row of the floor,
# the unknown path and card detail follows two seconds of the same load, not recorded (warm_up).
#
#   Benchmarks/run-edge.sh [seconds] [connections] [cards]      defaults: 10 64 32
#
# Installs wrk (Debian) when missing. Each Cardplane run ends with `ledger verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
cards=${3:-32}
threads=2
. Benchmarks/lib/common.sh
bench_init

# edge_run ENGINE DATABASE_URL: serves, prepares a merchant with CARDS cards, measures, verifies.
edge_run() {
    serve_start "$1" "$2"
    local api_key
    api_key=$(merchant_create Edge 100000.00)
    python3 Benchmarks/edge/setup.py "http://127.0.0.1:$port" "$api_key" "$cards" "$work/edge.lua" >&2
    warm_up "http://127.0.0.1:$port/nope"
    measure "$1: unknown path" "http://127.0.0.1:$port/nope"
    EDGE_MODE=detail warm_up "http://127.0.0.1:$port" "$work/edge.lua"
    EDGE_MODE=detail measure "$1: card detail" "http://127.0.0.1:$port" "$work/edge.lua"
    EDGE_MODE=list measure "$1: card list" "http://127.0.0.1:$port" "$work/edge.lua"
    serve_stop
    # What metrics cost (issue #15): the same data served with --no-metrics and again with metrics,
    # alternating, so the machine's drift does not favour either.
    for round in 1 2; do
        serve_start "$1" "$2" --no-metrics
        EDGE_MODE=detail warm_up "http://127.0.0.1:$port" "$work/edge.lua"
        EDGE_MODE=detail measure "$1: card detail, metrics off ($round)" "http://127.0.0.1:$port" "$work/edge.lua"
        serve_stop
        serve_start "$1" "$2"
        EDGE_MODE=detail warm_up "http://127.0.0.1:$port" "$work/edge.lua"
        EDGE_MODE=detail measure "$1: card detail, metrics on ($round)" "http://127.0.0.1:$port" "$work/edge.lua"
        serve_stop
    done
}

echo "wrk: $threads threads, $connections connections, $seconds s each; $cards cards"
echo
echo "| scenario | req/s | p50 | p99 | of floor |"
echo "|---|---|---|---|---|"
measure_floor
edge_run sqlite "sqlite://$work/edge.sqlite"
CARDPLANE_PG_FSYNC=on postgres_start
edge_run postgres "${CARDPLANE_TEST_POSTGRES_URL%/postgres}/postgres"
