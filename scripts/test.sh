#!/usr/bin/env bash
# Runs the test layers and ends with one line that counts passed and failed
# tests over all of them.
#   scripts/test.sh all | native | wasm | e2e
set -uo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d)
passed=0
failed=0
broken_layers=()

# Runs one layer, keeping its output in a log, and adds its counts.
run_layer() {
    local name=$1
    shift
    echo "==> $name: $*"
    "$@" 2>&1 | tee "$logs/$name.log"
    local status=${PIPESTATUS[0]}

    local counts
    counts=$(count_results "$logs/$name.log")
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
    if [ "$status" -ne 0 ]; then
        broken_layers+=("$name (exit $status)")
    fi
}

# Prints "passed failed" from cargo's "test result:" lines and node's
# "# pass N" / "# fail N" summary.
count_results() {
    awk '
        /^test result:/ {
            for (i = 1; i <= NF; i++) {
                if ($(i + 1) ~ /^passed/) p += $i
                if ($(i + 1) ~ /^failed/) f += $i
            }
        }
        /^# pass / { p += $3 }
        /^# fail / { f += $3 }
        END { print p + 0, f + 0 }
    ' "$1"
}

native() { run_layer native cargo test; }
wasm() { run_layer wasm wasm-pack test --headless --chrome; }
e2e() {
    run_layer build scripts/build.sh
    run_layer e2e node --test --test-concurrency=1 e2e/
}

case "${1:-all}" in
    all) native; wasm; e2e ;;
    native) native ;;
    wasm) wasm ;;
    e2e) e2e ;;
    *) echo "usage: scripts/test.sh all|native|wasm|e2e" >&2; exit 2 ;;
esac

rm -rf "$logs"
if [ ${#broken_layers[@]} -gt 0 ]; then
    echo "failed layers: ${broken_layers[*]}"
    [ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed"
[ ${#broken_layers[@]} -eq 0 ] && [ "$failed" -eq 0 ]
