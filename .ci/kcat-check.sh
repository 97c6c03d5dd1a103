#!/usr/bin/env bash
# An outside, non-Java Kafka client (kcat) against `sftstream demo --keep-running`: produce raw
# records with headers, then read the output and the dead-letter topic the way an operator would;
# then the monitoring as an operator's tools see it: curl on /metrics and the health probes, kcat
# and jq on the stats topic, and `sftstream stats --once`.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=topology/target/sftstream.jar
PORT=${KCAT_CHECK_PORT:-19092}
METRICS_PORT=${KCAT_CHECK_METRICS_PORT:-9400}
BROKER=127.0.0.1:$PORT
LOG=$(mktemp)
fail() { echo "kcat check FAILED: $*" >&2; echo "--- demo log ---" >&2; tail -50 "$LOG" >&2; exit 1; }

java -jar "$JAR" demo --keep-running --port "$PORT" --records 200 \
    --metrics-port "$METRICS_PORT" --stats-window 2s >"$LOG" 2>&1 &
DEMO=$!
trap 'kill "$DEMO" 2>/dev/null || true; rm -f "$LOG"' EXIT

for _ in $(seq 1 180); do
    grep -q "Try it with kcat" "$LOG" && break
    kill -0 "$DEMO" 2>/dev/null || fail "the demo exited early"
    sleep 1
done
grep -q "Try it with kcat" "$LOG" || fail "the demo did not get ready in 180 s"
grep -q "Every record is accounted for" "$LOG" || fail "the demo's own accounting failed"

printf '%s\n' \
    'kcat-ok|{"id":"kcat-1","prompt":"Say hi","response":"Hi!"}' \
    'kcat-special|{"id":"kcat-2","prompt":"stop<|im_end|>here","response":"ok"}' \
    'kcat-bad|this is not json' \
    | kcat -b "$BROKER" -P -t sft-raw -K'|' -H source=kcat

read_topic() {
    kcat -b "$BROKER" -C -t "$1" -o beginning -e -q -J -X isolation.level=read_committed
}

ok=""
for _ in $(seq 1 60); do
    out=$(read_topic sft-tokens | jq -c 'select(.key == "kcat-ok")')
    dlq=$(read_topic sft-dlq | jq -c 'select(.key == "kcat-special" or .key == "kcat-bad")')
    if [ -n "$out" ] && [ "$(printf '%s\n' "$dlq" | grep -c .)" -eq 2 ]; then ok=yes; break; fi
    sleep 1
done
[ -n "$ok" ] || fail "kcat did not see the three records come out"

# The accepted record: the contract's JSON, ending with the end-of-turn id, with its headers.
echo "$out" | jq -e '(.payload | fromjson) as $r
    | $r.id == "kcat-1"
    and ($r.input_ids | last) == 151645
    and ($r.labels | last) == 151645
    and ($r.labels | first) == -100
    and $r.num_tokens == ($r.input_ids | length)
    and ($r.attention_mask | length) == $r.num_tokens
    and $r.truncated == false' >/dev/null || fail "unexpected output record: $out"
echo "$out" | jq -e '.headers as $h
    | ($h | index("sftstream.template")) as $i | $h[$i + 1] == "chatml"
    and ($h | index("sftstream.eos.id")) != null' >/dev/null \
    || fail "output headers missing: $out"

# The rejected records: original bytes, original headers, the reason and where they came from.
check_dlq() {
    local key=$1 reason=$2 value=$3
    printf '%s\n' "$dlq" | jq -e -s --arg k "$key" --arg r "$reason" --arg v "$value" '
        [.[] | select(.key == $k)] | length == 1 and (.[0]
        | (.headers as $h | [range(0; $h | length; 2) | {($h[.]): $h[. + 1]}] | add) as $m
        | .payload == $v
        and $m["sftstream.error.reason"] == $r
        and $m["source"] == "kcat"
        and $m["__streams.errors.topic"] == "sft-raw"
        and ($m["__streams.errors.partition"] | test("^[0-9]+$"))
        and ($m["__streams.errors.offset"] | test("^[0-9]+$"))
        and ($m["sftstream.error.message"] | length) > 0)' >/dev/null \
        || fail "unexpected DLQ record for $key: $dlq"
}
check_dlq kcat-special SPECIAL_TOKEN_IN_TEXT '{"id":"kcat-2","prompt":"stop<|im_end|>here","response":"ok"}'
check_dlq kcat-bad INVALID_JSON 'this is not json'

# Monitoring: Prometheus text on /metrics with the exact counts, the probes, the stats topic.
grep -q "Metrics: http://127.0.0.1:$METRICS_PORT/metrics" "$LOG" || fail "no metrics URL printed"
grep -qE "(sftstream|sftstream\.jar) stats --bootstrap-servers $BROKER --stats-topic sft-tokens-stats --once" "$LOG" \
    || fail "no stats command printed"
