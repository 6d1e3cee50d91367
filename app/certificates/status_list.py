"""W3C Bitstring Status List v1.0: one bit per certificate, encoded for a status list credential.

Pure: no Flask, no database. Bit i is the status of the credential whose statusListIndex is i;
index 0 is the most significant bit of the first byte, as the specification orders them.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

# The specification's minimum (16 KiB): a verifier fetching the list learns nothing about which
# of the many entries it cares about. The list grows in whole blocks of this size, so that its
# length changes rarely and does not count the certificates issued.
BLOCK_BITS = 131_072
BLOCK_BYTES = BLOCK_BITS // 8


def bitstring(set_indexes: Iterable[int], highest_index: int) -> bytes:
    """The bits, with those at `set_indexes` set, long enough (whole blocks) to hold `highest_index`."""
    bits = bytearray((highest_index // BLOCK_BITS + 1) * BLOCK_BYTES)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bytes(bits)


def encoded_list(bits: bytes) -> str:
    """The `encodedList` value: GZIP, base64url without padding, multibase prefix "u".

    mtime=0 leaves the time out of the GZIP header, so the same bits always give the same text.
    """
    compressed = gzip.compress(bits, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")
