"""Reading the shards that ``sftstream export`` writes (Parquet, JSON lines, gzip)."""

import glob
import gzip
import json
import os

from ._torch import IterableDataset, split_position
from .kafka_dataset import ProvenanceError, to_sample

_PATTERNS = ("part-*.parquet", "part-*.jsonl", "part-*.jsonl.gz")


def shard_files(path):
    """The complete shards of an export directory (or one file), in name order: partition,
    then offset. Temporary files of a running or killed export are never included."""
    if os.path.isfile(path):
        return [path]
    files = []
    for pattern in _PATTERNS:
        files.extend(glob.glob(os.path.join(path, pattern)))
    return sorted(files, key=os.path.basename)


def read_rows(file):
    """Every row of one shard as a dict of its columns (see the export's schema)."""
    if file.endswith(".parquet"):
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise ImportError("reading Parquet shards needs pyarrow, which is not installed; "
                              "install it, or export with --format jsonl") from None
        for batch in pq.ParquetFile(file).iter_batches():
            yield from batch.to_pylist()
        return
    opener = gzip.open if file.endswith(".gz") else open
    with opener(file, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def read_shards(path, *, return_tensors=False, with_metadata=False, expected_tokenizer=None,
                files=None):
    """Yields ``{"input_ids", "labels", "attention_mask"}`` for every record of the shards in
    ``path`` (lists, or tensors with ``return_tensors``); ``with_metadata`` adds ``id``,
    ``partition`` and ``offset``. ``expected_tokenizer`` raises ProvenanceError on a row of
    another tokenizer."""
    for file in shard_files(path) if files is None else files:
        for row in read_rows(file):
            if expected_tokenizer is not None and row["tokenizer_sha256"] != expected_tokenizer:
                raise ProvenanceError(
                    "the record at partition %s offset %s in %s was made with tokenizer %s, "
                    "not the expected %s" % (row["source_partition"], row["source_offset"],
                                             file, row["tokenizer_sha256"], expected_tokenizer))
            sample = to_sample(row, return_tensors)
            if with_metadata:
                sample.update(id=row["id"], partition=row["source_partition"],
                              offset=row["source_offset"])
            yield sample


class ShardDataset(IterableDataset):
    """The exported shards as an IterableDataset: files are split without overlap across
    DataLoader workers and distributed ranks (or ``rank``/``world_size``)."""

    def __init__(self, path, *, return_tensors=False, expected_tokenizer=None, rank=None,
                 world_size=None):
        super().__init__()
        self.files = shard_files(path)
        if not self.files:
            raise FileNotFoundError("no shards (part-*.parquet, part-*.jsonl, "
                                    "part-*.jsonl.gz) in %s" % path)
        self.return_tensors = return_tensors
        self.expected_tokenizer = expected_tokenizer
        self.rank = rank
        self.world_size = world_size

    def __iter__(self):
        rank, world, worker, workers = split_position()
        if self.rank is not None:
            rank, world = self.rank, self.world_size
        mine = self.files[rank * workers + worker::world * workers]
        return read_shards(None, files=mine, return_tensors=self.return_tensors,
                           expected_tokenizer=self.expected_tokenizer)
