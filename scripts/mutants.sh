#!/usr/bin/env bash
# Mutation testing of the code that guards the webhook, with cargo-mutants: each mutant is one
# small bug (a comparison turned around, a function that returns early, a condition dropped),
# and the suite must fail on each one. A mutant it lets through is either a missing test or an
# equivalent change, listed in TESTING.md with why.
#
#   scripts/mutants.sh                      # every folder below (hours on 2 cores)
#   scripts/mutants.sh security             # one folder of clustaar-webhook/src
#   MUTANTS_ITERATE=1 scripts/mutants.sh    # skip the mutants a previous run caught
#   MUTANTS_JOBS=2 scripts/mutants.sh       # two mutants at once, each in its own copy
#
# Three passes. The first runs the library's own unit tests only: a mutant costs a build of the
# library alone, and most are caught there. The second runs the mutants the first let through
# (cargo-mutants' --iterate) against every test target of the workspace (the integration,
# logging, allocation and soak tests too), less the tests that cannot see these folders' bugs
# sooner than the others and need what a mutant's copy of the tree lacks: the ones that run
# example binaries (`examples::`, `lambda::`, the Redis two-instances example: `--tests` does not
# build examples, and such a test failing would count every mutant as caught), the browser's
# (Chromium) and the macros' compile-fail tests. Before the second pass, the script runs that
# suite once on the unmutated tree and stops if it fails, for the same reason. Each mutant gets
# a minute at most (20 s in the first pass): one that makes the suite loop or crawl is a
# timeout, found but costly.
# The third runs the library's doc examples against what is left.
# Results go to $MUTANTS_OUT (default target/mutants), `mutants.out/` there: caught.txt,
# missed.txt, timeout.txt, unviable.txt, and previously_caught.txt (the earlier passes' catches).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-mutants >/dev/null 2>&1 || cargo install cargo-mutants --locked

folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
    folders=(security replay_store webhook extract serve schemas/processors filters routing/route_table.rs)
fi
filters=()
for folder in "${folders[@]}"; do
    case "$folder" in
        *.rs) filters+=(-f "clustaar-webhook/src/$folder") ;;
        *) filters+=(-f "clustaar-webhook/src/$folder/**") ;;
    esac
done
iterate=()
if [ -n "${MUTANTS_ITERATE:-}" ]; then iterate=(--iterate); fi
skips=(--skip examples:: --skip lambda:: --skip redis_store::the_two_instances_example
    --skip browser:: --skip compile::)
# Two jobs on two cores fill the single-threaded part of each build (the front end of rustc,
# the links) with the other job's work. Each job has its own copy of the tree and target
# directory.
jobs=(--jobs "${MUTANTS_JOBS:-1}")

# Each mutant relinks every test binary: without debug info, and with mold where it is installed
# (`apt-get install mold`), linking takes a fraction of the time. Neither changes what a test sees.
export CARGO_PROFILE_DEV_DEBUG=0
# A property test a mutant breaks fails on its first counterexample: shrinking it (minutes, for
# the HTML cleaner's) would tell nothing more here.
export PROPTEST_MAX_SHRINK_ITERS=0
if command -v mold >/dev/null 2>&1; then
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi

out=${MUTANTS_OUT:-target/mutants}
mkdir -p "$out"
mutants() {
    cargo mutants --package clustaar-webhook "${filters[@]}" "${jobs[@]}" --output "$out" "$@"
}
# cargo-mutants exits 2 when mutants were missed and 3 on timeouts: the second pass retries them.
passed_or_missed() { [ "$1" -eq 0 ] || [ "$1" -eq 2 ] || [ "$1" -eq 3 ]; }

status=0
# The library's tests take about two seconds: a mutant still running them after 20 is looping.
# Every feature, so that the unit tests of the Redis store and of the testing kit run too.
mutants "${iterate[@]}" --timeout 20 --test-workspace=false --all-features --cargo-arg=--lib ||
    status=$?
passed_or_missed "$status" || exit "$status"

echo "The whole suite on the unmutated tree, as the second pass runs it:"
cargo test --workspace --tests -q -- "${skips[@]}"

status=0
mutants --iterate --timeout 60 --test-workspace=true --cargo-arg=--tests -- -- "${skips[@]}" ||
    status=$?
passed_or_missed "$status" || exit "$status"

# Third, the doc examples of the library (one merged binary: about 20 s a mutant) against what
# the tests let through: the accessors and constants of the public API are checked there.
mutants --iterate --timeout 60 --test-workspace=false --cargo-test-arg=--doc
