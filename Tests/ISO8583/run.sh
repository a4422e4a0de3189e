#!/usr/bin/env bash
# The ISO 8583 front door (issue #17) against an independent peer, on one engine:
# `run.sh sqlite` or `run.sh postgres` (needs CARDPLANE_TEST_POSTGRES_URL; makes a throwaway
# database there). Starts `cardplane serve --iso8583-port 0`, onboards a merchant, then lets
# iso8583_test.py (pyiso8583) make two funded cards through the merchant API and drive the
# listener. Builds nothing: run `swift build` first. Needs pyiso8583 and cryptography (PyPI;
# scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."

engine=${1:?usage: run.sh sqlite|postgres}
bin=$(swift build --show-bin-path)/cardplane
[ -x "$bin" ] || { echo "iso8583 test: $bin is missing; run swift build first" >&2; exit 1; }
work=$(mktemp -d /tmp/cardplane-iso8583.XXXXXX)
database=
case "$engine" in
    sqlite) export CARDPLANE_DATABASE_URL="sqlite://$work/cardplane.sqlite" ;;
    postgres)
        : "${CARDPLANE_TEST_POSTGRES_URL:?run.sh postgres needs CARDPLANE_TEST_POSTGRES_URL}"
        database="iso8583_$$"
        psql -q "$CARDPLANE_TEST_POSTGRES_URL" -c "CREATE DATABASE $database"
        export CARDPLANE_DATABASE_URL="${CARDPLANE_TEST_POSTGRES_URL%/*}/$database"
        ;;
    *) echo "iso8583 test: unknown engine $engine" >&2; exit 2 ;;
esac
export CARDPLANE_MASTER_KEY_FILE="$work/master.key"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [ -n "$database" ] && psql -q "$CARDPLANE_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $database" || true
    rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
show_log() { echo "iso8583 test: server log (last lines):" >&2; tail -n 20 "$work/serve.log" >&2 || true; }
port() { # port LISTENER: the port of its `listening` log line
    python3 -c "
import json, sys
for line in open('$work/serve.log'):
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get('message') == 'listening' and entry.get('listener') == sys.argv[1]: print(entry['port']); break
" "$1"
}

[ "$engine" = sqlite ] || "$bin" vault init >/dev/null
"$bin" serve --port 0 --operator-port 0 --iso8583-port 0 --iso8583-idle-seconds 2 --demo --kyc-decision-delay-ms 0 \
    --card-production-delay-ms 0 --sandbox --callback-allow-network 127.0.0.0/8 \
    >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
api_port= iso_port=
for _ in $(seq 1 100); do
    api_port=$(port api) iso_port=$(port iso8583)
    [ -n "$api_port" ] && [ -n "$iso_port" ] && curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
[ -n "$iso_port" ] && curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null || { show_log; exit 1; }

created=$("$bin" merchant create --name "Processor Wallet" --mode credit_extension --ip 127.0.0.1 --json)
API_KEY=$(printf '%s' "$created" | json '["api_key"]')
API_SECRET=$(printf '%s' "$created" | json '["api_secret"]')
MERCHANT_NO=$(printf '%s' "$created" | json '["merchant_no"]')
PACKAGE_NO=$("$bin" catalog package list | awk -F'\t' '$3 == "Virtual" { print $1; exit }')
"$bin" catalog assign --merchant "$MERCHANT_NO" --package "$PACKAGE_NO" --issuance-limit 10 | grep -q "Assigned"
"$bin" merchant pci set --merchant "$MERCHANT_NO" --display on >/dev/null  # the test reads its PANs
"$bin" merchant deposit --merchant "$MERCHANT_NO" --amount 1000.00 --currency USDT --chain TRON \
    --tx-hash "$(python3 -c "import secrets; print(secrets.token_hex(32))")" >/dev/null

# An authorization-mode merchant, asked about each spend by the test's own receiver.
receiver_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
authorizing=$("$bin" merchant create --name "Authorizing Wallet" --mode authorization --ip 127.0.0.1 --json)
AUTH_KEY=$(printf '%s' "$authorizing" | json '["api_key"]')
AUTH_SECRET=$(printf '%s' "$authorizing" | json '["api_secret"]')
AUTH_MERCHANT=$(printf '%s' "$authorizing" | json '["merchant_no"]')
BIN_NO=$("$bin" catalog bin list | awk -F'\t' 'NR == 2 { print $1 }')
"$bin" catalog assign --merchant "$AUTH_MERCHANT" --bin "$BIN_NO" --issuance-limit 10 | grep -q "Assigned"
"$bin" merchant pci set --merchant "$AUTH_MERCHANT" --display on >/dev/null
"$bin" merchant deposit --merchant "$AUTH_MERCHANT" --amount 1000.00 --currency USDT --chain TRON \
    --tx-hash "$(python3 -c "import secrets; print(secrets.token_hex(32))")" >/dev/null
"$bin" merchant callback set --merchant "$AUTH_MERCHANT" --url "http://127.0.0.1:$receiver_port/auth" --sandbox >/dev/null

if ! python3 Tests/ISO8583/iso8583_test.py --port "$iso_port" --api "http://127.0.0.1:$api_port" \
    --api-key "$API_KEY" --api-secret "$API_SECRET" --package-no "$PACKAGE_NO" \
    --auth-api-key "$AUTH_KEY" --auth-api-secret "$AUTH_SECRET" --bin-no "$BIN_NO" --receiver-port "$receiver_port" \
    --pans-file "$work/pans"; then
    show_log
    exit 1
fi
# The operator's metrics counted what the peer sent: approvals, declines, format errors, advices.
metrics=$(curl -fs "http://127.0.0.1:$(port operator)/metrics")
for series in 'mti="0100",code="00"' 'mti="0100",code="51"' 'mti="0100",code="30"' 'mti="0120",code="00"' \
    'mti="0220",code="00"' 'mti="0400",code="00"' 'mti="0800",code="00"' 'mti="unreadable",code="none"'; do
    if ! grep -qE "^cardplane_iso8583_messages_total\{$series\} [1-9]" <<<"$metrics"; then
        echo "iso8583 test: no cardplane_iso8583_messages_total{$series} in /metrics" >&2
        grep '^cardplane_iso8583' <<<"$metrics" >&2 || true
        exit 1
    fi
done
grep -qE '^cardplane_iso8583_message_duration_seconds_count\{mti="0100"\} [1-9]' <<<"$metrics" \
    || { echo "iso8583 test: no 0100 durations in /metrics" >&2; exit 1; }
# No card number in the server's output: neither the peer's cards nor any standalone run of 13 to 19
# digits (identifiers such as C2026…, or hex request ids, hold digits but are not standalone).
[ "$(wc -l <"$work/pans")" -eq 3 ] || { echo "iso8583 test: the peer did not write the three card numbers it used" >&2; exit 1; }
pan_shaped='(^|[^0-9A-Za-z])[0-9]{13,19}([^0-9A-Za-z]|$)'
if grep -qF -f "$work/pans" "$work/serve.log" "$work/serve.out" \
    || grep -qE "$pan_shaped" "$work/serve.log" "$work/serve.out"; then
    echo "iso8583 test: a card number appeared in the server log:" >&2
    { grep -hF -f "$work/pans" "$work/serve.log" "$work/serve.out"; grep -hE "$pan_shaped" "$work/serve.log" "$work/serve.out"; } \
        | sed -E 's/([0-9]{6})[0-9]{3,9}([0-9]{4})/\1…\2/g' | head -n 5 >&2
    exit 1
fi
echo "iso8583 test ($engine): the listener answered the peer as expected"
