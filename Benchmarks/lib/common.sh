# Shared by the HTTP benchmarks (run-edge.sh, run-money.sh); source it from the repository root.
# Builds cardplane and the floor in release, provides a throwaway PostgreSQL (scripts/lib/postgres.sh),
# wrk runs as table rows, and `cardplane serve` started and stopped per engine.
#
# Callers set: seconds, connections, threads (wrk), and call bench_init first.

bench_init() {
    command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
    python3 -c 'import cryptography, iso8583' 2>/dev/null \
        || python3 -m pip install --quiet cryptography "pyiso8583==4.0.1" >&2
    # BENCH_CARDPLANE: a cardplane binary built earlier (say, the parent commit's, to compare).
    cardplane=${BENCH_CARDPLANE:-.build-release/release/cardplane}
    [ -n "${BENCH_CARDPLANE:-}" ] || swift build -c release --scratch-path .build-release --product cardplane >&2
    (cd Benchmarks && swift build -c release --product HelloFloor >&2)
    hello=$(cd Benchmarks && swift build -c release --show-bin-path)/HelloFloor
    work=$(mktemp -d /tmp/cardplane-bench.XXXXXX)
    pids=()
    floor=
    . scripts/lib/postgres.sh
    # Plain TCP on loopback, as in the figures recorded so far (pgbench would prefer TLS too).
    export CARDPLANE_PG_SSL=off
    trap bench_cleanup EXIT
}

bench_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    postgres_stop
    rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 200); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }

# row NAME RPS P50 P99: one table row, its req/s as a share of the floor (the first row sets it).
row() {
    [ -n "$floor" ] || floor=$2
    awk -v name="$1" -v rps="$2" -v p50="$3" -v p99="$4" -v floor="$floor" \
        'BEGIN { printf "| %-28s | %8.0f | %8s | %8s | %5.1f %% |\n", name, rps, p50, p99, 100 * rps / floor }'
}

# measure NAME URL [LUA]: one wrk run as a table row (requests slower than $wrk_timeout, default 2 s,
# count as timeouts, not latencies). The Lua script's own report follows.
measure() {
    local name=$1 url=$2 script=${3:-} out
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout "${wrk_timeout:-2s}" --latency \
        ${script:+-s "$script"} "$url")
    row "$name" "$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")" \
        "$(awk '$1 == "50%" { print $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    grep '^lua:' <<<"$out" | sed "s/^lua:/  $name:/" >&2 || true
}

# warm_up URL [LUA]: two seconds of the same load, not recorded: a server just started fills its
# caches, opens its connections and instantiates its generic types under the first requests, and in
# a 5–10 s row those first milliseconds would be its p99.
warm_up() {
    wrk -t"$threads" -c"$connections" -d2s --timeout "${wrk_timeout:-2s}" ${2:+-s "$2"} "$1" >/dev/null
}

# measure_floor: the Hummingbird hello-world's GET / (sets the floor when it is the first row).
measure_floor() {
    local hello_port
    hello_port=$(free_port)
    "$hello" "$hello_port" >/dev/null 2>&1 &
    local hello_pid=$!
    wait_for "http://127.0.0.1:$hello_port/"
    warm_up "http://127.0.0.1:$hello_port/"
    measure "floor: hello" "http://127.0.0.1:$hello_port/"
    kill "$hello_pid"
    wait "$hello_pid" 2>/dev/null || true
}

# serve_start ENGINE DATABASE_URL [ARGS…]: `cardplane serve` on the database, the rate limit raised
# so it never refuses, the access log on (info, as in production) into a file. Sets `port`.
serve_start() {
    local engine=$1 database=$2
    shift 2
    port=$(free_port)
    # A kept database (run-lists.sh's LISTS_KEEP) keeps the master key that sealed it beside it.
    local key_file=${bench_keep:-$work}/master.key
    export CARDPLANE_DATABASE_URL=$database CARDPLANE_MASTER_KEY_FILE=$key_file
    [ -f "$key_file" ] || "$cardplane" vault init >/dev/null
    # --demo: the demo catalog (merchant_create assigns its virtual package), on PostgreSQL too.
    "$cardplane" serve --port "$port" --operator-port "$(free_port)" --kyc-decision-delay-ms 0 --demo \
        --rate-limit 10000000 --rate-burst 10000000 "$@" >"$work/$engine.out" 2>"$work/$engine.log" &
    serve_pid=$!
    pids+=("$serve_pid")
    wait_for "http://127.0.0.1:$port/healthz"
}

# serve_stop: `ledger verify` on the served database, then stops the server.
serve_stop() {
    "$cardplane" ledger verify | tail -n 1 >&2
    kill "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
}

# merchant_create NAME AMOUNT [--pci-display]: a credit-extension merchant allowed from 127.0.0.1,
# the demo virtual package assigned, AMOUNT USDT deposited. Prints its api_key; with --pci-display
# its card details are shown to it (PANs readable), and it prints "api_key api_secret".
merchant_create() {
    local created merchant_no package_no
    package_no=$("$cardplane" catalog package list | awk -F'\t' '$3 == "Virtual" { print $1; exit }')
    created=$("$cardplane" merchant create --name "$1" --mode credit_extension --ip 127.0.0.1 --json)
    merchant_no=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["merchant_no"])' <<<"$created")
    "$cardplane" catalog assign --merchant "$merchant_no" --package "$package_no" --issuance-limit 100000 >/dev/null
    "$cardplane" merchant deposit --merchant "$merchant_no" --amount "$2" --currency USDT --chain TRON \
        --tx-hash "$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >/dev/null
    if [ "${3:-}" = --pci-display ]; then
        "$cardplane" merchant pci set --merchant "$merchant_no" --display on >/dev/null
        python3 -c 'import json,sys; m = json.load(sys.stdin); print(m["api_key"], m["api_secret"])' <<<"$created"
    else
        python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])' <<<"$created"
    fi
}
