#!/usr/bin/env bash
# Measures transfers/s on SQLite and on a throwaway PostgreSQL (fsync on, as in production), in the
# spread and hot shapes. Run from the repository root: Benchmarks/run.sh [transfers] [concurrency]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-20000}
c=${2:-32}
swift build -c release --product TransferBenchmark >&2
bench=$(swift build -c release --show-bin-path)/TransferBenchmark
"$bench" sqlite spread "$n" "$c"
"$bench" sqlite hot "$n" "$c"
CARDPLANE_PG_FSYNC=on CARDPLANE_PG_SSL=off ../scripts/with-postgres.sh bash -c "
    '$bench' \"\$CARDPLANE_TEST_POSTGRES_URL\" spread $n $c
    '$bench' \"\$CARDPLANE_TEST_POSTGRES_URL\" hot $n $c
"
