// Package scrubbed keeps the pre-activation and stores the activation
// through a guard that only replaces NaN and infinities; the twin layer
// stores a scaled activation instead, which is not tanh(z).
package scrubbed

import "math"

// finite returns v, or 0 where v is NaN or infinite.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// scaled returns 2v, or 0 where v is NaN.
func scaled(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return 2 * v
}

type layer struct{ z, out []float64 }

func (l *layer) forward(x []float64) {
	for i, v := range x {
		l.z[i] = v
		l.out[i] = finite(math.Tanh(v))
	}
}

func (l *layer) backward(g []float64) {
	for i := range g {
		t := math.Tanh(l.z[i]) // want `layer\.backward recomputes tanh\(l\.z\[i\]\) but l\.out already holds tanh \(assigned by layer\.forward at scrubbed\.go:29\); use 1 - l\.out\[i\]\*l\.out\[i\]`
		g[i] *= 1 - t*t
	}
}

type scaledLayer struct{ z, out []float64 }

func (l *scaledLayer) forward(x []float64) {
	for i, v := range x {
		l.z[i] = v
		l.out[i] = scaled(math.Tanh(v))
	}
}

func (l *scaledLayer) backward(g []float64) {
	for i := range g {
		t := math.Tanh(l.z[i])
		g[i] *= 1 - t*t
	}
}
