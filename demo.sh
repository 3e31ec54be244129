#!/usr/bin/env bash
# Builds jrunc and runs a busybox shell command in a real container from a bundle made here.
# Usage (as root): ./demo.sh
set -euo pipefail
cd "$(dirname "$0")"
bash tools/ensure-deps.sh
mvn -B -q -DskipTests package
bundle=$(mktemp -d /tmp/jrunc-demo.XXXXXX)
root=$(mktemp -d /tmp/jrunc-demo-root.XXXXXX)
trap 'dist/bin/jrunc --root "$root" delete --force demo >/dev/null 2>&1 || true; rm -rf "$bundle" "$root"' EXIT
bash tools/make-bundle.sh "$bundle" dist/bin/jrunc >/dev/null
# The demo's process says where it is: a busybox shell in its own pid, uts and mount namespaces.
cmd='echo hello from $(hostname), I am pid $$ in a container with this root:; ls /; id'
sed -i "s|^\\([[:space:]]*\\)\"true\"\$|\\1\"sh\", \"-c\", \"$cmd\"|" "$bundle/config.json"
echo "+ jrunc run --bundle $bundle demo"
dist/bin/jrunc --root "$root" run --bundle "$bundle" demo
