"""Decoding of sftstream training-record values (JSON and binary) and their headers.

The binary layout is the one ``serdes/TrainingRecordBinary`` writes; all integers are
little-endian int32::

    offset   size  field
    0        1     version, always 1
    1        1     flags: bit 0 = truncated; other bits 0
    2        4     L, length of the id in UTF-8 bytes
    6        L     id, UTF-8
    6+L      4     n, num_tokens
    10+L     4     num_trained_tokens
    14+L     4n    input_ids
    14+L+4n  4n    labels (-100 where not trained)

``attention_mask`` is all ones and is not stored.
"""

import json
import struct
import sys
from array import array

#: The layout version written in the first byte of a binary record.
BINARY_VERSION = 1
#: The label value of a position that is not trained on.
IGNORE_INDEX = -100

TOKENIZER_HEADER = "sftstream.tokenizer"
TEMPLATE_HEADER = "sftstream.template"
EOS_ID_HEADER = "sftstream.eos.id"
CHAT_TEMPLATE_HEADER = "sftstream.chat_template"

_FLAG_TRUNCATED = 1
_INT = struct.Struct("<i")
_BIG_ENDIAN_HOST = sys.byteorder == "big"


class RecordFormatError(ValueError):
    """A value is not a training record of the expected format."""


def _ints(buf, offset, count):
    values = array("i")
    if values.itemsize != 4:  # pragma: no cover - every supported platform has 4-byte int
        return list(struct.unpack_from("<%di" % count, buf, offset))
    values.frombytes(buf[offset:offset + 4 * count])
    if _BIG_ENDIAN_HOST:  # pragma: no cover
        values.byteswap()
    return values


def decode_binary(value):
    """Decodes the binary layout into a dict with ``id``, ``input_ids``, ``labels`` (lists),
    ``num_tokens``, ``num_trained_tokens`` and ``truncated``; raises RecordFormatError."""
    record = decode_binary_arrays(value)
    record["input_ids"] = record["input_ids"].tolist()
    record["labels"] = record["labels"].tolist()
    return record


def decode_binary_arrays(value):
    """Like :func:`decode_binary`, with the token arrays as ``array('i')`` (no list built)."""
    view = memoryview(value)
    size = len(view)
    if size < 14:
        raise RecordFormatError("binary training record is cut short (%d bytes)" % size)
    version = view[0]
    if version != BINARY_VERSION:
        raise RecordFormatError("binary training record has version %d; this reader knows "
                                "version %d" % (version, BINARY_VERSION))
    truncated = (view[1] & _FLAG_TRUNCATED) != 0
    id_length = _INT.unpack_from(view, 2)[0]
    if id_length < 0 or id_length > size - 6:
        raise RecordFormatError("binary training record declares length %d but only %d fit "
                                "in what is left" % (id_length, size - 6))
    at = 6 + id_length
    record_id = bytes(view[6:at]).decode("utf-8")
    if size - at < 8:
        raise RecordFormatError("binary training record is cut short")
    n = _INT.unpack_from(view, at)[0]
    trained = _INT.unpack_from(view, at + 4)[0]
    at += 8
    if n < 0 or n > (size - at) // 8:
        raise RecordFormatError("binary training record declares length %d but only %d fit "
                                "in what is left" % (n, (size - at) // 8))
    if size - at != 8 * n:
        raise RecordFormatError("binary training record has %d bytes of arrays, expected %d"
                                % (size - at, 8 * n))
    return {
        "id": record_id,
        "input_ids": _ints(view, at, n),
        "labels": _ints(view, at + 4 * n, n),
        "num_tokens": n,
        "num_trained_tokens": trained,
        "truncated": truncated,
    }


def decode_json(value):
    """Decodes the JSON object of SPEC section 5; raises RecordFormatError."""
    try:
        record = json.loads(value)
    except (UnicodeDecodeError, ValueError) as e:
        raise RecordFormatError("training record is not JSON: %s" % e) from None
    if not isinstance(record, dict) or not isinstance(record.get("input_ids"), list) \
            or not isinstance(record.get("labels"), list):
        raise RecordFormatError("training record JSON has no input_ids and labels arrays")
    if len(record["input_ids"]) != len(record["labels"]):
        raise RecordFormatError("input_ids has %d positions but labels has %d"
                                % (len(record["input_ids"]), len(record["labels"])))
    record.pop("attention_mask", None)
    return record


def decode(value, input_format="auto"):
    """Decodes a value: ``auto`` tells the formats apart by the first byte (``{`` for JSON,
    the version byte 1 for binary), as the Java Serde does."""
    if value is None:
        raise RecordFormatError("the value is null")
    if input_format == "binary" or (input_format == "auto" and len(value) > 0
                                    and value[0] == BINARY_VERSION):
        return decode_binary(value)
    if input_format in ("auto", "json"):
        return decode_json(value)
    raise ValueError("input_format must be auto, json or binary, not %r" % (input_format,))


def headers_dict(headers):
    """The last value of each header as a str, from confluent-kafka's list of pairs."""
    result = {}
    for key, value in headers or ():
        result[key] = None if value is None else bytes(value).decode("utf-8", "replace")
    return result
