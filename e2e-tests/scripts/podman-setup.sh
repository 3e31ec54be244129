#!/bin/bash
# Idempotent: install podman (Debian 12: 4.3.1) if missing, write a private config under
# $PODMAN_DIR (default /tmp/podman), load the busybox image. Podman has no daemon (one conmon per
# container), so there is nothing to start. Use it through the env file this writes:
#   . /tmp/podman/env; podman --runtime /path/to/runtime run --rm docker.io/library/busybox:local CMD...
# Optional ALT_RUNTIME=/path (default /usr/sbin/runc) is registered as runtime name "alt".
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PODMAN_DIR=${PODMAN_DIR:-/tmp/podman}
ALT_RUNTIME=${ALT_RUNTIME:-/usr/sbin/runc}
IMAGE=${IMAGE:-docker.io/library/busybox:local}
IMG_DIR=${IMG_DIR:-$PODMAN_DIR/img}   # where mkimage.sh builds the image archive
export DEBIAN_FRONTEND=noninteractive

if ! command -v podman >/dev/null || ! command -v conmon >/dev/null; then
  echo "[podman-setup] installing podman"
  mkdir -p "$PODMAN_DIR"
  # without recommends: no fuse-overlayfs, slirp4netns, uidmap (root, network none, kernel overlay)
  apt-get install -y --no-install-recommends podman >"$PODMAN_DIR/apt.log" 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends podman; }
fi
[ -x /usr/sbin/runc ] || apt-get install -y runc   # the config's default runtime (crun refuses hybrid cgroups)

mkdir -p "$PODMAN_DIR"
# This VM's root lacks CAP_SYS_RESOURCE, so no rlimit can be raised above the current hard limit.
# podman (as root) asks for nofile=1048576 and caps its own nproc at kernel.pid_max, so pin both.
hn=$(ulimit -Hn); hu=$(ulimit -Hu); pm=$(cat /proc/sys/kernel/pid_max)
[ "$hn" = unlimited ] && hn=1048576
if [ "$hu" = unlimited ] || [ "$hu" -gt "$pm" ]; then hu=$pm; fi
cat >"$PODMAN_DIR/containers.conf" <<EOF
[containers]
# "none": no netavark bridge, no iptables rules on the host (default "private" adds NETAVARK chains)
netns = "none"
default_ulimits = ["nofile=$hn:$hn", "nproc=$hu:$hu"]

[engine]
cgroup_manager = "cgroupfs"          # no systemd here
events_logger = "file"               # no journald here
events_logfile_path = "$PODMAN_DIR/events.log"
tmp_dir = "$PODMAN_DIR/tmp"
runtime = "runc"                     # default crun refuses this hybrid cgroup layout
# podman passes --log-format=json --log FILE only to runtimes whose *basename* is listed here
runtime_supports_json = ["crun", "runc", "kata", "runsc", "krun", "jrunc", "runc-logger"]

[engine.runtimes]
runc = ["/usr/sbin/runc"]
alt = ["$ALT_RUNTIME"]
EOF
cat >"$PODMAN_DIR/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$PODMAN_DIR/root"
runroot = "$PODMAN_DIR/runroot"
EOF
cat >"$PODMAN_DIR/env" <<EOF
export CONTAINERS_CONF=$PODMAN_DIR/containers.conf
export CONTAINERS_STORAGE_CONF=$PODMAN_DIR/storage.conf
EOF
. "$PODMAN_DIR/env"

if ! podman image exists "$IMAGE"; then
  [ -f "$IMG_DIR/busybox-image.tar" ] || OUTDIR="$IMG_DIR" IMAGE="$IMAGE" "$HERE/mkimage.sh"
  podman load -q -i "$IMG_DIR/busybox-image.tar"   # (alt: podman import $IMG_DIR/rootfs.tar IMG)
fi
if [ "${SMOKE:-1}" = 1 ]; then
  podman run --rm "$IMAGE" echo "[podman-setup] smoke test ok (runc)"
  podman --runtime "$ALT_RUNTIME" run --rm "$IMAGE" echo "[podman-setup] smoke test ok (--runtime $ALT_RUNTIME)"
fi
echo "[podman-setup] ready: . $PODMAN_DIR/env; podman --runtime /path/to/runtime run --rm $IMAGE <cmd...>"
