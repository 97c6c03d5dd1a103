"""Decoding and padding, without a broker."""

import json
import struct
import unittest

from sftstream import decode, decode_binary, decode_json, RecordFormatError
from sftstream._torch import torch


def binary(record_id, ids, labels, trained, truncated, version=1):
    """The layout of serdes/TrainingRecordBinary, written field by field."""
    raw_id = record_id.encode("utf-8")
    return (struct.pack("<BBi", version, 1 if truncated else 0, len(raw_id)) + raw_id
            + struct.pack("<ii", len(ids), trained)
            + struct.pack("<%di" % len(ids), *ids) + struct.pack("<%di" % len(labels), *labels))


class BinaryTest(unittest.TestCase):

    def test_decodes_every_field(self):
        value = binary("a-17 é", [151644, 872, 198, 151645], [-100, -100, 198, 151645], 2, True)
        self.assertEqual({"id": "a-17 é", "input_ids": [151644, 872, 198, 151645],
                          "labels": [-100, -100, 198, 151645], "num_tokens": 4,
                          "num_trained_tokens": 2, "truncated": True}, decode_binary(value))
        self.assertEqual(decode_binary(value), decode(value))

    def test_decodes_an_empty_record(self):
        self.assertEqual([], decode_binary(binary("", [], [], 0, False))["input_ids"])

    def test_refuses_other_versions_and_cut_values(self):
        good = binary("x", [1, 2], [-100, 2], 1, False)
        with self.assertRaisesRegex(RecordFormatError, "version 2"):
            decode_binary(binary("x", [1], [1], 1, False, version=2))
        with self.assertRaisesRegex(RecordFormatError, "declares length 2 but only 1 fit"):
            decode_binary(good[:-1])
        with self.assertRaisesRegex(RecordFormatError, "has 24 bytes of arrays, expected 16"):
            decode_binary(good + bytes(8))
        with self.assertRaisesRegex(RecordFormatError, "declares length"):
            decode_binary(good[:2] + struct.pack("<i", 1000) + good[6:])
        with self.assertRaisesRegex(RecordFormatError, "cut short"):
            decode_binary(good[:5])


class JsonTest(unittest.TestCase):

    def test_decodes_the_spec_object(self):
        value = json.dumps({"id": "a-17", "input_ids": [5, 6], "labels": [-100, 6],
                            "attention_mask": [1, 1], "num_tokens": 2,
                            "num_trained_tokens": 1, "truncated": False}).encode()
        record = decode(value)
        self.assertEqual([5, 6], record["input_ids"])
        self.assertEqual([-100, 6], record["labels"])
        self.assertEqual(record, decode_json(value))

    def test_refuses_what_is_not_a_record(self):
        with self.assertRaises(RecordFormatError):
            decode(b"not json")
        with self.assertRaises(RecordFormatError):
            decode(b'{"input_ids":[1],"labels":[]}')


@unittest.skipIf(torch is None, "torch is not installed")
class PadCollateTest(unittest.TestCase):

    def test_pads_ids_labels_and_mask(self):
        from sftstream import pad_collate
        batch = pad_collate([
            {"input_ids": [1, 2, 3], "labels": [-100, 2, 3], "attention_mask": [1, 1, 1]},
            {"input_ids": torch.tensor([4]), "labels": torch.tensor([4]),
             "attention_mask": torch.tensor([1])}], pad_id=0)
        self.assertEqual([[1, 2, 3], [4, 0, 0]], batch["input_ids"].tolist())
        self.assertEqual([[-100, 2, 3], [4, -100, -100]], batch["labels"].tolist())
        self.assertEqual([[1, 1, 1], [1, 0, 0]], batch["attention_mask"].tolist())
        self.assertEqual(torch.long, batch["input_ids"].dtype)

    def test_builds_the_mask_of_rows_without_one(self):
        from sftstream import pad_collate
        batch = pad_collate([{"input_ids": [7, 8], "labels": [-100, 8]},
                             {"input_ids": [9], "labels": [9]}], pad_id=2, max_length=2)
        self.assertEqual([[7, 8], [9, 2]], batch["input_ids"].tolist())
        self.assertEqual([[1, 1], [1, 0]], batch["attention_mask"].tolist())


if __name__ == "__main__":
    unittest.main()
