"""A resumable PyTorch IterableDataset over sftstream's output topic."""

import os
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from . import records as rec
from ._torch import IterableDataset, require_torch, split_position


_FATAL = {getattr(KafkaError, name) for name in (
    "_AUTO_OFFSET_RESET", "OFFSET_OUT_OF_RANGE", "UNKNOWN_TOPIC_OR_PART",
    "TOPIC_AUTHORIZATION_FAILED", "_UNKNOWN_PARTITION", "_UNKNOWN_TOPIC")
    if hasattr(KafkaError, name)}


class ProvenanceError(ValueError):
    """A record was made by another tokenizer or template than the one expected."""


class KafkaReadError(RuntimeError):
    """The topic cannot be read (missing topic, unreachable broker, offsets gone)."""


class KafkaTrainingDataset(IterableDataset):
    """Training records from sftstream's output topic, read ``read_committed`` with explicit
    offsets (partitions assigned, no consumer-group commits), yielded as dicts with
    ``input_ids``, ``labels`` and ``attention_mask`` (lists, or int64 tensors with
    ``return_tensors=True``).

    Partitions are split without overlap across DataLoader workers
    (``torch.utils.data.get_worker_info``) and distributed ranks (``torch.distributed`` when
    initialised, or ``rank``/``world_size``): reader ``i`` of ``n`` gets partitions
    ``i, i+n, ...``. Without ``follow`` iteration stops at the end offsets read when it starts
    (with read_committed, the last stable offsets).

    Resumable: :meth:`state_dict` holds the next offset of every partition this reader has
    yielded from; :meth:`load_state_dict` on a new instance continues at exactly the next
    record (the protocol of torchdata's ``StatefulDataLoader``, which calls them in each
    worker).

    ``expected_tokenizer`` (hex SHA-256, the ``sftstream.tokenizer`` header) and
    ``expected_template`` make a record from anything else raise :class:`ProvenanceError`.
    """

    def __init__(self, topic, bootstrap_servers=None, *, partitions=None, follow=False,
                 expected_tokenizer=None, expected_template=None, input_format="auto",
                 return_tensors=False, with_metadata=False, rank=None, world_size=None,
                 consumer_config=None, poll_timeout=0.5, batch_size=1000):
        super().__init__()
        servers = bootstrap_servers or os.environ.get("SFTSTREAM_BOOTSTRAP_SERVERS") \
            or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
        if not servers:
            raise ValueError("bootstrap_servers is not set; give the Kafka brokers, e.g. "
                             "'localhost:9092', or set KAFKA_BOOTSTRAP_SERVERS")
        if input_format not in ("auto", "json", "binary"):
            raise ValueError("input_format must be auto, json or binary, not %r"
                             % (input_format,))
        if (rank is None) != (world_size is None):
            raise ValueError("give both rank and world_size, or neither")
        if return_tensors:
            require_torch("return_tensors=True")
        self.topic = topic
        self.bootstrap_servers = servers
        self.partitions = None if partitions is None else sorted(set(partitions))
        self.follow = follow
        self.expected_tokenizer = expected_tokenizer
        self.expected_template = expected_template
        self.input_format = input_format
        self.return_tensors = return_tensors
        self.with_metadata = with_metadata
        self.rank = rank
        self.world_size = world_size
        self.consumer_config = dict(consumer_config or {})
        self.poll_timeout = poll_timeout
        self.batch_size = batch_size
        self._next = {}

    # -- the resumable state -------------------------------------------------------------

    def state_dict(self):
        """The next offset to read of each partition yielded from (or loaded)."""
        return {"topic": self.topic,
                "next_offsets": {str(p): o for p, o in sorted(self._next.items())}}

    def load_state_dict(self, state):
        """Continues after the records a :meth:`state_dict` accounted for."""
        if state.get("topic") != self.topic:
            raise ValueError("the state is of topic %r, not %r"
                             % (state.get("topic"), self.topic))
        self._next = {int(p): int(o) for p, o in state.get("next_offsets", {}).items()}

    # -- reading ---------------------------------------------------------------------------

    def _config(self):
        config = {
            "group.id": "sftstream-loader-" + uuid.uuid4().hex,
            "client.id": "sftstream-loader",
            "auto.offset.reset": "error",
            "enable.partition.eof": True,
            "fetch.max.bytes": 64 * 1024 * 1024,
            "max.partition.fetch.bytes": 16 * 1024 * 1024,
            "queued.max.messages.kbytes": 256 * 1024,
        }
        config.update(self.consumer_config)
        config.update({
            "bootstrap.servers": self.bootstrap_servers,
            # Exactly the committed records, positions from the state only.
            "isolation.level": "read_committed",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
        })
        return config

    def _my_partitions(self, consumer):
        metadata = consumer.list_topics(self.topic, timeout=15)
        topic = metadata.topics.get(self.topic)
        if topic is None or topic.error is not None or not topic.partitions:
            raise KafkaReadError("the topic %r does not exist on %s; give sftstream's output "
                                 "topic" % (self.topic, self.bootstrap_servers))
        existing = sorted(topic.partitions)
        chosen = existing if self.partitions is None else self.partitions
        missing = [p for p in chosen if p not in topic.partitions]
        if missing:
            raise KafkaReadError("topic %r has no partition %s" % (self.topic, missing[0]))
        rank, world, worker, workers = split_position()
        if self.rank is not None:
            rank, world = self.rank, self.world_size
        return chosen[rank * workers + worker::world * workers]

    def __iter__(self):
        consumer = Consumer(self._config())
        try:
            yield from self._read(consumer)
        finally:
            consumer.close()

    def _read(self, consumer):
        mine = self._my_partitions(consumer)
        if not mine:
            return
        end = {}
        assignment = []
        for p in mine:
            low, high = consumer.get_watermark_offsets(TopicPartition(self.topic, p),
                                                       timeout=15, cached=False)
            end[p] = high
            start = self._next.get(p)
            if self.follow or (start if start is not None else low) < high:
                assignment.append(TopicPartition(self.topic, p,
                                                 OFFSET_BEGINNING if start is None else start))
        active = {tp.partition for tp in assignment}
        if not active:
            return
        consumer.assign(assignment)
        while active or self.follow:
            for message in consumer.consume(self.batch_size, self.poll_timeout):
                p = message.partition()
                error = message.error()
                if error is not None:
                    if error.code() == KafkaError._PARTITION_EOF:
                        if not self.follow and p in active and message.offset() >= end[p]:
                            self._finish(consumer, active, p)
                        continue
                    if error.fatal() or error.code() in _FATAL:
                        raise KafkaReadError("reading topic %r partition %s failed: %s"
                                             % (self.topic, p, error.str()))
                    continue  # librdkafka retries transient errors by itself
                if p not in active and not self.follow:
                    continue
                offset = message.offset()
                if not self.follow and offset >= end[p]:
                    self._finish(consumer, active, p)
                    continue
                sample = self._sample(message, p, offset)
                self._next[p] = offset + 1
                yield sample
                if not self.follow and offset + 1 >= end[p] and p in active:
                    self._finish(consumer, active, p)

    def _finish(self, consumer, active, p):
        active.discard(p)
        consumer.pause([TopicPartition(self.topic, p)])

    def _sample(self, message, p, offset):
        headers = rec.headers_dict(message.headers())
        self._check(headers, p, offset)
        value = message.value()
        try:
            if self.input_format == "binary" or (self.input_format == "auto" and value
                                                 and value[0] == rec.BINARY_VERSION):
                record = rec.decode_binary_arrays(value)
            else:
                record = rec.decode(value, "json")
        except rec.RecordFormatError as e:
            raise rec.RecordFormatError("the record at partition %d offset %d is not a "
                                        "training record: %s" % (p, offset, e)) from None
        sample = to_sample(record, self.return_tensors)
        if self.with_metadata:
            sample.update(id=record["id"], partition=p, offset=offset,
                          num_trained_tokens=record["num_trained_tokens"],
                          truncated=record["truncated"],
                          tokenizer=headers.get(rec.TOKENIZER_HEADER))
        return sample

    def _check(self, headers, p, offset):
        for name, expected, what in (
                (rec.TOKENIZER_HEADER, self.expected_tokenizer, "tokenizer"),
                (rec.TEMPLATE_HEADER, self.expected_template, "template")):
            if expected is not None and headers.get(name) != expected:
                raise ProvenanceError(
                    "the record at partition %d offset %d of topic %r was made with %s %s, "
                    "not the expected %s; train on records of one tokenizer and template"
                    % (p, offset, self.topic, what, headers.get(name), expected))


def to_sample(record, return_tensors=False):
    """``{"input_ids", "labels", "attention_mask"}`` of a decoded record."""
    ids, labels = record["input_ids"], record["labels"]
    if return_tensors:
        torch = require_torch("return_tensors=True")
        ids_t = _tensor(torch, ids)
        return {"input_ids": ids_t, "labels": _tensor(torch, labels),
                "attention_mask": torch.ones(len(ids_t), dtype=torch.long)}
    if not isinstance(ids, list):
        ids, labels = ids.tolist(), labels.tolist()
    return {"input_ids": ids, "labels": labels, "attention_mask": [1] * len(ids)}


def _tensor(torch, values):
    if isinstance(values, list):
        return torch.tensor(values, dtype=torch.long)
    if len(values) == 0:
        return torch.zeros(0, dtype=torch.long)
    return torch.frombuffer(values, dtype=torch.int32).to(torch.long)
