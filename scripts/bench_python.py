#!/usr/bin/python3
"""Times the numpy and PyTorch gradient checks on the networks of gradcheck's benchmarks.

    /usr/bin/python3 scripts/bench_python.py [--quick]

Networks (as in gradcheck/bench_test.go): nx->nh->1, tanh then sigmoid, cross-entropy, batch m:
planar 2-4-1 (m=400, the course's flower data set), 20-64-1 (m=32) and 100-100-1 (m=16), weights of
about 0.5. Tools:
  numpy   the course's gradient_check_n (copy the parameter vector, move one element, forward; twice per
          element; epsilon 1e-7), written from its published formula
  torch   torch.autograd.gradcheck in double precision, slow mode and fast_mode=True, one thread
For each, the time of 2*n bare loss evaluations in the same tool ("floor") is measured too.
Prints one JSON object per line. Only timing comes from here; nothing is compared bit for bit.
"""
import json
import sys
import time

import numpy as np

from planar_numpy import flower

NETS = [("planar_2-4-1_m400", 2, 4, 400), ("20-64-1_m32", 20, 64, 32), ("100-100-1_m16", 100, 100, 16)]


def data(nx, m):
    if nx == 2 and m == 400:
        return flower()
    rng = np.random.RandomState(2)
    X = rng.randn(nx, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    return X, Y


def params(nx, nh):
    rng = np.random.RandomState(3)
    return {"W1": rng.randn(nh, nx) * 0.5, "b1": np.zeros((nh, 1)), "W2": rng.randn(1, nh) * 0.5, "b2": np.zeros((1, 1))}


NAMES = ["W1", "b1", "W2", "b2"]


def loss(X, Y, p):
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    m = X.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


def grads(X, Y, p):
    m = X.shape[1]
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    dZ2 = A2 - Y
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"W1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m, "W2": dZ2 @ A1.T / m,
            "b2": dZ2.sum(axis=1, keepdims=True) / m}


def to_vector(d):
    return np.concatenate([d[k].reshape(-1, 1) for k in NAMES])


def to_dict(v, shapes):
    out, i = {}, 0
    for k in NAMES:
        n = int(np.prod(shapes[k]))
        out[k] = v[i:i + n].reshape(shapes[k])
        i += n
    return out


def gradient_check_n(X, Y, p, g, epsilon=1e-7):
    shapes = {k: p[k].shape for k in NAMES}
    theta = to_vector(p)
    grad = to_vector(g)
    n = theta.shape[0]
    approx = np.zeros((n, 1))
    for i in range(n):
        plus = np.copy(theta)
        plus[i][0] += epsilon
        j_plus = loss(X, Y, to_dict(plus, shapes))
        minus = np.copy(theta)
        minus[i][0] -= epsilon
        j_minus = loss(X, Y, to_dict(minus, shapes))
        approx[i] = (j_plus - j_minus) / (2 * epsilon)
    return np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))


def best(f, repeat):
    t = float("inf")
    out = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = f()
        t = min(t, time.perf_counter() - start)
    return t, out


def main():
    quick = "--quick" in sys.argv
    import torch
    torch.set_num_threads(1)
    for name, nx, nh, m in NETS:
        X, Y = data(nx, m)
        p = params(nx, nh)
        n = sum(v.size for v in p.values())
        repeat = 1 if quick or n > 5000 else 3
        floor, _ = best(lambda: [loss(X, Y, p) for _ in range(2 * n)], repeat)
        secs, diff = best(lambda: gradient_check_n(X, Y, p, grads(X, Y, p)), repeat)
        print(json.dumps({"net": name, "tool": "numpy gradient_check_n", "params": n, "seconds": secs,
                          "floor_seconds": floor, "ok": bool(diff < 2e-7) if nx == 2 else None, "difference": diff}))

        tX, tY = torch.tensor(X), torch.tensor(Y)
        tp = [torch.tensor(p[k], requires_grad=True) for k in NAMES]

        def tloss(W1, b1, W2, b2):
            A1 = torch.tanh(W1 @ tX + b1)
            A2 = torch.sigmoid(W2 @ A1 + b2)
            return -(tY * torch.log(A2) + (1 - tY) * torch.log(1 - A2)).sum() / m

        with torch.no_grad():
            tfloor, _ = best(lambda: [tloss(*tp) for _ in range(2 * n)], repeat)
        for fast in (False, True):
            secs, ok = best(lambda: torch.autograd.gradcheck(tloss, tp, fast_mode=fast), repeat)
            print(json.dumps({"net": name, "tool": "torch.autograd.gradcheck" + (" fast" if fast else ""),
                              "params": n, "seconds": secs, "floor_seconds": tfloor, "ok": bool(ok)}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
