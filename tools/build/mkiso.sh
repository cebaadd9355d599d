#!/bin/sh
# Make a GRUB rescue ISO that boots the hypervisor through Multiboot 2.
#
#   sh tools/build/mkiso.sh ELF TREE ISO CMDLINE [MODULE...]
#
# ELF is build/parasol.elf; TREE is the folder that becomes the ISO's
# file system (TREE/boot/parasol.elf, TREE/boot/grub/grub.cfg); ISO is
# the image to write; CMDLINE is the hypervisor's command line. Each
# MODULE ("file" or "file args") becomes a Multiboot 2 module in that
# order: the first is dom0's kernel, the rest its ramdisk.
#
# grub.cfg sends GRUB's own menu and messages to COM1 too, so everything
# from firmware hand-off to the hypervisor's exit is on the serial line.
# grub-mkrescue's chatter goes to TREE.log and is shown only on failure.
set -eu

if [ $# -lt 4 ]; then
    echo "usage: $0 ELF TREE ISO CMDLINE [MODULE...]" >&2
    exit 2
fi
elf=$1
tree=$2
iso=$3
cmdline=$4
shift 4

mkdir -p "$tree/boot/grub"
cp "$elf" "$tree/boot/parasol.elf"
# One "module2 /boot/NAME NAME args" line per module; like QEMU's
# -initrd, the module's string starts with its file name.
modules=""
n=0
for m in "$@"; do
    file=${m%% *}
    args=""
    [ "$file" != "$m" ] && args=" ${m#* }"
    n=$((n + 1))
    name="module$n-$(basename "$file")"
    cp "$file" "$tree/boot/$name"
    modules="$modules
    module2 /boot/$name $name$args"
done
cat > "$tree/boot/grub/grub.cfg" <<EOF
# Written by tools/build/mkiso.sh; edits are lost at the next build.
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
set default=0

menuentry "Parasol" {
    multiboot2 /boot/parasol.elf $cmdline$modules
    boot
}
EOF

if ! grub-mkrescue -o "$iso" "$tree" > "$tree.log" 2>&1; then
    cat "$tree.log" >&2
    echo "mkiso: grub-mkrescue failed" >&2
    exit 1
fi
