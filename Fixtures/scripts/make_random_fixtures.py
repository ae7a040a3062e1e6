#!/usr/bin/env python3
"""Reference words for Reprise's RandomStream, computed by NumPy's Philox.

Reprise's RandomStream(seed: s, stream: t) is defined to produce the same raw
64-bit words as numpy.random.Philox(key=(t << 64) | s, counter=0).random_raw(),
and its uniform Double as (word >> 11) * 2**-53, which is what NumPy's
Generator(Philox(...)).random() returns. This script writes, for a few
(seed, stream) pairs, the first words and uniforms, so the Swift tests can
check both against an implementation we did not write.

Output: Fixtures/random/philox_numpy.txt, one case per block:
  case <seed> <stream>
  words <hex> <hex> ...        (first 12 raw words, 16 hex digits each)
  uniforms <hex> <hex> ...     (first 12 Generator.random() doubles as IEEE bits)
  normals <hex> <hex> ...      (first 12 Box-Muller normals from the same words, computed
                               with numpy's log/cos/sin: a reference to ~1 ulp, not to the bit)
Rerun: python3 Fixtures/scripts/make_random_fixtures.py   (numpy >= 1.17)
"""
import os
import struct

import numpy as np

CASES = [(0, 0), (42, 0), (42, 1), (2**64 - 1, 2**64 - 1), (123456789, 987654321)]
COUNT = 12


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "random", "philox_numpy.txt")
    lines = [f"# numpy {np.__version__}: Philox(key=(stream << 64) | seed, counter=0)"]
    for seed, stream in CASES:
        key = (stream << 64) | seed
        words = np.random.Philox(key=key, counter=0).random_raw(COUNT)
        uniforms = np.random.Generator(np.random.Philox(key=key, counter=0)).random(COUNT)
        lines.append(f"case {seed} {stream}")
        lines.append("words " + " ".join(f"{int(w):016x}" for w in words))
        bits = [struct.unpack("<Q", struct.pack("<d", float(u)))[0] for u in uniforms]
        lines.append("uniforms " + " ".join(f"{b:016x}" for b in bits))
        # Reprise's Box-Muller: u1 = ((w1 >> 11) + 1) 2^-53, u2 = (w2 >> 11) 2^-53,
        # pair (r cos 2 pi u2, r sin 2 pi u2), r = sqrt(-2 ln u1).
        raw = np.random.Philox(key=key, counter=0).random_raw(COUNT)
        normals = []
        for i in range(0, COUNT, 2):
            u1 = float((int(raw[i]) >> 11) + 1) * 2.0**-53
            u2 = float(int(raw[i + 1]) >> 11) * 2.0**-53
            r = np.sqrt(-2.0 * np.log(u1))
            normals += [r * np.cos(2 * np.pi * u2), r * np.sin(2 * np.pi * u2)]
        nbits = [struct.unpack("<Q", struct.pack("<d", float(z)))[0] for z in normals]
        lines.append("normals " + " ".join(f"{b:016x}" for b in nbits))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
