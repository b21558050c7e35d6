#!/usr/bin/python3
"""Regenerates gradcheck/testdata/references/: reference gradients saved by numpy and PyTorch, and broken files.

    apt-get install -y python3-numpy python3-torch
    /usr/bin/python3 scripts/golden_references.py

The model is the course's planar network (examples/planar/model): the 400-point flower (np.random.seed(1)),
parameters from np.random.seed(3) scaled by 0.01, cross-entropy. Files:
  numpy_planar.npz        dW1, db1, dW2, db2 from the reference numpy backward pass (float64, C order)
  torch_planar.npz        the same gradients from torch autograd, float64, db1/db2 saved 1-D as torch keeps biases
  torch_planar_f32.npz    torch autograd in float32 (.numpy() of float32 tensors)
  fortran_dW1.npy         numpy's dW1 in Fortran order
  bigendian_dW1.npy       numpy's dW1 as '>f8'
  int64.npy, three_d.npy, truncated.npy, not_npy.npy   files that must be refused with a clear error
Deterministic: same inputs, same bytes (np.savez writes fixed zip timestamps).
"""
import os

import numpy as np

from planar_numpy import flower
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gradcheck", "testdata", "references")


def main():
    os.makedirs(OUT, exist_ok=True)
    X, Y = flower()
    np.random.seed(3)
    W1 = np.random.randn(4, 2) * 0.01
    W2 = np.random.randn(1, 4) * 0.01
    b1, b2 = np.zeros((4, 1)), np.zeros((1, 1))
    m = X.shape[1]

    A1 = np.tanh(W1 @ X + b1)
    A2 = 1 / (1 + np.exp(-(W2 @ A1 + b2)))
    dZ2 = A2 - Y
    dZ1 = (W2.T @ dZ2) * (1 - np.power(A1, 2))
    ref = {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
           "dW2": dZ2 @ A1.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
    np.savez(os.path.join(OUT, "numpy_planar.npz"), **ref)

    for dtype, name in ((torch.float64, "torch_planar.npz"), (torch.float32, "torch_planar_f32.npz")):
        p = {k: torch.tensor(v, dtype=dtype, requires_grad=True) for k, v in
             {"W1": W1, "b1": b1[:, 0], "W2": W2, "b2": b2[:, 0]}.items()}
        tX, tY = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)
        tA1 = torch.tanh(p["W1"] @ tX + p["b1"][:, None])
        tA2 = torch.sigmoid(p["W2"] @ tA1 + p["b2"][:, None])
        cost = -(tY * torch.log(tA2) + (1 - tY) * torch.log(1 - tA2)).sum() / m
        cost.backward()
        np.savez(os.path.join(OUT, name), **{"d" + k: v.grad.detach().numpy() for k, v in p.items()})

    np.save(os.path.join(OUT, "fortran_dW1.npy"), np.asfortranarray(ref["dW1"]))
    np.save(os.path.join(OUT, "bigendian_dW1.npy"), ref["dW1"].astype(">f8"))
    np.save(os.path.join(OUT, "int64.npy"), np.arange(6, dtype=np.int64).reshape(2, 3))
    np.save(os.path.join(OUT, "three_d.npy"), np.zeros((2, 2, 2)))
    path = os.path.join(OUT, "truncated.npy")
    np.save(path, ref["dW1"])
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:-16])  # the last two float64 elements are missing
    with open(os.path.join(OUT, "not_npy.npy"), "wb") as f:
        f.write(b"dW1 = [[0.1, 0.2]]\n")


if __name__ == "__main__":
    main()
