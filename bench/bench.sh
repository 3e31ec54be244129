#!/usr/bin/env bash
# Times jrunc against runc on a busybox bundle, A B A B ... so that machine noise hits both alike.
# Usage: bench/bench.sh [-n N] [-j JRUNC] [-r RUNC] [-o SCENARIOS] [-m MODES]
#   -n N          iterations per timed scenario (default 20); medians are reported
#   -j JRUNC      the jrunc binary (default <repo>/dist/bin/jrunc)
#   -r RUNC       the reference runtime (default runc on PATH, else /usr/sbin/runc)
#   -o SCENARIOS  comma-separated subset of: run,sequence,exec,parallel,memory,ctr (default all)
#   -m MODES      comma-separated subset of: cold,warm (default both)
# Scenarios:
#   run        `run` of `true`: the whole lifecycle in one command
#   sequence   what containerd's shim sends: create, start, delete, delete --force (each and total)
#   exec       `exec` of `true` into a running container (skipped if jrunc has no exec yet)
#   parallel   50 containers created, started and deleted, 2 at a time: containers/s
#   memory     what stays resident per running container besides the container's own program
#   ctr        `ctr run --rm` of `true` through a private containerd (skipped unless containerd is installed)
# Output: a table for people, then one `BENCH name=... key=value ...` line per measurement.
# Everything runs under its own --root in a temp dir, removed at exit (Ctrl-C too), after a
# `delete --force` of every container this script created. Modes: cold (the JVM planner started per
# command) and warm (a private `jrunc server` on a socket in the temp dir, warmed up with a few runs
# before timing; memory then reports the server's RSS, since nothing else stays resident).
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
n=20
jrunc="$repo/dist/bin/jrunc"
runc=$(command -v runc || echo /usr/sbin/runc)
only="run,sequence,exec,parallel,memory,ctr"
modes="cold,warm"
while getopts "n:j:r:o:m:h" opt; do
  case "$opt" in
    n) n=$OPTARG ;;
    j) jrunc=$OPTARG ;;
    r) runc=$OPTARG ;;
    o) only=$OPTARG ;;
    m) modes=$OPTARG ;;
    *) sed -n '2,8p' "$0"; exit 2 ;;
  esac
done
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: -n wants a positive number, got '$n'" >&2; exit 2; }
[[ -x "$jrunc" ]] || { echo "bench: jrunc binary $jrunc is missing (build with: mvn -B -DskipTests package)" >&2; exit 2; }
[[ -x "$runc" ]] || { echo "bench: runc binary $runc is missing (apt-get install -y runc)" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "bench: needs root (it creates containers)" >&2; exit 2; }

# PID 1 here does not reap orphans: a detached container's init, once its runtime has exited, is
# re-parented to the nearest subreaper. Become one (bash reaps any child it gets), so the
# benchmark leaves no zombies. Without python3 the script still works; zombies are then PID 1's.
if [[ -z "${_JRUNC_BENCH_REAPER:-}" ]] && command -v python3 >/dev/null; then
  export _JRUNC_BENCH_REAPER=1
  exec python3 -c 'import ctypes, os, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
os.execvp("bash", ["bash"] + sys.argv[1:])' "$0" "$@"
fi

want() { [[ ",$only," == *",$1,"* ]]; }
tmp=$(mktemp -d /tmp/jrunc-bench.XXXXXX)
bundle="$tmp/bundle"
sleeper="$tmp/sleeper"   # same rootfs, process `sleep 1000`: for exec and memory
declare -A root=([jrunc]="$tmp/root-jrunc" [runc]="$tmp/root-runc")
declare -A bin=([jrunc]="$jrunc" [runc]="$runc")
has_time=0; [[ -x /usr/bin/time ]] && has_time=1

