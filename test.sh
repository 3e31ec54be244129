#!/usr/bin/env bash
# Builds jrunc and runs the whole test suite: unit tests, the native front's tests, and the
# integration tests (real containers through dist/bin/jrunc, as root).
# Usage (as root): ./test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")"
bash tools/ensure-deps.sh
mvn -B verify "$@"
