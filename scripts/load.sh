#!/usr/bin/env bash
# Loads the `step_reached` example, the hand-written axum baseline in a request span like the
# webhook's (`traced`), the baseline without one, and the security-only floor (the baseline's
# checks and a fixed answer) with wrk, one after the other, with the signed sample notification
# (127.0.0.1 only; not run in CI).
#
#   scripts/load.sh            # 10 s each, 1 wrk thread, 32 connections
#   DURATION=5s ROUNDS=3 scripts/load.sh   # alternate the servers 3 times
#   SERVERS="step_reached /tmp/old/step_reached" scripts/load.sh   # this build against another
#   RUST_LOG=off scripts/load.sh   # the examples without their INFO log, as the baseline runs
#
# SERVERS lists what is loaded, in order: the names of this repository's examples, `floor`,
# `traced`, or paths to other builds of them (to compare two versions side by side in one run).
#
# Replay prevention is off (CLUSTAAR_REQUEST_MAX_AGE=0: the requests are replayed), signature
# and basic authentication are on; the signature then covers the date `None`. Needs wrk
# (Debian: apt-get install wrk) and python3 (to sign). Server and wrk share the machine, so
# compare the two servers' requests/s measured in the same run, not across machines.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
port=${PORT:-18080}
rounds=${ROUNDS:-1}
summary=$(mktemp)
report=$(mktemp)

export CLUSTAAR_PRIVATE_KEY=load-test-key
export CLUSTAAR_AUTH_USERNAME=bot
export CLUSTAAR_AUTH_PASSWORD=s3cret
export CLUSTAAR_REQUEST_MAX_AGE=0
export PORT=$port
export BODY_FILE=$PWD/tests/conformance/sample-notification.json
SIGNATURE=$(python3 - <<'PY'
import hashlib, hmac, os
body = open(os.environ["BODY_FILE"], "rb").read()
mac = hmac.new(os.environ["CLUSTAAR_PRIVATE_KEY"].encode(), b"date=None\n" + body, hashlib.sha1)
print("sha1=" + mac.hexdigest())
PY
)
AUTHORIZATION="Basic $(printf '%s:%s' "$CLUSTAAR_AUTH_USERNAME" "$CLUSTAAR_AUTH_PASSWORD" | base64)"
export SIGNATURE AUTHORIZATION

cargo build --release --example step_reached --example hand_written_baseline

server=
stop() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; fi; }
trap 'stop; rm -f "$summary" "$report"' EXIT

for round in $(seq "$rounds"); do
for example in ${SERVERS:-step_reached traced hand_written_baseline floor}; do
    # The floor and the traced baseline are the baseline's other modes: the same checks and a
    # fixed answer; the baseline in a request span like the webhook's.
    case $example in
        floor | traced) BASELINE=$example target/release/examples/hand_written_baseline >/dev/null & ;;
        */*) "$example" >/dev/null & ;;
        *) "target/release/examples/$example" >/dev/null & ;;
    esac
    server=$!
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
        sleep 0.1
    done
    # One request first: the signature and credentials must be accepted.
    status=$(python3 - <<'PY'
import os, urllib.request
body = open(os.environ["BODY_FILE"], "rb").read()
request = urllib.request.Request(f"http://127.0.0.1:{os.environ['PORT']}/", data=body, method="POST",
    headers={"Content-Type": "application/json", "X-Hub-Signature": os.environ["SIGNATURE"],
             "Authorization": os.environ["AUTHORIZATION"]})
try:
    print(urllib.request.urlopen(request).status)
except urllib.error.HTTPError as error:
    print(error.code, error.read().decode())
PY
)
    if [ "$status" != 200 ]; then
        echo "$example answered $status" >&2
        exit 1
    fi
    echo "== $example (round $round)"
    # The server's CPU time (user + system, in clock ticks), before and after the load.
    ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
    before=$(ticks)
    wrk -t "$threads" -c "$connections" -d "$duration" --latency -s scripts/load.lua \
        "http://127.0.0.1:$port/" | tee /dev/stderr >"$report"
    cpu_us=$(( ($(ticks) - before) * 1000000 / $(getconf CLK_TCK) ))
    # The server's peak resident memory over its life (one check request, then the load).
    peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$server/status")
    awk -v name="$example" -v round="$round" -v peak="$peak" -v cpu="$cpu_us" '
        /^Requests\/sec/ { rps = $2 }
        $1 == "99%" { p99 = $2 }
        / requests in / { requests = $1 }
        END { printf "%s %s %s %s %.1f %.1f\n", name, round, rps, p99, peak / 1024, cpu / requests }' \
        "$report" >>"$summary"
    stop
done
done

# CPU µs/request: the server's own CPU time per request answered, which depends far less than
# requests/s on what else the machine runs (wrk shares its cores).
echo "== server round requests/s p99 peak-RSS-MiB CPU-µs/request"
cat "$summary"