ctrd_started=0
server_pid=""
cleanup() {
  trap - EXIT INT TERM
  local rt id
  stop_server
  # the private containerd of the ctr row: its containers, then the daemon (only the pid it recorded)
  if (( ctrd_started )); then
    CTRD_DIR="$tmp/ctrd" CTR_NS="jrunc-bench-$$" PURGE=1 bash "$repo/e2e-tests/scripts/teardown.sh" ctr >/dev/null 2>&1
  fi
  for rt in jrunc runc; do
    [[ -d "${root[$rt]}" ]] || continue
    for id in $(ls "${root[$rt]}" 2>/dev/null); do
      [[ -d "${root[$rt]}/$id" ]] || continue
      timeout 20 "${bin[$rt]}" --root "${root[$rt]}" delete --force "$id" >/dev/null 2>&1
    done
  done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "bench: interrupted, cleaning up" >&2; exit 130' INT TERM

"$repo/tools/make-bundle.sh" "$bundle" "$runc" >/dev/null || { echo "bench: make-bundle failed" >&2; exit 1; }
mkdir -p "$sleeper" "${root[jrunc]}" "${root[runc]}"
sed -e "s#\"path\": \"rootfs\"#\"path\": \"$bundle/rootfs\"#" \
    -e 's#^\(\s*\)"true"$#\1"sleep", "1000"#' "$bundle/config.json" > "$sleeper/config.json"
grep -q '"sleep", "1000"' "$sleeper/config.json" || { echo "bench: could not write the sleeper config" >&2; exit 1; }

# timed RT ARGS...: runs one runtime command; sets $ms (wall, ms with 0.1 precision), $kb (peak RSS
# of the largest process it waited for), $cpu (user+sys ms of it and its children, 10 ms steps:
# steadier than wall time on a loaded machine) and $rc.
timed() {
  local rt=$1; shift
  local t0 t1
  t0=${EPOCHREALTIME/./}
  if (( has_time )); then
    /usr/bin/time -f "%M %U %S" -o "$tmp/rss" "${bin[$rt]}" --root "${root[$rt]}" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
  else
    "${bin[$rt]}" --root "${root[$rt]}" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
  fi
  t1=${EPOCHREALTIME/./}
  ms=$(( (t1 - t0) / 100 )); ms="$((ms / 10)).$((ms % 10))"
  read -r kb cpu < <( (( has_time )) && tail -n1 "$tmp/rss" | awk '{printf "%d %d\n", $1, ($2 + $3) * 1000}' || echo "0 0")
  [[ "$kb" =~ ^[0-9]+$ ]] || kb=0
  [[ "$cpu" =~ ^[0-9]+$ ]] || cpu=0
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "0"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -n | tail -n1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }

rows=()      # human table rows: name|jrunc|runc|ratio|note
machine=()   # BENCH lines
report() {   # report NAME JRUNC_MS RUNC_MS [JRUNC_KB RUNC_KB [JRUNC_CPU_MS RUNC_CPU_MS]]
  local name=$1 j=$2 r=$3 jk=${4:-} rk=${5:-} jc=${6:-} rc_=${7:-} x
  x=$(ratio "$j" "$r")
  rows+=("$name${sfx:-}|$j ms|$r ms|${x}x|${jk:+rss ${jk}/${rk} KB}${jc:+, cpu ${jc}/${rc_} ms}")
  machine+=("BENCH name=$name mode=$mode jrunc_ms=$j runc_ms=$r ratio=$x${jk:+ jrunc_rss_kb=$jk runc_rss_kb=$rk}${jc:+ jrunc_cpu_ms=$jc runc_cpu_ms=$rc_}")
}
skip() { rows+=("$1${sfx:-}|-|-|-|skipped: $2"); machine+=("BENCH name=$1 mode=$mode skipped=\"$2\""); }

# The warm mode's server: started by us (its own front plans cold), stopped by its pid only.
start_server() {
  local sock="$tmp/planner/planner.sock"
  JRUNC_PLANNER_SOCKET= "$jrunc" server --socket "$sock" --idle-timeout 0 >"$tmp/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 400); do [[ -S "$sock" ]] && break; sleep 0.05; done
  [[ -S "$sock" ]] || { echo "bench: the planner server did not start: $(head -c 300 "$tmp/server.log")" >&2; return 1; }
  export JRUNC_PLANNER_SOCKET="$sock"
  # warm up: the JIT compiles the planner's hot paths in the first requests
  local i
  for ((i = 0; i < 15; i++)); do
    "$jrunc" --root "${root[jrunc]}" run --bundle "$bundle" "$(newid)" >/dev/null 2>&1
  done
}
stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null
  server_pid=""
}
# RSS of the server: its front and the planner JVM (the front's child).
server_rss_kb() {
  local kids p sum=0 kb
  kids=$(cat "/proc/$server_pid/task/$server_pid/children" 2>/dev/null)
  for p in "$server_pid" $kids; do
    kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null)
    sum=$((sum + ${kb:-0}))
  done
  echo "$sum"
}
fail() { echo "bench: $rt $*: $(head -c 300 "$tmp/err")" >&2; }

