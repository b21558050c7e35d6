package nielsen

// Nielsen's network.py layout: as starts with the input and the forward
// loop appends z to zs and sigmoid(z) to as side by side, so zs[k] pairs
// with as[k+1] and zs[len(zs)-l] with as[len(as)-l]. Reported, and fixed
// with the shifted index. The twin appends its activations apart from its
// pre-activations (conditionally), so no index corresponds: silent.

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

func scale(d, s []float64) {
	for i := range d {
		d[i] *= s[i]
	}
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
	scale(dOut, sigmoidPrime(zs[l])) // want `backprop recomputes sigmoid'\(zs\[l\]\) via sigmoidPrime but as\[l\+1\] already holds sigmoid \(appended beside zs by backprop at nielsen.go:52, after the 1 element\(s\) it starts with\); use a \* \(1 - a\) for each a in as\[l\+1\]`
	for i := range dOut {
		s := 1 / (1 + math.Exp(-zs[l][i])) // want `backprop recomputes sigmoid\(zs\[l\]\) but as\[l\+1\] already holds sigmoid`
		dOut[i] *= s * (1 - s)
	}
	for k := 2; k < len(ws); k++ {
		z := zs[len(zs)-k]
		scale(dOut, sigmoidPrime(z)) // want `backprop recomputes sigmoid'\(z\) via sigmoidPrime but as\[len\(as\)-k\] already holds sigmoid .*; use a \* \(1 - a\) for each a in as\[len\(as\)-k\]`
	}
	return dOut
}

// backpropCached reads the activations at the shifted index.
func backpropCached(ws [][][]float64, x []float64, dOut []float64) []float64 {
	activation := x
	as := [][]float64{x}
	var zs [][]float64
	for _, w := range ws {
		z := dot(w, activation)
		zs = append(zs, z)
		activation = sigmoid(z)
		as = append(as, activation)
	}
	a := as[len(as)-1]
	for i := range dOut {
		dOut[i] *= a[i] * (1 - a[i])
	}
	return dOut
}

// backpropSkips keeps only some activations: as[k] and zs[k] do not line up.
func backpropSkips(ws [][][]float64, x []float64, dOut []float64, keep func(int) bool) []float64 {
	activation := x
	as := [][]float64{x}
	var zs [][]float64
	for i, w := range ws {
		z := dot(w, activation)
		zs = append(zs, z)
		activation = sigmoid(z)
		if keep(i) {
			as = append(as, activation)
		}
	}
	l := len(zs) - 1
	scale(dOut, sigmoidPrime(zs[l]))
	return dOut
}
