#!/usr/bin/env bash
# The browser test of the operator console (issue #16) on one engine: `console.sh sqlite` or
# `console.sh postgres` (needs CARDPLANE_TEST_POSTGRES_URL, as scripts/test.sh exports; makes a
# throwaway database there). Starts `cardplane serve --sandbox` with the console on its operator
# port, an admin and a viewer account, a merchant with a reserve and a callback URL, then lets
# console_test.py drive headless Chromium. Builds nothing: run `swift build` first. Screenshots in
# artifacts/console-*-<engine>.png (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../.."

engine=${1:?usage: console.sh sqlite|postgres}
bin=$(swift build --show-bin-path)/cardplane
[ -x "$bin" ] || { echo "console test: $bin is missing; run swift build first" >&2; exit 1; }
work=$(mktemp -d /tmp/cardplane-console.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
receiver_port=$(free_port)
database=
case "$engine" in
    sqlite) export CARDPLANE_DATABASE_URL="sqlite://$work/cardplane.sqlite" ;;
    postgres)
        : "${CARDPLANE_TEST_POSTGRES_URL:?console.sh postgres needs CARDPLANE_TEST_POSTGRES_URL}"
        database="console_browser_$$"
        psql -q "$CARDPLANE_TEST_POSTGRES_URL" -c "CREATE DATABASE $database"
        export CARDPLANE_DATABASE_URL="${CARDPLANE_TEST_POSTGRES_URL%/*}/$database"
        ;;
    *) echo "console test: unknown engine $engine" >&2; exit 2 ;;
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
show_log() { echo "console test: server log (last lines):" >&2; tail -n 20 "$work/serve.log" >&2 || true; }

# SQLite makes its master key at first start; a PostgreSQL installation is given one first.
[ "$engine" = sqlite ] || "$bin" vault init >/dev/null
"$bin" serve --port 0 --operator-port 0 --sandbox --demo --kyc-decision-delay-ms 0 \
    --card-production-delay-ms 0 --callback-allow-network 127.0.0.0/8 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
port() { # port LISTENER: the port of its `listening` log line
    python3 -c "
import json, sys
for line in open('$work/serve.log'):
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get('message') == 'listening' and entry.get('listener') == sys.argv[1]: print(entry['port']); break
" "$1"
}
api_port= operator_port=
for _ in $(seq 1 100); do
    api_port=$(port api) operator_port=$(port operator)
    [ -n "$api_port" ] && [ -n "$operator_port" ] && curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null || { show_log; exit 1; }

admin_password="admin $(python3 -c 'import secrets; print(secrets.token_hex(8))')"
viewer_password="viewer $(python3 -c 'import secrets; print(secrets.token_hex(8))')"
printf '%s\n' "$admin_password" | "$bin" operator create --name ops-admin --role admin --password-stdin >/dev/null
printf '%s\n' "$viewer_password" | "$bin" operator create --name ops-viewer --role viewer --password-stdin >/dev/null

created=$("$bin" merchant create --name "Console Wallet" --mode credit_extension --ip 127.0.0.1 --json)
API_KEY=$(printf '%s' "$created" | json '["api_key"]')
API_SECRET=$(printf '%s' "$created" | json '["api_secret"]')
MERCHANT_NO=$(printf '%s' "$created" | json '["merchant_no"]')
PACKAGE_NO=$("$bin" catalog package list | awk -F'\t' '$3 == "Virtual" { print $1; exit }')
"$bin" catalog assign --merchant "$MERCHANT_NO" --package "$PACKAGE_NO" --issuance-limit 10 | grep -q "Assigned"
"$bin" merchant deposit --merchant "$MERCHANT_NO" --amount 100.00 --currency USDT --chain TRON \
    --tx-hash "$(python3 -c "import secrets; print(secrets.token_hex(32))")" >/dev/null
"$bin" merchant callback set --merchant "$MERCHANT_NO" --url "http://127.0.0.1:$receiver_port/callbacks" --sandbox >/dev/null

if ! python3 Tests/Browser/console_test.py --engine "$engine" \
    --api "http://127.0.0.1:$api_port" --console "http://127.0.0.1:$operator_port" \
    --api-key "$API_KEY" --api-secret "$API_SECRET" --merchant-no "$MERCHANT_NO" --package-no "$PACKAGE_NO" \
    --admin-password "$admin_password" --viewer-password "$viewer_password" --receiver-port "$receiver_port"; then
    show_log
    exit 1
fi
if grep -q -e "$API_KEY" -e "$admin_password" -e "$viewer_password" "$work/serve.log" "$work/serve.out"; then
    echo "console test: a credential or password appeared in the server log" >&2
    exit 1
fi