seq_id=0
newid() { seq_id=$((seq_id + 1)); echo "b$$-$seq_id"; }

run_scenarios() {
# (not indented: the scenarios as they were before the modes)
if want run; then
  declare -A t=() m=() c=()
  for ((i = 0; i < n; i++)); do
    for rt in jrunc runc; do
      timed "$rt" run --bundle "$bundle" "$(newid)"
      (( rc == 0 )) || fail "run exited $rc"
      t[$rt]+="$ms "; m[$rt]+="$kb "; c[$rt]+="$cpu "
    done
  done
  report run "$(tr ' ' '\n' <<<"${t[jrunc]}" | median)" "$(tr ' ' '\n' <<<"${t[runc]}" | median)" \
    "$(tr ' ' '\n' <<<"${m[jrunc]}" | maxof)" "$(tr ' ' '\n' <<<"${m[runc]}" | maxof)" \
    "$(tr ' ' '\n' <<<"${c[jrunc]}" | median)" "$(tr ' ' '\n' <<<"${c[runc]}" | median)"
fi

if want sequence; then
  steps=(create start delete delete-force total)
  declare -A t=() m=()
  for ((i = 0; i < n; i++)); do
    for rt in jrunc runc; do
      id=$(newid); total=0
      for step in create start delete delete-force; do
        case $step in
          create) timed "$rt" create --bundle "$bundle" "$id" ;;
          start) timed "$rt" start "$id" ;;
          delete)
            # `true` may still be exiting: containerd deletes once it saw the exit; so do we.
            for _ in $(seq 200); do
              "${bin[$rt]}" --root "${root[$rt]}" state "$id" 2>/dev/null | grep -q '"status": "stopped"' && break
              sleep 0.005
            done
            timed "$rt" delete "$id" ;;
          delete-force) timed "$rt" delete --force "$id" ;;  # the shim's cleanup: container is gone
        esac
        [[ $step == delete-force || $rc == 0 ]] || fail "$step exited $rc"
        t[$rt,$step]+="$ms "; m[$rt]+="$kb "
        total=$(awk -v a="$total" -v b="$ms" 'BEGIN {print a + b}')
      done
      t[$rt,total]+="$total "
    done
  done
  for step in "${steps[@]}"; do
    report "sequence.$step" "$(tr ' ' '\n' <<<"${t[jrunc,$step]}" | median)" "$(tr ' ' '\n' <<<"${t[runc,$step]}" | median)" \
      "$([[ $step == total ]] && tr ' ' '\n' <<<"${m[jrunc]}" | maxof)" "$([[ $step == total ]] && tr ' ' '\n' <<<"${m[runc]}" | maxof)"
  done
fi

if want exec; then
  # An unknown command is "No help topic for 'exec'" (runc's wording); a known one without
  # arguments is a usage error.
  if [[ "$("$jrunc" exec 2>&1)" == *"No help topic"* ]]; then
    skip exec "jrunc has no exec command yet"
  else
    declare -A t=() cid=()
    for rt in jrunc runc; do
      cid[$rt]=$(newid)
      timed "$rt" run -d --bundle "$sleeper" "${cid[$rt]}"
      (( rc == 0 )) || fail "run -d exited $rc"
    done
    for ((i = 0; i < n; i++)); do
      for rt in jrunc runc; do
        timed "$rt" exec "${cid[$rt]}" true
        (( rc == 0 )) || fail "exec exited $rc"
        t[$rt]+="$ms "
      done
    done
    for rt in jrunc runc; do timed "$rt" delete --force "${cid[$rt]}"; done
    report exec "$(tr ' ' '\n' <<<"${t[jrunc]}" | median)" "$(tr ' ' '\n' <<<"${t[runc]}" | median)"
  fi
