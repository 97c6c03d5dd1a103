"""The loader against a running ``sftstream demo --keep-running`` (its output topic).

SFTSTREAM_TEST_BOOTSTRAP names the broker (the tests are skipped without it, unless
SFTSTREAM_TEST_REQUIRE_KAFKA=1 makes that a failure); SFTSTREAM_TEST_TOPIC the output topic
(default sft-tokens); SFTSTREAM_JAR the app's jar, for the export tests.
"""

import json
import os
import subprocess
import tempfile
import unittest
import uuid

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from sftstream import KafkaTrainingDataset, ProvenanceError, pad_collate, read_shards
from sftstream._torch import torch
from sftstream.records import TOKENIZER_HEADER, decode

BOOTSTRAP = os.environ.get("SFTSTREAM_TEST_BOOTSTRAP")
TOPIC = os.environ.get("SFTSTREAM_TEST_TOPIC", "sft-tokens")
JAR = os.environ.get("SFTSTREAM_JAR")
REQUIRED = os.environ.get("SFTSTREAM_TEST_REQUIRE_KAFKA") == "1"


def committed_records(topic):
    """Every committed record of the topic, read with a plain consumer (not the loader)."""
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "t-" + uuid.uuid4().hex,
                         "isolation.level": "read_committed", "enable.auto.commit": False,
                         "enable.partition.eof": True})
    try:
        partitions = sorted(consumer.list_topics(topic, timeout=15).topics[topic].partitions)
        consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
        pending, out = set(partitions), []
        while pending:
            for m in consumer.consume(500, 1.0):
                if m.error() is None:
                    out.append(m)
                elif m.error().code() == KafkaError._PARTITION_EOF:
                    pending.discard(m.partition())
        return out
    finally:
        consumer.close()


