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


# ---------------------------------------------------------------------------
# .npy, .npz, CSV and raw deflate fixtures, written by numpy / zlib / csv.
#
# Fixtures/io/npy/<name>.npy: a small array in every dtype Reprise reads, both
# byte orders, C and Fortran order, and header versions 1.0, 2.0, 3.0.
# Fixtures/io/npy/expected.txt: one line per file,
#   name descr fortran shape(comma-separated) values...
# with integer values in decimal and float values as the hex bit pattern of
# the value widened to float64 (exact), so the Swift test compares bits.
# Fixtures/io/npz/{stored,compressed}.npz by np.savez / np.savez_compressed,
# with Fixtures/io/npz/expected.txt in the same line format (name = member).
# Fixtures/io/csv/*.csv and expected.txt: rows parsed by Python's csv module
# and float(); values as float64 hex bit patterns.
# Fixtures/io/deflate/original.bin and streams.txt: raw deflate streams of
# the same bytes made by zlib (stored, fixed Huffman, dynamic Huffman at two
# levels, several blocks via a full flush), as hex, with the CRC-32.
import csv
import io
import zlib

import numpy as np

root = os.path.join(os.path.dirname(__file__), "..", "io")
for sub in ("npy", "npz", "csv", "deflate"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)


def expected_line(name, array):
    flat = array.ravel(order="C")
    if array.dtype.kind == "f":
        values = ["%016x" % struct.unpack("<Q", struct.pack("<d", float(v)))[0] for v in flat]
    else:
        values = [str(int(v)) for v in flat]
    shape = ",".join(str(n) for n in array.shape) or "-"
    order = "F" if array.flags.f_contiguous and not array.flags.c_contiguous else "C"
    return ("%s %s %s %s %s" % (name, array.dtype.str, order, shape, " ".join(values))).rstrip()


rng = np.random.default_rng(20261129)
lines = []


def save_npy(name, array, version=None):
    path = os.path.join(root, "npy", name + ".npy")
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)
    lines.append(expected_line(name, array))


base_float = np.array([[1.5, -2.25, 3.0e-38], [0.1, -0.0, 65504.0]])
for width in (4, 8):
    for order_char, order_name in (("<", "le"), (">", "be")):
        dtype = np.dtype(order_char + "f%d" % width)
        save_npy("f%d_%s_c" % (width, order_name), base_float.astype(dtype))
        cube = rng.standard_normal((3, 2, 4)).astype(dtype)
        save_npy("f%d_%s_fortran" % (width, order_name), np.asfortranarray(cube))
for kind in ("i", "u"):
    for width in (1, 2, 4, 8):
        info = np.iinfo(np.dtype("%s%d" % (kind, width)))
        values = np.array([[info.min, info.max, 0], [1, 7, info.max // 3]])
        for order_char, order_name in (("<", "le"), (">", "be")):
            dtype = np.dtype(order_char + "%s%d" % (kind, width))
            if kind == "u" and width == 8:
                values = np.array([[0, 2**63 - 1, 0], [1, 7, 12345678901234]])
            save_npy("%s%d_%s_c" % (kind, width, order_name), values.astype(dtype))
        save_npy("%s%d_le_fortran" % (kind, width), np.asfortranarray(values.astype("<%s%d" % (kind, width))))
save_npy("b1", np.array([[True, False, True], [False, False, True]]))
save_npy("u8_too_big", np.array([2**64 - 1], dtype="<u8"))
save_npy("f8_v2", rng.standard_normal((2, 2)), version=(2, 0))
save_npy("f4_v3", rng.standard_normal((3,)).astype("<f4"), version=(3, 0))
save_npy("scalar", np.array(2.5))
save_npy("empty", np.zeros((0, 3)))
with open(os.path.join(root, "npy", "expected.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")

lines = []
members = {
    "weights": rng.standard_normal((4, 3)),
    "labels": np.array([3, 1, 4, 1, 5], dtype="<i8"),
    "half": np.asfortranarray(rng.standard_normal((2, 3)).astype("<f4")),
}
# A larger, compressible member so the deflated file uses dynamic Huffman blocks.
members["grid"] = (np.arange(600).reshape(20, 30) % 7).astype("<f8")
np.savez(os.path.join(root, "npz", "stored.npz"), **members)
np.savez_compressed(os.path.join(root, "npz", "compressed.npz"), **members)
for name, array in members.items():
    lines.append(expected_line(name, array))
with open(os.path.join(root, "npz", "expected.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")

csv_text = (
    "x,\"y, the second\",z\n"
    "1.5,-2,3e-3\n"
    "\n"
    "\"4\",5.25,-0.1\n"
    "  7 ,8,9.000000000000002\n"
)
with open(os.path.join(root, "csv", "header_comma.csv"), "w", newline="") as f:
    f.write(csv_text)
with open(os.path.join(root, "csv", "semicolon.csv"), "w", newline="") as f:
    f.write("0.25;1e10\r\n-3;4.5\r\n")
lines = []
for name, delimiter, header in (("header_comma", ",", True), ("semicolon", ";", False)):
    with open(os.path.join(root, "csv", name + ".csv"), newline="") as f:
        rows = [r for r in csv.reader(f, delimiter=delimiter) if r]
    if header:
        lines.append(name + " header " + "|".join(rows[0]))
        rows = rows[1:]
    array = np.array([[float(v) for v in r] for r in rows])
    lines.append(expected_line(name, array))
with open(os.path.join(root, "csv", "expected.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")

words = [b"tensor", b"kernel", b"alignment", b"CKA", b"spectrum", b"layer", b"seed", b"\x00\xff"]
chunks = [words[int(i)] for i in rng.integers(0, len(words), 500)]
original = b" ".join(chunks) + bytes(rng.integers(0, 256, 300, dtype=np.uint8)) + b"ab" * 200
with open(os.path.join(root, "deflate", "original.bin"), "wb") as f:
    f.write(original)


def raw_deflate(level, strategy=zlib.Z_DEFAULT_STRATEGY, split=None):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    if split is None:
        return c.compress(original) + c.flush()
    return c.compress(original[:split]) + c.flush(zlib.Z_FULL_FLUSH) + c.compress(original[split:]) + c.flush()


streams = {
    "stored": raw_deflate(0),
    "fixed": raw_deflate(6, zlib.Z_FIXED),
    "dynamic": raw_deflate(6),
    "best": raw_deflate(9),
    "blocks": raw_deflate(6, split=1500),
}
with open(os.path.join(root, "deflate", "streams.txt"), "w") as f:
    f.write("crc32 %08x length %d\n" % (zlib.crc32(original), len(original)))
    for name, data in streams.items():
        f.write("%s %s\n" % (name, data.hex()))
