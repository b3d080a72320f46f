#!/usr/bin/env bash
# Shows whether crafted notifications can hold the webhook. Visitor-controlled strings (the
# message text, `data.input.text`) go through the HTML cleaner (`html_sanitize`) when a
# notification is read, on one of the server's worker threads; a cleaner that is not linear in
# its input lets one crafted message keep a worker busy for seconds or hours, and a few of them
# hold the whole server.
#
# The script builds and starts the `step_reached` example (release, a private key, no basic
# authentication, TOKIO_WORKER_THREADS=$WORKERS) on a free port of 127.0.0.1, then runs
# `examples/stall_probe.rs`: it sends CRAFTED (2) signed notifications at the same time whose
# message text is SIZE bytes of crafted markup, and, DELAY_MS (50) ms later, while they are in
# flight, a normal notification. It prints each request's status and latency, and fails (exit
# 1) when the normal one took more than LIMIT_MS (500) ms or any answer is not 200. The server
# is stopped at the end, whatever happens.
#
#   scripts/stall.sh                               # 1 MiB messages, the families mixed
#   FAMILY=open_tags SIZE=20000 scripts/stall.sh   # one family, smaller messages
#   SERVER=/tmp/old/step_reached SIZE=20000 scripts/stall.sh   # another build of the example
#
# Settings (environment):
#   FAMILY    open_tags      `<y <y <y … <y>` (one tag; attribute names that start with `<`)
#             lt_attributes  `<y <a0 <a1 … >` (thousands of distinct such names)
#             attributes     `<b a0=0 a1=1 …>x</b>` (one tag, thousands of distinct attributes)
#             mix            (default) a third of each, in that order
#             (each tag is closed by a `>` at the end, so that a cleaner reads it whole: the
#             platform's compares each new attribute's name with all the earlier ones)
#   SIZE      the crafted text's length in bytes (default 1048576; the body, ~1.5 KB more, must
#             stay under the server's 2 MiB limit)
#   CRAFTED   crafted notifications sent at once (default 2)
#   WORKERS   the server's worker threads (default 2, so that two crafted notifications can
#             occupy every one of them, whatever the machine's cores)
#   DELAY_MS, LIMIT_MS  see above;  TIMEOUT  seconds any request may take (default 120)
#   SERVER    the `step_reached` executable to start (default: this checkout's release build),
#             e.g. one built from an older commit, to compare two cleaners
#   CLUSTAAR_REQUEST_MAX_AGE  passed to the server (default 10 s: a normal notification that
#             waits longer than that is refused as too old, 400, and the run fails)
#
# The figures: "crafted i: 200 in X s" is how long the server took to answer a crafted
# notification (mostly the cleaner's time); "normal: 200 in Y s" how long an ordinary
# notification, sent while the crafted ones were being read, waited for its answer. With a
# linear-time cleaner Y stays in milliseconds; when Y is about as long as X, the crafted
# notifications held every worker and the server answered nobody else meanwhile ("STALL").
# Don't run the 1 MiB default against a super-linear cleaner: it would take hours (the probe
# gives up after TIMEOUT seconds, and the script kills the server).
set -euo pipefail
# SERVER as the caller wrote it, relative to where the script was started from.
if [ -n "${SERVER:-}" ]; then
    if [ ! -x "$SERVER" ]; then
        echo "error: SERVER=$SERVER is not an executable file" >&2
        exit 2
    fi
    SERVER=$(cd "$(dirname "$SERVER")" && pwd)/$(basename "$SERVER")
fi
cd "$(dirname "$0")/.."

family=${FAMILY:-mix}
size=${SIZE:-1048576}
crafted=${CRAFTED:-2}
workers=${WORKERS:-2}
delay_ms=${DELAY_MS:-50}
limit_ms=${LIMIT_MS:-500}
timeout=${TIMEOUT:-120}
server_exe=${SERVER:-target/release/examples/step_reached}
key=stall-test-key

cargo build --release --example step_reached --example stall_probe

log=$(mktemp)
server=
# shellcheck disable=SC2317 # run by the EXIT trap
stop() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        # Bounded: SIGKILL when the graceful shutdown takes more than 5 s.
        for _ in $(seq 50); do
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=
    fi
}
trap 'stop; rm -f "$log"' EXIT

# PORT=0: the system picks a free port, which the server prints ("Listening on http://…").
env -u CLUSTAAR_AUTH_USERNAME -u CLUSTAAR_AUTH_PASSWORD -u REDIS_URL \
    CLUSTAAR_PRIVATE_KEY=$key PORT=0 TOKIO_WORKER_THREADS="$workers" RUST_LOG="${RUST_LOG:-warn}" \
    "$server_exe" >"$log" 2>&1 &
server=$!

url=
for _ in $(seq 100); do # up to 10 s
    url=$(sed -n 's|^Listening on \(http://[^ ]*\).*|\1|p' "$log" | head -n 1)
    [ -n "$url" ] && break
    if ! kill -0 "$server" 2>/dev/null; then
        echo "error: the server exited:" >&2
        cat "$log" >&2
        exit 2
    fi
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "error: the server did not start listening within 10 s:" >&2
    cat "$log" >&2
    exit 2
fi
echo "$server_exe listening on $url ($workers worker threads)"

status=0
CLUSTAAR_PRIVATE_KEY=$key target/release/examples/stall_probe \
    --url "$url/" --family "$family" --size "$size" --crafted "$crafted" \
    --delay-ms "$delay_ms" --limit-ms "$limit_ms" --timeout "$timeout" || status=$?
if [ "$status" -ne 0 ] && [ -s "$log" ]; then
    echo "server log:" >&2
    tail -n 20 "$log" >&2
fi
exit "$status"
