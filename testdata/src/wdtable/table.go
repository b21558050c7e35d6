// Package wdtable calls the derivative through an interface whose
// implementations are written in different forms: Tanh's on the output
// (right on what forward stored), Sigmoid's and ELU's on the pre-activation
// (wrong on it). Forward stored the output through the same interface.
package wdtable

import "math"

type Activation interface {
	Forward(z float64) float64
	Derivative(v float64) float64
}

type Tanh struct{}

func (Tanh) Forward(z float64) float64    { return math.Tanh(z) }
func (Tanh) Derivative(y float64) float64 { return 1 - y*y }

type Sigmoid struct{}

func (Sigmoid) Forward(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
func (s Sigmoid) Derivative(z float64) float64 {
	f := s.Forward(z)
	return f * (1 - f)
}

type ELU struct{}

func (ELU) Forward(z float64) float64 {
	if z > 0 {
		return z
	}
	return 1.0 * (math.Exp(z) - 1)
}
func (ELU) Derivative(z float64) float64 {
	if z > 0 {
		return 1
	}
	return 1.0 * math.Exp(z)
}

type Layer struct {
	act Activation
	out []float64
	pre []float64
}

func (l *Layer) Forward(x []float64) {
	for i, v := range x {
		l.pre[i] = v
		l.out[i] = l.act.Forward(v)
	}
}

func (l *Layer) Backward(g []float64) {
	for i := range g {
		g[i] *= l.act.Derivative(l.out[i]) // want `Layer\.Backward applies the derivative via Derivative to l\.out\[i\], which holds tanh, sigmoid, elu or another activation \(assigned by Layer\.Forward at table\.go:51\): ELU\.Derivative, Sigmoid\.Derivative compute its derivative on the pre-activation, and are wrong on an output`
	}
}

// On the pre-activation the Z forms are right and Tanh's is wrong: the
// check names it.
func (l *Layer) BackwardOnZ(g []float64) {
	for i := range g {
		g[i] *= l.act.Derivative(l.pre[i]) // want `Layer\.BackwardOnZ applies the derivative via Derivative to l\.pre\[i\], which is the pre-activation of tanh, sigmoid, elu or another activation \(assigned by Layer\.Forward at table\.go:51\): Tanh\.Derivative computes its derivative on the output, and is wrong on a pre-activation`
	}
}

// OutOnly's implementations are all written on the output: right on it.
type OutOnly interface {
	Apply(z float64) float64
	Slope(a float64) float64
}

type T2 struct{}

func (T2) Apply(z float64) float64 { return math.Tanh(z) }
func (T2) Slope(y float64) float64 { return 1 - y*y }

type S2 struct{}

func (S2) Apply(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
func (S2) Slope(a float64) float64 { return a * (1 - a) }

type Layer2 struct {
	act OutOnly
	out []float64
}

func (l *Layer2) Forward(x []float64) {
	for i, v := range x {
		l.out[i] = l.act.Apply(v)
	}
}

func (l *Layer2) Backward(g []float64) {
	for i := range g {
		g[i] *= l.act.Slope(l.out[i])
	}
}
