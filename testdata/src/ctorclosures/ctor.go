// Package ctorclosures builds an activation's pair of closures in a
// constructor and embeds it in a layer: F computes the activation, D its
// derivative on the pre-activation (recomputing F), DOut on the output.
package ctorclosures

import "math"

type Act struct {
	F, D, DOut func(float64) float64
}

func Logistic() Act {
	f := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	return Act{
		F:    f,
		D:    func(v float64) float64 { return f(v) * (1 - f(v)) },
		DOut: func(a float64) float64 { return a * (1 - a) },
	}
}

type Layer struct {
	Act
	z, a []float64
}

func NewLayer(n int) *Layer {
	return &Layer{Act: Logistic(), z: make([]float64, n), a: make([]float64, n)}
}

func (l *Layer) Forward(x []float64) {
	for i := range x {
		l.z[i] = x[i]
		l.a[i] = l.F(l.z[i])
	}
}

func (l *Layer) Backward(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		d[i] = g[i] * l.D(l.z[i]) // want `Layer\.Backward recomputes sigmoid'\(l\.z\[i\]\) via D but l\.a already holds sigmoid \(assigned by Layer\.Forward at ctor\.go:33\); use l\.a\[i\] \* \(1 - l\.a\[i\]\)`
	}
	return d
}

func (l *Layer) BackwardCached(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		d[i] = g[i] * l.DOut(l.a[i])
	}
	return d
}
