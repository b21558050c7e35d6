package ignore

// Suppression: a reason is required, and a directive that suppresses
// nothing is reported.

import "math"

type unit struct {
	sum float64
	out float64
}

func (u *unit) forward(x float64) {
	u.sum = x
	u.out = math.Tanh(u.sum)
}

func (u *unit) backward(d float64) float64 {
	//nnvet:ignore recomputeact the float64 reference recomputes on purpose
	t := math.Tanh(u.sum)
	return d * (1 - t*t)
}

//nnvet:ignore recomputeact this whole function is the slow reference
func (u *unit) backwardReference(d float64) float64 {
	t := math.Tanh(u.sum)
	return d * (1 - t*t)
}

func (u *unit) backwardNoReason(d float64) float64 {
	//nnvet:ignore recomputeact // want `nnvet:ignore recomputeact needs a reason`
	t := math.Tanh(u.sum) // want `unit.backwardNoReason recomputes tanh\(u.sum\)`
	return d * (1 - t*t)
}

func (u *unit) backwardCached(d float64) float64 {
	//nnvet:ignore recomputeact left over from an earlier version // want `nnvet:ignore recomputeact suppresses nothing; remove it`
	t := u.out
	return d * (1 - t*t)
}

func (u *unit) backwardOtherCheck(d float64) float64 {
	//nnvet:ignore othercheck not ours
	t := math.Tanh(u.sum) // want `unit.backwardOtherCheck recomputes tanh\(u.sum\)`
	return d * (1 - t*t)
}
