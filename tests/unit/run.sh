#!/bin/sh
# Run each cmocka test binary given as an argument and total the results.
# Prints "unit: N passed, N failed" at the end; exits non-zero on failure.
passed=0
failed=0
for t in "$@"; do
    out=$("$t" 2>&1)
    status=$?
    echo "$out"
    p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    # A crash (sanitizer report, abort) counts as a failure even if
    # cmocka printed no summary.
    if [ "$status" -ne 0 ] && [ -z "$f" ]; then
        echo "unit: $t exited with status $status"
        failed=$((failed + 1))
    fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
