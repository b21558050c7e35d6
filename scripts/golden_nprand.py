#!/usr/bin/python3
"""Regenerates gradcheck/nprand/testdata/seed*.golden from numpy's legacy RandomState.

    /usr/bin/python3 scripts/golden_nprand.py

Each file holds, for one seed, the first 1000 raw uint32 outputs, 1000 uniform doubles and 1000 normals
(each from a freshly seeded generator), floats as float.hex() so the Go test sees numpy's exact bits.
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gradcheck", "nprand", "testdata")


def main():
    os.makedirs(OUT, exist_ok=True)
    for seed in (0, 1, 3, 4294967295):
        rs = np.random.RandomState(seed)
        ints = rs.randint(0, 2**32, size=1000, dtype=np.uint64)  # one raw 32-bit draw each (masked, no rejection)
        rs.seed(seed)
        uniforms = rs.random_sample(1000)
        rs.seed(seed)
        normals = rs.standard_normal(1000)
        with open(os.path.join(OUT, "seed%d.golden" % seed), "w") as f:
            f.write("# numpy %s RandomState(%d): uint32, uniform, normal per line\n" % (np.__version__, seed))
            for i in range(1000):
                f.write("%d %s %s\n" % (ints[i], float(uniforms[i]).hex(), float(normals[i]).hex()))


if __name__ == "__main__":
    main()
