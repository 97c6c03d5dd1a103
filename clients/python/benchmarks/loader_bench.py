"""Produces training records of about 700 tokens to a topic, in either output format with the
output headers, then times KafkaTrainingDataset reading them back in one process, as lists and
as tensors.

The records are real: those of ``--from-topic`` (the demo's output topic, Qwen3 tokens of the
demo's generated conversations) with 500 to 900 tokens, cycled to ``--records`` and written in
``--format``. Without ``--from-topic`` they are random ids (a worst case for compression).

    python3 benchmarks/loader_bench.py --bootstrap-servers 127.0.0.1:PORT --records 50000 \\
        --from-topic sft-tokens --format binary --topic bench-binary
"""

import argparse
import json
import os
import random
import struct
import sys
import time
from array import array

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

from sftstream import KafkaTrainingDataset  # noqa: E402

HEADERS = [("sftstream.tokenizer",
            b"aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"),
           ("sftstream.template", b"chatml"), ("sftstream.eos.id", b"151645")]


def random_record(i, rng, tokens):
    n = tokens + rng.randint(-100, 100)
    prompt = rng.randint(1, n // 2)
    ids = array("i", (rng.randrange(151_000) for _ in range(n)))
    labels = array("i", [-100] * prompt) + ids[prompt:]
    return "bench-%d" % i, ids, labels


def real_records(servers, topic):
    """The records of the topic with 500 to 900 tokens."""
    pool = []
    for sample in KafkaTrainingDataset(topic, servers, with_metadata=True):
        if 500 <= len(sample["input_ids"]) <= 900:
            pool.append((sample["id"], array("i", sample["input_ids"]),
                         array("i", sample["labels"])))
    return pool


def value(fmt, record):
    record_id, ids, labels = record
    n = len(ids)
    prompt = sum(1 for label in labels if label == -100)
    record_id = record_id.encode()
    if fmt == "binary":
        return (struct.pack("<BBi", 1, 0, len(record_id)) + record_id
                + struct.pack("<ii", n, n - prompt) + ids.tobytes() + labels.tobytes())
    return json.dumps({"id": record_id.decode(), "input_ids": ids.tolist(),
                       "labels": labels.tolist(), "attention_mask": [1] * n, "num_tokens": n,
                       "num_trained_tokens": n - prompt, "truncated": False},
                      separators=(",", ":")).encode()


def produce(servers, topic, fmt, records, tokens, partitions, from_topic):
    admin = AdminClient({"bootstrap.servers": servers})
    for future in admin.create_topics([NewTopic(topic, partitions, 1)]).values():
        future.result(30)
    producer = Producer({"bootstrap.servers": servers, "linger.ms": 20,
                         "message.max.bytes": 16 * 1024 * 1024,
                         "queue.buffering.max.kbytes": 512 * 1024})
    if from_topic:
        pool = [value(fmt, r) for r in real_records(servers, from_topic)]
    else:
        # A pool of distinct values, reused: generating 700 random ids per record is slower
        # than the loader being measured.
        rng = random.Random(1)
        pool = [value(fmt, random_record(i, rng, tokens)) for i in range(min(records, 2000))]
    size = 0
    for i in range(records):
        v = pool[i % len(pool)]
        size += len(v)
        while True:
            try:
                producer.produce(topic, value=v, headers=HEADERS)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    producer.flush(120)
    return size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--format", choices=("binary", "json"), default="binary")
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--tokens", type=int, default=700)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--from-topic", help="take real records from this topic")
    parser.add_argument("--skip-produce", action="store_true")
    args = parser.parse_args()
    if not args.skip_produce:
        size = produce(args.bootstrap_servers, args.topic, args.format, args.records,
                       args.tokens, args.partitions, args.from_topic)
        print("produced %d %s records, %.1f MB of values, %.0f bytes each"
              % (args.records, args.format, size / 1e6, size / args.records))
    for tensors in (False, True):
        ds = KafkaTrainingDataset(args.topic, args.bootstrap_servers, return_tensors=tensors)
        start, cpu = time.perf_counter(), time.process_time()
        count = tokens = 0
        for sample in ds:
            count += 1
            tokens += len(sample["input_ids"])
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu
        print("loader %-7s %s: %d records, %.1f M tokens in %.2f s: %.0f records/s, "
              "%.2f M tokens/s; %.2f s CPU: %.0f records per CPU second"
              % (args.format, "tensors" if tensors else "lists", count, tokens / 1e6,
                 elapsed, count / elapsed, tokens / 1e6 / elapsed, cpu, count / cpu))


if __name__ == "__main__":
    main()
