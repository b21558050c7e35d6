// Package math is a local package that happens to be called math: its Tanh
// is not the standard library's, and recomputeact must not take it for it.
package math

func Tanh(x float64) float64 { return x }
