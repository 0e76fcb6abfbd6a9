#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install the Debian packages xnucross needs, only those missing
# (idempotent: with everything present it only checks).
#   deps.sh build [PKG...]   building: compiler, libnl, linux-source-6.1 (for
#                            the kselftest harness and checkpatch), sparse,
#                            plus PKG... (e.g. the kernel headers to build for)
#   deps.sh all              building plus the test VM: both Debian cloud
#                            kernels with their headers, QEMU, busybox, cpio
#   deps.sh debug            all, plus what building the debug kernel of
#                            'make check-debug' takes (flex, bison, bc, ...)
# With DEPS_CHECK=1 it only lists what is missing and fails if anything is.
set -eu

BUILD_PKGS="make gcc libc6-dev pkg-config perl xz-utils kmod file
libnl-3-dev libnl-genl-3-dev linux-source-6.1 sparse"
VM_PKGS="linux-headers-cloud-amd64 linux-image-cloud-amd64
linux-headers-6.12-cloud-amd64 linux-image-6.12-cloud-amd64
qemu-system-x86 busybox-static cpio"
DEBUG_PKGS="flex bison bc libelf-dev libssl-dev"

set_name=${1:-all}
[ $# -gt 0 ] && shift
case "$set_name" in
build) pkgs="$BUILD_PKGS $*" ;;
all) pkgs="$BUILD_PKGS $VM_PKGS $*" ;;
debug) pkgs="$BUILD_PKGS $VM_PKGS $DEBUG_PKGS $*" ;;
*) echo "usage: deps.sh build|all|debug [PKG...]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0
if [ "${DEPS_CHECK:-0}" = 1 ]; then
	echo "deps: missing packages:$missing"
	exit 1
fi
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: installing packages needs root: sudo make deps" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
