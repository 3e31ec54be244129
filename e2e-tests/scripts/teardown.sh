#!/bin/bash
# Stop what ctr-setup.sh / docker-setup.sh / podman-setup.sh started, and nothing else:
# only PIDs recorded in their pid files, and only if /proc/PID/cmdline still matches.
# Usage: teardown.sh [ctr] [docker] [podman]   (default: all three);  PURGE=1 also deletes the /tmp dirs.
set -uo pipefail
CTRD_DIR=${CTRD_DIR:-/tmp/ctrd}
DOCKERD_DIR=${DOCKERD_DIR:-/tmp/dockerd}
PODMAN_DIR=${PODMAN_DIR:-/tmp/podman}
what=${*:-ctr docker podman}
# DOCKER_CGROUP_PARENT: dockerd's --cgroup-parent (CGROUP_PARENT in docker-setup.sh), removed if empty.
# PODMAN_CGROUP_PARENT: the --cgroup-parent the caller gave podman's containers (default libpod_parent).
# CTR_NS: the ctr namespace the caller used; its parent cgroup /<ns> is removed at the end if empty.

matches() { [ -n "$1" ] && [ -r /proc/$1/cmdline ] && tr '\0' ' ' </proc/$1/cmdline | grep -q -- "^$2"; }
stop_pid() { # pid pattern name
  local pid=$1 pat=$2 name=$3
  if ! matches "$pid" "$pat"; then echo "[teardown] $name: pid '${pid}' not running (or not ours)"; return 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do matches "$pid" "$pat" || break; sleep 0.1; done
  if matches "$pid" "$pat"; then echo "[teardown] $name: pid $pid ignored SIGTERM, sending SIGKILL"; kill -KILL "$pid"; fi
  echo "[teardown] $name: stopped pid $pid"
}
leftover_mounts() { awk -v d="$1" 'index($2, d"/")==1 {print $2}' /proc/self/mounts | sort -r; }

for w in $what; do case $w in
ctr)
  pid=$(cat "$CTRD_DIR/containerd.pid" 2>/dev/null)
  if matches "$pid" "containerd --config $CTRD_DIR/config.toml"; then
    C="ctr --connect-timeout 2s -a $CTRD_DIR/ctrd.sock"
    # containers/shims outlive containerd, so remove them first (only those in this containerd)
    for ns in $($C namespaces ls -q 2>/dev/null); do
      for t in $($C -n "$ns" task ls -q 2>/dev/null); do
        $C -n "$ns" task kill -s SIGKILL "$t" >/dev/null 2>&1; sleep 0.2
        $C -n "$ns" task delete -f "$t" >/dev/null 2>&1
      done
      for c in $($C -n "$ns" containers ls -q 2>/dev/null); do $C -n "$ns" containers delete "$c" >/dev/null 2>&1; done
    done
  fi
  stop_pid "$pid" "containerd --config $CTRD_DIR/config.toml" containerd
  for m in $(leftover_mounts "$CTRD_DIR"); do umount "$m" && echo "[teardown] unmounted $m"; done
  [ "${PURGE:-0}" = 1 ] && [ -z "$(leftover_mounts "$CTRD_DIR")" ] && rm -rf "$CTRD_DIR" && echo "[teardown] removed $CTRD_DIR"
  ;;
docker)
  pid=$(cat "$DOCKERD_DIR/dockerd.pid" 2>/dev/null)
  if matches "$pid" "dockerd --config-file $DOCKERD_DIR/daemon.json"; then
    D="/usr/bin/docker -H unix://$DOCKERD_DIR/docker.sock"
    ids=$($D ps -aq 2>/dev/null); [ -n "$ids" ] && $D rm -f $ids >/dev/null
  fi
  # dockerd stops its own managed containerd (a child) on SIGTERM
  stop_pid "$pid" "dockerd --config-file $DOCKERD_DIR/daemon.json" dockerd
  for m in $(leftover_mounts "$DOCKERD_DIR"); do umount "$m" && echo "[teardown] unmounted $m"; done
  [ "${PURGE:-0}" = 1 ] && [ -z "$(leftover_mounts "$DOCKERD_DIR")" ] && rm -rf "$DOCKERD_DIR" && echo "[teardown] removed $DOCKERD_DIR"
  ;;
podman)
  # no daemon; remove this store's containers (their conmon processes exit with them)
  if [ -f "$PODMAN_DIR/containers.conf" ] && command -v podman >/dev/null; then
    CONTAINERS_CONF=$PODMAN_DIR/containers.conf CONTAINERS_STORAGE_CONF=$PODMAN_DIR/storage.conf \
      podman rm -a -f -t 0 >/dev/null
    echo "[teardown] podman: removed containers in $PODMAN_DIR"
  fi
  # any conmon still serving this store? then leave its mounts alone
  busy=$(for p in /proc/[0-9]*; do { tr '\0' ' ' <$p/cmdline; } 2>/dev/null | grep -q "^/usr/bin/conmon .*$PODMAN_DIR/" && echo ${p#/proc/}; done)
  if [ -n "$busy" ]; then echo "[teardown] podman: conmon still running (pids $busy); not unmounting $PODMAN_DIR"; continue; fi
  for m in $(leftover_mounts "$PODMAN_DIR"); do umount "$m" && echo "[teardown] unmounted $m"; done
  [ "${PURGE:-0}" = 1 ] && [ -z "$(leftover_mounts "$PODMAN_DIR")" ] && rm -rf "$PODMAN_DIR" && echo "[teardown] removed $PODMAN_DIR"
  ;;
*) echo "usage: $0 [ctr] [docker] [podman]" >&2; exit 2 ;;
esac; done
# Parent cgroups the clients create (cgroupfs driver): /default (ctr namespace), /docker, /libpod_parent.
# rmdir only succeeds on empty cgroups, so this never touches a cgroup that is in use.
if [ "${CLEAN_CGROUPS:-1}" = 1 ]; then
  for w in $what; do case $w in ctr) n=${CTR_NS:-default};; docker) n=${DOCKER_CGROUP_PARENT:-docker};; podman) n=${PODMAN_CGROUP_PARENT:-libpod_parent};; esac
    n=${n#/}
    for d in /sys/fs/cgroup/*/$n; do [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; done
    # a relative parent (dockerd's --cgroup-parent without a leading /) lands below the cgroup its
    # caller was in: find it by its (unique) name; default names are left alone there
    case $n in docker|default|libpod_parent) ;; *)
      find /sys/fs/cgroup -mindepth 3 -maxdepth 8 -type d -name "$n" -prune 2>/dev/null | while read -r d; do
        find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null; done ;;
    esac
  done
fi
exit 0
