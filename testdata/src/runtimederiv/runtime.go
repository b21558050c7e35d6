// Package runtimederiv chooses the derivative at run time: through a
// package-level func variable, as configuration code does, and through a
// dispatcher that takes the activation's kind. (A variable reassigned
// inside a function, and a factory that returns a closure, are not found
// yet: see the README's known limits.)
package runtimederiv

import "math"

type unit struct{ z, a float64 }

func (u *unit) forward(x float64) {
	u.z = x
	u.a = math.Tanh(u.z)
}

// dAct is configuration's choice of derivative, on the pre-activation.
var dAct = func(z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

// dActOut is the same derivative on the output.
var dActOut = func(a float64) float64 { return 1 - a*a }

func (u *unit) gradVar(g float64) float64 {
	return g * dAct(u.z) // want `unit\.gradVar recomputes tanh'\(u\.z\) via dAct but u\.a already holds tanh \(assigned by unit\.forward at runtime\.go:14\); use 1 - u\.a\*u\.a`
}

func (u *unit) gradVarCached(g float64) float64 {
	return g * dActOut(u.a)
}

// activate and derivative dispatch on the kind they are given; every case
// of derivative recomputes its activation of z.
func activate(kind string, z float64) float64 {
	switch kind {
	case "tanh":
		return math.Tanh(z)
	default:
		return 1 / (1 + math.Exp(-z))
	}
}

func derivative(kind string, z float64) float64 {
	switch kind {
	case "tanh":
		t := math.Tanh(z)
		return 1 - t*t
	default:
		s := 1 / (1 + math.Exp(-z))
		return s * (1 - s)
	}
}

// derivativeOfOutput is the same dispatch written on the output.
func derivativeOfOutput(kind string, a float64) float64 {
	switch kind {
	case "tanh":
		return 1 - a*a
	default:
		return a * (1 - a)
	}
}

type cell struct {
	kind string
	z, a float64
}

func (c *cell) forward(x float64) {
	c.z = x
	c.a = activate(c.kind, c.z)
}

func (c *cell) grad(g float64) float64 {
	return g * derivative(c.kind, c.z) // want `cell.grad recomputes the derivative of c.z via derivative \(each of its cases recomputes tanh or sigmoid\) but c.a already holds tanh or sigmoid \(assigned by cell.forward at runtime.go:73\); use the derivative written on c.a`
}

func (c *cell) gradCached(g float64) float64 {
	return g * derivativeOfOutput(c.kind, c.a)
}
