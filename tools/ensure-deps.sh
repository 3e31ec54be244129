#!/usr/bin/env bash
# Installs what building and testing jrunc needs on a fresh Debian machine, only where it is missing:
# a JDK (17+), Maven, gcc and make (the native front), busybox-static (the demo and test bundles),
# and runc (the reference the benchmark compares against). Run as root.
set -euo pipefail
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || need+=(make)
[[ -x /bin/busybox ]] && ! ldd /bin/busybox >/dev/null 2>&1 || need+=(busybox-static)
if [[ "${JRUNC_NEED_RUNC:-0}" == 1 ]] && ! command -v runc >/dev/null 2>&1; then need+=(runc); fi
if ((${#need[@]})); then
  echo "ensure-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
