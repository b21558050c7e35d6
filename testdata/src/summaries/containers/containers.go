// Package containers holds element-wise helpers over slices and matrices,
// each beside a twin that does not return what it computed.
package containers

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Built with append into a named result, returned bare.
func logistic(v []float64) (r []float64) { // want logistic:"sigmoid activation of param 0 elementwise"
	for _, x := range v {
		r = append(r, 1/(1+math.Exp(-x)))
	}
	return
}

// logisticSum reduces the activations to one number.
func logisticSum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += 1 / (1 + math.Exp(-x))
	}
	return s
}

// Filled element by element.
func tanhPrime(v []float64) []float64 { // want tanhPrime:"tanh derivative of param 0 elementwise"
	out := make([]float64, len(v))
	for i, x := range v {
		t := math.Tanh(x)
		out[i] = 1 - t*t
	}
	return out
}

// tanhInto writes into its argument and returns nothing.
func tanhInto(dst, v []float64) {
	for i, x := range v {
		dst[i] = math.Tanh(x)
	}
}

// A copy, then the activation applied in place.
func tanhM(x *mat.Dense) *mat.Dense { // want tanhM:"tanh activation of param 0 elementwise"
	r := mat.DenseCopyOf(x)
	r.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, r)
	return r
}

type layer struct{ out *mat.Dense }

// forward applies the activation into a field and returns nothing: a
// forward pass, not a helper.
func (l *layer) forward(x *mat.Dense) {
	l.out = mat.DenseCopyOf(x)
	l.out.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, l.out)
}

// Softmax, and the diagonal of its Jacobian.
func softmax(v []float64) []float64 { // want softmax:"softmax activation of param 0 elementwise"
	sum := 0.0
	for _, x := range v {
		sum += math.Exp(x)
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Exp(x) / sum
	}
	return out
}

func softmaxDiag(v []float64) []float64 { // want softmaxDiag:"softmax derivative of param 0 elementwise"
	out := make([]float64, len(v))
	for i := range v {
		s := softmax(v)[i]
		out[i] = s * (1 - s)
	}
	return out
}

// expScaled stores exponentials, then scales them in place: what it
// returns is no longer exp of its elements.
func expScaled(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Exp(x)
		out[i] *= k
	}
	return out
}
