// Package wdelu applies ELU's derivative: the Z form α·eˣ below zero on
// the output is wrong; the output form a + α is right on it.
package wdelu

import "math"

const alpha = 1.0

func elu(x float64) float64 {
	if x > 0 {
		return x
	}
	return alpha * (math.Exp(x) - 1)
}

// eluPrime recomputes exp of its argument: the Z form.
func eluPrime(x float64) float64 {
	if x > 0 {
		return 1
	}
	return alpha * math.Exp(x)
}

// eluPrimeOut is written on the output: a + α below zero.
func eluPrimeOut(a float64) float64 {
	if a > 0 {
		return 1
	}
	return a + alpha
}

type layer struct{ out []float64 }

func (l *layer) forward(x []float64) {
	l.out = make([]float64, len(x))
	for i, v := range x {
		l.out[i] = elu(v)
	}
}

func (l *layer) backward(g []float64) {
	for i := range g {
		g[i] *= eluPrime(l.out[i]) // want `layer\.backward applies elu'\(·\) via eluPrime to l\.out\[i\], which already holds elu \(assigned by layer\.forward at elu\.go:37\): the result is elu'\(elu\(z\)\); use 1 where l\.out\[i\] > 0, else l\.out\[i\] \+ α`
	}
}

func (l *layer) backwardOut(g []float64) {
	for i := range g {
		g[i] *= eluPrimeOut(l.out[i])
	}
}
