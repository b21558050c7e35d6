package direct

// The direct forms: math.Tanh, the sigmoid expression, math.Exp and
// math.Pow(math.E, x), also under another import name. Each positive has a
// twin that uses the cached activation.

import (
	"math"
	m "math"
)

type tanhUnit struct {
	sum float64
	out float64
}

func (u *tanhUnit) forward(w, x float64) {
	u.sum = w * x
	u.out = math.Tanh(u.sum)
}

func (u *tanhUnit) backward(dout float64) float64 {
	return dout * (1 - math.Tanh(u.sum)*math.Tanh(u.sum)) // want `tanhUnit.backward recomputes tanh\(u.sum\) but u.out already holds tanh \(assigned by tanhUnit.forward at direct.go:19\); use 1 - u.out\*u.out` `tanhUnit.backward recomputes tanh\(u.sum\)`
}

func (u *tanhUnit) backwardCached(dout float64) float64 {
	return dout * (1 - u.out*u.out)
}

// gradAliased imports math under another name: the types decide, not the text.
func (u *tanhUnit) gradAliased(dout float64) float64 {
	t := m.Tanh(u.sum) // want `tanhUnit.gradAliased recomputes tanh\(u.sum\) but u.out already holds tanh`
	return dout * (1 - t*t)
}

func (u *tanhUnit) gradAliasedCached(dout float64) float64 {
	t := u.out
	return dout * (1 - t*t)
}

type sigmoidUnit struct {
	sum float64
	out float64
}

func (u *sigmoidUnit) forward(w, x float64) {
	u.sum = w * x
	u.out = 1 / (1 + math.Exp(-u.sum))
}

func (u *sigmoidUnit) backward(dout float64) float64 {
	s := 1 / (1 + math.Exp(-u.sum)) // want `sigmoidUnit.backward recomputes sigmoid\(u.sum\) but u.out already holds sigmoid \(assigned by sigmoidUnit.forward at direct.go:48\); use u.out \* \(1 - u.out\)`
	return dout * s * (1 - s)
}

func (u *sigmoidUnit) backwardCached(dout float64) float64 {
	s := u.out
	return dout * s * (1 - s)
}

// deltaExpNeg recomputes exp(-z) for a sigmoid: reported, with no fix (the
// rewrite on the cached value is not the same expression).
func (u *sigmoidUnit) deltaExpNeg(dout float64) float64 {
	e := math.Exp(-u.sum) // want `sigmoidUnit.deltaExpNeg recomputes exp\(-u.sum\) but u.out already holds sigmoid .*; use \(1 - u.out\)/u.out`
	return dout * e / ((1 + e) * (1 + e))
}

func (u *sigmoidUnit) deltaExpNegCached(dout float64) float64 {
	return dout * u.out * (1 - u.out)
}

type expUnit struct {
	sum float64
	out float64
}

func (u *expUnit) forward(w, x float64) {
	u.sum = w * x
	u.out = math.Exp(u.sum)
}

func (u *expUnit) backward(dout float64) float64 {
	return dout * math.Exp(u.sum) // want `expUnit.backward recomputes exp\(u.sum\) but u.out already holds exp .*; use u.out`
}

func (u *expUnit) backwardPow(dout float64) float64 {
	return dout * math.Pow(math.E, u.sum) // want `expUnit.backwardPow recomputes exp\(u.sum\) but u.out already holds exp`
}

func (u *expUnit) backwardCached(dout float64) float64 {
	return dout * u.out
}

// backwardNotE raises 2, not e, to the pre-activation: not an exponential of Z.
func (u *expUnit) backwardNotE(dout float64) float64 {
	return dout * math.Pow(2, u.sum)
}
