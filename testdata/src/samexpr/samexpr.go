// Package samexpr writes the pre-activation's expression twice in its
// forward passes: once to keep it, once inside the activation. The same
// operation on the same values is one value, unless the function changes
// one of those values in between.
package samexpr

import "math"

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(v float64) float64 { return sigmoid(v) * (1 - sigmoid(v)) }

func dot(w, x []float64) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * x[i]
	}
	return s
}

type layer struct {
	w       [][]float64
	b, z, a []float64
}

func (l *layer) forward(x []float64) {
	for i := range l.b {
		s := dot(l.w[i], x)
		l.z[i] = s + l.b[i]
		l.a[i] = sigmoid(s + l.b[i])
	}
}

func (l *layer) backward(g []float64) {
	for i := range g {
		g[i] *= sigmoidPrime(l.z[i]) // want `layer\.backward recomputes sigmoid.\(l\.z\[i\]\) via sigmoidPrime but l\.a already holds sigmoid \(assigned by layer\.forward at samexpr\.go:30\); use l\.a\[i\] \* \(1 - l\.a\[i\]\)`
	}
}

// The twin: the bias moves between the two expressions, so the kept value
// is not the activation's argument.
type drifting struct {
	w       [][]float64
	b, z, a []float64
}

func (l *drifting) forward(x []float64) {
	for i := range l.b {
		s := dot(l.w[i], x)
		l.z[i] = s + l.b[i]
		l.b[i] *= 0.99
		l.a[i] = sigmoid(s + l.b[i])
	}
}

func (l *drifting) backward(g []float64) {
	for i := range g {
		g[i] *= sigmoidPrime(l.z[i])
	}
}
