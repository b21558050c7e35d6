// Package mapper is a matrix utility package that never mentions math: its
// appliers still become facts for the packages that pass activations to them.
package mapper

import "gonum.org/v1/gonum/mat"

// Map hands f to gonum's Apply on a new matrix.
func Map(f func(i, j int, v float64) float64, m mat.Matrix) mat.Matrix {
	r, c := m.Dims()
	o := mat.NewDense(r, c, nil)
	o.Apply(f, m)
	return o
}

// Each applies f to every element.
func Each(xs []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Sum calls f once on the whole slice: no applier.
func Sum(xs []float64, f func([]float64) float64) float64 {
	return f(xs)
}
