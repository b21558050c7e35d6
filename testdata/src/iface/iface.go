package iface

// An interface method whose only implementation in the package is a helper.

import "math"

type Activation interface {
	F(x float64) float64
	Derivative(x float64) float64
}

type Tanh struct{}

func (Tanh) F(x float64) float64 { return math.Tanh(x) }

func (Tanh) Derivative(x float64) float64 {
	t := math.Tanh(x)
	return 1 - t*t
}

type Layer struct {
	act   Activation
	sum   []float64
	value []float64
}

func (l *Layer) Forward(x []float64) {
	for i := range x {
		l.sum[i] = x[i]
		l.value[i] = l.act.F(l.sum[i])
	}
}

func (l *Layer) Backward(d []float64) {
	for i := range d {
		d[i] *= l.act.Derivative(l.sum[i]) // want `Layer.Backward recomputes tanh'\(l.sum\[i\]\) via Derivative but l.value already holds tanh \(assigned by Layer.Forward at iface.go:30\); use 1 - l.value\[i\]\*l.value\[i\]`
	}
}

func (l *Layer) BackwardCached(d []float64) {
	for i := range d {
		d[i] *= 1 - l.value[i]*l.value[i]
	}
}
