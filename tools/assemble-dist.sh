#!/usr/bin/env bash
# Assembles the relocatable distribution at <repo>/dist from the module outputs:
#   dist/bin/jrunc        the native front (front/target/jrunc)
#   dist/lib/*.jar        the planner and its dependencies
#   dist/lib/java-home    the JDK the front starts the planner with (see choose_jdk)
#   dist/lib/jvm.options  extra JVM options, one per line; @HOME@ stands for the dist directory
#   dist/lib/jrunc.aot    JDK 25+: AOT cache (classes loaded and linked) from a training run
#   dist/lib/jrunc.jsa    JDK 17-24: AppCDS archive from the same training run
# The cache pins the JDK and the jars (size and mtime): copy dist/ with `cp -a` to keep it valid;
# a stale or mismatched cache is ignored silently (the planner just starts slower).
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

# picocli's jar is Java 5 bytecode: the JVM runs the old (slow) verifier on it at every start and
# the AOT cache cannot keep it linked. Rebuild it from its sources jar (unpacked by the cli module)
# for Java 17, same source, same name; if that fails, keep the original jar.
relink_picocli() {
  local src="$repo/cli/target/picocli-src" jar out
  jar=$(ls "$dist"/lib/picocli-*.jar 2>/dev/null | head -n1)
  [[ -d "$src/picocli" && -n "$jar" && -x "$jdk/bin/javac" ]] || return 0
  out=$(mktemp -d)
  if "$jdk/bin/javac" --release 17 -nowarn -Xlint:none -encoding UTF-8 -d "$out/classes" \
       $(find "$src/picocli" -name '*.java') >"$out/log" 2>&1 \
     && "$jdk/bin/jar" --create --file "$out/picocli.jar" -C "$out/classes" . >>"$out/log" 2>&1; then
    mv "$out/picocli.jar" "$jar"
  else
    echo "assemble-dist: keeping the original picocli jar (rebuild failed: $(head -c 300 "$out/log"))" >&2
  fi
  rm -rf "$out"
}
relink_picocli

jdk_v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")

# The JVM's own log lines go to stdout by default, and stdout is the plan pipe: send warnings to
# stderr, and say nothing when the class cache cannot be used (it is an optimisation only).
# The "aot" log tag exists from JDK 25 on; an unknown tag is a fatal option error.
jvm_opts=(-Xlog:disable -Xlog:all=warning:stderr -Xlog:cds=off:stderr)
(( jdk_v >= 25 )) && jvm_opts+=(-Xlog:aot=off:stderr)
printf '%s\n' "${jvm_opts[@]}" > "$dist/lib/jvm.options"

# Class cache from a training run (dev.jrunc.cli.Train plans create/run/start/state/kill/delete/
# list/spec for a temp bundle without executing anything). The fixed flags must be those that
# front/src/planner_link.c passes, and the classpath the same "<home>/lib/*" (the cache checks both).
front_flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
home=$(cd "$dist" && pwd -P)
# Its output (the JDK's notes on classes it cannot cache) is shown only when the training run fails.
train() {
  local log rc=0
  log=$(mktemp)
  "$jdk/bin/java" "${front_flags[@]}" "${jvm_opts[@]}" "$@" -cp "$home/lib/*" dev.jrunc.cli.Train >"$log" 2>&1 || rc=$?
  (( rc == 0 )) || cat "$log" >&2
  rm -f "$log"
  return $rc
}
if [[ "${JRUNC_NO_CLASS_CACHE:-}" == 1 ]]; then
  :
elif (( jdk_v >= 25 )); then
  train -XX:AOTCacheOutput="$home/lib/jrunc.aot" -Xlog:aot=warning:stderr \
    && echo '-XX:AOTCache=@HOME@/lib/jrunc.aot' >> "$dist/lib/jvm.options"
else
  train -XX:ArchiveClassesAtExit="$home/lib/jrunc.jsa" \
    && echo '-XX:SharedArchiveFile=@HOME@/lib/jrunc.jsa' >> "$dist/lib/jvm.options"
fi
# The commit `jrunc --version` prints (dockerd reads its "commit:" line), "-dirty" with local changes.
if commit=$(git -C "$repo" rev-parse --short=12 HEAD 2>/dev/null); then
  git -C "$repo" diff --quiet HEAD 2>/dev/null || commit+="-dirty"
  echo "$commit" > "$dist/lib/commit"
fi
echo "assemble-dist: $dist (planner JDK $jdk)"
