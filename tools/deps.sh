#!/bin/sh
# deps.sh - install (or, with --check, only list) the Debian packages that
# xnucross needs to build, lint and test. Idempotent: does nothing when all
# are present. Usage: tools/deps.sh [--check]
set -eu

PKGS="make gcc libc6-dev pkg-config perl xz-utils kmod file
linux-headers-cloud-amd64 linux-image-cloud-amd64
linux-headers-6.12-cloud-amd64 linux-image-6.12-cloud-amd64
qemu-system-x86 busybox-static cpio
libnl-3-dev libnl-genl-3-dev
linux-source-6.1 sparse"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0
if [ "${1:-}" = "--check" ]; then
	echo "missing packages:$missing"
	exit 1
fi
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: run 'make deps' as root (apt-get needs it)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
