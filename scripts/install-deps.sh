#!/bin/sh
# Installs what umk needs to build and test on Debian 12: the toolchain,
# the libraries, busybox-static and e2fsprogs for guest images, the real
# peers the interop tests and benches compare against (uml-utilities, vde2,
# user-mode-linux, runsc), and groff and man-db to check the manual pages.
# Runs apt-get as root, through sudo when not root.
set -eu
pkgs="build-essential meson ninja-build pkg-config check libvdeplug-dev libcap-ng-dev
	busybox-static e2fsprogs uml-utilities vde2 user-mode-linux musl-tools
	python3 bc util-linux fdisk tmux strace runsc groff-base man-db libpcap-dev tcpdump"
as_root=
[ "$(id -u)" = 0 ] || as_root=sudo
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q
# shellcheck disable=SC2086
$as_root apt-get install -y -q --no-install-recommends $pkgs
