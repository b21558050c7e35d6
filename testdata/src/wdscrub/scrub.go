// Package wdscrub stores each neuron's output through a function that only
// replaces NaN and infinities, and, for the twin, through one that scales
// its argument. The first is still the activation; the second is not.
package wdscrub

import "math"

type activation interface {
	Activate(x float64) float64
	Derivative(x float64) float64
}

type sigmoid struct{}

func (sigmoid) Activate(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func (s sigmoid) Derivative(x float64) float64 {
	v := s.Activate(x)
	return v * (1 - v)
}

// finite returns v, or a constant where v is NaN or infinite.
func finite(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	if math.IsInf(v, 1) {
		return math.MaxFloat64
	}
	if math.IsInf(v, -1) {
		return -math.MaxFloat64
	}
	return v
}

// halved returns half of v: not v.
func halved(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v / 2
}

type neuron struct{ out, half float64 }

type layer struct {
	act     activation
	neurons []*neuron
	delta   []float64
}

func (l *layer) forward(z []float64) {
	for i, n := range l.neurons {
		n.out = finite(l.act.Activate(z[i]))
		n.half = halved(l.act.Activate(z[i]))
	}
}

func (l *layer) backward(g []float64) {
	for i, n := range l.neurons {
		l.delta[i] = g[i] * l.act.Derivative(n.out) // want `layer\.backward applies sigmoid'\(·\) via Derivative to n\.out, which already holds sigmoid \(assigned by layer\.forward at scrub\.go:54\): the result is sigmoid'\(sigmoid\(z\)\); use n\.out \* \(1 - n\.out\)`
	}
}

func (l *layer) backwardHalf(g []float64) {
	for i, n := range l.neurons {
		l.delta[i] = g[i] * l.act.Derivative(n.half)
	}
}
