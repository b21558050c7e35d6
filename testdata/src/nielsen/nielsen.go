package nielsen

// The twin of slicesnet in the layout of Nielsen's network.py: activations
// starts with the input, so activations[l] is not sigmoid(zs[l]) although
// the names pair. Evidence beats names: nothing is reported.

import "math"

func sigmoid(z []float64) []float64 { // want sigmoid:"sigmoid activation of param 0 elementwise"
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = 1 / (1 + math.Exp(-v))
	}
	return out
}

func sigmoidPrime(z []float64) []float64 { // want sigmoidPrime:"sigmoid derivative of param 0 elementwise"
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

func backprop(ws [][][]float64, x []float64, dOut []float64) []float64 {
	activation := x
	as := [][]float64{x}
	var zs [][]float64
	for _, w := range ws {
		z := dot(w, activation)
		zs = append(zs, z)
		activation = sigmoid(z)
		as = append(as, activation)
	}
	l := len(zs) - 1
	sp := sigmoidPrime(zs[l])
	for i := range dOut {
		dOut[i] *= sp[i]
	}
	return dOut
}
