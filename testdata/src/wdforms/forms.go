// Package wdforms applies derivatives in both forms to both values. The Z
// form (it recomputes the activation of its argument) is right on z, the
// output form (a polynomial of its argument) on a; whatever the names say.
package wdforms

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// dsigZ recomputes sigmoid: the Z form.
func dsigZ(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

// dsigOut is written on the output.
func dsigOut(p float64) float64 { return p * (1 - p) }

// dtanhOut is tanh's derivative written on its output.
func dtanhOut(y float64) float64 { return 1 - y*y }

// dboth takes both values and uses the one it should.
func dboth(z, a float64) float64 { return a * (1 - a) }

type unit struct{ w, z, a float64 }

func (u *unit) forward(x float64) float64 {
	u.z = u.w * x
	u.a = sigmoid(u.z)
	return u.a
}

// The Z form on the activation: a double activation.
func (u *unit) gradZOnA(d float64) float64 {
	return d * dsigZ(u.a) // want `unit\.gradZOnA applies sigmoid'\(·\) via dsigZ to u\.a, which already holds sigmoid\(u\.z\) \(assigned by unit\.forward at forms\.go:26\): the result is sigmoid'\(sigmoid\(z\)\); use u\.a \* \(1 - u\.a\) or dsigZ\(u\.z\)`
}

// The Z form on the pre-activation: right.
func (u *unit) gradZOnZ(d float64) float64 { return d * dsigZ(u.z) }

// The output form on the activation: right.
func (u *unit) gradOutOnA(d float64) float64 { return d * dsigOut(u.a) }

// The output form on the pre-activation, with the activation at hand.
func (u *unit) gradOutOnZ(d float64) float64 {
	return d * dsigOut(u.z) // want `unit\.gradOutOnZ applies sigmoid'\(·\) written on the output via dsigOut to u\.z, which is a pre-activation: u\.a holds sigmoid\(u\.z\) \(assigned by unit\.forward at forms\.go:26\), and the derivative is right only on that; use dsigOut\(u\.a\)`
}

// Both values passed: right.
func (u *unit) gradBoth(d float64) float64 { return d * dboth(u.z, u.a) }

type tunit struct{ w, z, a float64 }

func (u *tunit) forward(x float64) {
	u.z = u.w * x
	u.a = math.Tanh(u.z)
}

// Sigmoid's derivative on a tanh output: another activation's derivative.
func (u *tunit) gradWrongKind(d float64) float64 {
	return d * dsigOut(u.a) // want `tunit\.gradWrongKind applies sigmoid'\(·\) written on the output via dsigOut to u\.a, which holds tanh \(assigned by tunit\.forward at forms\.go:53\): that is sigmoid's derivative on tanh's output; use 1 - u\.a\*u\.a`
}

// Tanh's derivative on the tanh output: right.
func (u *tunit) gradRightKind(d float64) float64 { return d * dtanhOut(u.a) }

// A derivative of something nothing says anything about: silent.
func Grad(x, d float64) float64 { return d * dsigZ(x) }

// branchy stores sigmoid in one configuration and a rectifier in the other,
// and takes the matching derivative on the output: the output form of
// sigmoid is right where sigmoid was stored, so nothing is said.
type branchy struct {
	smooth bool
	acts   [][]float64
	w      [][][]float64
}

func squash(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func squashSlope(y float64) float64 { return y * (1 - y) }

func rectify(v float64) float64 {
	if v < 0 {
		return 0
	}
	return v
}

func rectifySlope(y float64) float64 {
	if y > 0 {
		return 1
	}
	return 0
}

func (b *branchy) forward() {
	for k := 1; k < len(b.acts); k++ {
		for i := range b.acts[k] {
			var sum float64
			for j, a := range b.acts[k-1] {
				sum += a * b.w[k-1][j][i]
			}
			if b.smooth {
				b.acts[k][i] = squash(sum)
			} else {
				b.acts[k][i] = rectify(sum)
			}
		}
	}
}

func (b *branchy) backward(deltas [][]float64) {
	for k := len(deltas) - 1; k >= 0; k-- {
		for i := range deltas[k] {
			if b.smooth {
				deltas[k][i] *= squashSlope(b.acts[k+1][i])
			} else {
				deltas[k][i] *= rectifySlope(b.acts[k+1][i])
			}
		}
	}
}
