package namingoff

// naming with -recomputeact.naming=false: without evidence nothing is
// reported.

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func backward(Z1, A1, dA1 *mat.Dense) *mat.Dense {
	var dZ1 mat.Dense
	dZ1.Apply(func(i, j int, v float64) float64 {
		t := math.Tanh(Z1.At(i, j))
		return v * (1 - t*t)
	}, dA1)
	return &dZ1
}

func backwardCached(Z1, A1, dA1 *mat.Dense) *mat.Dense {
	var dZ1 mat.Dense
	dZ1.Apply(func(i, j int, v float64) float64 {
		t := A1.At(i, j)
		return v * (1 - t*t)
	}, dA1)
	return &dZ1
}

func backwardScalar(z, a, d float64) float64 {
	return d * (1 - math.Tanh(z)*math.Tanh(z))
}

// preact ↔ act.
func gradient(preact, act, d float64) float64 {
	s := 1 / (1 + math.Exp(-preact))
	return d * s * (1 - s)
}

// Names lie: this layer's a is the layer's input, z its pre-activation. The
// code assigns a from something that is no activation, so a is not paired.
type layer struct {
	a, z []float64
}

func (l *layer) forward(input, w []float64) {
	l.a = input
	for i := range w {
		l.z[i] = w[i] * l.a[i]
	}
}

func (l *layer) backward(d []float64) {
	for i := range d {
		t := math.Tanh(l.z[i])
		d[i] *= 1 - t*t
	}
}

// zero and a: "zero" does not pair with "aero".
func backwardZero(zero, aero, d float64) float64 {
	return d * (1 - math.Tanh(zero)*math.Tanh(zero))
}
