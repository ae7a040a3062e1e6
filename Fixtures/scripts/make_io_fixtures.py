#!/usr/bin/env python3
"""A safetensors file written independently of Reprise, from the format spec.

Writes Fixtures/io/example.safetensors with struct + json only (no safetensors
package): tensors "a" (F32, 2x3), "b" (F64, 4), "empty" (F32, 0x5), metadata
{"creator": "make_io_fixtures.py"}, and Fixtures/io/example.txt listing each
tensor's values as hex bit patterns for the Swift test to compare.
Rerun: python3 Fixtures/scripts/make_io_fixtures.py
"""
import json
import os
import struct

out = os.path.join(os.path.dirname(__file__), "..", "io")
a = [1.5, -2.25, 3.0e-38, 0.1, -0.0, 65504.0]
b = [3.141592653589793, -1e300, 5e-324, 2.0]
data = struct.pack("<6f", *a) + struct.pack("<4d", *b)
header = {
    "__metadata__": {"creator": "make_io_fixtures.py"},
    "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
    "b": {"dtype": "F64", "shape": [4], "data_offsets": [24, 56]},
    "empty": {"dtype": "F32", "shape": [0, 5], "data_offsets": [56, 56]},
}
text = json.dumps(header).encode()
with open(os.path.join(out, "example.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)
with open(os.path.join(out, "example.txt"), "w") as f:
    f.write("a " + " ".join("%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in a) + "\n")
    f.write("b " + " ".join("%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in b) + "\n")