fi

if want parallel; then
  # Two workers, 25 containers each: create, start, delete (after `true` exits).
  worker() {
    local rt=$1 w=$2 k id
    for ((k = 0; k < 25; k++)); do
      id="b$$-p$w-$k"
      "${bin[$rt]}" --root "${root[$rt]}" create --bundle "$bundle" "$id" >/dev/null 2>&1 || return 1
      "${bin[$rt]}" --root "${root[$rt]}" start "$id" >/dev/null 2>&1 || return 1
      "${bin[$rt]}" --root "${root[$rt]}" delete --force "$id" >/dev/null 2>&1 || return 1
    done
  }
  declare -A ps=()
  for rt in jrunc runc; do
    t0=${EPOCHREALTIME/./}
    worker "$rt" 1 & p1=$!
    worker "$rt" 2 & p2=$!
    wait "$p1"; r1=$?; wait "$p2"; r2=$?
    t1=${EPOCHREALTIME/./}
    (( r1 == 0 && r2 == 0 )) || echo "bench: parallel $rt: a worker failed" >&2
    ps[$rt]=$(awk -v us=$((t1 - t0)) 'BEGIN {printf "%.1f", 50 / (us / 1e6)}')
  done
  x=$(ratio "${ps[runc]}" "${ps[jrunc]}")
  rows+=("parallel (50, 2 at a time)${sfx:-}|${ps[jrunc]}/s|${ps[runc]}/s|${x}x|containers per second")
  machine+=("BENCH name=parallel mode=$mode jrunc_per_s=${ps[jrunc]} runc_per_s=${ps[runc]} ratio=$x")
fi

if want memory && [[ $mode == cold ]]; then
  # Resident cost of one running container: processes that appeared and whose command line names
  # our temp dir (the runtime, a planner JVM, a shim of ours), not the container's own program.
  declare -A res=() own=()
  for rt in jrunc runc; do
    before=" $(ps -e -o pid= | tr '\n' ' ') "
    id=$(newid)
    timed "$rt" run -d --bundle "$sleeper" "$id"
    (( rc == 0 )) || fail "run -d exited $rc"
    sleep 0.3
    cpid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' <("${bin[$rt]}" --root "${root[$rt]}" state "$id" 2>/dev/null) | head -n1)
    sum=0; names=""
    for p in $(ps -e -o pid=); do
      [[ "$before" == *" $p "* || "$p" == "${cpid:-x}" || "$p" == "$$" ]] && continue
      { tr '\0' ' ' < "/proc/$p/cmdline"; } 2>/dev/null | grep -q -- "$tmp" || continue
      kbp=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null)
      [[ -n "$kbp" ]] || continue
      sum=$((sum + kbp)); names+="$(cat "/proc/$p/comm" 2>/dev/null) "
    done
    res[$rt]=$sum
    own[$rt]=$(awk '/^VmRSS/ {print $2}' "/proc/${cpid:-0}/status" 2>/dev/null || echo 0)
    [[ -n "$names" ]] && echo "bench: memory: $rt left resident: $names" >&2
    timed "$rt" delete --force "$id"
  done
  rows+=("memory (resident besides the container)${sfx:-}|${res[jrunc]} KB|${res[runc]} KB|-|container's own: ${own[jrunc]:-0}/${own[runc]:-0} KB")
  machine+=("BENCH name=memory mode=$mode jrunc_resident_kb=${res[jrunc]} runc_resident_kb=${res[runc]} jrunc_container_kb=${own[jrunc]:-0} runc_container_kb=${own[runc]:-0}")
fi

