#!/bin/sh
# Fetch the reference hypervisor of the differential harness: Xen 4.17
# from Debian 12's xen-hypervisor-4.17-amd64, downloaded with
# `apt-get download` and unpacked with `dpkg -x` into a cache directory.
# Nothing is installed into the host's root. The result is a Multiboot 1
# ELF that QEMU's -kernel boots as it is.
#
#   sh tools/build/fetch_xen.sh DIR
#
# Writes DIR/xen.elf (the gunzipped boot/xen-4.17-amd64.gz) and
# DIR/xen.version (the package's version), and does nothing when
# DIR/xen.elf already exists: the download happens once.
set -eu

PACKAGE=xen-hypervisor-4.17-amd64
IMAGE=boot/xen-4.17-amd64.gz

dir=$1
[ -s "$dir/xen.elf" ] && exit 0
mkdir -p "$dir"
cd "$dir"
rm -f ./*.deb

# apt-get download needs the package lists; a fresh machine may have
# none, or stale ones. Update only when the first try fails.
if ! apt-get download "$PACKAGE" >download.log 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "fetch_xen: 'apt-get download $PACKAGE' failed (see" \
            "$dir/download.log); run 'sudo apt-get update' and try again" >&2
        exit 1
    fi
    echo "fetch_xen: updating the package lists"
    apt-get update >>download.log 2>&1
    apt-get download "$PACKAGE" >>download.log 2>&1 || {
        echo "fetch_xen: cannot download $PACKAGE (see $dir/download.log)" >&2
        exit 1
    }
fi
deb=$(ls ./"$PACKAGE"_*.deb)
rm -rf root
dpkg -x "$deb" root
dpkg-deb -f "$deb" Version >xen.version
gunzip -c "root/$IMAGE" >xen.elf.new
mv xen.elf.new xen.elf
echo "fetch_xen: Xen $(cat xen.version) in $dir/xen.elf"
