"""The course's planar "flower" data set in numpy, shared by the scripts that need it."""
import numpy as np


def flower():
    """X (2x400) and Y (1x400) as the course generates them after np.random.seed(1)."""
    np.random.seed(1)
    m, N, a = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T
