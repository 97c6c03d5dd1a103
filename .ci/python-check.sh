#!/usr/bin/env bash
# The Python loader (clients/python) against `sftstream demo --keep-running` with binary output:
# every record once over two DataLoader workers, resuming from a state dict, refusing another
# tokenizer's record, JSON values, and the shards of `sftstream export` read back.
# Debian's python3-confluent-kafka and python3-torch install for /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
JAR=$PWD/topology/target/sftstream.jar
read -r PORT METRICS_PORT < <("$PY" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])
for x in s: x.close()')
LOG=$(mktemp)
fail() { echo "python check FAILED: $*" >&2; echo "--- demo log ---" >&2; tail -50 "$LOG" >&2; exit 1; }

java -jar "$JAR" demo --keep-running --port "$PORT" --metrics-port "$METRICS_PORT" \
    --records 1500 --output-format binary >"$LOG" 2>&1 &
DEMO=$!
trap 'kill "$DEMO" 2>/dev/null || true; wait "$DEMO" 2>/dev/null || true; rm -f "$LOG"' EXIT

for _ in $(seq 1 180); do
    grep -q "Try it with kcat" "$LOG" && break
    kill -0 "$DEMO" 2>/dev/null || fail "the demo exited early"
    sleep 1
done
grep -q "Try it with kcat" "$LOG" || fail "the demo did not get ready in 180 s"

cd clients/python
SFTSTREAM_TEST_BOOTSTRAP=127.0.0.1:$PORT SFTSTREAM_TEST_REQUIRE_KAFKA=1 SFTSTREAM_JAR=$JAR \
    "$PY" -m unittest discover -s tests -t . -v
