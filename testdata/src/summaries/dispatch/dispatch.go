// Package dispatch holds activations chosen at run time: interfaces, func
// fields and switches, with twins whose choices recompute nothing.
package dispatch

import "math"

// Every implementation of Smooth is tanh: its methods are tanh's.
type Smooth interface {
	F(x float64) float64  // want F:"tanh activation of param 0"
	DF(x float64) float64 // want DF:"tanh derivative of param 0"
	Bounded() bool
}

type tanhAct struct{}

func (tanhAct) Bounded() bool { return true }

func (tanhAct) F(x float64) float64  { return math.Tanh(x) }                  // want F:"tanh activation of param 0"
func (tanhAct) DF(x float64) float64 { return 1 - math.Tanh(x)*math.Tanh(x) } // want DF:"tanh derivative of param 0"

// Mixed has a tanh and a rectifier.
type Mixed interface {
	F(x float64) float64  // want F:`dispatches tanh, relu or another activation \(activation\) of param 0`
	DF(x float64) float64 // want DF:`dispatches tanh or another activation \(derivative\) of param 0`
}

type relu struct{}

func (relu) F(x float64) float64 { return math.Max(0, x) } // want F:"relu activation of param 0"
func (relu) DF(x float64) float64 { // want DF:`relu derivative of param 0 \(sign test\)`
	if x > 0 {
		return 1
	}
	return 0
}

var _ Mixed = relu{}

// Piecewise's only implementation recomputes nothing.
type Piecewise interface {
	G(x float64) float64
}

type clip struct{}

func (clip) G(x float64) float64 { return math.Min(1, math.Max(-1, x)) }

// A table of function fields.
type Pair struct{ Fwd, Bwd func(float64) float64 } // want Fwd:`dispatches tanh or another activation \(activation\) of param 0` Bwd:`dispatches tanh or another activation \(derivative\) of param 0`

var table = map[string]Pair{
	"tanh": {Fwd: math.Tanh, Bwd: func(x float64) float64 { t := math.Tanh(x); return 1 - t*t }},
	"id":   {Fwd: func(x float64) float64 { return x }, Bwd: func(float64) float64 { return 1 }},
}

// A switch that returns one of several activations of one parameter.
func activate(kind string, v float64) float64 { // want activate:`dispatches tanh, sigmoid or another activation \(activation\) of param 1`
	switch kind {
	case "tanh":
		return math.Tanh(v)
	case "logistic":
		return 1 / (1 + math.Exp(-v))
	}
	return v
}

// choose returns activations of different arguments.
func choose(kind string, v, w float64) float64 {
	if kind == "tanh" {
		return math.Tanh(v)
	}
	return 1 / (1 + math.Exp(-w))
}