metrics=$(curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics") || fail "GET /metrics failed"
sample() { printf '%s\n' "$metrics" | awk -v s="$1" '$1 == s { print $2 }'; }
[ "$(sample 'sftstream_records_total{outcome="accepted",reason="none"}')" = "191.0" ] \
    || fail "accepted count on /metrics: $(sample 'sftstream_records_total{outcome="accepted",reason="none"}')"
[ "$(sample 'sftstream_records_total{outcome="rejected",reason="SPECIAL_TOKEN_IN_TEXT"}')" = "2.0" ] \
    || fail "SPECIAL_TOKEN_IN_TEXT count on /metrics"
# Kafka Streams' own metrics are bound as they appear (refreshed every few seconds).
for _ in $(seq 1 30); do
    curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | grep -q '^kafka_stream_thread_commit_rate' && break
    sleep 1
done
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" | grep -q '^kafka_stream_thread_commit_rate' \
    || fail "no Kafka Streams metrics"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$METRICS_PORT/health/ready")" = 200 ] \
    || fail "/health/ready is not 200 while the app runs"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$METRICS_PORT/health/live")" = 200 ] \
    || fail "/health/live is not 200 while the app runs"

# 200 demo records + 3 from kcat: the stats windows (2 s) add up to exactly 203.
total=""
for _ in $(seq 1 30); do
    total=$(kcat -b "$BROKER" -C -t sft-tokens-stats -o beginning -e -q \
        -X isolation.level=read_committed | jq -s 'map(.records) | add // 0')
    [ "$total" = 203 ] && break
    sleep 1
done
[ "$total" = 203 ] || fail "the stats windows add up to $total records, not 203"
java -jar "$JAR" stats --bootstrap-servers "$BROKER" --once >"$LOG.stats" 2>&1 \
    || { cat "$LOG.stats" >&2; fail "sftstream stats --once failed"; }
grep -q "^window start (UTC)" "$LOG.stats" || { cat "$LOG.stats" >&2; fail "no stats table"; }
rm -f "$LOG.stats"

# The image's run-only jar replays the INVALID_JSON dead letters (a dry run first): the kcat
# record comes back to the DLQ once more, with its own headers and sftstream.replay.count 1.
RUN_JAR=topology/target/sftstream-run.jar
java -jar "$RUN_JAR" replay --bootstrap-servers "$BROKER" --reason INVALID_JSON --since 1h \
    --dry-run >"$LOG.replay" 2>&1 || { cat "$LOG.replay" >&2; fail "replay --dry-run failed"; }
grep -q '^Dry run: would replay [1-9][0-9]* (INVALID_JSON [1-9][0-9]*) records from sft-dlq to sft-raw;' \
    "$LOG.replay" || { cat "$LOG.replay" >&2; fail "no dry-run summary"; }
java -jar "$RUN_JAR" replay --bootstrap-servers "$BROKER" --reason INVALID_JSON --since 1h \
    >"$LOG.replay" 2>&1 || { cat "$LOG.replay" >&2; fail "replay failed"; }
grep -q '^Replayed [1-9][0-9]* (INVALID_JSON [1-9][0-9]*) records from sft-dlq to sft-raw;' \
    "$LOG.replay" || { cat "$LOG.replay" >&2; fail "no replay summary"; }
replayed=""
for _ in $(seq 1 60); do
    replayed=$(read_topic sft-dlq | jq -c 'select(.key == "kcat-bad")
        | (.headers as $h | [range(0; $h | length; 2) | {($h[.]): $h[. + 1]}] | add) as $m
        | select($m["sftstream.replay.count"] == "1" and $m["source"] == "kcat"
            and $m["sftstream.error.reason"] == "INVALID_JSON" and .payload == "this is not json")')
    [ "$(printf '%s\n' "$replayed" | grep -c .)" = 1 ] && break
    sleep 1
done
[ "$(printf '%s\n' "$replayed" | grep -c .)" = 1 ] || fail "the replayed kcat record did not come back to the DLQ once"
rm -f "$LOG.replay"

kill -TERM "$DEMO"
for _ in $(seq 1 30); do kill -0 "$DEMO" 2>/dev/null || break; sleep 1; done
kill -0 "$DEMO" 2>/dev/null && fail "the demo did not stop within 30 s of SIGTERM"
echo "kcat check passed: kcat produced 3 records and read 1 output and 2 dead letters with headers;"
echo "  /metrics, /health/live, /health/ready answered; the stats windows add up to 203 records;"
echo "  the run-only jar replayed the INVALID_JSON dead letters, which came back with their count"
