// Package wdfloat32 computes in float32 through float64 math: the
// derivative helper converts its operands and its result. Converted, it is
// still σ′ on the pre-activation; the twin applies it to z as it should.
package wdfloat32

import "math"

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

func sigmoidPrime(x float32) float32 {
	s := sigmoid(x)
	return float32(float64(s) * (1 - float64(s)))
}

type layer struct{ z, a, delta []float32 }

func (l *layer) forward(x []float32) {
	for i, v := range x {
		l.z[i] = v
		l.a[i] = sigmoid(v)
	}
}

func (l *layer) backwardOnOutput(g []float32) {
	for i := range g {
		l.delta[i] = g[i] * sigmoidPrime(l.a[i]) // want `layer\.backwardOnOutput applies sigmoid'\(·\) via sigmoidPrime to l\.a\[i\], which already holds sigmoid\(l\.z\[i\]\) \(assigned by layer\.forward at float32\.go:20\): the result is sigmoid'\(sigmoid\(z\)\); use l\.a\[i\] \* \(1 - l\.a\[i\]\) or sigmoidPrime\(l\.z\[i\]\)`
	}
}

func (l *layer) backward(g []float32) {
	for i := range g {
		l.delta[i] = g[i] * sigmoidPrime(l.z[i])
	}
}
