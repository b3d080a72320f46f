#!/usr/bin/env bash
# Builds the repository's Dockerfile and runs the image as a container platform would: the
# health check answers, a signed notification gets the bot's answer, the process runs as a
# non-root user, and SIGTERM (`docker stop`) ends it gracefully, with exit code 0, well before
# the engine's kill.
#
#   scripts/container-test.sh                  # with docker
#   CONTAINER_ENGINE=podman scripts/container-test.sh
#
# Where no container engine answers (no daemon, no permission), it says so and succeeds: CI runs
# it on every machine and only a machine with an engine builds the image.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=${CONTAINER_ENGINE:-docker}
if ! "$engine" info >/dev/null 2>&1; then
    echo "skipped: no container engine answers ('$engine info' failed)"
    exit 0
fi

image="clustaar-webhook-test:$$"
name="clustaar-webhook-test-$$"
key="container-test-key"
cleanup() {
    "$engine" rm -f "$name" >/dev/null 2>&1 || true
    "$engine" rmi "$image" >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$engine" build -t "$image" .
echo "image: $("$engine" image inspect -f '{{.Size}}' "$image") bytes"
"$engine" run -d --name "$name" -p 127.0.0.1::8000 \
    -e CLUSTAAR_PRIVATE_KEY="$key" -e CLUSTAAR_AUTH_USERNAME=bot -e CLUSTAAR_AUTH_PASSWORD=s3cret \
    "$image" >/dev/null
port=$("$engine" port "$name" 8000/tcp | head -n 1 | sed 's/.*://')
url="http://127.0.0.1:$port"

# Bounded: 10 s for the server to answer its health check.
for _ in $(seq 100); do
    curl -fsS "$url/health" >/dev/null 2>&1 && break
    sleep 0.1
done
test "$(curl -fsS "$url/health")" = ok || { "$engine" logs "$name"; exit 1; }
echo "health check: ok"

# The image's user is the distroless non-root one (uid 65532), not root.
user=$("$engine" image inspect -f '{{.Config.User}}' "$image")
test "$user" = nonroot || { echo "the image runs as '$user'"; exit 1; }

answer=$(cargo run -q --example send -- --url "$url/" --key "$key" --user bot \
    --password s3cret --session name=Tintin)
grep -q '"Hello Tintin"' <<<"$answer" || { echo "$answer"; "$engine" logs "$name"; exit 1; }
echo "signed notification: answered"
forged=$(cargo run -q --example send -- --url "$url/" --key "not-the-key" --user bot \
    --password s3cret) && { echo "a forged signature was answered: $forged"; exit 1; }
grep -q "HTTP 400" <<<"$forged" || { echo "$forged"; exit 1; }
echo "forged signature: refused"

# `docker stop` sends SIGTERM, then SIGKILL after 30 s: a graceful exit is code 0, well before.
started=$(date +%s)
"$engine" stop -t 30 "$name" >/dev/null
took=$(($(date +%s) - started))
code=$("$engine" inspect -f '{{.State.ExitCode}}' "$name")
test "$code" = 0 || { echo "exit code $code after SIGTERM"; "$engine" logs "$name"; exit 1; }
test "$took" -lt 15 || { echo "SIGTERM took ${took}s"; exit 1; }
echo "SIGTERM: exit code 0 after ${took}s"
