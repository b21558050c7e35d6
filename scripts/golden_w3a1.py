#!/usr/bin/python3
"""Regenerates examples/planar/model/testdata/grader_case.golden with numpy.

    /usr/bin/python3 scripts/golden_w3a1.py

The grader's backward_propagation_test fixture (shared/cases/w3a1.md): np.random.seed(1), then
X = randn(3, 7), Y = randn(1, 7) > 0, W1 = randn(9, 3), W2 = randn(1, 9), b1, b2 zero, and a cache of
unrelated draws A1 = randn(9, 7), A2 = randn(1, 7), Z1 = randn(9, 7), Z2 = randn(1, 7). The file holds
the fixture as numpy drew it, the gradients of the reference formula (1 - A1**2) and those of the
student's variant (1 - tanh(Z1)**2), so the Go test compares against numpy rather than against itself.
One matrix per line: name rows cols values (row-major, float.hex).
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "planar", "model", "testdata")


def backward(W2, A1, A2, X, Y, dact):
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * dact
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def main():
    np.random.seed(1)
    X = np.random.randn(3, 7)
    Y = (np.random.randn(1, 7) > 0).astype(float)
    W1 = np.random.randn(9, 3)
    W2 = np.random.randn(1, 9)
    A1 = np.random.randn(9, 7)
    A2 = np.random.randn(1, 7)
    Z1 = np.random.randn(9, 7)
    Z2 = np.random.randn(1, 7)
    mats = {"X": X, "Y": Y, "W1": W1, "W2": W2, "A1": A1, "A2": A2, "Z1": Z1, "Z2": Z2}
    ref = backward(W2, A1, A2, X, Y, 1 - np.power(A1, 2))
    tanh = backward(W2, A1, A2, X, Y, 1 - np.power(np.tanh(Z1), 2))
    for k, v in ref.items():
        mats["ref." + k] = v
    for k, v in tanh.items():
        mats["tanh." + k] = v
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "grader_case.golden"), "w") as f:
        f.write("# numpy %s: grader fixture, reference and tanh(Z1) gradients; name rows cols values\n" % np.__version__)
        for name, v in mats.items():
            f.write("%s %d %d %s\n" % (name, v.shape[0], v.shape[1], " ".join(float(x).hex() for x in v.ravel())))


if __name__ == "__main__":
    main()
