// Package elufamily recomputes exp(z) in ELU's derivative while the
// output a = α(eᶻ−1) holds it: α·eᶻ = a + α on the negative side. Its
// twins read the output, or recompute exp for a value that is no ELU's
// argument.
package elufamily

import "math"

const alpha = 1.0

func elu(z float64) float64 {
	if z > 0 {
		return z
	}
	return alpha * (math.Exp(z) - 1)
}

type layer struct{ z, a []float64 }

func (l *layer) forward(x []float64) {
	for i := range x {
		l.z[i] = x[i]
		l.a[i] = elu(l.z[i])
	}
}

func (l *layer) backward(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		if l.z[i] > 0 {
			d[i] = g[i]
		} else {
			d[i] = g[i] * alpha * math.Exp(l.z[i]) // want `layer\.backward recomputes exp\(l\.z\[i\]\) but l\.a already holds elu \(assigned by layer\.forward at elu\.go:23\); use \(l\.a\[i\] \+ α\)/α with ELU's α, as α·eᶻ = a \+ α where z ≤ 0`
		}
	}
	return d
}

func (l *layer) backwardCached(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		if l.z[i] > 0 {
			d[i] = g[i]
		} else {
			d[i] = g[i] * (l.a[i] + alpha)
		}
	}
	return d
}

// decay uses exp on the gradient itself: no activation's argument.
func (l *layer) decay(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		d[i] = math.Exp(-g[i])
	}
	return d
}
