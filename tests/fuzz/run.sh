#!/bin/sh
# Run libFuzzer targets for a bounded time each and total the results.
#   sh tests/fuzz/run.sh SECONDS BUILDDIR NAME...
# Runs BUILDDIR/fuzz_NAME on a work corpus BUILDDIR/corpus/NAME (where
# libFuzzer adds the inputs it finds) and the committed seeds in
# tests/fuzz/corpus/NAME, with tests/fuzz/NAME.dict if there is one.
# The full output goes to BUILDDIR/fuzz_NAME.log; a crash input is saved
# as BUILDDIR/NAME-crash-* (or -timeout-, -oom-). Prints "fuzz: N passed, N failed" at the end;
# exits non-zero if any target crashed.
seconds=$1
dir=$2
shift 2
passed=0
failed=0
for name in "$@"; do
    bin="$dir/fuzz_$name"
    log="$dir/fuzz_$name.log"
    mkdir -p "$dir/corpus/$name"
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    # $dict is one word or none: split on purpose.
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -seed=1 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/$name-" $dict \
        "$dir/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$status" -eq 0 ]; then
        echo "fuzz_$name: ${runs:-?} runs in ${seconds}s, no crash"
        passed=$((passed + 1))
    else
        # The sanitizer's verdict and stack, without its shadow map.
        grep -E 'ERROR:|SUMMARY:|^ +#[0-9]+ |broken promise|runtime error' \
            "$log" | head -n 30
        echo "fuzz_$name: FAILED (status $status) after ${runs:-?} runs;" \
            "log $log, input $(find "$dir" -maxdepth 1 -name "$name-*" | head -n 1)"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
