// Package wdflags keeps an activation and its derivative in one function
// with a flag. squash's derivative branch recomputes the activation of its
// argument (the Z form); nonlin's is written on the output, as in the
// Python original it was ported from. Each is right on one of the layer's
// two values.
package wdflags

import "math"

func squash(x float64, slope bool) float64 {
	if slope {
		s := squash(x, false)
		return s * (1 - s)
	}
	return 1 / (1 + math.Exp(-x))
}

func nonlin(x float64, deriv bool) float64 {
	if deriv {
		return x * (1 - x)
	}
	return 1 / (1 + math.Exp(-x))
}

type layer struct{ z, a []float64 }

func (l *layer) forward(x []float64) {
	for i, v := range x {
		l.z[i] = v
		l.a[i] = nonlin(v, false)
	}
}

func (l *layer) backZFormOnOutput(g []float64) {
	for i := range g {
		g[i] *= squash(l.a[i], true) // want `layer\.backZFormOnOutput applies sigmoid'\(·\) via squash to l\.a\[i\], which already holds sigmoid\(l\.z\[i\]\) \(assigned by layer\.forward at flags\.go:30\): the result is sigmoid'\(sigmoid\(z\)\); use l\.a\[i\] \* \(1 - l\.a\[i\]\)`
	}
}

func (l *layer) backOutputFormOnZ(g []float64) {
	for i := range g {
		g[i] *= nonlin(l.z[i], true) // want `layer\.backOutputFormOnZ applies sigmoid'\(·\) written on the output via nonlin to l\.z\[i\], which is a pre-activation: l\.a\[i\] holds sigmoid\(l\.z\[i\]\) \(assigned by layer\.forward at flags\.go:30\), and the derivative is right only on that; use nonlin\(l\.a\[i\], true\)`
	}
}

func (l *layer) backRight(g []float64) {
	for i := range g {
		g[i] *= squash(l.z[i], true) + nonlin(l.a[i], true)
	}
}
