#!/usr/bin/env bash
# The full soak test of `clustaar_webhook::serve` (tests/soak.rs), in a release build: a server
# process (a `Webhook` with a private key, basic authentication and replay prevention, 1 s
# timeouts) under REQUESTS requests (default 100,000) over CONNECTIONS concurrent connections
# (default 64), mixing valid, badly signed, stale, unauthenticated, malformed, oversized,
# truncated and slowloris clients. Prints the outcomes per kind, requests/s, the server's peak
# and settled RSS, and its peak RSS with one signed body just under the 2 MiB limit on a fresh
# server (held to 16 MiB in this optimized build). Fails on any unexpected outcome.
#
#   scripts/soak.sh
#   REQUESTS=300000 CONNECTIONS=128 scripts/soak.sh
#
# `cargo test --workspace` runs the short variant (3,000 requests) in the debug build. Client
# and server share the machine: compare requests/s only between runs on the same one.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${REQUESTS:-100000}
connections=${CONNECTIONS:-64}

cargo test --release -p clustaar-webhook-workspace --test soak -- \
    --requests "$requests" --connections "$connections"
