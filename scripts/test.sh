#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install what the tests need, build,
# run the Swift tests, then the end-to-end tests (tmux, boto3, moto) against the
# built binary. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8

scripts/install-test-deps.sh

# A private PostgreSQL cluster for the team store's tests, stopped however the run ends.
pg_dir=$(mktemp -d /tmp/flagdeck-pg.XXXXXX)
chmod 755 "$pg_dir"
trap 'scripts/pg_test_cluster.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
eval "$(scripts/pg_test_cluster.sh start "$pg_dir")"
echo "== PostgreSQL test cluster: ${FLAGDECK_TEST_POSTGRES}"

echo "== swift build"
swift build --build-tests

echo "== swift test"
swift test --skip-build

echo "== end-to-end tests (tmux, boto3, moto)"
FLAGDECK_BIN="$(swift build --show-bin-path)/flagdeck"
export FLAGDECK_BIN FLAGDECK_SWIFT_SKIP_BUILD=1
python3 -m pytest -q -p no:cacheprovider integration