def produce(topic, messages):
    """Creates the topic (one partition) and produces (partition, value, headers) to it."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(30)
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for partition, value, headers in messages:
        producer.produce(topic, value=value, partition=partition, headers=headers)
    producer.flush(30)


def positions(samples):
    return [(s["partition"], s["offset"]) for s in samples]


@unittest.skipUnless(BOOTSTRAP or REQUIRED, "SFTSTREAM_TEST_BOOTSTRAP is not set")
class KafkaLoaderTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not BOOTSTRAP:
            raise AssertionError("SFTSTREAM_TEST_BOOTSTRAP is not set")
        cls.messages = committed_records(TOPIC)
        cls.by_position = {(m.partition(), m.offset()): m for m in cls.messages}
        cls.tokenizer = dict(cls.messages[0].headers())[TOKENIZER_HEADER].decode()
        assert len(cls.messages) > 100, "the demo's output topic has too few records"

    def loader(self, **options):
        return KafkaTrainingDataset(TOPIC, BOOTSTRAP, with_metadata=True, **options)

    def assert_equal_to_topic(self, sample):
        record = decode(self.by_position[(sample["partition"], sample["offset"])].value())
        self.assertEqual(record["id"], sample["id"])
        self.assertEqual(list(record["input_ids"]), list(sample["input_ids"]))
        self.assertEqual(list(record["labels"]), list(sample["labels"]))
        self.assertEqual([1] * len(record["input_ids"]), list(sample["attention_mask"]))

    def test_reads_every_record_once_with_two_workers(self):
        from torch.utils.data import DataLoader
        samples = list(DataLoader(self.loader(expected_tokenizer=self.tokenizer),
                                  num_workers=2, batch_size=None))
        self.assertEqual(len(self.messages), len(samples))
        self.assertEqual(set(self.by_position), set(positions(samples)))
        for sample in samples[::97]:
            self.assert_equal_to_topic(sample)

    def test_splits_partitions_across_ranks_without_overlap(self):
        parts = [positions(self.loader(rank=r, world_size=2)) for r in range(2)]
        self.assertFalse(set(parts[0]) & set(parts[1]))
        self.assertEqual(set(self.by_position), set(parts[0]) | set(parts[1]))
        self.assertEqual({0, 2}, {p for p, _ in parts[0]})

    def test_continues_after_a_state_dict_at_exactly_the_next_record(self):
        first_loader = self.loader()
        first = []
        for sample in first_loader:
            first.append(sample)
            if len(first) == len(self.messages) // 3:
                break
        state = json.loads(json.dumps(first_loader.state_dict()))
        resumed_loader = self.loader()
        resumed_loader.load_state_dict(state)
        rest = list(resumed_loader)
        self.assertEqual(len(self.messages), len(first) + len(rest))
        self.assertFalse(set(positions(first)) & set(positions(rest)), "nothing repeated")
        self.assertEqual(set(self.by_position), set(positions(first)) | set(positions(rest)))
        for partition, next_offset in state["next_offsets"].items():
            after = sorted(o for p, o in self.by_position if p == int(partition)
                           and o >= next_offset)
            got = [o for p, o in positions(rest) if p == int(partition)]
            self.assertEqual(after, got, "partition %s continues at the next record"
                             % partition)

    def test_pads_tensor_batches(self):
        from torch.utils.data import DataLoader
        loader = DataLoader(KafkaTrainingDataset(TOPIC, BOOTSTRAP, return_tensors=True,
                                                 partitions=[1]),
                            batch_size=8, collate_fn=lambda b: pad_collate(b, pad_id=0))
        batch = next(iter(loader))
        self.assertEqual(torch.long, batch["input_ids"].dtype)
        self.assertEqual(batch["input_ids"].shape, batch["labels"].shape)
        lengths = batch["attention_mask"].sum(dim=1)
        for row, n in enumerate(lengths.tolist()):
            self.assertTrue(all(v == -100 for v in batch["labels"][row, n:].tolist()))

    def test_refuses_a_record_of_another_tokenizer(self):
        topic = "sftstream-test-foreign-" + uuid.uuid4().hex[:8]
        source = self.messages[:6]
        other = "0" * 64
        produce(topic, [(0, m.value(), [(k, other.encode() if k == TOKENIZER_HEADER and i == 5
                                          else v) for k, v in m.headers()])
                        for i, m in enumerate(source)])
        loader = KafkaTrainingDataset(topic, BOOTSTRAP, expected_tokenizer=self.tokenizer)
        read = []
        with self.assertRaisesRegex(ProvenanceError, "offset 5 .* made with tokenizer %s, not "
                                    "the expected %s" % (other, self.tokenizer)):
            for sample in loader:
                read.append(sample)
        self.assertEqual(5, len(read))
        self.assertEqual(6, len(list(KafkaTrainingDataset(topic, BOOTSTRAP))))

    def test_reads_json_values(self):
        topic = "sftstream-test-json-" + uuid.uuid4().hex[:8]
        source = self.messages[:50]
        values = []
        for m in source:
            record = decode(m.value())
            values.append(json.dumps({
                "id": record["id"], "input_ids": list(record["input_ids"]),
                "labels": list(record["labels"]),
                "attention_mask": [1] * record["num_tokens"],
                "num_tokens": record["num_tokens"],
                "num_trained_tokens": record["num_trained_tokens"],
                "truncated": record["truncated"]}, separators=(",", ":")).encode())
        produce(topic, [(0, v, m.headers()) for v, m in zip(values, source)])
        for input_format in ("auto", "json"):
            read = list(KafkaTrainingDataset(topic, BOOTSTRAP, input_format=input_format))
            self.assertEqual([list(decode(m.value())["input_ids"]) for m in source],
                             [s["input_ids"] for s in read])
            self.assertEqual([list(decode(m.value())["labels"]) for m in source],
                             [s["labels"] for s in read])

    @unittest.skipUnless(JAR, "SFTSTREAM_JAR is not set")
    def test_reads_exported_shards(self):
        with tempfile.TemporaryDirectory() as tmp:
            for extra, name in ((["--format", "jsonl"], "plain"),
                                (["--format", "jsonl", "--gzip"], "gzip")):
                out = os.path.join(tmp, name)
                subprocess.run(["java", "-jar", JAR, "export", "--bootstrap-servers", BOOTSTRAP,
                                "--output-topic", TOPIC, "--output-dir", out,
                                "--shard-records", "400"] + extra,
                               check=True, capture_output=True, timeout=120)
                samples = list(read_shards(out, with_metadata=True,
                                           expected_tokenizer=self.tokenizer))
                self.assertEqual(len(self.messages), len(samples))
                self.assertEqual(set(self.by_position), set(positions(samples)))
                for sample in samples[::53]:
                    self.assert_equal_to_topic(sample)
            parquet = os.path.join(tmp, "parquet")
            subprocess.run(["java", "-jar", JAR, "export", "--bootstrap-servers", BOOTSTRAP,
                            "--output-topic", TOPIC, "--output-dir", parquet],
                           check=True, capture_output=True, timeout=120)
            try:
                import pyarrow  # noqa: F401
                self.assertEqual(len(self.messages), len(list(read_shards(parquet))))
            except ImportError:
                with self.assertRaisesRegex(ImportError, "needs pyarrow"):
                    list(read_shards(parquet))


if __name__ == "__main__":
    unittest.main()
