// Package appliers holds functions that apply a function parameter to
// every element of a container, beside twins that do not.
package appliers

import (
	"sort"

	"gonum.org/v1/gonum/mat"
)

func Each(xs []float64, f func(float64) float64) []float64 { // want Each:"applies param 1 to the elements of param 0"
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// Once applies f to one number, not to elements.
func Once(x float64, f func(float64) float64) float64 { return f(x) }

// A wrapper of gonum's Apply.
func Map(f func(i, j int, v float64) float64, m mat.Matrix) mat.Matrix { // want Map:"applies param 0 to the elements of param 1"
	var out mat.Dense
	out.Apply(f, m)
	return &out
}

// Ranks takes an integer-valued callback: a sort, not an applier.
func Ranks(xs []float64, less func(i, j int) bool) []float64 {
	sort.Slice(xs, less)
	return xs
}

type Grid struct{ v []float64 }

// On the receiver's own elements, in place.
func (g *Grid) Each(f func(float64) float64) { // want Each:"applies param 0 to the elements of the receiver"
	for i := range g.v {
		g.v[i] = f(g.v[i])
	}
}

// Scale applies f to a scalar field, not to elements.
func (g *Grid) Scale(k float64, f func(float64) float64) float64 { return f(k) }
