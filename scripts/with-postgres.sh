#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL on loopback, then stops and deletes it.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# Exports CARDPLANE_TEST_POSTGRES_URL (a superuser URL) for COMMAND and stops the cluster even when
# COMMAND fails. Installs PostgreSQL from Debian when it is missing (needs root). fsync is off by
# default; set CARDPLANE_PG_FSYNC=on for benchmarks. See scripts/lib/postgres.sh.
set -euo pipefail
. "$(dirname "$0")/lib/postgres.sh"
trap postgres_stop EXIT
postgres_start
"$@"
