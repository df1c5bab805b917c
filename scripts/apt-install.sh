#!/usr/bin/env bash
# Install Debian packages by name, the one way the gate does it:
#   scripts/apt-install.sh PACKAGE...
# Needs root (CI and the dev machines run as root). Non-interactive, and waits
# for another apt/dpkg run to release its lock rather than failing at once.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 PACKAGE..." >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "apt-install: not root; install these Debian packages yourself: $*" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

echo "apt-install: apt-get update && apt-get install -y $*"
apt-get "${apt_opts[@]}" update -qq
apt-get "${apt_opts[@]}" install -y -qq "$@" </dev/null
