#!/usr/bin/env bash
# Fuzzes a real `cardplane serve` (sandbox, throwaway SQLite) with schemathesis through its served
# /openapi.yaml: every operation, at least 5 000 generated requests, failing on a server error
# (5xx or code 1001), on an answer that disagrees with the document, on a request the document
# forbids being accepted and on one it allows being refused as malformed (hooks.py,
# schemathesis.toml: which checks, and why some are replaced). Builds nothing: run `swift build`
# first. Needs schemathesis (scripts/test.sh installs the pinned version). The seed is fixed so a
# failure reproduces; CARDPLANE_FUZZ_SEED=<n> explores another part of the input space.
set -euo pipefail
cd "$(dirname "$0")/../.."

minimum_requests=5000
bin=$(swift build --show-bin-path)/cardplane
[ -x "$bin" ] || { echo "fuzz: $bin is missing; run swift build first" >&2; exit 1; }
work=$(mktemp -d /tmp/cardplane-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The rate limit is raised so generated requests reach the handlers instead of 1009.
"$bin" serve --port "$port" --sandbox --kyc-decision-delay-ms 0 --rate-limit 1000000 --rate-burst 1000000 \
    --database "sqlite://$work/cardplane.sqlite" --master-key-file "$work/master.key" \
    >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
api_key=$(awk '/Api-Key:/ { print $2 }' "$work/serve.out")
[ -n "$api_key" ] || { echo "fuzz: no demo merchant printed" >&2; tail -n 20 "$work/serve.log" >&2; exit 1; }

export CARDPLANE_FUZZ_URL="http://127.0.0.1:$port" CARDPLANE_FUZZ_API_KEY="$api_key"
export PYTHONPATH="$PWD/Tests/Fuzz${PYTHONPATH:+:$PYTHONPATH}"
status=0
python3 -m schemathesis.cli --config-file Tests/Fuzz/schemathesis.toml run "$CARDPLANE_FUZZ_URL/openapi.yaml" \
    --seed "${CARDPLANE_FUZZ_SEED:-20261203}" --no-color | tee "$work/st.log" || status=$?
generated=$(grep -oE '[0-9]+ generated' "$work/st.log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
if [ "$status" != 0 ]; then
    echo "fuzz: schemathesis found failures (server log: last lines below)" >&2
    tail -n 20 "$work/serve.log" >&2
    exit "$status"
fi
if [ "$generated" -lt "$minimum_requests" ]; then
    echo "fuzz: only $generated requests generated, fewer than $minimum_requests" >&2
    exit 1
fi
kill -0 "$server_pid" || { echo "fuzz: the server died" >&2; exit 1; }
echo "fuzz: $generated generated requests, no failure"
