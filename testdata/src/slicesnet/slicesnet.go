package slicesnet

// Per-layer slices: zs[l] and as[l] appended side by side, returned
// together, and element-wise helpers over a layer's slice.

import "math"

func sigmoid(z []float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = 1 / (1 + math.Exp(-v))
	}
	return out
}

func sigmoidPrime(z []float64) []float64 {
	s := sigmoid(z)
	out := make([]float64, len(z))
	for i := range s {
		out[i] = s[i] * (1 - s[i])
	}
	return out
}

func dot(w [][]float64, a []float64) []float64 {
	z := make([]float64, len(w))
	for i := range w {
		for j := range a {
			z[i] += w[i][j] * a[j]
		}
	}
	return z
}

func forward(ws [][][]float64, x []float64) (zs, as [][]float64) {
	a := x
	for _, w := range ws {
		z := dot(w, a)
		a = sigmoid(z)
		zs = append(zs, z)
		as = append(as, a)
	}
	return zs, as
}

func backprop(ws [][][]float64, x []float64, dOut []float64) []float64 {
	zs, as := forward(ws, x)
	l := len(zs) - 1
	sp := sigmoidPrime(zs[l]) // want `backprop recomputes sigmoid'\(zs\) via sigmoidPrime but as already holds sigmoid \(returned together by forward at slicesnet.go:47\); use a \* \(1 - a\) for each a in as\[l\]`
	for i := range dOut {
		dOut[i] *= sp[i]
	}
	_ = as
	return dOut
}

func backpropCached(ws [][][]float64, x []float64, dOut []float64) []float64 {
	_, as := forward(ws, x)
	l := len(as) - 1
	for i := range dOut {
		dOut[i] *= as[l][i] * (1 - as[l][i])
	}
	return dOut
}
