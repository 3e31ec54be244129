#!/bin/bash
# Idempotent: install containerd (Debian 12: 1.6.20) if missing, start a private containerd under
# $CTRD_DIR (default /tmp/ctrd) if not already running, build + import the busybox image.
# After it:   ctr -a /tmp/ctrd/ctrd.sock run --rm [--runc-binary /path/to/runtime] docker.io/library/busybox:local ID CMD...
# Stop with:  teardown.sh ctr   (stops only the PID recorded in $CTRD_DIR/containerd.pid)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CTRD_DIR=${CTRD_DIR:-/tmp/ctrd}
SOCK=$CTRD_DIR/ctrd.sock
IMAGE=${IMAGE:-docker.io/library/busybox:local}
IMG_DIR=${IMG_DIR:-$CTRD_DIR/img}   # where mkimage.sh builds the image archive
mkdir -p "$CTRD_DIR"
export DEBIAN_FRONTEND=noninteractive

if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null; then
  echo "[ctr-setup] installing containerd"
  apt-get install -y containerd >"$CTRD_DIR/apt.log" 2>&1 || { apt-get update >/dev/null && apt-get install -y containerd; }
fi
command -v runc >/dev/null || apt-get install -y runc

mkdir -p "$CTRD_DIR"
# Own config: keeps /etc/containerd/config.toml and /var/lib/containerd out of it; CRI plugin off.
cat >"$CTRD_DIR/config.toml" <<EOF
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
EOF

# Start a daemon in its own session with only stdio open: drop every inherited fd > 2 (a harness's
# pipes would otherwise leak into the daemon, every shim, the runtime and the container), so that
# DAEMON_PID (= $!) is the daemon itself (the subshell execs setsid, which execs the daemon).
start_daemon() { # logfile cmd...
  local log=$1; shift
  ( for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
    exec setsid "$@" >"$log" 2>&1 </dev/null ) &
  DAEMON_PID=$!
}
CTR="ctr --connect-timeout 2s -a $SOCK"   # without --connect-timeout, ctr waits forever for a dead socket
ours() { [ -n "${1:-}" ] && [ -r /proc/$1/cmdline ] && tr '\0' ' ' </proc/$1/cmdline | grep -q "^containerd --config $CTRD_DIR/config.toml"; }
pid=$(cat "$CTRD_DIR/containerd.pid" 2>/dev/null || true)
if ! ours "$pid"; then  # pid file lost/stale: adopt a containerd already running with our config, if any
  for p in /proc/[0-9]*; do ours "${p#/proc/}" && { pid=${p#/proc/}; echo "$pid" >"$CTRD_DIR/containerd.pid"; break; }; done
fi
if ours "$pid"; then
  echo "[ctr-setup] containerd already running, pid $pid"
else
  rm -f "$SOCK" "$SOCK.ttrpc"
  (cd "$CTRD_DIR" && start_daemon "$CTRD_DIR/containerd.log" containerd --config "$CTRD_DIR/config.toml"
   echo "$DAEMON_PID" >"$CTRD_DIR/containerd.pid")
  pid=$(cat "$CTRD_DIR/containerd.pid")
  for _ in $(seq 1 100); do [ -S "$SOCK" ] && $CTR version >/dev/null 2>&1 && break; sleep 0.1; done
  $CTR version >/dev/null || { echo "[ctr-setup] containerd did not come up; see $CTRD_DIR/containerd.log" >&2; exit 1; }
  ours "$pid" || { echo "[ctr-setup] pid $pid is not containerd?" >&2; exit 1; }
  echo "[ctr-setup] containerd started, pid $pid, socket $SOCK"
fi

if ! $CTR image ls -q | grep -qx "$IMAGE"; then
  [ -f "$IMG_DIR/busybox-image.tar" ] || OUTDIR="$IMG_DIR" IMAGE="$IMAGE" "$HERE/mkimage.sh"
  $CTR image import "$IMG_DIR/busybox-image.tar"
fi
if [ "${SMOKE:-1}" = 1 ]; then
  $CTR run --rm "$IMAGE" "smoke-$$" echo "[ctr-setup] smoke test ok (runc)"
fi
echo "[ctr-setup] ready: ctr -a $SOCK run --rm --runc-binary /path/to/runtime $IMAGE <id> <cmd...>"
