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
# The tests run for each mutant: every test target of the workspace (the libraries' unit tests,
# the integration, logging, allocation and soak tests), less the ones that cannot see these
# folders' bugs sooner than the others and cost the most (the examples' and the browser's, which
# need built binaries and Chromium, and the compile-fail tests of the macros), with 3 minutes
# at most each. (cargo-mutants checks the unmutated tree with the mutated package's tests only;
# CI checks the rest.) Results go to $MUTANTS_OUT (default target/mutants), `mutants.out/`
# there: caught.txt, missed.txt, timeout.txt, unviable.txt.
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
# Two jobs on two cores fill the single-threaded part of each build (the front end of rustc,
# the links) with the other job's work. Each job has its own copy of the tree and target
# directory.
jobs=(--jobs "${MUTANTS_JOBS:-1}")

# Each mutant relinks every test binary: without debug info, and with mold where it is installed
# (`apt-get install mold`), linking takes a fraction of the time. Neither changes what a test sees.
export CARGO_PROFILE_DEV_DEBUG=0
if command -v mold >/dev/null 2>&1; then
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-fuse-ld=mold"
fi

out=${MUTANTS_OUT:-target/mutants}
mkdir -p "$out"
exec cargo mutants --package clustaar-webhook "${filters[@]}" "${iterate[@]}" "${jobs[@]}" \
    --test-workspace=true --timeout 180 --output "$out" --cargo-arg=--tests \
    -- -- --skip examples:: --skip browser:: --skip compile::
