#!/usr/bin/env bash
# Requests/s of the `step_reached` example with its replay store, over loopback with wrk:
#   memory  one instance, its in-memory store (64 connections);
#   redis   two instances sharing one Redis (32 connections each, two wrk at once).
# Every request is a delivery of its own (its body numbered, each signed), so every one is
# claimed and its answer stored; the files hold more requests than a run sends.
#
#   scripts/load-redis.sh              # 10 s each
#   DURATION=5s ROUNDS=3 scripts/load-redis.sh
#
# Needs wrk, redis-server and python3 (Debian: apt-get install wrk redis-server). Servers,
# Redis and wrk share the machine: compare the figures of one run, not across machines.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10s}
rounds=${ROUNDS:-1}
count=${COUNT:-200000}
work=$(mktemp -d)
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
trap 'stop; rm -rf "$work"' EXIT

export CLUSTAAR_PRIVATE_KEY=load-test-key
export CLUSTAAR_AUTH_USERNAME=bot
export CLUSTAAR_AUTH_PASSWORD=s3cret
# A long window: the requests are signed once, before the runs.
export CLUSTAAR_REQUEST_MAX_AGE=3600

cargo build --release --example step_reached

# Two files of distinct signed deliveries (wrk's Lua reads them: date, signature, body a line).
WORK=$work COUNT=$count python3 - <<'PY'
import email.utils, hashlib, hmac, os
key = os.environ["CLUSTAAR_PRIVATE_KEY"].encode()
sample = open("tests/conformance/sample-notification.json").read().strip()
date = email.utils.formatdate(usegmt=True)
for part in ("a", "b"):
    with open(os.path.join(os.environ["WORK"], part), "w") as out:
        for i in range(int(os.environ["COUNT"])):
            body = sample.replace('"order":"A-1234"', f'"order":"{part}-{i}"')
            mac = hmac.new(key, f"date={date}\n{body}".encode(), hashlib.sha1).hexdigest()
            out.write(f"{date}\tsha1={mac}\t{body}\n")
PY
cat > "$work/deliveries.lua" <<'LUA'
local requests, next = {}, 0
function init(args)
  local auth = "Basic " .. args[2]
  for line in io.lines(args[1]) do
    local date, signature, body = line:match("([^\t]*)\t([^\t]*)\t(.*)")
    requests[#requests + 1] = wrk.format("POST", "/", {
      ["Date"] = date, ["X-Hub-Signature"] = signature,
      ["Authorization"] = auth, ["Content-Type"] = "application/json" }, body)
  end
end
function request()
  next = next % #requests + 1
  return requests[next]
end
LUA
auth=$(printf '%s:%s' "$CLUSTAAR_AUTH_USERNAME" "$CLUSTAAR_AUTH_PASSWORD" | base64)

wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; echo "port $1 never opened" >&2; exit 1; }
serve() { PORT=$1 target/release/examples/step_reached >/dev/null 2>&1 & pids+=($!); wait_port "$1"; }
load() { wrk -t1 -c"$2" -d"$duration" --latency -s "$work/deliveries.lua" "http://127.0.0.1:$1/" -- "$work/$3" "$auth"; }
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$1"; }

for round in $(seq "$rounds"); do
    serve 18181
    load 18181 64 a > "$work/memory.txt"
    stop
    redis-server --port 18379 --save "" --appendonly no >/dev/null & pids+=($!)
    wait_port 18379
    REDIS_URL=redis://127.0.0.1:18379/ serve 18182
    REDIS_URL=redis://127.0.0.1:18379/ serve 18183
    load 18182 32 a > "$work/redis-a.txt" & first=$!
    load 18183 32 b > "$work/redis-b.txt"
    wait "$first"
    stop
    a=$(rps "$work/redis-a.txt"); b=$(rps "$work/redis-b.txt")
    printf 'round %s: memory %s req/s (non-2xx: %s); redis, two instances: %s + %s = %s req/s (non-2xx: %s, %s)\n' \
        "$round" "$(rps "$work/memory.txt")" "$(non2xx "$work/memory.txt")" "$a" "$b" \
        "$(echo "$a + $b" | bc)" "$(non2xx "$work/redis-a.txt")" "$(non2xx "$work/redis-b.txt")"
    p99() { awk '$1 == "99%" { print $2 }' "$1"; }
    printf '  p99: memory %s, redis %s and %s\n' \
        "$(p99 "$work/memory.txt")" "$(p99 "$work/redis-a.txt")" "$(p99 "$work/redis-b.txt")"
done
