#!/usr/bin/env bash
# The whole test suite, from a clean clone. Installs what the tests need (Azurite from the
# pinned tests/package-lock.json; PostgreSQL server binaries from Debian if missing), then
# runs every test and prints one "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== installing Azurite (tests/package-lock.json)"
npm ci --prefix tests --no-audit --no-fund --loglevel=error

if ! command -v initdb >/dev/null 2>&1 && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "== installing PostgreSQL server binaries (Debian package postgresql)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
echo "== dotnet test"
status=0
dotnet test Solution.sln -c Release --logger trx --results-directory "$results" || status=$?

# One results file per test project (Tests, Delta.Tests, SparkConnect.Tests): the counts are their sums.
sum() { find "$results" -name '*.trx' -exec grep -h '<Counters ' {} + | grep -o " $1=\"[0-9]*\"" | awk -F'"' '{ n += $2 } END { print n + 0 }'; }
if [ -n "$(find "$results" -name '*.trx' | head -n 1)" ]; then
  echo "tests: $(sum passed) passed, $(sum failed) failed, $(sum notExecuted) skipped"
fi
exit "$status"
