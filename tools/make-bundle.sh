#!/usr/bin/env bash
# Makes a busybox OCI bundle for the integration tests (no registry access needed):
#   DIR/rootfs       /bin/busybox (static, Debian's busybox-static) plus a symlink per applet,
#                    /etc/passwd and /etc/group with root, a uid 1000 user and nobody,
#                    empty /tmp (1777), /proc, /sys, /dev, /root, /run, /home/user
#   DIR/config.json  from `<binary> spec`, made non-interactive: terminal false, args ["true"]
#                    (the tests write their own config.json per container)
# Usage: make-bundle.sh DIR [BINARY]
#   BINARY defaults to $JRUNC_BINARY, else <repo>/dist/bin/jrunc, else runc on PATH.
#   BINARY "-" skips config.json (the test harness writes its own; its rootfs must not depend on
#   the binary under test).
# Installs busybox-static with apt-get only if /bin/busybox is missing. Safe to run again.
set -euo pipefail
dir=${1:?usage: make-bundle.sh DIR [BINARY]}
repo=$(cd "$(dirname "$0")/.." && pwd)
binary=${2:-${JRUNC_BINARY:-}}
if [[ -z "$binary" ]]; then
  if [[ -x "$repo/dist/bin/jrunc" ]]; then binary="$repo/dist/bin/jrunc"; else binary=$(command -v runc || true); fi
fi

if [[ ! -x /bin/busybox ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq busybox-static >/dev/null
fi
file_is_static() { ! LC_ALL=C ldd "$1" >/dev/null 2>&1; }
file_is_static /bin/busybox || { echo "make-bundle: /bin/busybox is not static" >&2; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rootfs="$dir/rootfs"
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,run,home/user,var}
chmod 1777 "$rootfs/tmp"
chmod 0700 "$rootfs/root"
cp /bin/busybox "$rootfs/bin/busybox"
chmod 0755 "$rootfs/bin/busybox"
# One symlink per applet, all in /bin (PATH in the spec contains /bin).
for a in $(/bin/busybox --list); do
  [[ "$a" == busybox ]] && continue
  ln -sf busybox "$rootfs/bin/$a"
done
printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
  'user:x:1000:1000:user:/home/user:/bin/sh' \
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' > "$rootfs/etc/passwd"
printf '%s\n' 'root:x:0:' 'user:x:1000:' 'extra1:x:2001:user' 'extra2:x:2002:' 'nogroup:x:65534:' > "$rootfs/etc/group"
chown 1000:1000 "$rootfs/home/user"
: > "$rootfs/etc/hostname"; : > "$rootfs/etc/hosts"; : > "$rootfs/etc/resolv.conf"

if [[ "$binary" == "-" ]]; then
  :
elif [[ -n "$binary" && -x "$binary" ]]; then
  [[ "$binary" == */* ]] && binary=$(realpath "$binary")   # `spec` runs from the bundle dir
  rm -f "$dir/config.json"
  (cd "$dir" && "$binary" spec)
  [[ -f "$dir/config.json" ]] || { echo "make-bundle: '$binary spec' wrote no config.json" >&2; exit 1; }
  # Non-interactive: terminal false, args ["true"].
  python3 - "$dir/config.json" <<'EOF' 2>/dev/null || sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"$/"true"/' "$dir/config.json"
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["true"]
open(p, "w").write(json.dumps(c, indent="\t"))
EOF
else
  echo "make-bundle: no runtime binary to run 'spec' with; wrote rootfs only" >&2
fi
echo "$dir"
