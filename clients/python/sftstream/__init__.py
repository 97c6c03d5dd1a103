"""Read sftstream's training records into PyTorch: from the Kafka output topic
(:class:`KafkaTrainingDataset`, resumable) or from the shards of ``sftstream export``
(:func:`read_shards`, :class:`ShardDataset`)."""

from .collate import pad_collate
from .kafka_dataset import KafkaReadError, KafkaTrainingDataset, ProvenanceError
from .records import IGNORE_INDEX, RecordFormatError, decode, decode_binary, decode_json
from .shards import ShardDataset, read_shards, shard_files

__all__ = ["KafkaTrainingDataset", "KafkaReadError", "ProvenanceError", "RecordFormatError",
           "ShardDataset", "read_shards", "shard_files", "pad_collate", "decode",
           "decode_binary", "decode_json", "IGNORE_INDEX"]
__version__ = "0.1.0"
