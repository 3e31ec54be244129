#!/usr/bin/env bash
# Builds jrunc and runs the whole test suite: unit tests, the native front's tests, and the
# integration tests (real containers through dist/bin/jrunc, as root), and the e2e tests (a private
# containerd, dockerd and podman store driving dist/bin/jrunc, see e2e-tests/README.md).
# Usage (as root): ./test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")"
bash tools/ensure-deps.sh
# -fae: a failing module does not skip the others that do not depend on it (e2e-tests runs even when
# an integration test fails, and the build still fails at the end).
mvn -B -fae verify "$@"