if want ctr; then
  # `ctr run --rm` of `true` through a private containerd (e2e-tests/scripts/ctr-setup.sh: its own
  # config, root, state and socket under $tmp/ctrd, the busybox image built locally and imported),
  # started once for both modes and torn down by teardown.sh (only the pid it recorded) at exit. Its
  # shims inherit JRUNC_PLANNER_SOCKET: the warm mode's server socket, absent in cold mode (the front
  # then plans cold at once).
  scripts="$repo/e2e-tests/scripts"
  if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null; then
    skip ctr "containerd is not installed (apt-get install -y containerd)"
  elif [[ ! -f "$scripts/ctr-setup.sh" ]]; then
    skip ctr "$scripts/ctr-setup.sh is missing"
  elif [[ -n "${ctrd_failed:-}" ]]; then
    skip ctr "$ctrd_failed"
  else
    ctrd_dir="$tmp/ctrd"; ctr_ns="jrunc-bench-$$"
    if [[ -n "${ctrd_ready:-}" ]] || JRUNC_PLANNER_SOCKET="$tmp/planner/planner.sock" CTRD_DIR="$ctrd_dir" SMOKE=0 \
        CONTAINERD_NAMESPACE="$ctr_ns" bash "$scripts/ctr-setup.sh" >"$tmp/ctr-setup.log" 2>&1; then
      ctrd_started=1; ctrd_ready=1
      ctr_cmd=(ctr --connect-timeout 2s -a "$ctrd_dir/ctrd.sock" -n "$ctr_ns")
      declare -A t=()
      for ((i = 0; i < n; i++)); do
        for rt in jrunc runc; do
          t0=${EPOCHREALTIME/./}
          "${ctr_cmd[@]}" run --rm --runc-binary "${bin[$rt]}" --runc-root "$tmp/ctr-root-$rt" \
            docker.io/library/busybox:local "$(newid)" true >/dev/null 2>"$tmp/err"
          rc=$?
          t1=${EPOCHREALTIME/./}
          (( rc == 0 )) || fail "ctr run --rm exited $rc"
          ms=$(( (t1 - t0) / 100 )); t[$rt]+="$((ms / 10)).$((ms % 10)) "
        done
      done
      report ctr "$(tr ' ' '\n' <<<"${t[jrunc]}" | median)" "$(tr ' ' '\n' <<<"${t[runc]}" | median)"
    else
      ctrd_failed="ctr-setup.sh failed: $(tail -n1 "$tmp/ctr-setup.log")"
      skip ctr "$ctrd_failed"
      ctrd_started=1   # it may have started containerd before failing: teardown checks the pid
    fi
  fi
fi
}

for mode in ${modes//,/ }; do
  case $mode in
    cold) sfx=""; export JRUNC_PLANNER_SOCKET= ;;  # a server at the default socket must not make cold warm
    warm) sfx=" (warm)"; start_server || { skip warm "the planner server did not start"; continue; } ;;
    *) echo "bench: unknown mode '$mode'" >&2; exit 2 ;;
  esac
  run_scenarios
  if [[ $mode == warm ]]; then
    if want memory; then
      kb=$(server_rss_kb)
      rows+=("memory: planner server RSS (warm)|$kb KB|-|-|the server's front + JVM, after the scenarios")
      machine+=("BENCH name=server_rss mode=warm jrunc_rss_kb=$kb")
    fi
    stop_server
  fi
done

# Report.
kernel=$(uname -r)
jdk=$(cat "$(dirname "$(dirname "$jrunc")")/lib/java-home" 2>/dev/null || echo "?")
echo "jrunc bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) vCPU, kernel $kernel, planner JDK $jdk, n=$n"
echo "jrunc $jrunc vs $($runc --version 2>/dev/null | head -n1) ($runc)"
printf '%-40s %-12s %-12s %-8s %s\n' scenario jrunc runc ratio note
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d e <<<"$r"
  printf '%-40s %-12s %-12s %-8s %s\n' "$a" "$b" "$c" "$d" "$e"
done
printf '%s\n' "${machine[@]}"
