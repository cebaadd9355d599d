#!/bin/sh
# Turn `nm -n` output of the hypervisor into an assembly symbol table:
# hv_symbols[] = {address, name} sorted by address, for backtraces.
# Only text symbols are kept: backtraces name code, nothing else.
set -eu
awk '
BEGIN {
    print "\t.section .symtab_hv, \"a\""
    print "\t.balign 8"
    print "\t.globl hv_symbols"
    print "hv_symbols:"
    n = 0
}
$2 ~ /^[tTwW]$/ && $3 !~ /^\./ {
    printf "\t.quad 0x%s, .Lname%d\n", $1, n
    names[n++] = $3
}
END {
    print "\t.globl hv_symbols_count"
    print "hv_symbols_count:"
    printf "\t.quad %d\n", n
    print "\t.section .rodata.symnames, \"a\""
    for (i = 0; i < n; i++)
        printf ".Lname%d:\t.asciz \"%s\"\n", i, names[i]
}'
