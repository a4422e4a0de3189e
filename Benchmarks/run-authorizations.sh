#!/usr/bin/env bash
# Measures authorization decisions/s on SQLite and on a throwaway PostgreSQL (fsync on, as in
# production). Run from the repository root: Benchmarks/run-authorizations.sh [authorizations] [concurrency]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-20000}
c=${2:-32}
swift build -c release --product AuthorizationBenchmark >&2
bench=$(swift build -c release --show-bin-path)/AuthorizationBenchmark
"$bench" sqlite "$n" "$c"
CARDPLANE_PG_FSYNC=on CARDPLANE_PG_SSL=off ../scripts/with-postgres.sh bash -c "'$bench' \"\$CARDPLANE_TEST_POSTGRES_URL\" $n $c"
