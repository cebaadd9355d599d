#!/bin/sh
# Total the "NAME: N passed, N failed" lines of test logs into one line,
# "N passed, N failed", the last line `make test` prints. A log with no
# such line (its part did not build or run) counts as one failure.
# Exits non-zero when anything failed.
#
#   sh tools/build/summary.sh LOG...
set -u
passed=0
failed=0
for log in "$@"; do
    line=$(sed -n 's/^[a-z-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
        "$log" 2>/dev/null | tail -n 1)
    if [ -z "$line" ]; then
        echo "test: $log has no summary line; counted as one failure"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + ${line% *}))
    failed=$((failed + ${line#* }))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
