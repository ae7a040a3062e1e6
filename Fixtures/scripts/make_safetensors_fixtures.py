#!/usr/bin/env python3
"""Safetensors fixtures in every dtype, written by the `safetensors` package.

Writes Fixtures/io/safetensors/all_dtypes.safetensors with
safetensors.torch.save_file (the reference writer, independent of Reprise):
one tensor per dtype the format names and Reprise reads (BOOL, U8, I8, U16,
I16, U32, I32, U64, I64, F16, BF16, F32, F64, F8_E4M3, F8_E5M2, F8_E8M0),
the 8-bit floats with all 256 bit patterns, plus tensors whose values have no
exact Float or Double (to check the typed errors), an empty and a rank-0
tensor, and one C64 tensor (a dtype Reprise does not read: it must not stop
the others from being read).

BF16 values are float32 values rounded to bfloat16 by round-to-nearest-even
on the bit pattern in numpy (keep the top 16 bits, add 0x7FFF plus the lowest
kept bit first), checked against torch's own float32 -> bfloat16 conversion
(NaN excepted: it is stored as the quiet NaN 0x7FC0).

Fixtures/io/safetensors/all_dtypes.txt holds, per tensor, three lines:
    tensor NAME DTYPE SHAPE          (SHAPE comma-separated, "-" for rank 0)
    f64 HEX...  |  f64 error INDEX   (float64 bit patterns of the values)
    f32 HEX...  |  f32 error INDEX   (float32 bit patterns)
The values are torch's (or, for integers, Python's exact) conversions to
float64 / float32. "error INDEX" marks the first element that has no exact
value in that type (Python integer comparison, or float64 -> float32 round
trip). Conversions of a NaN give a quiet NaN (IEEE 754 §6.2), keeping sign
and payload; the E5M2 patterns 0x7D and 0xFD are signalling NaNs and check
that. E8M0's NaN, which has neither, is the default quiet NaN. The Swift test compares bits.

Fixtures/io/safetensors/rounding.txt checks the F16/BF16 writer: one line
per float32 input, "F32BITS F16BITS BF16BITS" in hex, F16 by numpy's astype
(round to nearest even, subnormals, overflow to infinity), BF16 by the
rounding above; the inputs are ties, near-overflow and subnormal edges and
random values over many binades. NaN inputs are left out (any quiet NaN is
right; the Swift test checks NaN on its own).

Rerun: python3 Fixtures/scripts/make_safetensors_fixtures.py
(numpy, torch >= 2.5, safetensors >= 0.6; `pip install safetensors`).
"""
import os
import struct

import numpy as np
import torch
from safetensors.torch import save_file

out = os.path.join(os.path.dirname(__file__), "..", "io", "safetensors")
os.makedirs(out, exist_ok=True)

tensors = {}
names_in_order = []


def add(name, tensor):
    tensors[name] = tensor.contiguous().clone()
    names_in_order.append(name)


# Booleans and integers at their extremes.
add("bool", torch.tensor([True, False, True, True]))
add("u8", torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8))
add("i8", torch.tensor([-128, -1, 0, 1, 127], dtype=torch.int8))
add("u16", torch.tensor([0, 1, 65535, 4096], dtype=torch.uint16))
add("i16", torch.tensor([[-32768, -1], [0, 32767]], dtype=torch.int16))
add("u32", torch.tensor([0, 16777216, 4294967295, 16777217], dtype=torch.uint32))
add("i32", torch.tensor([-2147483648, 16777216, -16777216, 2147483647], dtype=torch.int32))
add("u64", torch.tensor([0, 2**53, 2**63, 2**64 - 2**11], dtype=torch.uint64))
add("u64_max", torch.tensor([1, 2**64 - 1], dtype=torch.uint64))
add("i64", torch.tensor([-(2**63), -(2**53), 2**53, 2**60, 12345], dtype=torch.int64))
add("i64_odd", torch.tensor([0, 2**53, 2**53 + 1, 7], dtype=torch.int64))

# binary16 from chosen bit patterns: zeros, one, max, min normal, smallest
# and largest subnormal, infinities, quiet NaNs (with payload, negative).
f16_bits = [0x0000, 0x8000, 0x3C00, 0xC100, 0x7BFF, 0x0400, 0x0001, 0x03FF, 0x8201,
            0x7C00, 0xFC00, 0x7E00, 0x7E01, 0xFE00, 0x3555, 0x5A3C]
add("f16", torch.tensor(np.array(f16_bits, dtype=np.uint16).view(np.int16)).view(torch.float16).reshape(4, 4))

# bfloat16 by round-to-nearest-even of float32 bit patterns.
f32_sources = np.array([1.0, -0.0, 3.14159265, 1.00390625, 1.01171875, 65504.0, 1e-40,
                        -1.17549435e-38, 3.3895314e38, np.inf, -np.inf, np.nan, 1e-45,
                        -2.5e-39, 0.1, 12345.678], dtype=np.float32)
u = f32_sources.view(np.uint32).astype(np.uint64)
rounded = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)
rounded[np.isnan(f32_sources)] = 0x7FC0
check = torch.tensor(f32_sources).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
finite = ~np.isnan(f32_sources)  # torch writes its NaN as 0xFFFF; ours is the quiet 0x7FC0
assert (check[finite] == rounded[finite]).all(), "numpy RNE disagrees with torch's bfloat16"
add("bf16", torch.tensor(rounded.view(np.int16)).view(torch.bfloat16).reshape(2, 8))

