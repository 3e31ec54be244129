#!/bin/bash
# Idempotent: install docker.io (Debian 12: 20.10.24) if missing, start a private dockerd under
# $DOCKERD_DIR (default /tmp/dockerd) if not already running, load the busybox image.
# Extra runtimes go in $DOCKERD_DIR/daemon.json; set ALT_RUNTIME=/path/to/runtime (name: $ALT_NAME,
# default "alt"; default path /usr/sbin/runc). Re-running with a new ALT_RUNTIME hot-reloads it (SIGHUP).
# CGROUP_PARENT: the parent cgroup of its containers (default /docker), to keep them apart from others'.
# After it:   docker -H unix:///tmp/dockerd/docker.sock run --rm --runtime alt busybox:local CMD...
# Stop with:  teardown.sh docker   (stops only the PID recorded in $DOCKERD_DIR/dockerd.pid)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DOCKERD_DIR=${DOCKERD_DIR:-/tmp/dockerd}
SOCK=$DOCKERD_DIR/docker.sock
ALT_NAME=${ALT_NAME:-alt}
ALT_RUNTIME=${ALT_RUNTIME:-/usr/sbin/runc}
IMAGE=${IMAGE:-docker.io/library/busybox:local}
IMG_DIR=${IMG_DIR:-$DOCKERD_DIR/img}   # where mkimage.sh builds the image archive
mkdir -p "$DOCKERD_DIR"
# /usr/local/bin/docker (28.x client) shadows Debian's /usr/bin/docker on PATH; both work against
# the 20.10 daemon (API 1.41 negotiated), but use the Debian one to match the daemon.
DOCKER="/usr/bin/docker -H unix://$SOCK"
export DEBIAN_FRONTEND=noninteractive

if [ ! -x /usr/sbin/dockerd ] || [ ! -x /usr/bin/docker ]; then
  echo "[docker-setup] installing docker.io"
  apt-get install -y docker.io >"$DOCKERD_DIR/apt.log" 2>&1 || { apt-get update >/dev/null && apt-get install -y docker.io; }
fi

mkdir -p "$DOCKERD_DIR"
NEW_CONF=$(printf '{\n  "runtimes": {\n    "%s": { "path": "%s" }\n  }\n}\n' "$ALT_NAME" "$ALT_RUNTIME")
CHANGED=0
if [ "$(cat "$DOCKERD_DIR/daemon.json" 2>/dev/null)" != "$NEW_CONF" ]; then
  printf '%s\n' "$NEW_CONF" >"$DOCKERD_DIR/daemon.json"; CHANGED=1
fi

# Start a daemon in its own session with only stdio open: drop every inherited fd > 2 (a harness's
# pipes would otherwise leak into the daemon, every shim, the runtime and the container), so that
# DAEMON_PID (= $!) is the daemon itself (the subshell execs setsid, which execs the daemon).
start_daemon() { # logfile cmd...
  local log=$1; shift
  ( for fd in $(ls /proc/$BASHPID/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
    exec setsid "$@" >"$log" 2>&1 </dev/null ) &
  DAEMON_PID=$!
}
ours() { [ -n "${1:-}" ] && [ -r /proc/$1/cmdline ] && tr '\0' ' ' </proc/$1/cmdline | grep -q "^dockerd --config-file $DOCKERD_DIR/daemon.json"; }
pid=$(cat "$DOCKERD_DIR/dockerd.pid" 2>/dev/null || true)   # dockerd writes this itself (--pidfile)
if ours "$pid"; then
  echo "[docker-setup] dockerd already running, pid $pid"
  if [ $CHANGED = 1 ]; then
    kill -HUP "$pid"; sleep 1   # SIGHUP live-reloads "runtimes" from daemon.json
    echo "[docker-setup] reloaded daemon.json (runtime $ALT_NAME=$ALT_RUNTIME)"
  fi
else
  # --iptables/--ip-masq/--ip-forward false + --bridge none: do not touch host netfilter or sysctls
  # (dockerd sets net.ipv4.ip_forward=1 on the host otherwise), nor create docker0.
  # dockerd starts (and on SIGTERM stops) its own containerd under exec-root/containerd.
  cd "$DOCKERD_DIR"
  start_daemon "$DOCKERD_DIR/dockerd.log" dockerd --config-file "$DOCKERD_DIR/daemon.json" \
      --data-root "$DOCKERD_DIR/data" --exec-root "$DOCKERD_DIR/exec" -H "unix://$SOCK" \
      --pidfile "$DOCKERD_DIR/dockerd.pid" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
      --bridge=none --storage-driver=overlay2 ${CGROUP_PARENT:+--cgroup-parent "$CGROUP_PARENT"}
  pid=$DAEMON_PID
  cd - >/dev/null
  for _ in $(seq 1 150); do $DOCKER info >/dev/null 2>&1 && break; sleep 0.2; done
  $DOCKER info >/dev/null 2>&1 || { echo "[docker-setup] dockerd did not come up; see $DOCKERD_DIR/dockerd.log" >&2; exit 1; }
  [ "$(cat "$DOCKERD_DIR/dockerd.pid")" = "$pid" ] || { echo "[docker-setup] pid file does not match \$! ($pid)" >&2; exit 1; }
  echo "[docker-setup] dockerd started, pid $pid, socket $SOCK"
fi

if ! $DOCKER image inspect "$IMAGE" >/dev/null 2>&1; then
  [ -f "$IMG_DIR/busybox-image.tar" ] || OUTDIR="$IMG_DIR" IMAGE="$IMAGE" "$HERE/mkimage.sh"
  $DOCKER load -i "$IMG_DIR/busybox-image.tar"   # (alt: docker import $IMG_DIR/rootfs.tar IMG)
fi
if [ "${SMOKE:-1}" = 1 ]; then
  $DOCKER run --rm "$IMAGE" echo "[docker-setup] smoke test ok (runc)"
  $DOCKER run --rm --runtime "$ALT_NAME" "$IMAGE" echo "[docker-setup] smoke test ok (--runtime $ALT_NAME = $ALT_RUNTIME)"
fi
echo "[docker-setup] ready: $DOCKER run --rm --runtime $ALT_NAME $IMAGE <cmd...>"
