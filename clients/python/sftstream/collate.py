"""Padding a batch of variable-length samples for training."""

from ._torch import require_torch
from .records import IGNORE_INDEX


def pad_collate(batch, pad_id, *, max_length=None):
    """Pads ``input_ids`` with ``pad_id``, ``labels`` with -100 and ``attention_mask`` with 0
    to the longest sample (right padding) and returns int64 tensors of shape (batch, length).
    Samples need only ``input_ids`` and ``labels`` (an exported Parquet row has no
    ``attention_mask``: it is 1 at every real position). ``max_length`` cuts longer samples."""
    torch = require_torch("pad_collate")
    length = max(len(sample["input_ids"]) for sample in batch)
    if max_length is not None:
        length = min(length, max_length)
    out = {
        "input_ids": torch.full((len(batch), length), pad_id, dtype=torch.long),
        "labels": torch.full((len(batch), length), IGNORE_INDEX, dtype=torch.long),
        "attention_mask": torch.zeros((len(batch), length), dtype=torch.long),
    }
    for row, sample in enumerate(batch):
        n = min(len(sample["input_ids"]), length)
        for key in ("input_ids", "labels"):
            values = sample[key]
            values = values[:n] if torch.is_tensor(values) else torch.as_tensor(values[:n])
            out[key][row, :n] = values
        out["attention_mask"][row, :n] = 1
    return out
