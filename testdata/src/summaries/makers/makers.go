// Package makers holds functions that turn one function into another.
package makers

import "math"

// unary adapts a variadic function to one argument.
func unary(g func(...float64) float64) func(float64) float64 { // want unary:"adapts param 0"
	return func(x float64) float64 { return g(x) }
}

// constant ignores its argument's argument.
func constant(g func(...float64) float64) func(float64) float64 {
	return func(x float64) float64 { return g(0) }
}

// each applies op to every element.
func each(v []float64, op func(float64) float64) []float64 { // want each:"applies param 1 to the elements of param 0"
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = op(x)
	}
	return out
}

// mapper lifts an element function to slices, through an applier.
func mapper(op func(float64) float64) func([]float64) []float64 { // want mapper:"makes a mapper of param 0"
	return func(v []float64) []float64 { return each(v, op) }
}

// first lifts an element function to the first element only.
func first(op func(float64) float64) func([]float64) float64 {
	return func(v []float64) float64 { return op(v[0]) }
}

func tanhAll(zs ...float64) float64 { return math.Tanh(zs[0]) } // want tanhAll:"tanh activation of param 0"

var _ = unary(tanhAll)