# binary32 and binary64.
f32_bits = [0x00000000, 0x80000000, 0x3F800000, 0x00000001, 0x807FFFFF, 0x7F7FFFFF,
            0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC12345, 0x3DCCCCCD]
add("f32", torch.tensor(np.array(f32_bits, dtype=np.uint32).view(np.int32)).view(torch.float32))
add("f64_fits_float", torch.tensor([0.5, -3.0, float("inf"), -0.0, 2.0**-149, float("nan")],
                                   dtype=torch.float64))
add("f64", torch.tensor([[1.0, 2.0**-1074], [0.1, -1e300]], dtype=torch.float64))

# The 8-bit floats: every bit pattern.
every_byte = torch.arange(256, dtype=torch.int32).to(torch.uint8)
add("f8_e4m3", every_byte.view(torch.float8_e4m3fn).reshape(16, 16))
add("f8_e5m2", every_byte.view(torch.float8_e5m2).reshape(16, 16))
add("f8_e8m0", every_byte.view(torch.float8_e8m0fnu))

# Edge shapes and a dtype Reprise does not read.
add("empty", torch.zeros((0, 3), dtype=torch.float32))
add("scalar", torch.tensor(-7.25, dtype=torch.float64))
add("c64", torch.tensor([1 + 2j, -0.5j], dtype=torch.complex64))

path = os.path.join(out, "all_dtypes.safetensors")
save_file(tensors, path, metadata={"format": "pt", "creator": "make_safetensors_fixtures.py"})

DTYPE = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.uint16: "U16",
         torch.int16: "I16", torch.uint32: "U32", torch.int32: "I32", torch.uint64: "U64",
         torch.int64: "I64", torch.float16: "F16", torch.bfloat16: "BF16",
         torch.float32: "F32", torch.float64: "F64", torch.float8_e4m3fn: "F8_E4M3",
         torch.float8_e5m2: "F8_E5M2", torch.float8_e8m0fnu: "F8_E8M0",
         torch.complex64: "C64"}
INTEGER = {torch.bool, torch.uint8, torch.int8, torch.uint16, torch.int16, torch.uint32,
           torch.int32, torch.uint64, torch.int64}


def hex64(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def hex32(x):
    return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]


def line(kind, t, exact_in, to_hex):
    values = t.reshape(-1)
    if t.dtype in INTEGER:
        ints = [int(v) for v in values.tolist()]
        for i, v in enumerate(ints):
            if not exact_in(v):
                return "%s error %d" % (kind, i)
        return " ".join([kind] + [to_hex(float(v)) for v in ints])
    target = torch.float64 if kind == "f64" else torch.float32
    if t.dtype == torch.float64 and kind == "f32":
        narrowed = t.reshape(-1).to(torch.float32).to(torch.float64)
        for i, (a, b) in enumerate(zip(values.tolist(), narrowed.tolist())):
            if not (a == b or (a != a and b != b)):
                return "%s error %d" % (kind, i)
    bits = values.to(target).view(torch.int64 if kind == "f64" else torch.int32).tolist()
    width = 16 if kind == "f64" else 8
    mask = (1 << (4 * width)) - 1
    if t.dtype == torch.float8_e8m0fnu:
        # E8M0's NaN (0xFF) has no sign or payload; torch writes it as the
        # signalling pattern 0x7F800001, a conversion gives the quiet NaN.
        quiet = 0x7FF8000000000000 if kind == "f64" else 0x7FC00000
        bits = [quiet if v != v else b for v, b in zip(values.to(target).tolist(), bits)]
    return " ".join([kind] + ["%0*x" % (width, b & mask) for b in bits])


def exact_double(v):
    return int(float(v)) == v


def exact_float(v):
    return int(np.float32(float(v))) == v if abs(v) < 2**128 else False


with open(os.path.join(out, "all_dtypes.txt"), "w") as f:
    for name in names_in_order:
        t = tensors[name]
        if t.dtype == torch.complex64:
            continue
        shape = ",".join(str(d) for d in t.shape) or "-"
        f.write("tensor %s %s %s\n" % (name, DTYPE[t.dtype], shape))
        f.write(line("f64", t, exact_double, hex64) + "\n")
        f.write(line("f32", t, exact_float, hex32) + "\n")


def bf16_bits(f32):
    u = f32.view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


edges = [0.0, -0.0, 1.0, 65504.0, 65519.99, 65520.0, -65520.0, 1e10, np.inf, -np.inf,
         2.0**-14, 2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 2.0**-26, 3 * 2.0**-25, 2.0**-14 - 2.0**-25,
         1 + 2.0**-11, 1 + 3 * 2.0**-11, 1 + 2.0**-11 + 2.0**-20, 1e-40, 1.00390625, 1.01171875,
         3.3895314e38, 3.4028235e38, -2.5e-39]
rng = np.random.default_rng(7)
randoms = rng.standard_normal(200) * np.exp2(rng.integers(-30, 20, 200))
inputs = np.array(edges + list(randoms), dtype=np.float32)
half = inputs.astype(np.float16).view(np.uint16)
brain = bf16_bits(inputs)
check = torch.tensor(inputs).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
assert (check == brain).all(), "numpy RNE disagrees with torch's bfloat16"
with open(os.path.join(out, "rounding.txt"), "w") as f:
    for x, h, b in zip(inputs.view(np.uint32), half, brain):
        f.write("%08x %04x %04x\n" % (x, h, b))
