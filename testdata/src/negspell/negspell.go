package negspell

// Negation spelled -1*z, z*-1 or 0-z inside the sigmoid is still the
// sigmoid; a scaled argument (-2*z) is a different function and is silent.

import "math"

type unit struct {
	pre  float64
	post float64
}

func (u *unit) forward(w, x float64) {
	u.pre = w * x
	u.post = 1 / (1 + math.Exp(-u.pre))
}

func (u *unit) backwardTimesMinusOne(d float64) float64 {
	s := 1 / (1 + math.Exp(-1*u.pre)) // want `unit.backwardTimesMinusOne recomputes sigmoid\(u.pre\) but u.post already holds sigmoid \(assigned by unit.forward at negspell.go:15\)`
	return d * s * (1 - s)
}

func (u *unit) backwardMinusOneAfter(d float64) float64 {
	s := 1 / (1 + math.Exp(u.pre*-1)) // want `unit.backwardMinusOneAfter recomputes sigmoid\(u.pre\)`
	return d * s * (1 - s)
}

func (u *unit) backwardZeroMinus(d float64) float64 {
	s := 1 / (1 + math.Exp(0-u.pre)) // want `unit.backwardZeroMinus recomputes sigmoid\(u.pre\)`
	return d * s * (1 - s)
}

// backwardScaled evaluates 1/(1+exp(-2z)), which is not sigmoid(z).
func (u *unit) backwardScaled(d float64) float64 {
	s := 1 / (1 + math.Exp(-2*u.pre))
	return d * s * (1 - s)
}

// backwardOneMinus evaluates exp(1-z): not a negation of z.
func (u *unit) backwardOneMinus(d float64) float64 {
	s := 1 / (1 + math.Exp(1-u.pre))
	return d * s * (1 - s)
}
