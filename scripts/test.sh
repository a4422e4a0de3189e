#!/usr/bin/env bash
# Runs every test of Cardplane, as CI does:
#   1. swift-format lint (strict) over every Swift file;
#   2. the Swift test suites, each storage and HTTP test on SQLite and on a throwaway PostgreSQL;
#   3. the README walk-through against a real `cardplane serve`;
#   4. the browser test of the PCI hosted card page in headless Chromium (Tests/Browser), which
#      leaves its screenshot in artifacts/.
# Provisions what it needs (PostgreSQL, Chromium and ChromeDriver from Debian when missing;
# Python's `cryptography` for the merchant cipher cross-checks and `selenium` for the browser
# test, from PyPI when missing). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> swift format lint"
git ls-files -z '*.swift' | xargs -0 swift format lint --strict

echo "==> swift build"
swift build --build-tests

echo "==> python3 cryptography (merchant cipher cross-checks)"
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography

echo "==> chromium, chromedriver and python3 selenium (browser test)"
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium
python3 Tests/Browser/smoke_test.py

echo "==> swift test (SQLite and PostgreSQL), the README walk-through and the browser test"
CARDPLANE_TEST_REQUIRE_POSTGRES=1 CARDPLANE_TEST_REQUIRE_PYTHON=1 scripts/with-postgres.sh bash -c '
    set -euo pipefail
    swift test --skip-build
    Tests/Integration/readme-walkthrough.sh
    Tests/Browser/run.sh
'
