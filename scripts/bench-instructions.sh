#!/usr/bin/env bash
# Instructions per iteration of bench variants, counted by callgrind: unlike wall time, the
# count does not depend on what else the (shared) machine runs, so ratios stay comparable.
#
#   scripts/bench-instructions.sh overhead overhead/webhook overhead/hand_written
#   scripts/bench-instructions.sh dispatch find/1 find/10000 request/1 request/10000
#
# Each variant runs LOW and HIGH iterations (default 20 and 520) through the bench's driver
# mode (CLUSTAAR_BENCH_DRIVER, see clustaar-webhook/benches/common/mod.rs); the difference of
# the two counts divided by HIGH - LOW leaves out the set-up (building 10,000 routes, the
# runtime). Needs valgrind. sha1 and the like may take another code path under valgrind than
# natively (CPU features), the same for every variant.
set -euo pipefail
cd "$(dirname "$0")/.."

bench=${1:?usage: $0 <bench> <variant>...}
shift
low=${LOW:-20}
high=${HIGH:-520}

exe=$(cargo bench -p clustaar-webhook --bench "$bench" --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])' | tail -n 1)

count() {
    CLUSTAAR_BENCH_DRIVER="$1:$2" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$exe" 2>&1 |
        awk '/Collected/ { gsub(",", "", $NF); print $NF }'
}

for variant in "$@"; do
    a=$(count "$variant" "$low")
    b=$(count "$variant" "$high")
    echo "$variant $(( (b - a) / (high - low) ))"
done
