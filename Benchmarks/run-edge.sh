#!/usr/bin/env bash
# The edge benchmark (issue #11), in one run on this machine: a Hummingbird hello-world (the floor),
# then `cardplane serve` (release) on SQLite and on a throwaway PostgreSQL with fsync on, each
# measured with wrk through HTTP:
#   hello    GET /                                        on the floor
#   unknown  GET /nope                                    envelope only, no auth
#   detail   GET /open-api/v1/card/{card_no}/detail       authenticated, over CARDS cards
#   list     POST /open-api/v1/card/list                  authenticated
# Prints req/s, p50 and p99 of each, and its req/s as a share of the floor's.
#
#   Benchmarks/run-edge.sh [seconds] [connections] [cards]      defaults: 10 64 32
#
# Installs wrk (Debian) when missing. The rate limit is raised so it never refuses; the access log is
# on (info, as in production) and goes to a file. Each Cardplane
# run ends with `ledger verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
cards=${3:-32}
threads=2

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
swift build -c release --scratch-path .build-release --product cardplane >&2
(cd Benchmarks && swift build -c release --product HelloFloor >&2)
cardplane=.build-release/release/cardplane
hello=$(cd Benchmarks && swift build -c release --show-bin-path)/HelloFloor

work=$(mktemp -d /tmp/cardplane-edge.XXXXXX)
pids=()
. scripts/lib/postgres.sh
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    postgres_stop
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 200); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }

floor=
# measure NAME URL [LUA]: one wrk run; prints a table row, remembers the floor's req/s.
measure() {
    local name=$1 url=$2 script=${3:-} out
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency ${script:+-s "$script"} "$url")
    local rps p50 p99
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    [ -n "$floor" ] || floor=$rps
    awk -v name="$name" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v floor="$floor" \
        'BEGIN { printf "| %-24s | %8.0f | %8s | %8s | %5.1f %% |\n", name, rps, p50, p99, 100 * rps / floor }'
}

# cardplane_run ENGINE URL: starts a server on the database URL, prepares it, measures, verifies.
cardplane_run() {
    local engine=$1 database=$2 port
    port=$(free_port)
    export CARDPLANE_DATABASE_URL=$database CARDPLANE_MASTER_KEY_FILE=$work/master.key
    "$cardplane" serve --port "$port" --kyc-decision-delay-ms 0 \
        --rate-limit 10000000 --rate-burst 10000000 >"$work/$engine.out" 2>"$work/$engine.log" &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/healthz"
    local package_no created api_key merchant_no
    package_no=$("$cardplane" catalog package list | awk -F'\t' '$3 == "Virtual" { print $1; exit }')
    created=$("$cardplane" merchant create --name "Edge" --mode credit_extension --ip 127.0.0.1 --json)
    api_key=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])' <<<"$created")
    merchant_no=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["merchant_no"])' <<<"$created")
    "$cardplane" catalog assign --merchant "$merchant_no" --package "$package_no" --issuance-limit 100000 >/dev/null
    "$cardplane" merchant deposit --merchant "$merchant_no" --amount 100000.00 --currency USDT --chain TRON \
        --tx-hash "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >/dev/null
    python3 Benchmarks/edge/setup.py "http://127.0.0.1:$port" "$api_key" "$cards" "$work/edge.lua" >&2
    measure "$engine: unknown path" "http://127.0.0.1:$port/nope"
    EDGE_MODE=detail measure "$engine: card detail" "http://127.0.0.1:$port" "$work/edge.lua"
    EDGE_MODE=list measure "$engine: card list" "http://127.0.0.1:$port" "$work/edge.lua"
    "$cardplane" ledger verify | tail -n 1 >&2
    kill "${pids[-1]}"
    wait "${pids[-1]}" 2>/dev/null || true
}

hello_port=$(free_port)
"$hello" "$hello_port" >/dev/null 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$hello_port/"

echo "wrk: $threads threads, $connections connections, $seconds s each; $cards cards"
echo
echo "| scenario | req/s | p50 | p99 | of floor |"
echo "|---|---|---|---|---|"
measure "floor: hello" "http://127.0.0.1:$hello_port/"
kill "${pids[0]}"
cardplane_run sqlite "sqlite://$work/edge.sqlite"
CARDPLANE_PG_FSYNC=on postgres_start
cardplane_run postgres "${CARDPLANE_TEST_POSTGRES_URL%/postgres}/postgres"
