#!/usr/bin/env bash
# The `lambda` example's figures for a deployment: the size of its binary, the time from its
# process's start to its first answer, and its peak memory, measured against the tests' stand-in
# for the Lambda Runtime API (`tests/lambda.rs`, `cold_start`) on this machine.
#
#   scripts/lambda-cold-start.sh          # 20 cold starts
#   LAMBDA_RUNS=100 scripts/lambda-cold-start.sh
#
# The binary is built as the README's "Deploying" section advises for Lambda (release, LTO, one
# codegen unit, symbols stripped), for this machine's target: `cargo lambda build` cross-compiles
# the same code for Lambda's (x86_64 or arm64 Linux). Each start is a new process that finds its
# first event waiting, as on a cold invocation; the stand-in and the signing run in the test, in
# the test profile, apart from the measured process.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-target}
cargo build --release --example lambda \
    --config 'profile.release.lto = true' \
    --config 'profile.release.codegen-units = 1' \
    --config 'profile.release.strip = true'
binary="$target/release/examples/lambda"
echo "binary: $binary, $(stat -c %s "$binary") bytes"

LAMBDA_BINARY="$(realpath "$binary")" cargo test --test integration -- \
    --ignored --exact lambda::cold_start --nocapture
