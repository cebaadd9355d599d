#!/bin/sh
# Make a GRUB rescue ISO that boots the hypervisor through Multiboot 2.
#
#   sh tools/build/mkiso.sh ELF TREE ISO CMDLINE
#
# ELF is build/parasol.elf; TREE is the folder that becomes the ISO's
# file system (TREE/boot/parasol.elf, TREE/boot/grub/grub.cfg); ISO is
# the image to write; CMDLINE is the hypervisor's command line.
#
# grub.cfg sends GRUB's own menu and messages to COM1 too, so everything
# from firmware hand-off to the hypervisor's exit is on the serial line.
# grub-mkrescue's chatter goes to TREE.log and is shown only on failure.
set -eu

if [ $# -ne 4 ]; then
    echo "usage: $0 ELF TREE ISO CMDLINE" >&2
    exit 2
fi
elf=$1
tree=$2
iso=$3
cmdline=$4

mkdir -p "$tree/boot/grub"
cp "$elf" "$tree/boot/parasol.elf"
cat > "$tree/boot/grub/grub.cfg" <<EOF
# Written by tools/build/mkiso.sh; edits are lost at the next build.
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
set default=0

menuentry "Parasol" {
    multiboot2 /boot/parasol.elf $cmdline
    boot
}
EOF

if ! grub-mkrescue -o "$iso" "$tree" > "$tree.log" 2>&1; then
    cat "$tree.log" >&2
    echo "mkiso: grub-mkrescue failed" >&2
    exit 1
fi
