package cosh

// Derivatives written with math.Cosh recompute the activation too:
// tanh'(z) = 1/cosh²(z), sigmoid'(z) = 1/(4·cosh²(z/2)). Their twins use
// cosh for something else (a catenary's slope, a scaled argument).

import "math"

// dtanh is tanh's derivative through cosh.
func dtanh(x float64) float64 {
	c := math.Cosh(x)
	return 1 / (c * c)
}

// dsigmoid is the logistic's derivative through cosh.
func dsigmoid(x float64) float64 {
	return 1 / (4 * math.Pow(math.Cosh(x/2), 2))
}

// sag is no activation's derivative: cosh of a third.
func sag(x float64) float64 {
	return 1 / (4 * math.Pow(math.Cosh(x/3), 2))
}

type unit struct {
	z, a float64
	s, y float64
}

func (u *unit) forward(x float64) {
	u.z = 2 * x
	u.a = math.Tanh(u.z)
	u.s = 3 * x
	u.y = 1 / (1 + math.Exp(-u.s))
}

func (u *unit) backward(d float64) float64 {
	g := d * dtanh(u.z)                             // want `unit.backward recomputes tanh'\(u.z\) via dtanh but u.a already holds tanh \(assigned by unit.forward at cosh.go:32\); use 1 - u.a\*u.a`
	g += d * (0.25 / math.Pow(math.Cosh(u.s/2), 2)) // want `unit.backward recomputes sigmoid'\(u.s\) via math.Cosh but u.y already holds sigmoid`
	return g + d*dsigmoid(u.s) + d*sag(u.s)         // want `unit.backward recomputes sigmoid'\(u.s\) via dsigmoid`
}

func (u *unit) backwardCached(d float64) float64 {
	return d*(1-u.a*u.a) + d*u.y*(1-u.y)
}
