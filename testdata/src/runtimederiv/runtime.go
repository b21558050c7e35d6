// Package runtimederiv calls the derivative through a package-level func
// variable, as configuration code does. (A variable reassigned inside a
// function, a dispatcher that takes the kind as an argument and a factory
// that returns a closure are not found yet: see the README's known limits.)
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
	return g * dAct(u.z) // want `unit\.gradVar recomputes tanh'\(u\.z\) via dAct but u\.a already holds tanh \(assigned by unit\.forward at runtime\.go:13\); use 1 - u\.a\*u\.a`
}

func (u *unit) gradVarCached(g float64) float64 {
	return g * dActOut(u.a)
}
