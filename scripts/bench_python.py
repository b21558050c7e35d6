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

Model scale (as BenchmarkMLP in gradcheck/bench_test.go): a 784-128-10 tanh/softmax MLP, cross-entropy,
batch 8, float64, with a hand-written backward pass (a torch.autograd.Function) carrying the same planted
bugs: none, dW1[5,300] off by 0.05, dW2 without its 1/m, every element of dW1's row 5 off by 0.01, db2[3]
1% too large, four wrong elements (dW1[5,300], dW1[100,17], dW1[127,783], dW2[3,64]). Then the same MLP with
ReLU hidden units and four pre-activations planted within 1e-8 of zero (b1 moved as Go's newReluMLP moves
it), correct and with dW1[5,300] off by 0.05. The architecture, distributions, kinks and bugs are Go's; the
random draws are numpy's, not Go's. torch.autograd.gradcheck runs in slow mode and fast_mode=True with its
default tolerances; "evals" counts calls of the forward function, "caught" whether gradcheck raised.
--quick runs only the fast checks, and stops a failing one at its first recomputation of the slow
Jacobians ("stopped": its verdict, not its cost).
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


MLP_BUGS = ["correct", "one_element", "missing_1m", "wrong_row", "bias_1pct", "four_elements"]
RELU_BUGS = ["correct", "one_element"]
KINKS = [(5, 0, 1e-8), (17, 3, -1e-8), (64, 5, 5e-9), (100, 7, -5e-9)]  # mlpKinks in gradcheck/mlp_test.go


class Stopped(Exception):
    """Raised by the forward function when --quick has seen enough of a failing fast check."""


def mlp_torch(quick):
    import importlib
    import torch
    GradcheckError = importlib.import_module("torch.autograd.gradcheck").GradcheckError
    rng = np.random.RandomState(784)
    nx, nh, no, m = 784, 128, 10, 8
    X = torch.tensor(rng.randn(nx, m))
    Y = torch.zeros(no, m, dtype=torch.float64)
    Y[rng.randint(0, no, m), np.arange(m)] = 1
    init = [rng.randn(nh, nx) / np.sqrt(nx), 0.1 * rng.randn(nh, 1), rng.randn(no, nh) / np.sqrt(nh), 0.1 * rng.randn(no, 1)]
    relu_init = [a.copy() for a in init]
    Z = relu_init[0] @ X.numpy()
    for j, b, z in KINKS:
        relu_init[1][j, 0] = z - Z[j, b]
    calls = [0]
    limit = [None]

    def make(bug, relu):
        act = torch.relu if relu else torch.tanh

        def forward(W1, b1, W2, b2):
            A1 = act(W1 @ X + b1)
            A2 = torch.softmax(W2 @ A1 + b2, dim=0)
            return A1, A2

        class MLP(torch.autograd.Function):
            @staticmethod
            def forward(ctx, W1, b1, W2, b2):
                calls[0] += 1
                if limit[0] is not None and calls[0] > limit[0]:
                    raise Stopped()
                ctx.save_for_backward(W1, b1, W2, b2)
                _, A2 = forward(W1, b1, W2, b2)
                return -(Y * torch.log(A2)).sum() / m

            @staticmethod
            def backward(ctx, g):
                W1, b1, W2, b2 = ctx.saved_tensors
                A1, A2 = forward(W1, b1, W2, b2)
                dZ2 = A2 - Y
                dW2 = dZ2 @ A1.T if bug == "missing_1m" else dZ2 @ A1.T / m
                db2 = dZ2.sum(dim=1, keepdim=True) / m
                dZ1 = (W2.T @ dZ2) * ((A1 > 0).to(A1.dtype) if relu else 1 - A1 ** 2)
                dW1 = dZ1 @ X.T / m
                db1 = dZ1.sum(dim=1, keepdim=True) / m
                if bug in ("one_element", "four_elements"):
                    dW1[5, 300] += 0.05
                if bug == "four_elements":
                    dW1[100, 17] -= 0.02
                    dW1[127, 783] = dW1[127, 783] * -3 + 0.01
                    dW2[3, 64] += 1e-3
                elif bug == "wrong_row":
                    dW1[5, :] += 0.01
                elif bug == "bias_1pct":
                    db2[3, 0] *= 1.01
                return g * dW1, g * db1, g * dW2, g * db2
        return MLP.apply

    runs = [("mlp_784-128-10_m8", False, bug) for bug in MLP_BUGS] + [("mlp_relu_784-128-10_m8", True, bug) for bug in RELU_BUGS]
    for net, relu, bug in runs:
        for fast in (True, False):
            # A failing fast check recomputes the slow one (about 200,000 forward calls, minutes here):
            # --quick runs the fast checks only, of the correct models and one wrong element, and stops
            # a failing one after its first thousand calls.
            if quick and (not fast or bug not in ("correct", "one_element") or relu and bug != "correct"):
                continue
            inputs = [torch.tensor(a, requires_grad=True) for a in (relu_init if relu else init)]
            f = make(bug, relu)
            calls[0] = 0
            limit[0] = 1000 if quick else None
            stopped = False
            start = time.perf_counter()
            try:
                torch.autograd.gradcheck(f, inputs, fast_mode=fast)
                caught = False
            except GradcheckError:
                caught = True
            except Stopped:
                caught, stopped = True, True
            secs = time.perf_counter() - start
            print(json.dumps({"net": net, "tool": "torch.autograd.gradcheck" + (" fast" if fast else ""),
                              "bug": bug, "params": sum(a.size for a in init), "evals": calls[0] - stopped,
                              "seconds": secs, "caught": caught, "stopped": stopped}))
            sys.stdout.flush()


def main():
    quick = "--quick" in sys.argv
    import torch
    torch.set_num_threads(1)
    mlp_torch(quick)
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
