#!/usr/bin/env bash
# Runs every test of Cardplane, as CI does, step by step:
#   lint       swift-format lint (strict) over every Swift file;
#   build      the package and its tests; fails on a compiler warning from our own code;
#   provision  Python's `cryptography`, `selenium` and `schemathesis` (PyPI, pinned), Chromium and
#              ChromeDriver (Debian),
#              a throwaway PostgreSQL on loopback (Debian), each installed only when missing;
#   suites     the Swift test suites, each storage and HTTP test on SQLite and on PostgreSQL; fails
#              on a "SWIFT TASK CONTINUATION MISUSE" line in their output;
#   walkthrough  the README's curl walk-through against a real `cardplane serve`;
#   fuzz       schemathesis against the served /openapi.yaml, at least 5 000 requests (Tests/Fuzz);
#   browser    the PCI hosted card page in headless Chromium (screenshot in artifacts/).
#   iso8583    the ISO 8583 listener driven by pyiso8583, on SQLite and PostgreSQL.
#   console    the operator console in headless Chromium, on SQLite and PostgreSQL (screenshots too).
# A failing step does not stop the others (a step that needs a failed one is reported as skipped).
# Ends with one line per step and exits non-zero when any step failed. Run from anywhere.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/postgres.sh
trap postgres_stop EXIT

logs=$(mktemp -d /tmp/cardplane-test.XXXXXX)
summary=()
passed=0
failed=0

# step NAME COMMAND [ARG...]: runs one step and records its outcome.
step() {
    local name=$1 started=$SECONDS
    shift
    echo "==> $name"
    if "$@"; then
        summary+=("$(printf 'ok      %-12s %4d s' "$name" $((SECONDS - started)))")
        passed=$((passed + 1))
        return 0
    fi
    summary+=("$(printf 'FAILED  %-12s %4d s' "$name" $((SECONDS - started)))")
    failed=$((failed + 1))
    return 1
}

# skip NAME WHY: records a step that could not run because one it needs failed.
skip() {
    echo "==> $1: skipped ($2)"
    summary+=("$(printf 'skipped %-12s        %s' "$1" "$2")")
    failed=$((failed + 1))
}

lint() {
    git ls-files -z '*.swift' | xargs -0 swift format lint --strict
}

# Builds, then fails on any warning the compiler gave about a file of this repository (dependencies'
# warnings are theirs). An incremental build reports only recompiled files; CI builds from clean.
build() {
    swift build --build-tests 2>&1 | tee "$logs/build.log"
    local status=${PIPESTATUS[0]}
    [ "$status" = 0 ] || return "$status"
    local root ours
    root=$(pwd -P)
    ours=$(grep -E "^/[^ ]+:[0-9]+:[0-9]+: warning:" "$logs/build.log" \
        | grep -F -e "$root/Sources/" -e "$root/Tests/" | sort -u)
    if [ -n "$ours" ]; then
        echo "build: compiler warnings in our own code (fix them):" >&2
        echo "$ours" >&2
        return 1
    fi
}

schemathesis_version=4.32.5

provision_python() {
    python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography || return 1
    python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium || return 1
    python3 -c 'import iso8583' 2>/dev/null || python3 -m pip install --quiet "pyiso8583==4.0.1" || return 1
    [ "$(python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" \
        = "$schemathesis_version" ] \
        || python3 -m pip install --quiet "schemathesis==$schemathesis_version"
}

provision_chromium() {
    if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
        apt-get update -qq || return 1
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null || return 1
    fi
    python3 Tests/Browser/smoke_test.py
}

suites() {
    CARDPLANE_TEST_REQUIRE_POSTGRES=1 CARDPLANE_TEST_REQUIRE_PYTHON=1 swift test --skip-build 2>&1 \
        | tee "$logs/suites.log"
    local status=${PIPESTATUS[0]}
    if grep -q "SWIFT TASK CONTINUATION MISUSE" "$logs/suites.log"; then
        echo "suites: a continuation was leaked without being resumed:" >&2
        grep "SWIFT TASK CONTINUATION MISUSE" "$logs/suites.log" >&2
        return 1
    fi
    return "$status"
}

step lint lint
if step build build; then built=1; else built=0; fi
step python provision_python && python=1 || python=0
step chromium provision_chromium && chromium=1 || chromium=0
step postgres postgres_start && postgres=1 || postgres=0

if [ "$built" = 1 ] && [ "$postgres" = 1 ] && [ "$python" = 1 ]; then
    step suites suites
else
    skip suites "needs build, python and postgres"
fi
if [ "$built" = 1 ]; then
    step walkthrough Tests/Integration/readme-walkthrough.sh
else
    skip walkthrough "needs build"
fi
if [ "$built" = 1 ] && [ "$python" = 1 ]; then
    step fuzz Tests/Fuzz/run.sh
else
    skip fuzz "needs build and python"
fi
if [ "$built" = 1 ] && [ "$python" = 1 ] && [ "$chromium" = 1 ]; then
    step browser Tests/Browser/run.sh
else
    skip browser "needs build, python and chromium"
fi
iso8583_on_both() { Tests/ISO8583/run.sh sqlite && Tests/ISO8583/run.sh postgres; }
if [ "$built" = 1 ] && [ "$python" = 1 ] && [ "$postgres" = 1 ]; then
    step iso8583 iso8583_on_both
else
    skip iso8583 "needs build, python and postgres"
fi
console_on_both() { Tests/Browser/console.sh sqlite && Tests/Browser/console.sh postgres; }
if [ "$built" = 1 ] && [ "$python" = 1 ] && [ "$chromium" = 1 ] && [ "$postgres" = 1 ]; then
    step console console_on_both
else
    skip console "needs build, python, chromium and postgres"
fi

if [ -d ../shared/seed ]; then
    seed="compared with ../shared/seed/ (ErrorTableTests.tableMatchesTheSharedSeed)"
else
    seed="skipped: ../shared/seed/ is not beside this checkout"
fi

echo
echo "==> summary"
printf '%s\n' "${summary[@]}"
echo "error table: $seed"
# CI shows only the end of this output: name what failed in the suites here, at the end.
if [ -f "$logs/suites.log" ]; then
    grep -E "✘|error: |Fatal error|unexpected signal|Test Suite .* failed" "$logs/suites.log" \
        | grep -v "passed after" | head -n 30 | sed 's/^/suites: /'
fi
rm -rf "$logs"
echo "steps: $passed passed, $failed failed"
[ "$failed" = 0 ]
