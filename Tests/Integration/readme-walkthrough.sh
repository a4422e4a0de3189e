#!/usr/bin/env bash
# The README's curl walk-through, run against a real `cardplane serve` on a throwaway SQLite
# database: onboard a merchant, get an Access-Token, make an authenticated call, see an error.
# Fails on the first step that does not answer as the README says.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=$(swift build --show-bin-path)/cardplane
work=$(mktemp -d /tmp/cardplane-walkthrough.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export CARDPLANE_DATABASE_URL="sqlite://$work/cardplane.sqlite"
export CARDPLANE_MASTER_KEY_FILE="$work/master.key"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
expect_code() { # expect_code WANT BODY
    local got
    got=$(printf '%s' "$2" | json '["code"]')
    if [ "$got" != "$1" ]; then echo "walkthrough: expected code $1, got: $2" >&2; exit 1; fi
}

"$bin" serve --port "$port" >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null
grep -q "Demo merchant created" "$work/serve.out"

"$bin" --version | grep -qE '^cardplane [0-9]+\.[0-9]+\.[0-9]+$'

# 1. Onboard a merchant (operator).
created=$("$bin" merchant create --name "Acme Wallet" --mode credit_extension --ip 127.0.0.1 --json)
API_KEY=$(printf '%s' "$created" | json '["api_key"]')
MERCHANT_NO=$(printf '%s' "$created" | json '["merchant_no"]')
API_SECRET=$(printf '%s' "$created" | json '["api_secret"]')
packages_listed=$("$bin" catalog package list)
[ "$(printf '%s\n' "$packages_listed" | awk -F'\t' 'NR > 1 { print $3 }' | sort | tr '\n' ' ')" = "Physical Virtual " ]
PACKAGE_NO=$(printf '%s\n' "$packages_listed" | awk -F'\t' '$3 == "Virtual" { print $1; exit }')
"$bin" catalog assign --merchant "$MERCHANT_NO" --package "$PACKAGE_NO" --issuance-limit 1000 | grep -q "Assigned"
"$bin" merchant pci set --merchant "$MERCHANT_NO" --display on >/dev/null

# 2. Get an Access-Token (merchant).
BASE="http://127.0.0.1:$port"
token_reply=$(curl -s "$BASE/open-api/v1/merchant/token" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Content-Type: application/json")
expect_code 0 "$token_reply"
ACCESS_TOKEN=$(printf '%s' "$token_reply" | json '["data"]["access_token"]')

# 3. An authenticated call: the card packages on offer.
packages=$(curl -s -X POST "$BASE/open-api/v1/card/package/list" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
    -H "Content-Type: application/json" -d '{"page": 0, "size": 10}')
expect_code 0 "$packages"
[ "$(printf '%s' "$packages" | json '["data"]["list"][0]["card_bin"]')" = "411111" ]

# 4. A cardholder, verified in the background.
applied=$(curl -s -X POST "$BASE/open-api/v1/cardholder/apply" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
    -H "Content-Type: application/json" \
    -d '{"cardholder_unique_no": "MERCHANT_USER_001", "sumsub_share_token": "sim_approved_alice"}')
expect_code 0 "$applied"
status=
for _ in $(seq 1 50); do
    listed=$(curl -s -X POST "$BASE/open-api/v1/cardholder/list" \
        -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
        -H "Content-Type: application/json" -H "Timezone: UTC" \
        -d "{\"start_time\": \"$(date -u +%F)\", \"end_time\": \"$(date -u +%F)\"}")
    expect_code 0 "$listed"
    status=$(printf '%s' "$listed" | json '["data"]["list"][0]["status"]')
    [ "$status" = "Approved" ] && break
    sleep 0.2
done
[ "$status" = "Approved" ] || { echo "walkthrough: cardholder still $status" >&2; exit 1; }
CARDHOLDER_NO=$(printf '%s' "$applied" | json '["data"]["cardholder_no"]')

# 5. Money: a deposit to the reserve, a transfer to the cardholder, a clean ledger.
"$bin" merchant deposit --merchant "$MERCHANT_NO" --amount 1000.00 --currency USDT --chain TRON \
    --tx-hash 3f1c0a9e5b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a3c5e7b9d0e | grep -q "Credited 1000.00 USDT on TRON"
transfer() {
    curl -s -X POST "$BASE/open-api/v1/account/transfer" \
        -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
        -H "Content-Type: application/json" \
        -d "{\"cardholder_no\": \"$CARDHOLDER_NO\", \"transfer_unique_no\": \"TRANSFER_001\", \"type\": \"In\", \"balance\": \"100.00\"}"
}
moved=$(transfer)
expect_code 0 "$moved"
[ "$(printf '%s' "$moved" | json '["data"]["after_balance"]')" = "100.00" ]
expect_code 3004 "$(transfer)"
"$bin" ledger verify | grep -q "ledger verify: clean"

# 6. A virtual card, its detail, and its secrets decrypted with the apiSecret by Python.
card=$(curl -s -X POST "$BASE/open-api/v1/card/apply" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
    -H "Content-Type: application/json" \
    -d "{\"package_no\": \"$PACKAGE_NO\", \"cardholder_no\": \"$CARDHOLDER_NO\", \"card_unique_no\": \"CARD_001\", \"card_type\": \"Virtual\"}")
expect_code 0 "$card"
CARD_NO=$(printf '%s' "$card" | json '["data"]["card_no"]')
detail=$(curl -s "$BASE/open-api/v1/card/$CARD_NO/detail" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN")
expect_code 0 "$detail"
[ "$(printf '%s' "$detail" | json '["data"]["status"]')" = "Activated" ]
pan=$(curl -s "$BASE/open-api/v1/card/$CARD_NO/private/info" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
    | API_SECRET="$API_SECRET" python3 -c '
import base64, json, os, sys
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
data = base64.b64decode(json.load(sys.stdin)["data"])
decryptor = Cipher(algorithms.AES(os.environ["API_SECRET"].encode()), modes.ECB()).decryptor()
unpadder = padding.PKCS7(128).unpadder()
print(json.loads(unpadder.update(decryptor.update(data) + decryptor.finalize()) + unpadder.finalize())["pan"])')
case "$pan" in 411111*) ;; *) echo "walkthrough: private info did not decrypt to a PAN of the BIN" >&2; exit 1 ;; esac
[ "${pan: -4}" = "$(printf '%s' "$detail" | json '["data"]["card_last_no"]')" ]
"$bin" ledger verify | grep -q "ledger verify: clean"

# 7. A EUR payment through the simulator, cleared, then listed as the merchant sees it.
authorized=$("$bin" simulate authorize --card "$CARD_NO" --amount 12.50 --currency EUR --merchant-name "Cafe de Flore")
[ "$(printf '%s' "$authorized" | json '["approved"]')" = "True" ]
[ "$(printf '%s' "$authorized" | json '["amount"]')" = "13.5" ]
network_id=$(printf '%s' "$authorized" | json '["network_transaction_id"]')
[ "$(printf '%s' "$("$bin" simulate clear --network-id "$network_id")" | json '["status"]')" = "Success" ]
consumed=$(curl -s -X POST "$BASE/open-api/v1/card/consume/list" \
    -H "Api-Key: $API_KEY" -H "Timestamp: $(date +%s%3N)" -H "Access-Token: $ACCESS_TOKEN" \
    -H "Content-Type: application/json" -H "Timezone: UTC" \
    -d "{\"start_time\": \"$(date -u +%F)\", \"end_time\": \"$(date -u +%F)\", \"card_no\": \"$CARD_NO\"}")
expect_code 0 "$consumed"
[ "$(printf '%s' "$consumed" | json '["data"]["total"]')" = "2" ]
[ "$(printf '%s' "$consumed" | json '["data"]["list"][0]["amount"]')" = "13.50" ]
"$bin" ledger verify | grep -q "ledger verify: clean"

# 8. An error, in Chinese.
stale=$(curl -s "$BASE/open-api/v1/merchant/token" -H "Api-Key: $API_KEY" -H "Timestamp: 1716307200000" \
    -H "Language: zh_CN")
expect_code 1005 "$stale"

# Nothing secret reached the log.
if grep -q "$API_KEY" "$work/serve.log" || grep -q "$ACCESS_TOKEN" "$work/serve.log" \
    || grep -q "$pan" "$work/serve.log" "$work/serve.out"; then
    echo "walkthrough: a credential appeared in the server log" >&2
    exit 1
fi
# Ctrl-C (SIGINT) stops the server after the requests in flight, and it says so.
kill -INT "$server_pid"
wait "$server_pid" || { echo "walkthrough: serve exited non-zero on SIGINT" >&2; exit 1; }
server_pid=
grep -q '"stopped"' "$work/serve.log" || { echo "walkthrough: serve logged no stop line" >&2; exit 1; }
echo "walkthrough: every step answered as the README says"
