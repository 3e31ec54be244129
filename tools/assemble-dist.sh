#!/usr/bin/env bash
# Assembles the relocatable distribution at <repo>/dist from the module outputs:
#   dist/bin/jrunc        the native front (front/target/jrunc)
#   dist/lib/*.jar        the planner and its dependencies
#   dist/lib/java-home    the JDK the front starts the planner with (see choose_jdk)
#   dist/lib/jvm.options  extra JVM options, one per line; @HOME@ stands for the dist directory
# Called by the cli module's package phase; safe to run again.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dist="${JRUNC_DIST:-$repo/dist}"  # JRUNC_DIST: assemble elsewhere (parallel work trees)

# The planner runs best on the newest JDK here (faster start-up, AOT cache on 25+); it needs 17+.
choose_jdk() {
  local best="" best_v=0 d v
  for d in "${JRUNC_BUILD_JDK:-}" /usr/lib/jvm/* "${JAVA_HOME:-}"; do
    [[ -n "$d" && -x "$d/bin/java" ]] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release" 2>/dev/null || true)
    [[ -n "$v" ]] || continue
    if (( v >= 17 && v > best_v )); then best="$d"; best_v=$v; fi
    [[ -n "${JRUNC_BUILD_JDK:-}" && "$d" == "$JRUNC_BUILD_JDK" ]] && { best="$d"; break; }
  done
  [[ -n "$best" ]] || { echo "assemble-dist: no JDK 17+ found (set JRUNC_BUILD_JDK)" >&2; exit 1; }
  readlink -f "$best"
}

rm -rf "$dist/lib"
mkdir -p "$dist/bin" "$dist/lib"
install -m 0755 "$repo/front/target/jrunc" "$dist/bin/jrunc"
cp "$repo"/cli/target/cli-*.jar "$dist/lib/"
cp "$repo"/cli/target/lib/*.jar "$dist/lib/"
jdk=$(choose_jdk)
echo "$jdk" > "$dist/lib/java-home"
: > "$dist/lib/jvm.options"
echo "assemble-dist: $dist (planner JDK $jdk)"
