#!/bin/sh
# Check for every host tool that building, running and testing Parasol
# needs, and install what is missing (Debian 12 package names).
#
# Quiet when everything is there. When something is missing: as root it
# runs `apt-get update` once and installs exactly the missing packages;
# otherwise it prints the command to run and exits non-zero.
#
# Called by `make deps` (and so by `make run`, `make test`) and by .ci/run.
set -u

missing=""   # Debian packages to install, each listed once
reasons=""   # what was missing, for the message

need_package() {
    case " $missing " in
    *" $1 "*) ;;
    *) missing="$missing $1" ;;
    esac
    reasons="$reasons $2"
}

# need_command COMMAND PACKAGE
need_command() {
    command -v "$1" >/dev/null 2>&1 || need_package "$2" "$1"
}

# need_file PATH PACKAGE
need_file() {
    [ -e "$1" ] || need_package "$2" "$1"
}

# libFuzzer's runtime sits in a directory named after clang's version.
need_libfuzzer() {
    for f in /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a; do
        [ -e "$f" ] && return 0
    done
    need_package libclang-rt-14-dev libFuzzer
}

check_all() {
    missing=""
    reasons=""
    # Compiler, make and binutils (ld, objcopy, nm) for the hypervisor
    # and the host unit tests.
    need_command gcc build-essential
    need_command make build-essential
    need_command ld build-essential
    need_command objcopy build-essential
    need_command nm build-essential
    need_file /usr/include/cmocka.h libcmocka-dev
    # Booting and the boot tests.
    need_command qemu-system-x86_64 qemu-system-x86
    need_command python3 python3
    # `make iso`: grub-mkrescue with GRUB's BIOS modules, which drives
    # xorriso and, for an EFI image, mtools.
    need_command grub-mkrescue grub-common
    need_file /usr/lib/grub/i386-pc/multiboot2.mod grub-pc-bin
    need_command xorriso xorriso
    need_command mformat mtools
    # The fuzz targets: clang with its libFuzzer runtime.
    need_command clang clang
    need_libfuzzer
    # clang-format (`make format`) is optional: not checked.
}

check_all
[ -z "$missing" ] && exit 0

echo "deps: missing:$reasons" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps: no apt-get here; install the equivalents of these" \
        "Debian packages:$missing" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "deps: run this, then try again:" >&2
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive" \
        "apt-get install -y$missing" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update || exit 1
# $missing is a list of package names: split on purpose.
# shellcheck disable=SC2086
apt-get install -y $missing || exit 1

check_all
if [ -n "$missing" ]; then
    echo "deps: still missing after the install:$reasons" >&2
    exit 1
fi
echo "deps: done"
